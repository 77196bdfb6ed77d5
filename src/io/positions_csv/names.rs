//! Actor and issue names in a positions CSV that the project does not know: found before anything
//! is imported, each with the closest existing name ("Russa" → Russia, "Ukraines NATO membership"
//! → Ukraine's NATO membership: case, apostrophes and punctuation ignored, then a small edit
//! distance), so a typo is not silently created as a new actor. The caller decides per name — use
//! the existing one, or create it ([`NameChoices`]) — and the command line refuses without
//! `--create-missing`.

use crate::model::Project;

use super::PositionRow;

/// Whether a name is an actor's or an issue's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// The `actor` column.
    Actor,
    /// The `issue` column.
    Issue,
}

impl NameKind {
    /// "actor" or "issue".
    pub fn label(self) -> &'static str {
        match self {
            Self::Actor => "actor",
            Self::Issue => "issue",
        }
    }
}

/// A name in the CSV that matches no actor or issue of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// Actor or issue.
    pub kind: NameKind,
    /// The name as written in the file.
    pub name: String,
    /// The first row (line) that uses it.
    pub row: usize,
    /// The closest existing actor or issue, if one is close: (id, name).
    pub suggestion: Option<(String, String)>,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: unknown {} \"{}\"", self.row, self.kind.label(), self.name)?;
        match &self.suggestion {
            Some((_, suggestion)) => write!(f, ": did you mean \"{suggestion}\"?"),
            None => write!(f, " (no {} has a similar name)", self.kind.label()),
        }
    }
}

/// What to do with names the project does not know.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameChoices {
    /// Create every unknown name not in `use_existing` as a new actor or issue.
    pub create_missing: bool,
    /// Names to read as an existing actor or issue: (kind, name as written, id).
    pub use_existing: Vec<(NameKind, String, String)>,
    /// The coder (id or name) of rows without a coder cell; `None`: the default coder
    /// ([`crate::model::presets::DEFAULT_CODER_ID`]).
    pub default_coder: Option<String>,
}

impl NameChoices {
    /// Creates whatever is unknown (the importer's behaviour for a fresh project).
    pub fn create_all() -> Self {
        Self { create_missing: true, use_existing: Vec::new(), default_coder: None }
    }

    /// The id chosen for `name`, if the user chose an existing actor or issue for it.
    pub fn chosen(&self, kind: NameKind, name: &str) -> Option<&str> {
        self.use_existing
            .iter()
            .find(|(chosen_kind, chosen_name, _)| *chosen_kind == kind && chosen_name.eq_ignore_ascii_case(name))
            .map(|(_, _, id)| id.as_str())
    }
}

/// The actor and issue names of `rows` that `project` does not know and `choices` does not map,
/// each once (first row), in file order.
pub fn unknown_names(project: &Project, rows: &[PositionRow], choices: &NameChoices) -> Vec<UnknownName> {
    let mut unknown: Vec<UnknownName> = Vec::new();
    for row in rows {
        for (kind, name) in [(NameKind::Actor, row.actor.as_str()), (NameKind::Issue, row.issue.as_str())] {
            let known = match kind {
                NameKind::Actor => project.find_actor_by_name(name).is_some(),
                NameKind::Issue => project.find_issue_by_name(name).is_some(),
            };
            let listed = unknown.iter().any(|u| u.kind == kind && u.name.eq_ignore_ascii_case(name));
            if known || listed || choices.chosen(kind, name).is_some() {
                continue;
            }
            let suggestion = match kind {
                NameKind::Actor => closest(name, project.actors.iter().map(|a| (a.id.as_str(), &a.name, a.names()))),
                NameKind::Issue => closest(
                    name,
                    project.issues.iter().map(|i| (i.id.as_str(), &i.name, std::iter::once(i.name.as_str()))),
                ),
            };
            unknown.push(UnknownName { kind, name: name.to_owned(), row: row.row, suggestion });
        }
    }
    unknown
}

/// The item (id, display name, names it goes by) with a name closest to `name`, if close enough.
fn closest<'a, N: Iterator<Item = &'a str>>(
    name: &str,
    items: impl Iterator<Item = (&'a str, &'a String, N)>,
) -> Option<(String, String)> {
    let wanted = normalise(name);
    let mut best: Option<(usize, String, String)> = None;
    for (id, display, names) in items {
        for candidate in names {
            let distance = edit_distance(&wanted, &normalise(candidate));
            if distance <= allowed_distance(&wanted) && best.as_ref().is_none_or(|(d, ..)| distance < *d) {
                best = Some((distance, id.to_owned(), display.clone()));
            }
        }
    }
    best.map(|(_, id, display)| (id, display))
}

/// Lower case, apostrophes dropped, other punctuation and runs of spaces as one space.
fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().filter(|c| !matches!(c, '\'' | '’' | '`')) {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// How many edits still count as a typo: one in a short name, up to four in a long one.
fn allowed_distance(normalised: &str) -> usize {
    (normalised.chars().count() / 5).clamp(1, 4)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The field delimiter of a CSV: whichever of `,`, `;` and tab occurs most (outside quotes) in
/// its first non-empty line, comma when none does. Spreadsheets in many locales write `;`.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&index| (counts[index], usize::from(index == 0))).unwrap_or(0);
    if counts[best] == 0 { b',' } else { delimiters[best] }
}

/// A number written with a decimal comma ("0,5", "-2,75"), as semicolon-separated files do.
pub fn decimal_comma(text: &str) -> Option<f64> {
    if text.contains('.') || text.matches(',').count() != 1 {
        return None;
    }
    text.replace(',', ".").parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    fn row(actor: &str, issue: &str, line: usize) -> PositionRow {
        PositionRow {
            row: line,
            actor: actor.into(),
            issue: issue.into(),
            position: 1.0,
            article: None,
            salience: None,
            confidence: None,
            coder: None,
            capability: None,
            quote: None,
        }
    }

    #[test]
    fn typos_get_the_closest_name_and_strangers_none() {
        let project = presets::sample_project();
        let rows = [
            row("Russa", "Ukraines NATO membership", 2),
            row("russa", "nato-membership", 3),
            row("China", "ukraine's nato membership", 4),
            row("Zelenskij", "Sanctions", 5),
        ];
        let unknown = unknown_names(&project, &rows, &NameChoices::default());
        let described: Vec<String> = unknown.iter().map(ToString::to_string).collect();
        assert_eq!(
            described,
            vec![
                "row 2: unknown actor \"Russa\": did you mean \"Russia\"?",
                "row 2: unknown issue \"Ukraines NATO membership\": did you mean \"Ukraine's NATO membership\"?",
                "row 4: unknown actor \"China\" (no actor has a similar name)",
                "row 5: unknown actor \"Zelenskij\": did you mean \"Ukraine\"?",
                "row 5: unknown issue \"Sanctions\" (no issue has a similar name)",
            ]
        );
        let choices = NameChoices {
            create_missing: false,
            use_existing: vec![(NameKind::Actor, "Russa".into(), "russia".into())],
            default_coder: None,
        };
        assert_eq!(unknown_names(&project, &rows, &choices).len(), 4);
    }

    #[test]
    fn delimiters_and_decimal_commas_are_recognised() {
        assert_eq!(sniff_delimiter("actor;issue;position\nRussia;x;0,5"), b';');
        assert_eq!(sniff_delimiter("\n\nactor,issue,position"), b',');
        assert_eq!(sniff_delimiter("actor\tissue\tposition"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",issue,position"), b',');
        assert_eq!(sniff_delimiter("actor"), b',');
        assert_eq!(decimal_comma("0,5"), Some(0.5));
        assert_eq!(decimal_comma("-2,75"), Some(-2.75));
        assert_eq!(decimal_comma("1,000.5"), None);
        assert_eq!(decimal_comma("1,2,3"), None);
    }
}
