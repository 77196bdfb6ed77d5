//! The analysis project as pure data: articles, actors, issues, coders and the positions coded on them.
//!
//! Nothing here knows about files or the GUI. The project file format (`io::project_file`) is the
//! serde form of [`Project`]; every struct is `#[serde(default)]` so files written by older versions
//! still load. Changes go through [`edit::Edit`], which returns its own inverse (undo/redo).

pub mod assign;
pub mod consensus;
pub mod diff;
pub mod edit;
pub mod generate;
pub mod ids;
pub mod merge;
pub mod positions;
pub mod presets;
pub mod progress;
pub mod span;
pub mod trash;
pub mod validate;
pub mod wording;

use serde::{Deserialize, Serialize};

pub use edit::Edit;
pub use ids::{ActorId, ArticleId, CoderId, IssueId, Stamp};
pub use positions::{HistoryEntry, Position, PositionKey, Positions};
pub use trash::{TrashItem, Trashed};
pub use validate::ValidationError;

/// The version of the project file format this build writes. Files with a larger number are refused.
pub const FORMAT_VERSION: u32 = 2;

/// One analysis: its articles, the actors and issues coded, and every position assigned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    /// File format version; always written first so readers can refuse newer files early.
    pub format_version: u32,
    /// Name shown in the window title and in exports.
    pub title: String,
    /// Free-text description of the project (research question, sampling notes).
    pub description: String,
    /// People who code positions. Positions name their coder.
    pub coders: Vec<Coder>,
    /// Parties whose positions are mapped, in display order.
    pub actors: Vec<Actor>,
    /// Issue axes, in display order.
    pub issues: Vec<Issue>,
    /// Source texts, in reading order.
    #[serde(deserialize_with = "progress::articles")]
    pub articles: Vec<Article>,
    /// Coded positions, ordered by (issue, actor, article, coder) for stable files.
    pub positions: Positions,
    /// Suggested stances the analyst rejected, so they are not offered again (left out of the
    /// file while empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_suggestions: Vec<RejectedSuggestion>,
    /// Articles coders marked as done (left out of the file while empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done_articles: Vec<DoneMark>,
    /// Candidate actor names the analyst said are not actors, so they are not offered again (left
    /// out of the file while empty; compared ignoring case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed_candidates: Vec<String>,
    /// What was deleted, restorable (oldest first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trash: Vec<TrashItem>,
    /// Which coder is to code which article (a team project's `team assign`), sorted by article
    /// then coder; left out of the file while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    /// What the lead settled on where coders disagreed (adjudication), sorted by unit (issue,
    /// actor, article); kept apart from the coders' own positions and left out of the file while
    /// empty (older readers ignore it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consensus: Vec<consensus::Consensus>,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: String::new(),
            description: String::new(),
            coders: Vec::new(),
            actors: Vec::new(),
            issues: Vec::new(),
            articles: Vec::new(),
            positions: Positions::default(),
            rejected_suggestions: Vec::new(),
            done_articles: Vec::new(),
            dismissed_candidates: Vec::new(),
            trash: Vec::new(),
            assignments: Vec::new(),
            consensus: Vec::new(),
        }
    }
}

/// An article given to a coder to code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Assignment {
    /// The article.
    pub article: ArticleId,
    /// Who is to code it.
    pub coder: CoderId,
    /// True when the article is in the reliability subsample (given to more than one coder to
    /// measure agreement).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overlap: bool,
}

/// A suggested stance the analyst rejected: one actor on one issue from one sentence of an article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct RejectedSuggestion {
    /// The article the suggestion was made for.
    pub article: ArticleId,
    /// The actor it named.
    pub actor: ActorId,
    /// The issue it was about.
    pub issue: IssueId,
    /// Byte offset of the sentence's start in the article text.
    pub start: usize,
    /// Byte offset just past the sentence's end.
    pub end: usize,
}

/// A coder's note that they finished coding an article ("Mark article done").
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct DoneMark {
    /// The article.
    pub article: ArticleId,
    /// Who finished it.
    pub coder: CoderId,
}

impl Project {
    /// True when `coder` marked `article` as done.
    pub fn is_done(&self, article: &ArticleId, coder: &CoderId) -> bool {
        self.done_articles.iter().any(|mark| &mark.article == article && &mark.coder == coder)
    }

    /// True when `article` is assigned to `coder`.
    pub fn is_assigned(&self, article: &ArticleId, coder: &CoderId) -> bool {
        self.assignments.iter().any(|assignment| &assignment.article == article && &assignment.coder == coder)
    }

    /// Looks up an actor by id.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.actors.iter().find(|actor| &actor.id == id)
    }

    /// Looks up an issue by id.
    pub fn issue(&self, id: &IssueId) -> Option<&Issue> {
        self.issues.iter().find(|issue| &issue.id == id)
    }

    /// Looks up an article by id.
    pub fn article(&self, id: &ArticleId) -> Option<&Article> {
        self.articles.iter().find(|article| &article.id == id)
    }

    /// Looks up a coder by id.
    pub fn coder(&self, id: &CoderId) -> Option<&Coder> {
        self.coders.iter().find(|coder| &coder.id == id)
    }

    /// Finds an actor by name or alias, ignoring case; ids match too.
    pub fn find_actor_by_name(&self, name: &str) -> Option<&Actor> {
        let name = name.trim();
        self.actors.iter().find(|actor| {
            actor.id.as_str().eq_ignore_ascii_case(name)
                || actor.name.eq_ignore_ascii_case(name)
                || actor.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
        })
    }

    /// Finds an issue by id or name, ignoring case.
    pub fn find_issue_by_name(&self, name: &str) -> Option<&Issue> {
        let name = name.trim();
        self.issues
            .iter()
            .find(|issue| issue.id.as_str().eq_ignore_ascii_case(name) || issue.name.eq_ignore_ascii_case(name))
    }

    /// Finds an article by id or title, ignoring case.
    pub fn find_article_by_name(&self, name: &str) -> Option<&Article> {
        let name = name.trim();
        self.articles
            .iter()
            .find(|article| article.id.as_str().eq_ignore_ascii_case(name) || article.title.eq_ignore_ascii_case(name))
    }

    /// A fresh actor id derived from `name` that no actor uses yet.
    pub fn new_actor_id(&self, name: &str) -> ActorId {
        let base = ids::slugify(name, "actor");
        ActorId::new(ids::unique_id(&base, |id| self.actors.iter().any(|a| a.id.as_str() == id)))
    }

    /// A fresh issue id derived from `name` that no issue uses yet.
    pub fn new_issue_id(&self, name: &str) -> IssueId {
        let base = ids::slugify(name, "issue");
        IssueId::new(ids::unique_id(&base, |id| self.issues.iter().any(|i| i.id.as_str() == id)))
    }

    /// A fresh coder id derived from `name` that no coder uses yet.
    pub fn new_coder_id(&self, name: &str) -> CoderId {
        let base = ids::slugify(name, "coder");
        CoderId::new(ids::unique_id(&base, |id| self.coders.iter().any(|c| c.id.as_str() == id)))
    }

    /// The id an article with this text gets: a hash of its normalised text, so the same text
    /// imported twice is recognised. Made unique against existing articles with other text.
    pub fn new_article_id(&self, text: &str) -> ArticleId {
        article_id_for(text_fingerprint(text), |id| self.articles.iter().any(|a| a.id.as_str() == id))
    }
}

/// The id for an article whose text has `fingerprint` (see [`text_fingerprint`]): `a-` and the
/// fingerprint's high 32 bits in hex, made unique against the ids `taken` reports as used.
pub fn article_id_for(fingerprint: u64, taken: impl Fn(&str) -> bool) -> ArticleId {
    ArticleId::new(ids::unique_id(&format!("a-{:08x}", fingerprint >> 32), taken))
}

/// A hash of the text with case and whitespace differences removed: two imports of the same article
/// from different formats (HTML vs. text) get the same fingerprint.
pub fn text_fingerprint(text: &str) -> u64 {
    let normalised: String = text
        .split_whitespace()
        .flat_map(|word| word.chars().flat_map(char::to_lowercase).chain(std::iter::once(' ')))
        .collect();
    ids::stable_hash(normalised.as_bytes())
}

/// A person who codes positions (analysts compare coders for inter-coder agreement).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Coder {
    /// Stable id used by positions.
    pub id: CoderId,
    /// Display name.
    pub name: String,
}

/// What kind of party an actor is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A country or its government.
    #[default]
    State,
    /// An individual (head of state, minister, envoy).
    Person,
    /// An international or non-governmental organisation.
    Organisation,
    /// Anything else (a party, a movement, "the public").
    Other,
}

impl ActorKind {
    /// All kinds, for pickers.
    pub const ALL: [ActorKind; 4] = [Self::State, Self::Person, Self::Organisation, Self::Other];

    /// Human-readable label.
    pub fn label(self) -> &'static str {
        match self {
            Self::State => "State",
            Self::Person => "Person",
            Self::Organisation => "Organisation",
            Self::Other => "Other",
        }
    }
}

/// An sRGB colour, written as `"#rrggbb"` in project files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// The colour as `#rrggbb`.
    pub fn to_hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Parses `#rrggbb` (the `#` is optional).
    pub fn from_hex(text: &str) -> Option<Self> {
        let hex = text.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let channel = |range: std::ops::Range<usize>| u8::from_str_radix(&hex[range], 16).ok();
        Some(Self([channel(0..2)?, channel(2..4)?, channel(4..6)?]))
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("colour {text:?} is not of the form \"#rrggbb\"")))
    }
}

/// A distinct, colour-blind-safe palette for new actors: Okabe–Ito's six plus six from Paul Tol's
/// muted scheme (its lighter ones, legible on both themes), so the first twelve actors get twelve colours that stay apart under the common
/// colour-vision deficiencies (figures give actors that share a colour different marker shapes).
pub const ACTOR_PALETTE: [Rgb; 12] = [
    Rgb([0x00, 0x72, 0xb2]), // blue
    Rgb([0xd5, 0x5e, 0x00]), // vermillion
    Rgb([0xe6, 0x9f, 0x00]), // orange
    Rgb([0x00, 0x9e, 0x73]), // bluish green
    Rgb([0xcc, 0x79, 0xa7]), // reddish purple
    Rgb([0x56, 0xb4, 0xe9]), // sky blue
    Rgb([0xaa, 0x44, 0x99]), // purple
    Rgb([0xcc, 0x66, 0x77]), // rose
    Rgb([0x11, 0x77, 0x33]), // green
    Rgb([0x99, 0x99, 0x33]), // olive
    Rgb([0x44, 0xaa, 0x99]), // teal
    Rgb([0x7f, 0x7f, 0x7f]), // grey
];

/// A party whose positions are mapped: a state, leader or organisation, with the names it goes by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Actor {
    /// Stable id used by positions.
    pub id: ActorId,
    /// Display name, e.g. "Russia".
    pub name: String,
    /// Other names that count as mentions in articles, e.g. "Putin", "Kremlin", "Moscow".
    pub aliases: Vec<String>,
    /// Colour of the actor's markers and highlights.
    pub color: Rgb,
    /// State, person, organisation or other.
    pub kind: ActorKind,
    /// Relative power or resources (0–100), the weight in forecasts.
    pub capability: f64,
    /// The actor this one rolls up into for aggregation (e.g. a minister into their state).
    pub parent: Option<ActorId>,
    /// Short label for markers (e.g. "RU"); derived from the name when empty.
    pub short_name: String,
}

impl Default for Actor {
    fn default() -> Self {
        Self {
            id: ActorId::default(),
            name: String::new(),
            aliases: Vec::new(),
            color: ACTOR_PALETTE[0],
            kind: ActorKind::State,
            capability: 50.0,
            parent: None,
            short_name: String::new(),
        }
    }
}

impl Actor {
    /// The marker label: `short_name`, else initials of the name's words ("United States" → "US"),
    /// else its first three letters.
    pub fn marker_label(&self) -> String {
        if !self.short_name.trim().is_empty() {
            return self.short_name.trim().to_owned();
        }
        let words: Vec<&str> = self.name.split_whitespace().collect();
        if words.len() > 1 {
            words
                .iter()
                .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|word| word.chars().next())
                .take(3)
                .collect()
        } else {
            self.name.chars().take(3).collect()
        }
    }

    /// Every name the actor goes by: its name, then its aliases (non-empty ones).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }
}

/// An issue axis: a question on which actors take positions between two labelled poles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Issue {
    /// Stable id used by positions.
    pub id: IssueId,
    /// Display name, e.g. "Ukraine's NATO membership".
    pub name: String,
    /// What the axis measures, for coders.
    pub description: String,
    /// Value of the low pole.
    pub scale_min: f64,
    /// Value of the high pole.
    pub scale_max: f64,
    /// Meaning of the low pole, e.g. "Rules out membership".
    pub low_label: String,
    /// Meaning of the high pole, e.g. "Supports membership".
    pub high_label: String,
    /// Words that count as a mention of the issue in articles (highlighted in the reader).
    pub keywords: Vec<String>,
    /// Phrases that name the issue and point to one of its poles, beside the keywords, for the
    /// suggester ("land swap" points to ceding territory). `None`: the presets' phrases for a preset
    /// issue (by id), none for another; left out of the file while `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pole_phrases: Option<presets::PolePhrases>,
    /// Phrases learnt from the analyst's coding that the analyst told the suggester to forget for
    /// this issue; they are never learnt again (left out of the file while empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgotten_phrases: Vec<String>,
}

impl Default for Issue {
    fn default() -> Self {
        Self {
            id: IssueId::default(),
            name: String::new(),
            description: String::new(),
            scale_min: 0.0,
            scale_max: 100.0,
            low_label: String::new(),
            high_label: String::new(),
            keywords: Vec::new(),
            pole_phrases: None,
            forgotten_phrases: Vec::new(),
        }
    }
}

impl Issue {
    /// The pole phrases the suggester reads for this issue: its own, else the presets' for a
    /// preset issue, else none.
    pub fn effective_pole_phrases(&self) -> presets::PolePhrases {
        match &self.pole_phrases {
            Some(phrases) => phrases.clone(),
            None => presets::pole_phrases().remove(self.id.as_str()).unwrap_or_default(),
        }
    }

    /// Clamps a value onto the scale.
    pub fn clamp(&self, value: f64) -> f64 {
        let (low, high) = self.bounds();
        if value.is_nan() { low } else { value.clamp(low, high) }
    }

    /// `(min, max)` with min ≤ max even if the file swapped them.
    pub fn bounds(&self) -> (f64, f64) {
        (self.scale_min.min(self.scale_max), self.scale_min.max(self.scale_max))
    }

    /// Scale width (never zero, so it is safe to divide by).
    pub fn span(&self) -> f64 {
        let (low, high) = self.bounds();
        (high - low).max(f64::EPSILON)
    }

    /// The midpoint of the scale, where a newly placed marker starts.
    pub fn midpoint(&self) -> f64 {
        let (low, high) = self.bounds();
        (low + high) / 2.0
    }
}

/// A source text in which positions are found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Stable id used by positions.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Outlet, e.g. "CBS News".
    pub source: String,
    /// Publication date, `YYYY-MM-DD` where known.
    pub date: String,
    /// Where it was published.
    pub url: String,
    /// Author(s).
    pub byline: String,
    /// File it was imported from (name only).
    pub origin_file: String,
    /// Full text; paragraphs separated by blank lines. Evidence spans are byte offsets into it.
    pub text: String,
}

impl Article {
    /// The article's paragraphs with their byte offsets in `text`.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        let base = self.text.as_ptr() as usize;
        self.text
            .split("\n\n")
            .map(str::trim_end)
            .filter(|paragraph| !paragraph.trim().is_empty())
            .map(move |paragraph| (paragraph.as_ptr() as usize - base, paragraph))
    }
}

/// How sure the coder is of a position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A guess from indirect evidence.
    Low,
    /// Reasonably supported.
    #[default]
    Medium,
    /// Explicitly stated.
    High,
}

impl Confidence {
    /// All levels, for pickers.
    pub const ALL: [Confidence; 3] = [Self::Low, Self::Medium, Self::High];

    /// Human-readable label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
        }
    }

    /// Weight in confidence-weighted aggregation.
    pub fn weight(self) -> f64 {
        match self {
            Self::Low => 1.0,
            Self::Medium => 2.0,
            Self::High => 3.0,
        }
    }

    /// Parses "low"/"medium"/"high" (any case) or 1/2/3.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" | "l" | "1" => Some(Self::Low),
            "medium" | "med" | "m" | "2" => Some(Self::Medium),
            "high" | "h" | "3" => Some(Self::High),
            _ => None,
        }
    }
}

/// A quote from an article that supports a position, tied to its exact place in the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    /// Byte offset where the quote starts in the article text.
    pub start: usize,
    /// Byte offset just past the quote's end.
    pub end: usize,
    /// The quoted text, equal to `article.text[start..end]` (kept so the file is readable and
    /// the link can be checked).
    pub quote: String,
}

impl Evidence {
    /// Evidence for `text[start..end]`, or `None` when the range is empty, out of bounds or not on
    /// character boundaries.
    pub fn from_span(text: &str, start: usize, end: usize) -> Option<Self> {
        let quote = text.get(start..end)?;
        if quote.trim().is_empty() {
            return None;
        }
        Some(Self { start, end, quote: quote.to_owned() })
    }
}

/// The accessible name (and undo wording) of a marker: "<actor> on <issue>".
pub fn marker_label(actor_name: &str, issue_name: &str) -> String {
    format!("{actor_name} on {issue_name}")
}

/// The current time as RFC 3339 (UTC, seconds), for `Position::updated`.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_labels_use_initials() {
        let actor = |name: &str| Actor { name: name.into(), ..Actor::default() };
        assert_eq!(actor("United States").marker_label(), "US");
        assert_eq!(actor("Russia").marker_label(), "Rus");
        assert_eq!(actor("European Union").marker_label(), "EU");
        let short = Actor { short_name: "RU".into(), ..actor("Russia") };
        assert_eq!(short.marker_label(), "RU");
    }

    #[test]
    fn colours_round_trip_through_hex() {
        let colour = Rgb([0x12, 0xab, 0xff]);
        assert_eq!(colour.to_hex(), "#12abff");
        assert_eq!(Rgb::from_hex("#12abff"), Some(colour));
        assert_eq!(Rgb::from_hex("12ABFF"), Some(colour));
        assert_eq!(Rgb::from_hex("#12ab"), None);
        assert_eq!(Rgb::from_hex("#12abfé"), None);
    }

    #[test]
    fn paragraphs_report_byte_offsets() {
        let article = Article { text: "One.\n\nTwo two.\n\n\n\nThree".into(), ..Article::default() };
        let paragraphs: Vec<_> = article.paragraphs().collect();
        assert_eq!(paragraphs, vec![(0, "One."), (6, "Two two."), (18, "Three")]);
        for (offset, paragraph) in paragraphs {
            assert_eq!(&article.text[offset..offset + paragraph.len()], paragraph);
        }
    }

    #[test]
    fn fingerprint_ignores_case_and_spacing() {
        assert_eq!(text_fingerprint("Hello  World\n"), text_fingerprint("hello world"));
        assert_ne!(text_fingerprint("hello world"), text_fingerprint("hello there"));
    }

    #[test]
    fn evidence_requires_a_valid_span() {
        let text = "Kyiv — “no”";
        assert!(Evidence::from_span(text, 0, 4).is_some());
        assert!(Evidence::from_span(text, 0, 6).is_none(), "inside the dash");
        assert!(Evidence::from_span(text, 3, 3).is_none(), "empty");
        assert!(Evidence::from_span(text, 0, 100).is_none(), "out of bounds");
    }
}
