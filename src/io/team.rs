//! A team project: one folder that 2–50 coders share through git, Syncthing, a cloud drive or a
//! network share, mapped to and from one [`Project`] in memory.
//!
//! ```text
//! DIR/team.stancemap        the codebook: title, coders, actors, issues, articles, assignments,
//!                           consensus positions (adjudication), and what belongs to nobody in
//!                           particular (the Trash of deleted
//!                           actors, issues, articles…); written by whoever edits the codebook
//! DIR/coders/<coder>.json   one coder's work: their positions, done marks, rejected suggestions,
//!                           dismissed candidates and deleted positions; written only by them
//! DIR/.gitignore            leaves out temp files of interrupted saves
//! ```
//! No file is written by two coders, so a sync engine never has to merge coding. Every file is the
//! same pretty JSON as a `.stancemap` file (`"format_version"` first, lists in a stable order), so
//! git diffs stay small and readable, and every write is atomic (temp file, fsync, rename): a coder
//! killed while saving leaves the previous version of their file, never half of one.
//!
//! Loading reads the team file and every coding file and merges them in memory; an error names the
//! file it is about. [`TeamFolder`] remembers what the other files held, so that saving one coder
//! writes just that coder's file ([`save_coder`]) and the team file only when the codebook changed
//! ([`save_codebook_if_changed`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::project_file::{ProjectFileError, parse_versioned, remove_abandoned_temp_files, write_atomically};
use crate::model::{
    Actor, Article, ArticleId, Coder, CoderId, DoneMark, FORMAT_VERSION, Issue, Project, RejectedSuggestion, TrashItem,
    Trashed,
};

/// The team file's name inside the folder.
pub const TEAM_FILE_NAME: &str = "team.stancemap";
/// The folder (inside the team folder) that holds one coding file per coder.
pub const CODERS_FOLDER: &str = "coders";
/// What the team file says it is, so it is not mistaken for a one-file project.
const TEAM_KIND: &str = "stancemap-team";
/// What a coding file says it is.
const CODING_KIND: &str = "stancemap-coding";

/// Why a team folder could not be read or written. Every variant names the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// A file of the folder could not be read, parsed, validated or written.
    #[error(transparent)]
    File(#[from] ProjectFileError),
    /// The folder has no team file.
    #[error("{}: not a team project folder (it has no {TEAM_FILE_NAME})", path.display())]
    NotATeamFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A file parsed but does not hold what its place in the folder says it holds.
    #[error("{}: {reason}", path.display())]
    Misplaced {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A folder could not be listed or created.
    #[error("{}: {error}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The merged project breaks a consistency rule (e.g. a coding file names an actor the
    /// codebook does not have).
    #[error("{}: {rule}", path.display())]
    Invalid {
        /// The file that holds the offending part (the coding file, else the team file).
        path: PathBuf,
        /// The rule broken.
        rule: crate::model::ValidationError,
    },
}

/// The team file: the codebook and what belongs to no single coder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct TeamFile {
    /// The project file format's version (the same model is written).
    format_version: u32,
    /// Always [`TEAM_KIND`].
    kind: String,
    title: String,
    description: String,
    coders: Vec<Coder>,
    actors: Vec<Actor>,
    issues: Vec<Issue>,
    articles: Vec<Article>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assignments: Vec<crate::model::Assignment>,
    /// What the lead settled on where coders disagreed (adjudication), sorted by unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    consensus: Vec<crate::model::consensus::Consensus>,
    /// Rejected suggestions from before the project became a team project (no coder owns them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rejected_suggestions: Vec<RejectedSuggestion>,
    /// Dismissed candidates from before the project became a team project.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dismissed_candidates: Vec<String>,
    /// Deleted actors, issues, articles and coders, and positions of several coders.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    trash: Vec<TrashItem>,
}

/// One coder's file: only what that coder wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct CodingFile {
    /// The project file format's version.
    format_version: u32,
    /// Always [`CODING_KIND`].
    kind: String,
    /// Whose file it is; every position in it is theirs.
    coder: CoderId,
    /// The coder's display name, so a coder who joins appears without writing the team file.
    name: String,
    /// Their positions, in key order.
    positions: Vec<crate::model::Position>,
    /// Articles they marked done, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    done_articles: Vec<ArticleId>,
    /// Suggestions they rejected, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rejected_suggestions: Vec<RejectedSuggestion>,
    /// Candidate names they dismissed, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dismissed_candidates: Vec<String>,
    /// Their deleted positions, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    trash: Vec<TrashItem>,
}

/// What the files of an open team folder held when last read or written: who owns which
/// rejected suggestion and dismissed candidate, and the codebook as on disk.
#[derive(Clone, Debug, Default)]
pub struct TeamFolder {
    /// The folder.
    pub root: PathBuf,
    /// The codebook part of the team file as last read or written.
    codebook: TeamFile,
    /// Per coder: the suggestions and candidates their file held.
    owned: BTreeMap<CoderId, Owned>,
}

/// What one coding file held that is not keyed by coder in the model.
#[derive(Clone, Debug, Default, PartialEq)]
struct Owned {
    rejected: BTreeSet<RejectedKey>,
    dismissed: BTreeSet<String>,
}

/// A rejected suggestion as an ordered key.
type RejectedKey = (ArticleId, crate::model::ActorId, crate::model::IssueId, usize, usize);

fn rejected_key(rejected: &RejectedSuggestion) -> RejectedKey {
    (rejected.article.clone(), rejected.actor.clone(), rejected.issue.clone(), rejected.start, rejected.end)
}

/// The team file of the folder `root`.
pub fn team_file_path(root: &Path) -> PathBuf {
    root.join(TEAM_FILE_NAME)
}

/// The coding file of `coder` in the folder `root`: `coders/<id>.json`, the id made safe as a file
/// name on every platform (other characters become `_`, and a hash of the id keeps such names apart).
pub fn coder_file_path(root: &Path, coder: &CoderId) -> PathBuf {
    let id = coder.as_str();
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '_' })
        .take(60)
        .collect();
    let name = if safe == id && !id.is_empty() {
        safe
    } else {
        format!("{safe}-{:08x}", crate::model::ids::stable_hash(id.as_bytes()) >> 32)
    };
    root.join(CODERS_FOLDER).join(format!("{name}.json"))
}

/// The team folder `path` names, if it names one: the folder itself (holding a team file) or its
/// team file.
pub fn team_root(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        return team_file_path(path).is_file().then(|| path.to_owned());
    }
    if path.file_name().is_some_and(|name| name == TEAM_FILE_NAME) && path.is_file() {
        let parent = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
        return Some(parent.to_owned());
    }
    None
}

/// Reads a team folder (given as the folder or its team file) into one project.
///
/// The team file and the coding files are parsed at once on as many threads as the machine has
/// cores (parsing is most of the time: 140 MB of JSON at 50 coders, 10,000 articles and 200,000
/// positions); an error names the first broken file in name order, the team file first.
pub fn load_team(path: &Path) -> Result<(Project, TeamFolder), TeamError> {
    let Some(root) = team_root(path) else {
        return Err(TeamError::NotATeamFolder { path: path.to_owned() });
    };
    let team_path = team_file_path(&root);
    let paths = coding_file_paths(&root)?;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8).min(paths.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let read_some = || {
        let mut read = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(path) = paths.get(index) else { break };
            read.push((index, read_coding_file(path)));
        }
        read
    };
    let (team, mut results) = std::thread::scope(|scope| {
        // The team file (the articles) on its own thread, the codebook snapshot copied there too.
        let team = scope.spawn(|| {
            read_team_file(&team_path).map(|team| {
                let articles = team.articles.clone();
                (team, articles)
            })
        });
        let readers: Vec<_> = (1..workers).map(|_| scope.spawn(read_some)).collect();
        let mut results = read_some();
        for reader in readers {
            results.extend(reader.join().unwrap_or_default());
        }
        let team = team.join().unwrap_or_else(|_| {
            Err(TeamError::Misplaced { path: team_path.clone(), reason: "reading the file failed".into() })
        });
        (team, results)
    });
    let (team, articles_as_read) = team?;
    results.sort_by_key(|(index, _)| *index);
    if results.len() != paths.len() {
        return Err(TeamError::Folder {
            path: root.join(CODERS_FOLDER),
            error: std::io::Error::other("reading the coding files failed"),
        });
    }
    let mut coding = Vec::with_capacity(results.len());
    for ((_, file), path) in results.into_iter().zip(paths) {
        coding.push((file?, path));
    }
    assemble(root, team, articles_as_read, coding)
}

/// The coding files of the folder `root` in name order (none when it has no `coders/` folder).
fn coding_file_paths(root: &Path) -> Result<Vec<PathBuf>, TeamError> {
    let coders_dir = root.join(CODERS_FOLDER);
    if !coders_dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(&coders_dir).map_err(|error| TeamError::Folder { path: coders_dir, error })?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && !path.file_name().is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

fn read_team_file(path: &Path) -> Result<TeamFile, TeamError> {
    let bytes = std::fs::read(path).map_err(|error| ProjectFileError::Read { path: path.to_owned(), error })?;
    let mut team: TeamFile = parse_versioned(&bytes, path)?;
    crate::model::consensus::sort(&mut team.consensus);
    if team.kind != TEAM_KIND {
        return Err(TeamError::Misplaced {
            path: path.to_owned(),
            reason: format!("not a team file (its \"kind\" is {:?}, not {TEAM_KIND:?})", team.kind),
        });
    }
    Ok(team)
}

fn read_coding_file(path: &Path) -> Result<CodingFile, TeamError> {
    let bytes = std::fs::read(path).map_err(|error| ProjectFileError::Read { path: path.to_owned(), error })?;
    parse_coding_file(&bytes, path)
}

/// Parses and checks the text of a coding file; `path` names it in errors.
fn parse_coding_file(bytes: &[u8], path: &Path) -> Result<CodingFile, TeamError> {
    let file: CodingFile = parse_versioned(bytes, path)?;
    let misplaced = |reason: String| TeamError::Misplaced { path: path.to_owned(), reason };
    if file.kind != CODING_KIND {
        return Err(misplaced(format!("not a coding file (its \"kind\" is {:?}, not {CODING_KIND:?})", file.kind)));
    }
    if file.coder.as_str().is_empty() {
        return Err(misplaced("the file names no coder (\"coder\" is empty)".into()));
    }
    if let Some(position) = file.positions.iter().find(|position| position.coder != file.coder) {
        return Err(misplaced(format!(
            "the position of {:?} on {:?} belongs to coder {:?}, but this is the file of {:?}",
            position.actor.as_str(),
            position.issue.as_str(),
            position.coder.as_str(),
            file.coder.as_str()
        )));
    }
    Ok(file)
}

/// Merges the team file and the coding files into one project, checked as a project file is.
/// `articles_as_read` is a copy of the team file's articles (made on the reading thread), kept as
/// the codebook snapshot.
fn assemble(
    root: PathBuf,
    team: TeamFile,
    articles_as_read: Vec<Article>,
    coding: Vec<(CodingFile, PathBuf)>,
) -> Result<(Project, TeamFolder), TeamError> {
    let team_path = team_file_path(&root);
    let mut codebook = team;
    let mut project = Project {
        format_version: FORMAT_VERSION,
        title: codebook.title.clone(),
        description: codebook.description.clone(),
        coders: codebook.coders.clone(),
        actors: codebook.actors.clone(),
        issues: codebook.issues.clone(),
        // The largest part is taken, not copied; the snapshot gets it back below.
        articles: std::mem::take(&mut codebook.articles),
        assignments: codebook.assignments.clone(),
        consensus: codebook.consensus.clone(),
        rejected_suggestions: codebook.rejected_suggestions.clone(),
        dismissed_candidates: codebook.dismissed_candidates.clone(),
        trash: codebook.trash.clone(),
        ..Project::default()
    };
    let mut owned = BTreeMap::new();
    let mut seen_files: BTreeMap<CoderId, PathBuf> = BTreeMap::new();
    let mut rejected: BTreeSet<RejectedKey> = project.rejected_suggestions.iter().map(rejected_key).collect();
    let mut dismissed: BTreeSet<String> = project.dismissed_candidates.iter().cloned().collect();
    let mut joined = Vec::new();
    // Gathered and built in bulk (see `Positions::from_iter`); no two files share a coder, and
    // within a file the later of two positions with one key is kept.
    let mut positions: Vec<crate::model::Position> =
        Vec::with_capacity(coding.iter().map(|(file, _)| file.positions.len()).sum());
    for (file, path) in coding {
        if let Some(other) = seen_files.insert(file.coder.clone(), path.clone()) {
            return Err(TeamError::Misplaced {
                path,
                reason: format!("{} is the file of coder {:?} too", other.display(), file.coder.as_str()),
            });
        }
        if project.coder(&file.coder).is_none() {
            let name = if file.name.trim().is_empty() { file.coder.to_string() } else { file.name.clone() };
            joined.push(Coder { id: file.coder.clone(), name });
        }
        positions.extend(file.positions);
        project.done_articles.extend(
            file.done_articles.iter().map(|article| DoneMark { article: article.clone(), coder: file.coder.clone() }),
        );
        let mine = Owned {
            rejected: file.rejected_suggestions.iter().map(rejected_key).collect(),
            dismissed: file.dismissed_candidates.iter().cloned().collect(),
        };
        for suggestion in &file.rejected_suggestions {
            if rejected.insert(rejected_key(suggestion)) {
                project.rejected_suggestions.push(suggestion.clone());
            }
        }
        for name in &file.dismissed_candidates {
            if dismissed.insert(name.clone()) {
                project.dismissed_candidates.push(name.clone());
            }
        }
        project.trash.extend(file.trash.iter().cloned());
        owned.insert(file.coder.clone(), mine);
    }
    project.positions = positions.into_iter().collect();
    joined.sort_by(|a, b| a.id.cmp(&b.id));
    project.coders.extend(joined);
    normalise(&mut project);
    if let Err(rule) = project.validate() {
        // Name the coding file when the broken rule is in a position of its coder.
        let path = project
            .positions
            .iter()
            .find(|position| rule.to_string().contains(&format!("{:?}", position.actor.as_str())))
            .and_then(|position| seen_files.get(&position.coder).cloned())
            .unwrap_or(team_path);
        return Err(TeamError::Invalid { path, rule });
    }
    codebook.articles = articles_as_read;
    let folder = TeamFolder { root, codebook, owned };
    Ok((project, folder))
}

/// Puts the lists a folder does not keep in one place into the order loading gives them: done
/// marks by (article, coder), rejected suggestions and dismissed candidates sorted, the Trash
/// oldest first (ties in the team file's order, then by coder). A project saved as a folder and
/// read back equals `normalised(project)`.
pub fn normalise(project: &mut Project) {
    project.done_articles.sort_by(|a, b| (&a.article, &a.coder).cmp(&(&b.article, &b.coder)));
    project.done_articles.dedup();
    project.rejected_suggestions.sort_by_key(rejected_key);
    project.rejected_suggestions.dedup();
    project.dismissed_candidates.sort();
    project.dismissed_candidates.dedup();
    project.trash.sort_by(|a, b| a.deleted_at.cmp(&b.deleted_at));
}

/// The team file's part of `project`: everything but what coders own.
fn codebook_of(project: &Project) -> TeamFile {
    let owners = trash_owners(project);
    TeamFile {
        format_version: FORMAT_VERSION,
        kind: TEAM_KIND.into(),
        title: project.title.clone(),
        description: project.description.clone(),
        coders: project.coders.clone(),
        actors: project.actors.clone(),
        issues: project.issues.clone(),
        articles: project.articles.clone(),
        assignments: project.assignments.clone(),
        consensus: project.consensus.clone(),
        rejected_suggestions: Vec::new(),
        dismissed_candidates: Vec::new(),
        trash: project
            .trash
            .iter()
            .zip(&owners)
            .filter(|(_, owner)| owner.is_none())
            .map(|(item, _)| item.clone())
            .collect(),
    }
}

/// For each Trash item, the coder whose file keeps it: a deletion of positions all of one coder.
fn trash_owners(project: &Project) -> Vec<Option<CoderId>> {
    project
        .trash
        .iter()
        .map(|item| match (&item.contents, item.positions.first()) {
            (Trashed::Positions, Some(first)) if item.positions.iter().all(|p| p.coder == first.coder) => {
                Some(first.coder.clone())
            }
            _ => None,
        })
        .collect()
}

/// The coding file of `coder`: their positions, done marks and deleted positions, and the rejected
/// suggestions and dismissed candidates no other file (as last read) holds.
fn coding_file_of(project: &Project, coder: &CoderId, folder: &TeamFolder) -> CodingFile {
    // Key order, as the project holds them.
    let positions: Vec<crate::model::Position> =
        project.positions.iter().filter(|position| &position.coder == coder).cloned().collect();
    let mut done_articles: Vec<ArticleId> =
        project.done_articles.iter().filter(|mark| &mark.coder == coder).map(|mark| mark.article.clone()).collect();
    done_articles.sort();
    done_articles.dedup();
    let others =
        |pick: &dyn Fn(&Owned) -> bool| folder.owned.iter().any(|(owner, owned)| owner != coder && pick(owned));
    let team = &folder.codebook;
    let team_rejected: BTreeSet<RejectedKey> = team.rejected_suggestions.iter().map(rejected_key).collect();
    let mut rejected_suggestions: Vec<RejectedSuggestion> = project
        .rejected_suggestions
        .iter()
        .filter(|suggestion| {
            let key = rejected_key(suggestion);
            !team_rejected.contains(&key) && !others(&|owned: &Owned| owned.rejected.contains(&key))
        })
        .cloned()
        .collect();
    rejected_suggestions.sort_by_key(rejected_key);
    rejected_suggestions.dedup();
    let mut dismissed_candidates: Vec<String> = project
        .dismissed_candidates
        .iter()
        .filter(|name| {
            !team.dismissed_candidates.contains(name) && !others(&|owned: &Owned| owned.dismissed.contains(*name))
        })
        .cloned()
        .collect();
    dismissed_candidates.sort();
    dismissed_candidates.dedup();
    let owners = trash_owners(project);
    let trash = project
        .trash
        .iter()
        .zip(&owners)
        .filter(|(_, owner)| owner.as_ref() == Some(coder))
        .map(|(item, _)| item.clone())
        .collect();
    CodingFile {
        format_version: FORMAT_VERSION,
        kind: CODING_KIND.into(),
        coder: coder.clone(),
        name: project.coder(coder).map(|c| c.name.clone()).unwrap_or_default(),
        positions,
        done_articles,
        rejected_suggestions,
        dismissed_candidates,
        trash,
    }
}

/// Pretty JSON with a final newline, as project files are written.
fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut json = serde_json::to_vec_pretty(value).unwrap_or_default();
    json.push(b'\n');
    json
}

fn create_folder(path: &Path) -> Result<(), TeamError> {
    std::fs::create_dir_all(path).map_err(|error| TeamError::Folder { path: path.to_owned(), error })
}

/// Writes `project` as a new team folder at `root` (created if missing): the team file, one coding
/// file per coder who has work, and a `.gitignore`. Refuses a folder that already holds a team file.
pub fn create_team(root: &Path, project: &Project) -> Result<TeamFolder, TeamError> {
    if team_file_path(root).exists() {
        return Err(TeamError::Misplaced {
            path: team_file_path(root),
            reason: "already exists: the folder is a team project already".into(),
        });
    }
    create_folder(&root.join(CODERS_FOLDER))?;
    let gitignore = root.join(".gitignore");
    if !gitignore.exists() {
        write_atomically(
            &gitignore,
            b"# Temp files of saves that were interrupted, and backups\n.stancemap-save-*.tmp\n*.bak\n",
        )?;
    }
    // What the single file held that no coder owns goes to the team file.
    let mut codebook = codebook_of(project);
    codebook.rejected_suggestions = project.rejected_suggestions.clone();
    codebook.rejected_suggestions.sort_by_key(rejected_key);
    codebook.dismissed_candidates = project.dismissed_candidates.clone();
    codebook.dismissed_candidates.sort();
    let mut folder = TeamFolder { root: root.to_owned(), codebook, owned: BTreeMap::new() };
    for coder in &project.coders {
        let has_work = project.positions.iter().any(|position| position.coder == coder.id)
            || project.done_articles.iter().any(|mark| mark.coder == coder.id)
            || trash_owners(project).iter().any(|owner| owner.as_ref() == Some(&coder.id));
        if has_work {
            save_coder(project, &coder.id, &mut folder)?;
        }
    }
    write_atomically(&team_file_path(root), &to_json(&folder.codebook))?;
    Ok(folder)
}

/// Writes `coder`'s coding file (only that file), atomically. The folder's record of what that
/// coder owns moves on with it.
pub fn save_coder(project: &Project, coder: &CoderId, folder: &mut TeamFolder) -> Result<(), TeamError> {
    let path = coder_file_path(&folder.root, coder);
    if let Some(parent) = path.parent() {
        create_folder(parent)?;
    }
    let file = coding_file_of(project, coder, folder);
    write_atomically(&path, &to_json(&file))?;
    if let Some(parent) = path.parent() {
        remove_abandoned_temp_files(parent);
    }
    folder.owned.insert(
        coder.clone(),
        Owned {
            rejected: file.rejected_suggestions.iter().map(rejected_key).collect(),
            dismissed: file.dismissed_candidates.iter().cloned().collect(),
        },
    );
    Ok(())
}

/// True when the codebook (title, coders, actors, issues, articles, assignments, consensus, shared
/// Trash) of `project` differs from the team file as last read or written. Compared in place, without
/// building the team file: at 10,000 articles a copy of them was most of a coder's Save.
pub fn codebook_changed(project: &Project, folder: &TeamFolder) -> bool {
    let team = &folder.codebook;
    let same = project.title == team.title
        && project.description == team.description
        && project.coders == team.coders
        && project.actors == team.actors
        && project.issues == team.issues
        && project.assignments == team.assignments
        && project.consensus == team.consensus
        && project.articles == team.articles;
    if !same {
        return true;
    }
    let owners = trash_owners(project);
    let shared = project.trash.iter().zip(&owners).filter(|(_, owner)| owner.is_none()).map(|(item, _)| item);
    !shared.eq(team.trash.iter())
}

/// Writes the team file when the codebook changed; true when it was written.
pub fn save_codebook_if_changed(project: &Project, folder: &mut TeamFolder) -> Result<bool, TeamError> {
    if !codebook_changed(project, folder) {
        return Ok(false);
    }
    let mut codebook = codebook_of(project);
    codebook.rejected_suggestions = folder.codebook.rejected_suggestions.clone();
    codebook.dismissed_candidates = folder.codebook.dismissed_candidates.clone();
    let path = team_file_path(&folder.root);
    write_atomically(&path, &to_json(&codebook))?;
    remove_abandoned_temp_files(&folder.root);
    folder.codebook = codebook;
    Ok(true)
}

/// Saves `coder`'s work and, if it changed, the codebook: what the app's Save does in a team folder.
/// Returns true when the team file was written too.
pub fn save_as_coder(project: &Project, coder: &CoderId, folder: &mut TeamFolder) -> Result<bool, TeamError> {
    save_coder(project, coder, folder)?;
    save_codebook_if_changed(project, folder)
}

/// Writes every file of the folder whose contents `project` changed, and no other: the team file
/// when the codebook changed, and each coder's file whose text would differ from the file on disk
/// (compared byte for byte, so a file left alone keeps its bytes and its time). What a tool that
/// changes several coders' work at once (an import) does instead of [`save_as_coder`]. Returns
/// the files written.
pub fn save_changed(project: &Project, folder: &mut TeamFolder) -> Result<Vec<PathBuf>, TeamError> {
    let mut written = Vec::new();
    let mut coders: BTreeSet<CoderId> = project.coders.iter().map(|coder| coder.id.clone()).collect();
    coders.extend(project.positions.iter().map(|position| position.coder.clone()));
    coders.extend(project.done_articles.iter().map(|mark| mark.coder.clone()));
    for coder in &coders {
        let path = coder_file_path(&folder.root, coder);
        let file = coding_file_of(project, coder, folder);
        let has_work = !(file.positions.is_empty() && file.done_articles.is_empty() && file.trash.is_empty());
        let on_disk = std::fs::read(&path).ok();
        if on_disk.is_none() && !has_work {
            continue;
        }
        if on_disk.as_deref() == Some(to_json(&file).as_slice()) {
            continue;
        }
        save_coder(project, coder, folder)?;
        written.push(path);
    }
    if save_codebook_if_changed(project, folder)? {
        written.push(team_file_path(&folder.root));
    }
    Ok(written)
}

/// Reads one coding file and returns that coder's part of a project: (coder, their positions as a
/// project-wide collection, their done marks). For the watcher: only the changed file is read.
pub fn read_coder_part(path: &Path) -> Result<CoderPart, TeamError> {
    let file = read_coding_file(path)?;
    Ok(CoderPart {
        coder: Coder { id: file.coder.clone(), name: file.name.clone() },
        positions: file.positions,
        done_articles: file.done_articles.clone(),
        rejected_suggestions: file.rejected_suggestions,
        dismissed_candidates: file.dismissed_candidates,
    })
}

impl TeamFolder {
    /// Records that `part`'s coder's file (another coder's, just read) holds its rejected
    /// suggestions and dismissed candidates, so the current coder's Save does not copy them into
    /// their own file.
    pub fn took_in(&mut self, part: &CoderPart) {
        self.owned.insert(
            part.coder.id.clone(),
            Owned {
                rejected: part.rejected_suggestions.iter().map(rejected_key).collect(),
                dismissed: part.dismissed_candidates.iter().cloned().collect(),
            },
        );
    }

    /// What `part`'s coder's file held when last read and holds no longer, and neither the team
    /// file nor another coder's file holds: the suggestions they took back their rejection of and
    /// the names they no longer dismiss, to be offered again. Ask before [`Self::took_in`].
    pub fn withdrawn(&self, part: &CoderPart) -> (Vec<RejectedSuggestion>, Vec<String>) {
        let Some(before) = self.owned.get(&part.coder.id) else { return Default::default() };
        let now: BTreeSet<RejectedKey> = part.rejected_suggestions.iter().map(rejected_key).collect();
        let held_elsewhere = |pick: &dyn Fn(&Owned) -> bool| {
            self.owned.iter().any(|(owner, owned)| owner != &part.coder.id && pick(owned))
        };
        let team_rejected: BTreeSet<RejectedKey> =
            self.codebook.rejected_suggestions.iter().map(rejected_key).collect();
        let rejected = before
            .rejected
            .iter()
            .filter(|key| !now.contains(*key) && !team_rejected.contains(*key))
            .filter(|key| !held_elsewhere(&|owned: &Owned| owned.rejected.contains(*key)))
            .map(|(article, actor, issue, start, end)| RejectedSuggestion {
                article: article.clone(),
                actor: actor.clone(),
                issue: issue.clone(),
                start: *start,
                end: *end,
            })
            .collect();
        let dismissed = before
            .dismissed
            .iter()
            .filter(|name| !part.dismissed_candidates.contains(*name))
            .filter(|name| !self.codebook.dismissed_candidates.contains(*name))
            .filter(|name| !held_elsewhere(&|owned: &Owned| owned.dismissed.contains(*name)))
            .cloned()
            .collect();
        (rejected, dismissed)
    }
}

/// One coder's work as their coding file holds it, taken from the project on the UI thread (a
/// filter over the positions) and turned into text elsewhere: what autosave writes as the
/// recovery copy of a team project, the current coder's work only.
#[derive(Clone, Debug)]
pub struct CoderWork(CodingFile);

impl CoderWork {
    /// `coder`'s work in `project`, as Save would write it to their file.
    pub fn of(project: &Project, coder: &CoderId, folder: &TeamFolder) -> Self {
        Self(coding_file_of(project, coder, folder))
    }

    /// The text of the coding file.
    pub fn to_json(&self) -> Vec<u8> {
        to_json(&self.0)
    }
}

/// `project` with its coder's work replaced by the coding file text `bytes` (a recovery copy
/// written by autosave): their positions, done marks and deleted positions become the file's;
/// their rejected suggestions and dismissed candidates are added. Positions coded against actors,
/// issues or articles the project no longer has are left out. `path` names the text in errors.
pub fn with_coder_work(project: &Project, bytes: &[u8], path: &Path) -> Result<Project, TeamError> {
    let file = parse_coding_file(bytes, path)?;
    let coder = file.coder.clone();
    let mut recovered = project.clone();
    if recovered.coder(&coder).is_none() {
        let name = if file.name.trim().is_empty() { coder.to_string() } else { file.name.clone() };
        recovered.coders.push(Coder { id: coder.clone(), name });
    }
    recovered.positions.retain(|position| position.coder != coder);
    for position in file.positions {
        let known = project.actor(&position.actor).is_some()
            && project.issue(&position.issue).is_some()
            && position.article.as_ref().is_none_or(|id| project.article(id).is_some());
        if known {
            recovered.positions.insert(position);
        }
    }
    recovered.done_articles.retain(|mark| mark.coder != coder);
    recovered.done_articles.extend(
        file.done_articles
            .into_iter()
            .filter(|article| project.article(article).is_some())
            .map(|article| DoneMark { article, coder: coder.clone() }),
    );
    recovered.rejected_suggestions.extend(file.rejected_suggestions);
    recovered.dismissed_candidates.extend(file.dismissed_candidates);
    let owners = trash_owners(&recovered);
    let mut trash: Vec<TrashItem> = recovered
        .trash
        .iter()
        .zip(&owners)
        .filter(|(_, owner)| owner.as_ref() != Some(&coder))
        .map(|(item, _)| item.clone())
        .collect();
    trash.extend(file.trash);
    recovered.trash = trash;
    normalise(&mut recovered);
    Ok(recovered)
}

/// What one coding file holds, as read by [`read_coder_part`].
#[derive(Clone, Debug, PartialEq)]
pub struct CoderPart {
    /// The coder (name as their file gives it).
    pub coder: Coder,
    /// Their positions, in key order.
    pub positions: Vec<crate::model::Position>,
    /// The articles they marked done.
    pub done_articles: Vec<ArticleId>,
    /// The suggestions they rejected.
    pub rejected_suggestions: Vec<RejectedSuggestion>,
    /// The candidate names they dismissed.
    pub dismissed_candidates: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Position, PositionKey, presets};

    fn two_coder_project() -> Project {
        let mut project = presets::sample_project();
        project.coders.push(Coder { id: "bob".into(), name: "Bob".into() });
        let first = project.positions.iter().next().unwrap().clone();
        let key = PositionKey { coder: "bob".into(), ..first.key() };
        project.positions.insert(Position { value: first.value, ..Position::new(&key, first.value) });
        project.done_articles.push(DoneMark { article: project.articles[0].id.clone(), coder: "bob".into() });
        project
    }

    #[test]
    fn a_project_comes_back_from_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let project = two_coder_project();
        create_team(dir.path(), &project).unwrap();
        let (loaded, _) = load_team(dir.path()).unwrap();
        let mut expected = project.clone();
        normalise(&mut expected);
        assert_eq!(loaded, expected);
        assert!(dir.path().join("coders/bob.json").is_file());
        let (from_file, _) = load_team(&dir.path().join(TEAM_FILE_NAME)).unwrap();
        assert_eq!(from_file, loaded, "the team file names the folder too");
    }

    #[test]
    fn saving_one_coder_writes_only_their_file() {
        let dir = tempfile::tempdir().unwrap();
        create_team(dir.path(), &two_coder_project()).unwrap();
        let (mut project, mut folder) = load_team(dir.path()).unwrap();
        let team_before = std::fs::read(dir.path().join(TEAM_FILE_NAME)).unwrap();
        let others_before: Vec<_> = std::fs::read_dir(dir.path().join(CODERS_FOLDER))
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with("bob"))
            .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
            .collect();
        assert!(!others_before.is_empty());
        let bob_key = project.positions.iter().find(|p| p.coder.as_str() == "bob").unwrap().key();
        let mut moved = project.positions.get(&bob_key).unwrap().clone();
        moved.value = 3.0;
        project.positions.insert(moved);
        assert!(!save_as_coder(&project, &"bob".into(), &mut folder).unwrap(), "the codebook did not change");
        assert_eq!(std::fs::read(dir.path().join(TEAM_FILE_NAME)).unwrap(), team_before);
        for (path, bytes) in &others_before {
            assert_eq!(&std::fs::read(path).unwrap(), bytes, "{} was rewritten", path.display());
        }
        let (reloaded, _) = load_team(dir.path()).unwrap();
        assert_eq!(reloaded.positions.get(&bob_key).unwrap().value, 3.0);

        project.actors[0].name = "Renamed".into();
        assert!(save_as_coder(&project, &"bob".into(), &mut folder).unwrap(), "a codebook change writes the team file");
        assert_eq!(load_team(dir.path()).unwrap().0.actors[0].name, "Renamed");
    }

    #[test]
    fn a_coder_who_joins_appears_without_a_team_file_change() {
        let dir = tempfile::tempdir().unwrap();
        create_team(dir.path(), &presets::sample_project()).unwrap();
        let (mut project, mut folder) = load_team(dir.path()).unwrap();
        project.coders.push(Coder { id: "carol".into(), name: "Carol".into() });
        save_coder(&project, &"carol".into(), &mut folder).unwrap();
        let (loaded, _) = load_team(dir.path()).unwrap();
        assert_eq!(loaded.coder(&"carol".into()).map(|c| c.name.as_str()), Some("Carol"));
    }

    #[test]
    fn a_position_in_the_wrong_coders_file_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        create_team(dir.path(), &two_coder_project()).unwrap();
        let path = dir.path().join("coders/bob.json");
        let text = std::fs::read_to_string(&path).unwrap().replace("\"coder\": \"bob\"", "\"coder\": \"analyst\"");
        let text = text.replacen("\"coder\": \"analyst\"", "\"coder\": \"bob\"", 1);
        std::fs::write(&path, text).unwrap();
        let error = load_team(dir.path()).unwrap_err().to_string();
        assert!(error.contains("bob.json") && error.contains("belongs to coder \"analyst\""), "{error}");
    }

    #[test]
    fn broken_files_are_named_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        create_team(dir.path(), &two_coder_project()).unwrap();
        std::fs::write(dir.path().join("coders/bob.json"), b"{\"format_version\": 2, \"positions\": [").unwrap();
        let error = load_team(dir.path()).unwrap_err().to_string();
        assert!(error.contains("bob.json: line 1"), "{error}");
        let empty = tempfile::tempdir().unwrap();
        let error = load_team(empty.path()).unwrap_err().to_string();
        assert!(error.contains("not a team project folder"), "{error}");
        assert!(create_team(dir.path(), &Project::default()).is_err(), "never written over");
    }

    #[test]
    fn odd_coder_ids_get_safe_distinct_file_names() {
        let root = Path::new("t");
        let a = coder_file_path(root, &"Ana María/1".into());
        let b = coder_file_path(root, &"ana_mar_a_1".into());
        assert_ne!(a, b);
        assert!(a.file_name().unwrap().to_str().unwrap().starts_with("ana_mar_a_1-"), "{}", a.display());
        assert_eq!(coder_file_path(root, &"bob".into()), root.join("coders/bob.json"));
    }
}
