//! Identifiers of the things a project holds.
//!
//! Ids are short strings ("russia", "nato-membership", "a-5e573abc") rather than numbers so that two
//! coders who add things independently rarely collide, and so that a project file diffs and merges
//! well in git. Each kind has its own newtype so an actor id can never be used as an issue id.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// The text is shared (`Arc<str>`): clones copy a pointer, and ids read from one project
        /// file share one allocation per distinct id (see [`with_interning`]).
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub Arc<str>);

        impl $name {
            /// Wraps a string as an id.
            pub fn new(id: impl Into<String>) -> Self {
                Self(Arc::from(id.into()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(Arc::from(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(Arc::from(id))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(InternVisitor).map(Self)
            }
        }
    };
}

thread_local! {
    /// The ids read so far by the [`with_interning`] call running on this thread, if any.
    static INTERNER: RefCell<Option<HashSet<Arc<str>>>> = const { RefCell::new(None) };
}

/// Runs `read` (a deserialisation) so that equal ids it reads share one allocation: a project's
/// 50,000 positions name a few hundred distinct ids 200,000 times. The table lives only for the
/// call, so nothing stays behind once the project is read.
pub fn with_interning<R>(read: impl FnOnce() -> R) -> R {
    let outer = INTERNER.with(|table| table.borrow_mut().replace(HashSet::new()));
    let result = read();
    INTERNER.with(|table| *table.borrow_mut() = outer);
    result
}

/// The shared text for `id`: the interned copy inside [`with_interning`], a new one outside it.
fn intern(id: &str) -> Arc<str> {
    INTERNER.with(|table| match table.borrow_mut().as_mut() {
        Some(table) => match table.get(id) {
            Some(shared) => Arc::clone(shared),
            None => {
                let shared: Arc<str> = Arc::from(id);
                table.insert(Arc::clone(&shared));
                shared
            }
        },
        None => Arc::from(id),
    })
}

/// Reads an id as a string, interned.
struct InternVisitor;

impl serde::de::Visitor<'_> for InternVisitor {
    type Value = Arc<str>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Self::Value, E> {
        Ok(intern(id))
    }
}

string_id!(
    /// Identifies an [`crate::model::Actor`].
    ActorId
);
string_id!(
    /// Identifies an [`crate::model::Issue`].
    IssueId
);
string_id!(
    /// Identifies an [`crate::model::Article`].
    ArticleId
);
string_id!(
    /// Identifies a [`crate::model::Coder`], the person who assigned a position.
    CoderId
);

/// A time stamp as the file writes it (RFC 3339, e.g. `2026-01-05T09:00:00Z`), such as when a
/// position was last changed. It reads as a `&str`; its text is shared like an id's, since a
/// project's positions carry a stamp each and those coded in one sitting share a few hundred
/// (500,000 positions held 500,000 strings of 20 bytes, each in its own 32-byte block, beside a
/// 24-byte `String`: 28 MB). Kept as text, so a file written back has the stamps it was read with.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(Arc<str>);

impl Stamp {
    /// The stamp as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Stamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Stamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Stamp {
    fn from(stamp: &str) -> Self {
        Self(Arc::from(stamp))
    }
}

impl From<String> for Stamp {
    fn from(stamp: String) -> Self {
        Self(Arc::from(stamp))
    }
}

impl From<&String> for Stamp {
    fn from(stamp: &String) -> Self {
        Self(Arc::from(stamp.as_str()))
    }
}

impl From<Stamp> for String {
    fn from(stamp: Stamp) -> Self {
        stamp.0.to_string()
    }
}

impl PartialEq<str> for Stamp {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Stamp {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Stamp {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(InternVisitor).map(Self)
    }
}

/// Turns a display name into an id-friendly slug: lowercase ASCII letters and digits joined by '-'.
///
/// Falls back to `fallback` when nothing usable remains (e.g. a name in a non-Latin script).
pub fn slugify(name: &str, fallback: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(40);
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { fallback.to_owned() } else { slug }
}

/// Returns `base`, or `base-2`, `base-3`, … — the first that `taken` does not report as used.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|candidate| !taken(candidate)).unwrap_or_else(|| base.to_owned())
}

/// A stable 64-bit FNV-1a hash, used for article ids and duplicate detection.
///
/// Stable across platforms and Rust versions (unlike `DefaultHasher`), so ids written into project
/// files stay meaningful.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_words_and_drops_punctuation() {
        assert_eq!(slugify("Ukraine's NATO membership", "x"), "ukraine-s-nato-membership");
        assert_eq!(slugify("  United   States ", "x"), "united-states");
        assert_eq!(slugify("Путин", "actor"), "actor");
    }

    #[test]
    fn unique_id_appends_a_counter() {
        let taken = ["russia", "russia-2"];
        assert_eq!(unique_id("russia", |id| taken.contains(&id)), "russia-3");
        assert_eq!(unique_id("ukraine", |id| taken.contains(&id)), "ukraine");
    }

    #[test]
    fn ids_read_inside_with_interning_share_their_text() {
        let json = r#"["russia", "russia", "ukraine"]"#;
        let ids: Vec<ActorId> = with_interning(|| serde_json::from_str(json).unwrap());
        assert!(Arc::ptr_eq(&ids[0].0, &ids[1].0));
        assert_eq!(ids[2].as_str(), "ukraine");
        let apart: Vec<ActorId> = serde_json::from_str(json).unwrap();
        assert!(!Arc::ptr_eq(&apart[0].0, &apart[1].0));
        assert_eq!(apart, ids);
        assert_eq!(serde_json::to_string(&ids).unwrap(), r#"["russia","russia","ukraine"]"#);
    }

    #[test]
    fn stamps_read_inside_with_interning_share_their_text_and_write_back_as_read() {
        let json = r#"["2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z", "yesterday"]"#;
        let stamps: Vec<Stamp> = with_interning(|| serde_json::from_str(json).unwrap());
        assert!(Arc::ptr_eq(&stamps[0].0, &stamps[1].0));
        assert_eq!(stamps[2], "yesterday", "any text is kept as it is");
        assert_eq!(serde_json::to_string(&stamps).unwrap(), json.replace(", ", ","));
        assert_eq!(Stamp::from("x").len(), 1, "reads as a str");
    }

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
