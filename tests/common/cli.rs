//! Running the real `stancemap` binary from a test and reading what it did.

use std::ffi::OsStr;
use std::process::Command;

/// What one run of the binary did.
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// Everything it printed to standard output.
    pub stdout: String,
    /// Everything it printed to standard error.
    pub stderr: String,
}

impl Run {
    /// Panics with the whole output unless the exit status is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(self.code, code, "exit status\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Panics with the whole output unless the run succeeded.
    pub fn ok(self) -> Self {
        self.expect_code(0)
    }

    /// Standard output read as JSON (panics with the output when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| panic!("{error}: not JSON:\n{}", self.stdout))
    }
}

/// Runs the binary with `args` and waits for it.
pub fn stancemap<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_stancemap")).args(args).output().expect("run stancemap");
    Run {
        code: output.status.code().expect("exit status (not killed by a signal)"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}
