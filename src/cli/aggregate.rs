//! `stancemap aggregate`: positions per actor and issue (n, mean, median, sd, min, max, and with
//! `--weighted` the confidence-weighted mean) as a table, or as CSV to a file (replaced only with
//! `--force`, never a project) or stdout.

use crate::model::wording::count;
use std::io::Write as _;
use std::process::ExitCode;

use super::args::AggregateArgs;
use super::open::{check_output_path, open_positions};
use super::output::{number, write_table};
use crate::analysis::aggregate::{self, AggregateOptions};
use crate::io::output::OutputKind;
use crate::io::project_file;

/// Runs `stancemap aggregate`.
pub fn run(args: &AggregateArgs) -> anyhow::Result<ExitCode> {
    let mut project = open_positions(&args.file)?;
    if args.consensus {
        project.positions = crate::model::consensus::resolved_positions(&project);
    }
    let options = AggregateOptions {
        weighted: args.weighted,
        roll_up: args.roll_up,
        coder: None,
        include_overall: !args.articles_only,
    };
    let rows = aggregate::aggregate(&project, &options);
    if let Some(output) = &args.csv {
        let csv = aggregate::to_csv(&rows, &project);
        if output.as_os_str() == "-" {
            std::io::stdout().lock().write_all(csv.as_bytes())?;
        } else {
            check_output_path(output, OutputKind::Export, "csv", args.force)?;
            project_file::write_atomically(output, csv.as_bytes())?;
            println!("wrote {} to {}", count(rows.len(), "row", "rows"), output.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    if rows.is_empty() {
        writeln!(out, "{}: no positions to aggregate", args.file.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut header = vec!["actor", "issue", "n", "mean"];
    if args.weighted {
        header.push("weighted mean");
    }
    header.extend(["median", "sd", "min", "max"]);
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let actor = project.actor(&row.actor).map_or_else(|| row.actor.to_string(), |actor| actor.name.clone());
            let issue = project.issue(&row.issue).map_or_else(|| row.issue.to_string(), |issue| issue.name.clone());
            let mut cells = vec![actor, issue, row.n.to_string(), number(row.mean)];
            if args.weighted {
                cells.push(row.weighted_mean.map(number).unwrap_or_default());
            }
            cells.extend([number(row.median), number(row.sd), number(row.min), number(row.max)]);
            cells
        })
        .collect();
    write_table(&mut out, &header, &table, 2)?;
    Ok(ExitCode::SUCCESS)
}
