//! `stancemap plot`: draws the mean positions as an SVG figure — every issue at once, or two issues
//! against each other with `--map` — to a file or stdout. The drawing is `io::export::svg`'s; this
//! module only picks the issues and the title and checks there is something to draw.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::bail;

use super::args::PlotArgs;
use super::open::{find_issue, open_positions};
use crate::io::project_file;
use crate::model::Issue;

/// Runs `stancemap plot`.
pub fn run(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    use crate::io::export::svg;
    let project = open_positions(&args.file)?;
    let axes = match args.map.as_deref() {
        Some([x, y]) => Some((find_issue(&project, x, &args.file)?, find_issue(&project, y, &args.file)?)),
        Some(_) => bail!("--map takes two issues: --map X_ISSUE Y_ISSUE"),
        None => None,
    };
    let points = svg::mean_points(&project);
    if points.is_empty() {
        bail!("{}: no positions to plot", args.file.display());
    }
    if let Some((x, y)) = axes {
        let on = |issue: &Issue| -> Vec<&crate::model::ActorId> {
            points.iter().filter(|point| point.issue == issue.id).map(|point| &point.actor).collect()
        };
        let (on_x, on_y) = (on(x), on(y));
        if !on_x.iter().any(|actor| on_y.contains(actor)) {
            bail!("{}: no actor has positions on both {:?} and {:?}", args.file.display(), x.name, y.name);
        }
    }
    let title = match &args.title {
        Some(title) => title.clone(),
        None if !project.title.trim().is_empty() => project.title.clone(),
        None => args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let caption = svg::mean_caption(&project);
    let (figure, kind) = match axes {
        Some((x, y)) => {
            (svg::map_svg(&project, &x.id, &y.id, &points, &title, &caption), format!("{} against {}", y.name, x.name))
        }
        None => (svg::all_issues_svg(&project, &points, &title, &caption), "all issues".to_owned()),
    };
    if args.out.as_os_str() == "-" {
        std::io::stdout().lock().write_all(figure.as_bytes())?;
    } else {
        project_file::write_atomically(&args.out, figure.as_bytes())?;
        println!("wrote {} ({kind}; {caption})", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}
