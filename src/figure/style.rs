//! How actors are told apart in a figure: unique short names and marker shapes.
//!
//! Colours are the actors' own (the palette gives the first twelve actors twelve colour-blind-safe
//! colours); when several shown actors share a colour, the second gets a square, the third a
//! triangle and so on, so colour and shape together name an actor. Short names are the actors'
//! marker labels made unique: "Bel" for both Belgium and Belarus becomes "Belg" and "Bela".

use std::collections::HashMap;

use crate::model::{Actor, Rgb};

/// A marker shape; every backend draws all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A filled circle (the first actor of a colour).
    #[default]
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle pointing up.
    Triangle,
    /// A filled diamond.
    Diamond,
    /// A filled triangle pointing down.
    TriangleDown,
    /// A plus sign.
    Plus,
}

impl Shape {
    /// Every shape, in the order actors sharing a colour get them.
    pub const ALL: [Shape; 6] =
        [Self::Circle, Self::Square, Self::Triangle, Self::Diamond, Self::TriangleDown, Self::Plus];

    /// The shape's name, for legends read by screen readers and for SVG classes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Circle => "circle",
            Self::Square => "square",
            Self::Triangle => "triangle",
            Self::Diamond => "diamond",
            Self::TriangleDown => "down-triangle",
            Self::Plus => "plus",
        }
    }
}

/// The shape of each actor in `colours` (in order): the n-th actor of a colour gets the n-th shape
/// (cycling after six).
pub fn shapes(colours: &[Rgb]) -> Vec<Shape> {
    let mut seen: HashMap<Rgb, usize> = HashMap::new();
    colours
        .iter()
        .map(|colour| {
            let count = seen.entry(*colour).or_default();
            let shape = Shape::ALL[*count % Shape::ALL.len()];
            *count += 1;
            shape
        })
        .collect()
}

/// Each actor's short name, unique within `actors` (ignoring case): its marker label, lengthened
/// from its name ("Belg", "Bela") where two labels clash, with a number added as a last resort.
///
/// The names of the last actor list asked for are kept: every frame's legend and axes ask again
/// for the same list, and making them lower-cases every name (a tenth of a drag frame with a
/// hundred actors).
pub fn short_names(actors: &[Actor]) -> Vec<String> {
    use std::hash::{Hash, Hasher};
    use std::sync::Mutex;
    static LAST: Mutex<Option<(u64, usize, Vec<String>)>> = Mutex::new(None);
    // Only the names and the explicit short names are read.
    let mut hasher = std::hash::DefaultHasher::new();
    for actor in actors {
        (&actor.name, &actor.short_name).hash(&mut hasher);
    }
    let key = (hasher.finish(), actors.len());
    if let Ok(last) = LAST.lock()
        && let Some((hash, len, names)) = last.as_ref()
        && (*hash, *len) == key
    {
        return names.clone();
    }
    let names = make_short_names(actors);
    if let Ok(mut last) = LAST.lock() {
        *last = Some((key.0, key.1, names.clone()));
    }
    names
}

fn make_short_names(actors: &[Actor]) -> Vec<String> {
    let mut names: Vec<String> = actors.iter().map(Actor::marker_label).collect();
    let compact: Vec<Vec<char>> =
        actors.iter().map(|actor| actor.name.chars().filter(|ch| !ch.is_whitespace()).collect()).collect();
    let clashing = |names: &[String]| -> Vec<Vec<usize>> {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, name) in names.iter().enumerate() {
            groups.entry(name.to_lowercase()).or_default().push(index);
        }
        let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|group| group.len() > 1).collect();
        groups.sort();
        groups
    };
    for group in clashing(&names) {
        let taken: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(index, _)| !group.contains(index))
            .map(|(_, name)| name.to_lowercase())
            .collect();
        // Names that differ by a number ("Region 12", "Region 13") keep the label and add it.
        let numbered: Vec<String> = group
            .iter()
            .map(|&index| {
                let digits: String = actors[index].name.chars().filter(char::is_ascii_digit).collect();
                format!("{}{digits}", names[index])
            })
            .collect();
        if distinct_and_free(&numbered, &taken) {
            for (&index, candidate) in group.iter().zip(numbered) {
                names[index] = candidate;
            }
            continue;
        }
        let longest = group.iter().map(|&index| compact[index].len()).max().unwrap_or(0);
        let start = names[group[0]].chars().count() + 1;
        let prefixes = (start..=longest.min(12)).find_map(|length| {
            let candidates: Vec<String> =
                group.iter().map(|&index| compact[index].iter().take(length).collect()).collect();
            distinct_and_free(&candidates, &taken).then_some(candidates)
        });
        match prefixes {
            Some(candidates) => {
                for (&index, candidate) in group.iter().zip(candidates) {
                    names[index] = candidate;
                }
            }
            None => {
                for (number, &index) in group.iter().enumerate().skip(1) {
                    names[index] = format!("{}{}", names[index], number + 1);
                }
            }
        }
    }
    names
}

/// True when `candidates` differ from each other and from every name in `taken` (ignoring case).
fn distinct_and_free(candidates: &[String], taken: &[String]) -> bool {
    let mut lower: Vec<String> = candidates.iter().map(|name| name.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    lower.len() == candidates.len() && lower.iter().all(|name| !taken.contains(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str) -> Actor {
        Actor { name: name.into(), ..Actor::default() }
    }

    #[test]
    fn clashing_short_names_are_lengthened_from_the_names() {
        let actors = [actor("Belgium"), actor("Belarus"), actor("United States"), actor("Russia")];
        assert_eq!(short_names(&actors), ["Belg", "Bela", "US", "Rus"]);
        let actors = [actor("Austria"), actor("Australia"), actor("Aust")];
        assert_eq!(short_names(&actors), ["Austri", "Austra", "Aust"]);
        // Initials that clash and names that share every letter get a number.
        let actors = [actor("A B"), actor("AB")];
        assert_eq!(short_names(&actors), ["AB", "AB2"]);
        let numbered = [actor("Region 12 of the north"), actor("Region 13 of the north")];
        assert_eq!(short_names(&numbered), ["R12", "R13"], "a number tells them apart");
        let explicit = Actor { short_name: "US".into(), ..actor("Uruguay State") };
        assert_eq!(short_names(&[actor("United States"), explicit]), ["Uni", "Uru"]);
    }

    #[test]
    fn actors_sharing_a_colour_get_different_shapes() {
        let (red, blue) = (Rgb([200, 0, 0]), Rgb([0, 0, 200]));
        assert_eq!(
            shapes(&[red, blue, red, red, blue]),
            [Shape::Circle, Shape::Circle, Shape::Square, Shape::Triangle, Shape::Square]
        );
        let many = shapes(&[red; 7]);
        assert_eq!((many[5], many[6]), (Shape::Plus, Shape::Circle), "cycles after six");
    }
}
