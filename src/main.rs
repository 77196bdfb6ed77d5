//! `stancemap [FILE]` opens the app; `stancemap <command>` runs a command-line tool.

fn main() -> std::process::ExitCode {
    stancemap::cli::main()
}
