//! Recovery files: the autosaved copy of a project with unsaved changes, so a crash or a kill
//! loses at most the last few seconds of work.
//!
//! A [`RecoveryStore`] is a folder — on Linux `$XDG_DATA_HOME/stancemap/recovery/` (default
//! `~/.local/share/stancemap/recovery/`), or `$STANCEMAP_RECOVERY_DIR` when set. Each open project
//! has one entry, named after its file (or `untitled-…` for a project never saved): `KEY.stancemap`
//! holds the project as it was, `KEY.json` says which file it belongs to. Both are written
//! atomically, the project first, so an entry is either whole or ignored. An entry is offered back
//! when it is newer than its project file, and removed after a clean save or a confirmed
//! "Don't save".

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::project_file::{self, ProjectFileError};
use crate::model::Project;
use crate::model::ids::stable_hash;

/// Overrides the recovery folder (tests, portable installs).
pub const RECOVERY_DIR_VARIABLE: &str = "STANCEMAP_RECOVERY_DIR";

/// What `KEY.json` records about an entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct EntryInfo {
    /// The project file the entry belongs to; `None` for a project never saved.
    project_path: Option<PathBuf>,
    /// The project's title, to name untitled work when it is offered back.
    title: String,
    /// When it was written (RFC 3339).
    written_at: String,
}

/// One recovery entry found in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveryEntry {
    /// The entry's key (its file name without extension).
    pub key: String,
    /// The project file it belongs to; `None` for untitled work.
    pub project_path: Option<PathBuf>,
    /// The project's title when it was written.
    pub title: String,
    /// When it was written (RFC 3339).
    pub written_at: String,
    /// The autosaved project file.
    pub file: PathBuf,
}

impl RecoveryEntry {
    /// Loads the autosaved project.
    pub fn load(&self) -> Result<Project, ProjectFileError> {
        project_file::load_project(&self.file)
    }
}

/// The folder of recovery entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// A store in `dir` (created on the first write).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The platform's store: `$STANCEMAP_RECOVERY_DIR`, else the data folder's `stancemap/recovery`.
    /// `None` when the system names no home folder.
    pub fn standard() -> Option<Self> {
        if let Some(dir) = std::env::var_os(RECOVERY_DIR_VARIABLE).filter(|dir| !dir.is_empty()) {
            return Some(Self::in_dir(dir));
        }
        let base = directories::BaseDirs::new()?;
        Some(Self::in_dir(base.data_dir().join("stancemap").join("recovery")))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a project's entry: its file's stem and a hash of its full path, or `untitled`
    /// with `untitled_id` for a project that has no file.
    pub fn key_for(project_path: Option<&Path>, untitled_id: &str) -> String {
        match project_path {
            Some(path) => {
                let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
                let stem: String = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default()
                    .chars()
                    .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
                    .take(40)
                    .collect();
                format!("{stem}-{:016x}", stable_hash(path.as_os_str().as_encoded_bytes()))
            }
            None => format!("untitled-{untitled_id}"),
        }
    }

    fn project_file(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.{}", project_file::PROJECT_EXTENSION))
    }

    fn info_file(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// Writes `json` (a project as [`project_file::project_to_json`] gives it) as the entry `key`
    /// for the project at `project_path`. Atomic: readers see the old entry or the new one.
    pub fn write(
        &self,
        key: &str,
        json: &[u8],
        project_path: Option<&Path>,
        title: &str,
    ) -> Result<(), ProjectFileError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|error| ProjectFileError::Write { path: self.dir.clone(), error })?;
        project_file::write_atomically(&self.project_file(key), json)?;
        let info = EntryInfo {
            project_path: project_path.map(Path::to_owned),
            title: title.to_owned(),
            written_at: crate::model::now_rfc3339(),
        };
        let info = serde_json::to_vec_pretty(&info).unwrap_or_default();
        project_file::write_atomically(&self.info_file(key), &info)
    }

    /// Removes the entry `key` (nothing happens when there is none).
    pub fn remove(&self, key: &str) {
        std::fs::remove_file(self.project_file(key)).ok();
        std::fs::remove_file(self.info_file(key)).ok();
    }

    /// Every whole entry in the store, oldest first.
    pub fn entries(&self) -> Vec<RecoveryEntry> {
        let Ok(listing) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut entries: Vec<(SystemTime, RecoveryEntry)> = listing
            .filter_map(Result::ok)
            .filter_map(|item| {
                let path = item.path();
                if path.extension().and_then(|ext| ext.to_str()) != Some("json") {
                    return None;
                }
                let key = path.file_stem()?.to_str()?.to_owned();
                let info: EntryInfo = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
                let file = self.project_file(&key);
                let written = std::fs::metadata(&file).and_then(|m| m.modified()).ok()?;
                let entry = RecoveryEntry {
                    key,
                    project_path: info.project_path,
                    title: info.title,
                    written_at: info.written_at,
                    file,
                };
                Some((written, entry))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
        entries.into_iter().map(|(_, entry)| entry).collect()
    }

    /// The entry of the project at `path` when it is newer than the file (or the file is gone).
    pub fn newer_than_file(&self, path: &Path) -> Option<RecoveryEntry> {
        let key = Self::key_for(Some(path), "");
        let entry = self.entries().into_iter().find(|entry| entry.key == key)?;
        let written = std::fs::metadata(&entry.file).and_then(|m| m.modified()).ok()?;
        match std::fs::metadata(path).and_then(|m| m.modified()) {
            Ok(saved) if saved >= written => None,
            _ => Some(entry),
        }
    }

    /// Entries of projects that were never saved, except the one keyed `own_key`.
    pub fn untitled(&self, own_key: &str) -> Vec<RecoveryEntry> {
        self.entries().into_iter().filter(|entry| entry.project_path.is_none() && entry.key != own_key).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn json(project: &Project) -> Vec<u8> {
        project_file::project_to_json(project).into_bytes()
    }

    #[test]
    fn an_entry_newer_than_its_file_is_found_and_removed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::in_dir(folder.path().join("recovery"));
        let path = folder.path().join("talks.stancemap");
        project_file::save_project(&path, &presets::sample_project()).expect("save");
        assert_eq!(store.newer_than_file(&path), None, "no entry yet");
        let key = RecoveryStore::key_for(Some(&path), "");
        assert!(key.starts_with("talks-"), "{key}");
        let mut changed = presets::sample_project();
        changed.title = "Changed".into();
        // File times have a coarse grain on some systems: make the entry clearly newer.
        std::thread::sleep(std::time::Duration::from_millis(20));
        store.write(&key, &json(&changed), Some(&path), &changed.title).expect("write");
        let entry = store.newer_than_file(&path).expect("the entry is newer");
        assert_eq!(entry.project_path.as_deref(), Some(path.as_path()));
        assert_eq!(entry.load().expect("loads").title, "Changed");
        // Saving the project makes the entry stale.
        std::thread::sleep(std::time::Duration::from_millis(20));
        project_file::save_project(&path, &changed).expect("save");
        assert_eq!(store.newer_than_file(&path), None);
        store.remove(&key);
        assert!(store.entries().is_empty());
    }

    #[test]
    fn untitled_work_is_listed_apart_from_the_own_entry() {
        let folder = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::in_dir(folder.path());
        let project = presets::new_project("Untitled");
        store.write("untitled-a", &json(&project), None, "First").expect("write");
        store.write("untitled-b", &json(&project), None, "Second").expect("write");
        let others = store.untitled("untitled-b");
        assert_eq!(others.len(), 1);
        assert_eq!(others[0].title, "First");
        // A half-written entry (no info file) is ignored.
        std::fs::remove_file(folder.path().join("untitled-a.json")).expect("remove");
        assert!(store.untitled("untitled-b").is_empty());
    }
}
