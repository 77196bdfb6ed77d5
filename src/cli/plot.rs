//! `stancemap plot`: draws the mean positions as an SVG figure — every issue at once, or two issues
//! against each other with `--map` — to a file or stdout. What the figure shows is
//! `figure`'s and the drawing `io::export::svg`'s; this module only picks the issues and the title
//! and checks there is something to draw.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{anyhow, bail};

use super::args::PlotArgs;
use super::open::{check_output_path, find_issue, open_positions};
use crate::figure::{self, PointSource};
use crate::io::export::svg;
use crate::io::output::OutputKind;
use crate::io::project_file;

/// Runs `stancemap plot`.
pub fn run(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    if args.out.as_os_str() != "-" {
        check_output_path(&args.out, OutputKind::Export, "svg", args.force)?;
    }
    let project = open_positions(&args.file)?;
    let axes = match args.map.as_deref() {
        Some([x, y]) => Some((find_issue(&project, x, &args.file)?, find_issue(&project, y, &args.file)?)),
        Some(_) => bail!("--map takes two issues: --map X_ISSUE Y_ISSUE"),
        None => None,
    };
    let rows = figure::mean_rows(&project);
    if rows.is_empty() {
        bail!("{}: no positions to plot", args.file.display());
    }
    let title = match &args.title {
        Some(title) => title.clone(),
        None if !project.title.trim().is_empty() => project.title.clone(),
        None => args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let source = PointSource::Means(&rows);
    let (document, kind, caption) = match axes {
        Some((x, y)) => {
            let map = figure::map_figure(&project, &x.id, &y.id, source, Some(&title))
                .filter(|map| !map.points.is_empty())
                .ok_or_else(|| {
                    anyhow!("{}: no actor has positions on both {:?} and {:?}", args.file.display(), x.name, y.name)
                })?;
            (svg::draw_map(&map), format!("{} against {}", y.name, x.name), map.caption)
        }
        None => {
            let strip = figure::strip_figure(&project, source, Some(&title));
            (svg::draw_strip(&strip), "all issues".to_owned(), strip.caption)
        }
    };
    if args.out.as_os_str() == "-" {
        std::io::stdout().lock().write_all(document.as_bytes())?;
    } else {
        project_file::write_atomically(&args.out, document.as_bytes())?;
        println!("wrote {} ({kind}; {caption})", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}
