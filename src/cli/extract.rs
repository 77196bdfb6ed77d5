//! `stancemap extract`: prints the plain text StanceMap extracts from an article file, articles of
//! a multi-article export separated by form feeds, and with `--meta` each article's metadata on
//! stderr just before its text (stdout is flushed first so the two interleave in a terminal).

use std::io::Write as _;
use std::process::ExitCode;

use super::args::ExtractArgs;
use crate::io::import;

/// Runs `stancemap extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let articles = import::extract_file(&args.file)?;
    let mut out = std::io::stdout().lock();
    for (index, article) in articles.iter().enumerate() {
        if index > 0 {
            writeln!(out, "\x0c")?;
        }
        if args.meta {
            out.flush()?;
            let fields = [
                ("title", &article.title),
                ("source", &article.source),
                ("date", &article.date),
                ("url", &article.url),
                ("byline", &article.byline),
                ("origin_file", &article.origin_file),
            ];
            let mut err = std::io::stderr().lock();
            for (key, value) in fields {
                writeln!(err, "{key}: {value}")?;
            }
        }
        writeln!(out, "{}", article.text)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
