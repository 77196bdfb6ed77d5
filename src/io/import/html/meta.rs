//! Page metadata from `<meta>`, `<link rel=canonical>`, `<title>`, `<time>`, the first `<h1>`
//! and JSON-LD, with the extractor's own metadata as a last resort.

use serde_json::Value;

use super::scan::{collapse_ws, start_tags};

/// Metadata found in one page. Empty strings mean "not found".
#[derive(Debug, Default)]
pub(super) struct PageMeta {
    /// Headline without a " | Site" suffix.
    pub title: String,
    /// Outlet name (`og:site_name`, JSON-LD publisher).
    pub site_name: String,
    /// `YYYY-MM-DD` where parseable, else the date as found.
    pub date: String,
    /// Canonical URL (absolute http(s) only).
    pub url: String,
    /// Author(s), comma-separated.
    pub byline: String,
    /// Other forms of the headline (JSON-LD `headline`, first `<h1>`), which may differ from
    /// `title`; used to recognise the headline at the start of the text.
    pub headlines: Vec<String>,
    /// JSON-LD `articleBody`, used when the DOM yields no text.
    pub json_ld_body: String,
}

/// Candidates in order of preference for each field.
#[derive(Default)]
struct Candidates {
    og_title: String,
    twitter_title: String,
    title_tag: String,
    h1: String,
    authors: Vec<String>,
    site: Vec<String>,
    dates: Vec<String>,
    urls: Vec<String>,
}

/// Scan `html` (already stripped of scripts) and the page's JSON-LD blocks for metadata.
pub(super) fn extract_metadata(html: &str, json_ld: &[String]) -> PageMeta {
    let mut c = Candidates::default();
    let mut ld = JsonLd::default();
    let mut canonical = String::new();
    let mut og_url = String::new();
    let mut time_datetime = String::new();
    let mut meta_dates = Vec::new();
    for block in json_ld {
        ld.absorb(block);
    }
    for tag in start_tags(html, &["meta", "link", "title", "time", "h1"]) {
        match tag.name.as_str() {
            "meta" => {
                let key = tag
                    .attr("property")
                    .or_else(|| tag.attr("name"))
                    .or_else(|| tag.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let value = collapse_ws(tag.attr("content").unwrap_or(""));
                if value.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:title" => set_once(&mut c.og_title, value),
                    "twitter:title" => set_once(&mut c.twitter_title, value),
                    "author" | "article:author" | "dc.creator" | "byl" | "parsely-author" | "sailthru.author"
                        if !value.starts_with("http") =>
                    {
                        c.authors.push(value);
                    }
                    "og:site_name" | "application-name" => c.site.push(value),
                    "article:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "og:published_time"
                    | "sailthru.date"
                    | "parsely-pub-date" => meta_dates.push(value),
                    "og:url" => set_once(&mut og_url, value),
                    _ => {}
                }
            }
            "link" => {
                let rel = tag.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    set_once(&mut canonical, tag.attr("href").unwrap_or("").trim().to_string());
                }
            }
            "title" if c.title_tag.is_empty() => c.title_tag = tag.inner_text(),
            "h1" if c.h1.is_empty() => c.h1 = tag.inner_text(),
            "time" if time_datetime.is_empty() => {
                time_datetime = tag.attr("datetime").unwrap_or("").trim().to_string();
            }
            _ => {}
        }
    }

    // Precedence: meta tags, then JSON-LD, then visible markup.
    c.authors.extend(ld.authors);
    c.site.extend(ld.publisher);
    c.site.extend(ld.org_names);
    c.dates.extend(meta_dates);
    c.dates.extend(ld.date_published);
    if !time_datetime.is_empty() {
        c.dates.push(time_datetime);
    }
    c.urls.extend([canonical, og_url]);
    c.urls.extend(ld.url);

    let site_name = first_nonempty(&c.site);
    let ld_headline = ld.headline.unwrap_or_default();
    let headlines: Vec<String> = [&ld_headline, &c.h1].into_iter().filter(|h| !h.is_empty()).cloned().collect();
    let title = [&c.og_title, &c.twitter_title, &c.title_tag, &ld_headline, &c.h1]
        .into_iter()
        .map(|t| clean_title(t, &site_name, &headlines))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let date =
        c.dates.iter().find_map(|d| crate::io::import::dates::iso_date(d)).unwrap_or_else(|| first_nonempty(&c.dates));
    PageMeta {
        title,
        site_name,
        date,
        url: c.urls.into_iter().find(|u| u.starts_with("http")).unwrap_or_default(),
        byline: clean_byline(&without_publishers(&c.authors, &c.site)),
        headlines,
        json_ld_body: ld.article_body.unwrap_or_default(),
    }
}

impl PageMeta {
    /// Fill fields still empty from the extractor's own metadata (it also looks at Dublin Core,
    /// microdata and visible bylines).
    pub(super) fn fill_from(&mut self, m: &rs_trafilatura::Metadata) {
        let fill = |field: &mut String, value: Option<&String>| {
            if field.is_empty()
                && let Some(v) = value
            {
                *field = collapse_ws(v);
            }
        };
        fill(&mut self.title, m.title.as_ref());
        fill(&mut self.site_name, m.sitename.as_ref());
        fill(&mut self.url, m.url.as_ref().filter(|u| u.starts_with("http")));
        if self.byline.is_empty()
            && let Some(author) = &m.author
        {
            self.byline = clean_byline(author);
        }
        if self.date.is_empty()
            && let Some(date) = &m.date
        {
            self.date = date.format("%Y-%m-%d").to_string();
        }
        // The site name may only now be known: strip it from the title again.
        self.title = clean_title(&self.title, &self.site_name, &self.headlines);
    }
}

/// Fields of the article-like JSON-LD objects of a page.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Vec<String>,
    /// Names of `WebSite` / `Organization` objects, after the article's own publisher.
    org_names: Vec<String>,
    date_published: Vec<String>,
    url: Vec<String>,
    article_body: Option<String>,
}

impl JsonLd {
    /// Parse one `<script type="application/ld+json">` body; invalid JSON is ignored.
    fn absorb(&mut self, raw: &str) {
        let raw = raw.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>").trim();
        let raw = raw.trim_end_matches(';');
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            return;
        };
        let mut objects = Vec::new();
        collect_objects(&value, &mut objects, 0);
        for obj in objects {
            let types = type_names(obj);
            let is_article = types
                .iter()
                .any(|t| t.ends_with("Article") || matches!(t.as_str(), "BlogPosting" | "Report" | "LiveBlogPosting"));
            if is_article {
                if self.headline.is_none() {
                    self.headline = str_field(obj, "headline");
                }
                if let Some(a) = obj.get("author") {
                    // An Organization named as author is the outlet, not a byline.
                    self.org_names.extend(names(&organizations(a)));
                    self.authors.extend(names(&people(a)));
                }
                if let Some(p) = obj.get("publisher") {
                    self.publisher.extend(names(p));
                }
                self.date_published.extend(str_field(obj, "datePublished"));
                self.url.extend(str_field(obj, "url"));
                match obj.get("mainEntityOfPage") {
                    Some(Value::String(s)) => self.url.push(s.clone()),
                    Some(Value::Object(o)) => {
                        self.url.extend(o.get("@id").and_then(Value::as_str).map(str::to_string));
                    }
                    _ => {}
                }
                if self.article_body.is_none() {
                    self.article_body = str_field(obj, "articleBody");
                }
            } else if types.iter().any(|t| t.ends_with("Organization") || t == "WebSite") {
                self.org_names.extend(str_field(obj, "name"));
            }
        }
    }
}

/// All JSON objects of a JSON-LD document: top level, arrays and `@graph` (bounded depth).
fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            if let Some(graph) = o.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_names(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

fn str_field(o: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(collapse_ws).filter(|s| !s.is_empty())
}

/// Names from a JSON-LD person/organisation value: a string, `{name}` or a list of those.
fn is_organization(v: &Value) -> bool {
    v.as_object().is_some_and(|o| type_names(o).iter().any(|t| t.contains("Organization")))
}

/// The entries of a JSON-LD `author` value that are not organisations.
fn people(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().filter(|i| !is_organization(i)).cloned().collect()),
        other if is_organization(other) => Value::Null,
        other => other.clone(),
    }
}

/// The entries of a JSON-LD `author` value that are organisations.
fn organizations(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().filter(|i| is_organization(i)).cloned().collect()),
        other if is_organization(other) => other.clone(),
        _ => Value::Null,
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![collapse_ws(s)],
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(collapse_ws).into_iter().collect(),
        Value::Array(items) => items.iter().flat_map(names).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty() && !s.starts_with("http"))
    .collect()
}

fn set_once(field: &mut String, value: String) {
    if field.is_empty() {
        *field = value;
    }
}

fn first_nonempty(values: &[String]) -> String {
    values.iter().find(|v| !v.trim().is_empty()).map(|v| collapse_ws(v)).unwrap_or_default()
}

/// The authors joined as a byline without the outlets among them: a name (or a comma-separated
/// part of one) that is the page's site or publisher ("Condé Nast, Tom Bennett" → "Tom Bennett"),
/// unless nothing else is left.
fn without_publishers(authors: &[String], sites: &[String]) -> String {
    let site_keys: Vec<String> = sites.iter().map(|s| simplify(s)).filter(|k| !k.is_empty()).collect();
    let people: Vec<String> = authors
        .iter()
        .flat_map(|a| a.split(", ").map(str::to_owned).collect::<Vec<_>>())
        .filter(|part| !site_keys.contains(&simplify(part)))
        .collect();
    if people.is_empty() { dedup_join(authors) } else { dedup_join(&people) }
}

/// Join distinct author names with ", " (case-insensitive de-duplication).
fn dedup_join(names: &[String]) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        let key = name.to_lowercase();
        if !key.is_empty() && !seen.contains(&key) {
            seen.push(key);
            out.push(name);
        }
    }
    out.join(", ")
}

/// Drop a leading "By " from a byline.
fn clean_byline(byline: &str) -> String {
    let b = collapse_ws(byline);
    for prefix in ["By ", "by ", "BY "] {
        if let Some(rest) = b.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    b
}

/// Separators between a headline and the outlet or section name in `<title>`.
const TITLE_SEPARATORS: [&str; 6] = [" | ", " :: ", " \u{b7} ", " \u{2014} ", " \u{2013} ", " - "];

/// Remove trailing " | Site" / " - Site" parts from a page title. A part after `|`, `::` or
/// `·` is dropped when it is short (at most 5 words); after a dash only when it names the site
/// or what precedes it is one of the page's `headlines`, since dashes also occur inside
/// headlines.
pub(super) fn clean_title(title: &str, site: &str, headlines: &[String]) -> String {
    let mut t = collapse_ws(title);
    let site_key = simplify(site);
    for _ in 0..2 {
        let Some((sep, pos)) =
            TITLE_SEPARATORS.iter().filter_map(|sep| t.rfind(sep).map(|p| (*sep, p))).max_by_key(|(_, p)| *p)
        else {
            break;
        };
        let head = t[..pos].trim();
        let tail = t[pos + sep.len()..].trim();
        let tail_key = simplify(tail);
        let names_site = !site_key.is_empty()
            && !tail_key.is_empty()
            && (tail_key == site_key || site_key.contains(&tail_key) || tail_key.contains(&site_key));
        let strong_sep = matches!(sep, " | " | " :: " | " \u{b7} ");
        let short = tail.split_whitespace().count() <= 5;
        let head_key = simplify(head);
        let is_headline = !head_key.is_empty() && headlines.iter().any(|h| simplify(h) == head_key);
        if head.is_empty() || !(names_site || is_headline || (strong_sep && short)) {
            break;
        }
        t = head.to_string();
    }
    t
}

fn simplify(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_leave_out_publishers() {
        let authors = vec!["Cond\u{e9} Nast, Tom Bennett".to_owned()];
        assert_eq!(without_publishers(&authors, &["Cond\u{e9} Nast".to_owned()]), "Tom Bennett");
        assert_eq!(without_publishers(&["CNN".to_owned()], &["CNN".to_owned()]), "CNN");
        let json = r#"{"@type":"NewsArticle","author":[{"@type":"Organization","name":"Wired"},{"@type":"Person","name":"Tom Bennett"}]}"#;
        let m = extract_metadata("", &[json.to_owned()]);
        assert_eq!(m.byline, "Tom Bennett");
    }

    #[test]
    fn titles_lose_site_suffix() {
        assert_eq!(clean_title("Nato summit ends | The Daily Planet", "", &[]), "Nato summit ends");
        assert_eq!(clean_title("Nato summit ends - Daily Planet", "Daily Planet", &[]), "Nato summit ends");
        assert_eq!(
            clean_title("Left-wing - right-wing divide grows", "Daily Planet", &[]),
            "Left-wing - right-wing divide grows"
        );
        assert_eq!(clean_title("Opinion | Europe | Planet", "", &[]), "Opinion");
        assert_eq!(clean_title("| Planet", "", &[]), "| Planet");
        // A dash ends the headline when what precedes it is the page's headline.
        let h1 = ["Budget passes \u{2013} narrowly".to_string()];
        assert_eq!(clean_title("Budget passes \u{2013} narrowly \u{2013} Gazette", "", &h1), h1[0]);
        assert_eq!(clean_title("Budget passes \u{2013} narrowly", "", &h1), h1[0]);
    }

    #[test]
    fn json_ld_graph_and_author_lists() {
        let html = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Planet"},
            {"@type":["NewsArticle"],"headline":"H","datePublished":"2021-02-03T04:05:06Z",
             "author":[{"@type":"Person","name":"A. One"},{"name":"B. Two"}],
             "publisher":{"@type":"Organization","name":"Planet News"}}]}</script>"#;
        let lean = super::super::scan::strip_non_content(html);
        let m = extract_metadata(&lean.html, &lean.json_ld);
        assert_eq!(m.title, "H");
        assert_eq!(m.byline, "A. One, B. Two");
        assert_eq!(m.date, "2021-02-03T04:05:06Z");
        assert_eq!(m.site_name, "Planet News");
    }
}
