//! The command line as plain data: clap parses the arguments into [`Cli`], [`CliCommand`] and one
//! `…Args` struct per tool, and nothing else happens here — no file is opened and no default is
//! looked up (ripgrep's "low-level arguments"). Opening and validating what these structs name is
//! the job of [`super::open`]; each tool module then runs on the opened inputs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// StanceMap: map where parties stand on issues.
#[derive(Parser, Debug)]
#[command(name = "stancemap", version, about, long_about = None)]
pub struct Cli {
    /// A .stancemap project, or an article (.txt, .md, .html, .pdf, .docx, .odt, .rtf) to open in a
    /// new project. Without it, the bundled sample project opens.
    pub file: Option<PathBuf>,
    /// A command-line tool instead of the app.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// The command-line tools.
#[derive(Subcommand, Debug)]
pub enum CliCommand {
    /// Load and validate a project and print its counts.
    Check(CheckArgs),
    /// Write the bundled sample project to a file.
    Sample(SampleArgs),
    /// Write a generated corpus-scale project (deterministic for a seed) to a file.
    Generate(GenerateArgs),
    /// Print the plain text StanceMap extracts from an article file.
    Extract(ExtractArgs),
    /// Import article files and folders into a project (created if missing).
    Import(ImportArgs),
    /// Import coded positions from a CSV into a project (created if missing); all or nothing.
    ImportPositions(ImportPositionsArgs),
    /// Inter-coder agreement (Krippendorff's alpha) of a project or coded-positions CSV.
    Agreement(AgreementArgs),
    /// Forecast an issue's outcome: weighted mean and median, and the expected-utility model.
    Forecast(ForecastArgs),
    /// Aggregate positions per actor and issue (n, mean, median, sd, min, max).
    Aggregate(AggregateArgs),
    /// Suggest stances (actor, issue, side, evidence sentence) in article files or a project's articles.
    Suggest(SuggestArgs),
    /// Export figures (SVG, PNG), data (tidy CSV/JSON, aggregates CSV) or the HTML report.
    #[command(visible_alias = "plot")]
    Export(ExportArgs),
    /// Merge two coders' copies of a project into a new file; conflicts are listed, never dropped.
    Merge(MergeArgs),
    /// Team projects: a shared folder (git, a cloud drive) with one file per coder.
    #[command(subcommand)]
    Team(TeamCommand),
}

/// The `stancemap team` tools.
#[derive(Subcommand, Debug)]
pub enum TeamCommand {
    /// Turn a project file into a team folder (team.stancemap plus coders/<coder>.json).
    Init(TeamInitArgs),
    /// Per coder: articles assigned and done, positions coded; the reliability overlap.
    Status(TeamStatusArgs),
    /// Write the whole team folder as one .stancemap project file.
    Export(TeamExportArgs),
    /// Split the articles over coders, balanced and reproducible, with a reliability overlap.
    Assign(TeamAssignArgs),
}

/// Arguments of `stancemap team assign`.
#[derive(Args, Debug)]
pub struct TeamAssignArgs {
    /// The team folder (or its team.stancemap).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The coders' ids, comma-separated; ids the folder does not know yet become new coders.
    #[arg(long, value_delimiter = ',', required = true)]
    pub coders: Vec<String>,
    /// Share of the articles (0–1) that every coder codes, to measure agreement.
    #[arg(long, default_value_t = 0.1)]
    pub overlap: f64,
    /// The seed: the same seed, articles and coders give the same split.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Arguments of `stancemap team init`.
#[derive(Args, Debug)]
pub struct TeamInitArgs {
    /// The project file to start from.
    #[arg(value_name = "PROJECT.stancemap")]
    pub project: PathBuf,
    /// The team folder to create (it must not hold a team project already).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Arguments of `stancemap team status`.
#[derive(Args, Debug)]
pub struct TeamStatusArgs {
    /// The team folder (or its team.stancemap).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print as JSON: {"coders":[{"id":…,"name":…,"assigned":N,"done":N,"positions":N}],"overlap":N,"articles":N}.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stancemap team export`.
#[derive(Args, Debug)]
pub struct TeamExportArgs {
    /// The team folder (or its team.stancemap).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The project file to write.
    #[arg(long, short = 'o', value_name = "OUT.stancemap")]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `stancemap merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The first project (its side is taken in conflicts unless --prefer second).
    pub first: PathBuf,
    /// The second project.
    pub second: PathBuf,
    /// Where to write the merged project.
    #[arg(long, short = 'o', value_name = "OUT.stancemap")]
    pub output: PathBuf,
    /// Whose side to take in conflicts; the other side's values are kept in the merged file's Trash.
    #[arg(long, value_enum, default_value_t = Prefer::First)]
    pub prefer: Prefer,
    /// Print counts and conflicts as JSON.
    #[arg(long)]
    pub json: bool,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Which file wins a merge conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefer {
    /// The first file named.
    First,
    /// The second file named.
    Second,
}

/// Arguments of `stancemap check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The project file or team folder.
    pub file: PathBuf,
    /// Print counts as JSON: {"articles":N,"actors":N,"issues":N,"positions":N}.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stancemap sample`.
#[derive(Args, Debug)]
pub struct SampleArgs {
    /// Where to write it.
    pub output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `stancemap generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Number of articles (news texts over two years, every 50th a 40 KB long read).
    #[arg(long, default_value_t = 1000)]
    pub articles: usize,
    /// Number of actors (states, their leaders, organisations).
    #[arg(long, default_value_t = 60)]
    pub actors: usize,
    /// Number of issues.
    #[arg(long, default_value_t = 20)]
    pub issues: usize,
    /// Exact number of coded positions.
    #[arg(long, default_value_t = 50_000)]
    pub positions: usize,
    /// Number of coders.
    #[arg(long, default_value_t = 3)]
    pub coders: usize,
    /// The seed: the same seed and counts write the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the project.
    #[arg(short = 'o', long = "output", value_name = "OUT.stancemap")]
    pub output: std::path::PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `stancemap extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// The article file (.txt, .md, .html, .pdf, .docx, .odt, .rtf, or a news-database export).
    pub file: PathBuf,
    /// Also print each article's metadata (title, source, date, url, byline, origin_file) as
    /// `key: value` lines to stderr, before its text.
    #[arg(long)]
    pub meta: bool,
}

/// Arguments of `stancemap import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The project to import into; created (with the preset actors and issues) if it does not
    /// exist — holding exactly what the file holds when the first file is a REFI-QDA project.
    /// A team folder (or its team.stancemap) takes the articles into its team file, and positions
    /// into their coders' files only.
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: PathBuf,
    /// Article files and folders (searched recursively for importable files), REFI-QDA projects
    /// (.qdpx: QualCoder, MAXQDA, NVivo, ATLAS.ti), Discourse Network Analyzer databases (.dna) and KTAB scenario CSVs.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How a REFI-QDA project's codes map to actors and issue poles: a CSV of rows `code,actor` or
    /// `code,issue,value` (an empty actor maps a code to nothing). Without it, codes named like an
    /// actor or alias of the project map to that actor.
    #[arg(long, value_name = "MAP.csv")]
    pub map: Option<PathBuf>,
}

/// Arguments of `stancemap import-positions`.
#[derive(Args, Debug)]
pub struct ImportPositionsArgs {
    /// The project to import into; created (with the preset actors and issues) if it does not exist.
    /// A team folder (or its team.stancemap) takes the positions into their coders' files.
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: PathBuf,
    /// The CSV: a header naming the columns actor, issue, position (required) and article, salience,
    /// confidence, coder, capability, quote (optional), then one row per coded position.
    #[arg(value_name = "FILE.csv")]
    pub csv: PathBuf,
    /// Scale of issues the CSV creates, e.g. `0:100` or `-5:5` (default 0:100).
    #[arg(long, value_name = "MIN:MAX", value_parser = parse_scale, allow_hyphen_values = true)]
    pub scale: Option<Scale>,
    /// Create actors and issues the project does not have. Without it, an unknown actor or issue
    /// name is refused (with the closest existing name: `did you mean "Russia"?`) and nothing is
    /// imported.
    #[arg(long)]
    pub create_missing: bool,
    /// Whose positions these are (coder id or name): rows without a coder cell are theirs, and
    /// in a team folder every row must be theirs; the positions go to that coder's file only.
    #[arg(long, value_name = "CODER")]
    pub coder: Option<String>,
}

/// An issue scale given on the command line as `MIN:MAX`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The low pole.
    pub min: f64,
    /// The high pole.
    pub max: f64,
}

/// Parses `MIN:MAX` (e.g. `0:100`, `-5:5`) into a [`Scale`]; the minimum must be below the maximum.
pub fn parse_scale(text: &str) -> Result<Scale, String> {
    let (min, max) = text.split_once(':').ok_or_else(|| format!("{text:?} is not MIN:MAX, e.g. 0:100 or -5:5"))?;
    let number = |part: &str| {
        part.trim()
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| format!("{part:?} is not a number"))
    };
    let (min, max) = (number(min)?, number(max)?);
    if min >= max {
        return Err(format!("the minimum {min} must be below the maximum {max}"));
    }
    Ok(Scale { min, max })
}

/// Arguments of `stancemap agreement`.
#[derive(Args, Debug)]
pub struct AgreementArgs {
    /// A .stancemap project or a coded-positions CSV (with a coder column).
    pub file: PathBuf,
    /// Only this issue (name or id, case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub issue: Option<String>,
    /// Print JSON: {"units":N,"coders":N,"alpha":{"nominal":x,"ordinal":x,"interval":x,"ratio":x},…}
    /// with null where alpha is undefined.
    #[arg(long)]
    pub json: bool,
    /// Only the reliability subsample: the articles `team assign --overlap` gave to several coders
    /// (the whole project when it has none).
    #[arg(long)]
    pub overlap_only: bool,
}

/// Arguments of `stancemap forecast`.
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// A .stancemap project or a CSV with actor, position, salience, capability and issue columns;
    /// a CSV without the issue column (actor,capability,position,salience) is one issue, named
    /// after the file.
    pub file: PathBuf,
    /// The issue (name or id, case-insensitive); without it every issue with positions is
    /// forecast.
    #[arg(long, value_name = "NAME")]
    pub issue: Option<String>,
    /// Print JSON: {"issue":…,"actors":N,"weighted_mean":x,"weighted_median":x,"inputs":[…],
    /// "rounds":{…}}; an array of these when several issues are forecast.
    #[arg(long)]
    pub json: bool,
    /// Also print the expected-utility model's positions and forecast round by round.
    #[arg(long)]
    pub rounds: bool,
    /// Read "consensus where there is one, else every coder": on a unit settled by adjudication the
    /// consensus value counts instead of its coders' own.
    #[arg(long)]
    pub consensus: bool,
}

/// Arguments of `stancemap aggregate`.
#[derive(Args, Debug)]
pub struct AggregateArgs {
    /// A .stancemap project or a coded-positions CSV.
    pub file: PathBuf,
    /// Also compute the confidence-weighted mean (low 1, medium 2, high 3).
    #[arg(long)]
    pub weighted: bool,
    /// Count positions of actors with a parent (e.g. a leader) for the parent (e.g. the state).
    #[arg(long)]
    pub roll_up: bool,
    /// Leave out overall judgements (positions not coded from an article).
    #[arg(long)]
    pub articles_only: bool,
    /// Write the table as CSV to this file (`-` for stdout) instead of printing it.
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
    /// Replace the --csv file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Read "consensus where there is one, else every coder": on a unit settled by adjudication the
    /// consensus value counts instead of its coders' own.
    #[arg(long)]
    pub consensus: bool,
}

/// What `stancemap export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One row per coded position (tidy CSV).
    Csv,
    /// The tidy rows as a JSON array.
    Json,
    /// Per actor and issue: n, mean, median, sd, min, max (CSV).
    Aggregates,
    /// The self-contained HTML report.
    Html,
    /// A figure as SVG.
    Svg,
    /// A figure as PNG.
    Png,
    /// A REFI-QDA project for QualCoder, MAXQDA, NVivo, ATLAS.ti (.qdpx).
    Qdpx,
    /// A KTAB / expected-utility scenario (SMP CSV layout).
    Ktab,
    /// A Discourse Network Analyzer 3 database (.dna).
    Dna,
}

/// Which figure `--format svg|png` draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportView {
    /// Every issue at once.
    Strip,
    /// Two issues against each other (--x, --y).
    Map,
    /// One issue across articles by date (--issue).
    Evolution,
    /// Actor × actor distances.
    Distance,
}

/// Arguments of `stancemap export` (alias `plot`).
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// A .stancemap project (or a coded-positions CSV).
    pub file: PathBuf,
    /// What to write (default: from OUT's extension — .csv, .json, .html, .svg, .png, .qdpx, .dna — else
    /// svg).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Where to write (`-` for stdout, text formats only).
    #[arg(short = 'o', long = "out", visible_alias = "output", value_name = "OUT")]
    pub out: PathBuf,
    /// The figure (default: strip; map when --x/--y or --map are given, evolution with --issue).
    #[arg(long, value_enum)]
    pub view: Option<ExportView>,
    /// The map's x issue (name, id or 1-based number; default the first issue).
    #[arg(long, value_name = "ISSUE")]
    pub x: Option<String>,
    /// The map's y issue (name, id or 1-based number; default the second issue).
    #[arg(long, value_name = "ISSUE")]
    pub y: Option<String>,
    /// Shorthand for --view map --x X_ISSUE --y Y_ISSUE.
    #[arg(long, num_args = 2, value_names = ["X_ISSUE", "Y_ISSUE"], conflicts_with_all = ["x", "y"])]
    pub map: Option<Vec<String>>,
    /// The evolution view's issue (name, id or 1-based number; default the first issue).
    #[arg(long, value_name = "ISSUE")]
    pub issue: Option<String>,
    /// The figure's width in points (default 800; the map 640).
    #[arg(long, value_name = "PX")]
    pub width: Option<f64>,
    /// PNG pixels per point: 2 doubles them (a 1,600-point figure becomes 3,200 pixels wide).
    #[arg(long, default_value_t = 1.0, value_name = "N")]
    pub scale: f32,
    /// The figure's title (default: the project's title).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
    /// Read "consensus where there is one, else every coder": on a unit settled by adjudication the
    /// consensus value counts instead of its coders' own.
    #[arg(long)]
    pub consensus: bool,
}

/// Arguments of `stancemap suggest`.
#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// Article files and folders; without them, the articles of the --project.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Use this project's actors and issues (default: the presets), and its articles when no PATH
    /// is given.
    #[arg(long, short = 'p', value_name = "P.stancemap")]
    pub project: Option<PathBuf>,
    /// Print a JSON list of {"article","actor","issue","side","value","confidence","sentence",
    /// "start","end","cues"}.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_scale_accepts_min_below_max() {
        assert_eq!(parse_scale("0:100"), Ok(Scale { min: 0.0, max: 100.0 }));
        assert_eq!(parse_scale(" -5 : 5 "), Ok(Scale { min: -5.0, max: 5.0 }));
    }

    #[test]
    fn parse_scale_errors_say_what_is_wrong() {
        assert_eq!(parse_scale("0-100"), Err("\"0-100\" is not MIN:MAX, e.g. 0:100 or -5:5".to_owned()));
        assert_eq!(parse_scale("low:5"), Err("\"low\" is not a number".to_owned()));
        assert_eq!(parse_scale("0:inf"), Err("\"inf\" is not a number".to_owned()));
        assert_eq!(parse_scale("5:1"), Err("the minimum 5 must be below the maximum 1".to_owned()));
        assert_eq!(parse_scale("3:3"), Err("the minimum 3 must be below the maximum 3".to_owned()));
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
