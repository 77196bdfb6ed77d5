//! Dates as articles write them, turned into ISO 8601.
//!
//! Owns the one date reader every importer and the app's Date field share: ISO 8601 in its
//! extended and basic forms (`2018-06-19T05:50:00+09:00`, `20180619T055000+0900`), `YYYY/MM/DD`,
//! PDF dates (`D:20250224101500+01'00'`), RFC 2822 (`Mon, 18 Nov 2019 10:00:00 GMT`) and written
//! dates in English, Spanish, French, German, Italian and Portuguese (`24 February 2025`,
//! `jueves, 09 enero 2014 10:21`). The result is `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`
//! when the source gives a time of day. Metadata that cannot be read is kept as written
//! ([`date_or_original`]) so nothing is lost.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names in other languages, matched in full (index = month − 1).
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["enero", "janvier", "januar", "jänner", "gennaio", "janeiro"],
    &["febrero", "février", "fevrier", "februar", "febbraio", "fevereiro"],
    &["marzo", "mars", "märz", "marz", "março", "marco"],
    &["abril", "avril", "aprile"],
    &["mayo", "mai", "maggio", "maio"],
    &["junio", "juin", "juni", "giugno", "junho"],
    &["julio", "juillet", "juli", "luglio", "julho"],
    &["agosto", "août", "aout"],
    &["septiembre", "setiembre", "septembre", "settembre", "setembro"],
    &["octubre", "octobre", "oktober", "ottobre", "outubro"],
    &["noviembre", "novembre", "novembro"],
    &["diciembre", "décembre", "decembre", "dezember", "dicembre", "dezembro"],
];

/// The month (1–12) a word names: an English name or abbreviation of at least three letters
/// ("Feb", "Sept"), or a full month name in Spanish, French, German, Italian or Portuguese; any
/// case. `None` for words that merely start like one ("Market").
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    let english = MONTHS.iter().position(|m| m.starts_with(&w));
    let foreign = || FOREIGN_MONTHS.iter().position(|names| names.contains(&w.as_str()));
    english.or_else(foreign).and_then(|i| u32::try_from(i + 1).ok())
}

/// The calendar day of a date string as `YYYY-MM-DD` (any time of day is ignored).
pub(crate) fn normalize_date(s: &str) -> Option<String> {
    iso_date(s).map(|d| d[..10].to_owned())
}

/// `s` in ISO 8601: `YYYY-MM-DD`, or with `THH:MM[:SS]` and the zone when `s` gives a time.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    numeric(s).or_else(|| written(s))
}

/// [`iso_date`] of `s`, or `s` as written (trimmed) when it cannot be read.
pub(crate) fn date_or_original(s: &str) -> String {
    iso_date(s).unwrap_or_else(|| s.trim().to_owned())
}

/// A date written in a file name (or any run of text) as digits: `…_2025-08-19_…`,
/// `20250819-…`, `2025_08_19`, `2025.08.19`, as `YYYY-MM-DD`. Years before 1900 or after 2100 and
/// digit runs of other lengths (ids, counters) are not dates.
pub fn date_in_file_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i < b.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        let run = (i..b.len()).take_while(|j| digit(*j)).count();
        let part = |from: usize, len: usize| name.get(i + from..i + from + len).and_then(|p| p.parse::<u32>().ok());
        let found = if run == 4 && matches!(b.get(i + 4), Some(b'-' | b'_' | b'.')) {
            let sep = b[i + 4];
            let shape = b.get(i + 7) == Some(&sep) && (5..7).chain(8..10).all(|k| digit(i + k)) && !digit(i + 10);
            if shape { plausible(part(0, 4), part(5, 2), part(8, 2)) } else { None }
        } else if matches!(run, 8 | 12 | 14) {
            plausible(part(0, 4), part(4, 2), part(6, 2))
        } else {
            None
        };
        if found.is_some() {
            return found;
        }
        i += run;
    }
    None
}

fn plausible(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Option<String> {
    let (y, m, d) = (y?, m?, d?);
    if (1900..=2100).contains(&y) { valid(y, m, d) } else { None }
}

/// Words that open a byline or dateline carrying the publication date.
const DATELINE_WORDS: &[&str] = &[
    "by ",
    "published",
    "updated",
    "posted",
    "date:",
    "dated",
    "filed",
    "first published",
    "last updated",
    "issued",
    "released",
    "veröffentlicht",
    "publicado",
    "publié",
    "pubblicato",
];

const WEEKDAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// The publication date a dateline or byline in an article's first lines gives (`By Jane Doe |
/// February 24, 2025`, `Updated 10:15 GMT, 24 Feb 2025`, `BRUSSELS, Feb. 24, 2025 — …`, a line that
/// is only a date), as `YYYY-MM-DD` (with the time when a date-only line gives one). A date in the
/// middle of a sentence ("On February 24, 2022, Russia invaded…") is history, not a dateline.
pub(crate) fn dateline_date(text: &str) -> Option<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).take(6).find_map(dateline_of)
}

fn dateline_of(line: &str) -> Option<String> {
    if super::is_date_line(line) {
        return iso_date(line);
    }
    let lower = line.to_lowercase();
    let keyword = DATELINE_WORDS.iter().any(|w| lower.starts_with(w)) && line.chars().count() <= 250;
    // Tokens with their byte ranges.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        let part_of_token = c.is_alphanumeric() || c == ':';
        match (start, part_of_token) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                tokens.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let token = |k: usize| &line[tokens[k].0..tokens[k].1];
    if keyword && let Some(d) = date_in_file_name(line) {
        return Some(d);
    }
    for k in 0..tokens.len() {
        let t = token(k);
        let is_year = t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && t.starts_with(['1', '2']);
        if !is_year || k < 2 {
            continue;
        }
        let first = k - 2;
        let Some(day) = written(&line[tokens[first].0..tokens[k].1]) else { continue };
        if keyword {
            return Some(day);
        }
        // A dateline opens the line: only a weekday or a place in capitals may come before the
        // date, and a break (dash, bar, bracket, colon) or the end of the line after it.
        let before_ok = (0..first).all(|j| {
            let w = token(j);
            WEEKDAY_NAMES.iter().any(|d| d.starts_with(&w.to_lowercase()) && w.len() >= 3)
                || (w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
        });
        let after = line[tokens[k].1..].trim_start();
        let after_ok = after.is_empty() || after.starts_with(['—', '–', '-', '|', '(', ':', '/', '·', '•']);
        if before_ok && after_ok && first <= 4 {
            return Some(day);
        }
        return None;
    }
    None
}

fn num(s: &str, r: std::ops::Range<usize>) -> Option<u32> {
    let part = s.get(r)?;
    if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
}

/// `YYYY-MM-DD…`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD…` with an optional time part.
fn numeric(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let (date, rest) = if b.len() >= 10 && matches!(b[4], b'-' | b'/' | b'.') && b[7] == b[4] {
        ((num(s, 0..4)?, num(s, 5..7)?, num(s, 8..10)?), &s[10..])
    } else if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        // Basic form; PDF dates run the time on without a `T` (YYYYMMDDHHmm[SS]).
        let run = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if !matches!(run, 8 | 12 | 14) {
            return None;
        }
        ((num(s, 0..4)?, num(s, 4..6)?, num(s, 6..8)?), &s[8..])
    } else {
        return None;
    };
    let day = valid(date.0, date.1, date.2)?;
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', ' ']).unwrap_or(rest);
    Some(match time_part(rest) {
        Some(time) => format!("{day}T{time}"),
        None => day,
    })
}

/// `HH:MM[:SS][.fff][zone]` or basic `HHMM[SS][zone]` → `HH:MM[:SS][zone]`; PDF's `+01'00'`
/// zones and `Z` are understood.
fn time_part(t: &str) -> Option<String> {
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
    let (h, m, sec) = if digits.contains(':') {
        let mut parts = digits.split(':');
        let h = parts.next().filter(|p| (1..=2).contains(&p.len()))?.parse().ok()?;
        let m = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        let sec = match parts.next() {
            Some(p) if p.len() == 2 => Some(p.parse().ok()?),
            Some(_) => return None,
            None => None,
        };
        (h, m, sec)
    } else {
        (num(&digits, 0..2)?, num(&digits, 2..4)?, num(&digits, 4..6))
    };
    if h > 23 || m > 59 || sec.is_some_and(|s: u32| s > 60) {
        return None;
    }
    let mut rest = &t[digits.len()..];
    if let Some(frac) = rest.strip_prefix(['.', ',']) {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let zone = zone(rest.trim())?;
    Some(match sec {
        Some(s) => format!("{h:02}:{m:02}:{s:02}{zone}"),
        None => format!("{h:02}:{m:02}{zone}"),
    })
}

fn zone(z: &str) -> Option<String> {
    if z.is_empty() {
        return Some(String::new());
    }
    if z == "Z" || z.eq_ignore_ascii_case("utc") || z.eq_ignore_ascii_case("gmt") {
        return Some("Z".into());
    }
    let sign = z.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let d: String = z[1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = (num(&d, 0..2)?, num(&d, 2..4).unwrap_or(0));
    if d.len() > 4 || h > 14 || m > 59 {
        return None;
    }
    if h == 0 && m == 0 {
        return Some("Z".into());
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

/// Written dates: a year, a month name and a day in any order, with an optional `HH:MM` time.
fn written(s: &str) -> Option<String> {
    let (mut year, mut month, mut day, mut time) = (None, None, None, None);
    let (mut pm, mut utc) = (false, false);
    for tok in s.split(|c: char| !(c.is_alphanumeric() || c == ':')).filter(|t| !t.is_empty()) {
        let lower = tok.to_lowercase();
        if tok.contains(':') {
            if time.is_none() && tok.len() <= 8 {
                time = time_part(tok);
            }
        } else if tok.chars().all(|c| c.is_ascii_digit()) {
            if tok.len() == 4 && year.is_none() {
                year = tok.parse().ok();
            } else if tok.len() <= 2 && day.is_none() {
                day = tok.parse().ok();
            }
        } else if lower == "pm" || lower == "p" {
            pm = true;
        } else if matches!(lower.as_str(), "gmt" | "utc" | "z") {
            utc = true;
        } else if let Some(m) = month_of(tok).filter(|_| month.is_none()) {
            month = Some(m);
        } else if let Some(d) = ["th", "st", "nd", "rd", "er", "º"].iter().find_map(|x| tok.strip_suffix(x))
            && d.len() <= 2
            && d.chars().all(|c| c.is_ascii_digit())
            && day.is_none()
        {
            day = d.parse().ok();
        }
    }
    let day_str = valid(year?, month?, day?)?;
    let Some(mut time) = time else { return Some(day_str) };
    if pm && let Some(h) = num(&time, 0..2).filter(|h| *h < 12) {
        time = format!("{:02}{}", h + 12, &time[2..]);
    }
    if utc && !time.ends_with('Z') && !time.contains(['+', '-']) {
        time.push('Z');
    }
    Some(format!("{day_str}T{time}"))
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    let days = match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    ((1000..=2999).contains(&y) && (1..=12).contains(&m) && (1..=days).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(iso_date("2018-06-19").as_deref(), Some("2018-06-19"));
        assert_eq!(iso_date("20180619T055000+0900").as_deref(), Some("2018-06-19T05:50:00+09:00"));
        assert_eq!(iso_date("2019-11-18T10:08:00+05:00").as_deref(), Some("2019-11-18T10:08:00+05:00"));
        assert_eq!(iso_date("2014-06-10T14:19:00Z").as_deref(), Some("2014-06-10T14:19:00Z"));
        assert_eq!(iso_date("2013-11-27T12:01:33.123-05:00").as_deref(), Some("2013-11-27T12:01:33-05:00"));
        assert_eq!(iso_date("D:20250224101500+01'00'").as_deref(), Some("2025-02-24T10:15:00+01:00"));
        assert_eq!(iso_date("D:20250224").as_deref(), Some("2025-02-24"));
        assert_eq!(iso_date("2019/11/18").as_deref(), Some("2019-11-18"));
        assert_eq!(iso_date("20191118").as_deref(), Some("2019-11-18"));
    }

    #[test]
    fn written_forms() {
        assert_eq!(iso_date("24 February 2025").as_deref(), Some("2025-02-24"));
        assert_eq!(iso_date("February 24, 2025 Monday").as_deref(), Some("2025-02-24"));
        assert_eq!(iso_date("Mon, Feb. 3, 2025").as_deref(), Some("2025-02-03"));
        assert_eq!(iso_date("March 3rd, 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(iso_date("Mon, 18 Nov 2019 10:00:00 GMT").as_deref(), Some("2019-11-18T10:00:00Z"));
        assert_eq!(iso_date("jueves, 09 enero 2014 10:21").as_deref(), Some("2014-01-09T10:21"));
        assert_eq!(iso_date("1er mars 2021").as_deref(), Some("2021-03-01"));
        assert_eq!(iso_date("Nov. 27, 2013 at 5:02 PM").as_deref(), Some("2013-11-27T17:02"));
        assert_eq!(normalize_date("Mon, 18 Nov 2019 10:00:00 GMT").as_deref(), Some("2019-11-18"));
    }

    #[test]
    fn dates_in_file_names() {
        let cases = [
            ("01_whitehouse_2025-08-19_trump-putin.txt", Some("2025-08-19")),
            ("20250819-reuters-summit.pdf", Some("2025-08-19")),
            ("summit_2025_08_19.md", Some("2025-08-19")),
            ("ap.2024.11.05.election.html", Some("2024-11-05")),
            ("scan_20250819143000.pdf", Some("2025-08-19")),
            ("000_5e573abc5c566b8a.txt", None),
            ("report-12345678.txt", None),
            ("notes_2025-13-40.txt", None),
            ("article.pdf", None),
        ];
        for (name, want) in cases {
            assert_eq!(date_in_file_name(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn datelines_and_bylines() {
        let first = |text: &str| dateline_date(text);
        assert_eq!(first("Talks resume\n\nBy Jane Doe | February 24, 2025\n\nText.").as_deref(), Some("2025-02-24"));
        assert_eq!(first("Updated 10:15 GMT, 24 Feb 2025\n\nText.").as_deref(), Some("2025-02-24T10:15Z"));
        assert_eq!(first("By August Smith, 3 March 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(first("BRUSSELS, Feb. 24, 2025 — EU leaders met.").as_deref(), Some("2025-02-24"));
        assert_eq!(first("Monday, February 24, 2025\nLeaders met.").as_deref(), Some("2025-02-24"));
        assert_eq!(first("Published 2025-08-19 08:00").as_deref(), Some("2025-08-19"));
        assert_eq!(first("On February 24, 2022, Russia invaded Ukraine.").as_deref(), None);
        assert_eq!(first("Leaders met.\n\nThe war began on 24 February 2022 and goes on.").as_deref(), None);
        let late = "a\nb\nc\nd\ne\nf\nPublished 24 February 2025";
        assert_eq!(first(late), None, "only the first lines hold a dateline");
    }

    #[test]
    fn refused_and_kept() {
        for bad in ["yesterday", "Market news", "2019-13-01", "2019-02-30", "2019/1/18", "", "31 Feb 2020"] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
        assert_eq!(date_or_original(" Spring 2019 "), "Spring 2019");
        assert_eq!(date_or_original("2019-11-18"), "2019-11-18");
        assert_eq!(month_of("Market"), None);
        assert_eq!(month_of("Sept"), Some(9));
        assert_eq!(month_of("Août"), Some(8));
    }
}
