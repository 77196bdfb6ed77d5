//! Identifiers of the things a project holds.
//!
//! Ids are short strings ("russia", "nato-membership", "a-5e573abc") rather than numbers so that two
//! coders who add things independently rarely collide, and so that a project file diffs and merges
//! well in git. Each kind has its own newtype so an actor id can never be used as an issue id.

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a string as an id.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
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
                Self(id.to_owned())
            }
        }
    };
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
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
