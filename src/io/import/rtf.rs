//! RTF import: a small, non-recursive Rich Text Format reader.
//!
//! Owns turning RTF into plain paragraphs. It tracks groups with an explicit stack (no recursion,
//! so deep nesting cannot overflow), skips non-text destinations (`\fonttbl`, `\colortbl`,
//! `\stylesheet`, `\pict`, `\object`, headers/footers, field instructions and any unknown `\*`
//! destination), reads `\info` for title, author and creation date, handles `\par`, `\line`,
//! `\tab`, table `\cell`/`\row`, typographic symbol words, `\uN` with `\ucN` fallback skipping
//! (including surrogate pairs), `\'hh` bytes decoded with the document's `\ansicpg` or the
//! current font's `\fcharset`, `\bin`, and appends `\footnote` text at the end.

use super::article::{ExtractedArticle, ImportError};
use encoding_rs::Encoding;
use std::collections::HashMap;
use std::path::Path;

/// Read an RTF document into an article (title/byline/date from `\info` when present).
///
/// The returned text still contains any heading paragraph; the dispatcher decides about titles.
pub fn extract_rtf(bytes: &[u8], path: &Path) -> Result<ExtractedArticle, ImportError> {
    let start = bytes.windows(5).take(1024).position(|w| w == b"{\\rtf").ok_or_else(|| ImportError::Malformed {
        path: path.to_path_buf(),
        reason: "not an RTF document: no {\\rtf header at the start".into(),
    })?;
    let doc = Parser::new(&bytes[start..]).run();
    let mut paragraphs = doc.paragraphs;
    paragraphs.extend(doc.footnotes);
    Ok(ExtractedArticle {
        title: super::collapse_spaces(&doc.title),
        byline: super::collapse_spaces(&doc.author),
        date: doc.date,
        text: super::finish_paragraphs(paragraphs.iter().map(|p| p.trim())),
        ..ExtractedArticle::default()
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dest {
    Body,
    Footnote,
    Skip,
    FontTable,
    Info,
    Title,
    Author,
    Created,
}

#[derive(Clone, Copy)]
struct Group {
    dest: Dest,
    uc: usize,
    font_enc: Option<&'static Encoding>,
    /// Inside `{\*\ud …}`, the Unicode half of an `\upr` pair (which replaces the ANSI half).
    in_ud: bool,
}

struct Doc {
    paragraphs: Vec<String>,
    footnotes: Vec<String>,
    title: String,
    author: String,
    date: String,
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    stack: Vec<Group>,
    cur: Group,
    star: bool,
    skip_chars: usize,
    pending: Vec<u8>,
    high_surrogate: Option<u16>,
    doc_enc: &'static Encoding,
    fonts: HashMap<i32, &'static Encoding>,
    font_num: i32,
    paragraphs: Vec<String>,
    para: String,
    footnotes: Vec<String>,
    footnote: String,
    footnote_count: usize,
    title: String,
    author: String,
    created: [i32; 3],
    row_open: bool,
    in_table_par: bool,
}

impl<'a> Parser<'a> {
    fn new(b: &'a [u8]) -> Self {
        Parser {
            b,
            i: 0,
            stack: Vec::new(),
            cur: Group { dest: Dest::Body, uc: 1, font_enc: None, in_ud: false },
            star: false,
            skip_chars: 0,
            pending: Vec::new(),
            high_surrogate: None,
            doc_enc: encoding_rs::WINDOWS_1252,
            fonts: HashMap::new(),
            font_num: 0,
            paragraphs: Vec::new(),
            para: String::new(),
            footnotes: Vec::new(),
            footnote: String::new(),
            footnote_count: 0,
            title: String::new(),
            author: String::new(),
            created: [0; 3],
            row_open: false,
            in_table_par: false,
        }
    }

    fn run(mut self) -> Doc {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'{' => {
                    self.flush();
                    self.stack.push(self.cur);
                    self.star = false;
                    self.skip_chars = 0;
                }
                b'}' => {
                    self.flush();
                    self.skip_chars = 0;
                    let left = self.cur.dest;
                    match self.stack.pop() {
                        Some(g) => self.cur = g,
                        // Unbalanced closing brace: the document is over.
                        None => break,
                    }
                    if left == Dest::Footnote && self.cur.dest != Dest::Footnote {
                        let note = std::mem::take(&mut self.footnote);
                        self.footnotes.push(note);
                    }
                    self.star = false;
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => {}
                _ => {
                    if self.skip_chars > 0 {
                        self.skip_chars -= 1;
                    } else if self.text_dest() {
                        self.pending.push(c);
                    }
                }
            }
        }
        self.flush();
        self.end_paragraph();
        if !self.footnote.is_empty() {
            let note = std::mem::take(&mut self.footnote);
            self.footnotes.push(note);
        }
        let [y, m, d] = self.created;
        let date = if y > 0 {
            super::normalize_date(&format!("{y:04}-{m:02}-{d:02}")).unwrap_or_default()
        } else {
            String::new()
        };
        Doc { paragraphs: self.paragraphs, footnotes: self.footnotes, title: self.title, author: self.author, date }
    }

    fn text_dest(&self) -> bool {
        matches!(self.cur.dest, Dest::Body | Dest::Footnote | Dest::Title | Dest::Author)
    }

    /// Decode pending `\'hh` and raw bytes with the current code page and emit them.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let enc = self.cur.font_enc.unwrap_or(self.doc_enc);
        let bytes = std::mem::take(&mut self.pending);
        let (s, _) = enc.decode_without_bom_handling(&bytes);
        let s = s.into_owned();
        self.emit_str(&s);
    }

    fn emit_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.cur.dest {
            Dest::Body => {
                if self.row_open && !self.in_table_par {
                    self.row_open = false;
                    self.end_paragraph();
                }
                self.para.push_str(s);
            }
            Dest::Footnote => {
                let mut s = s;
                if self.footnote.is_empty() {
                    self.footnote = format!("[{}] ", self.footnote_count);
                    s = s.trim_start();
                }
                self.footnote.push_str(s);
            }
            Dest::Title => self.title.push_str(s),
            Dest::Author => self.author.push_str(s),
            _ => {}
        }
    }

    fn emit_char(&mut self, c: char) {
        self.flush();
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        self.emit_str(s);
    }

    fn end_paragraph(&mut self) {
        match self.cur.dest {
            Dest::Footnote => {
                if !self.footnote.is_empty() {
                    self.footnote.push('\n');
                }
            }
            _ => {
                let p = std::mem::take(&mut self.para);
                if !p.trim().is_empty() {
                    self.paragraphs.push(p);
                }
            }
        }
    }

    fn control(&mut self) {
        let Some(&c) = self.b.get(self.i) else { return };
        if c == b'\'' {
            let hex = self.b.get(self.i + 1..self.i + 3);
            self.i += 1;
            let byte = hex.and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = byte {
                self.i += 2;
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                } else if self.text_dest() {
                    self.pending.push(byte);
                }
            }
            return;
        }
        if !c.is_ascii_alphabetic() {
            self.i += 1;
            match c {
                b'\\' | b'{' | b'}' => {
                    if self.skip_chars > 0 {
                        self.skip_chars -= 1;
                    } else if self.text_dest() {
                        self.pending.push(c);
                    }
                }
                b'*' => self.star = true,
                b'~' => self.emit_char('\u{00A0}'),
                b'_' => self.emit_char('-'),
                b'\n' | b'\r' => {
                    self.flush();
                    self.word("par", None);
                }
                _ => {}
            }
            return;
        }
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_alphabetic() && self.i - start < 32 {
            self.i += 1;
        }
        let name = String::from_utf8_lossy(&self.b[start..self.i]).into_owned();
        let num_start = self.i;
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() && self.i - num_start < 11 {
            self.i += 1;
        }
        let param = std::str::from_utf8(&self.b[num_start..self.i]).ok().and_then(|s| s.parse::<i64>().ok());
        if self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
        if name == "bin" {
            let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
            self.i = self.i.saturating_add(n).min(self.b.len());
            return;
        }
        if self.cur.dest == Dest::Skip {
            return;
        }
        if name != "u" {
            self.flush();
        }
        self.word(&name, param);
    }

    fn set_dest(&mut self, d: Dest) {
        self.flush();
        self.cur.dest = d;
    }

    fn word(&mut self, name: &str, param: Option<i64>) {
        let p = param.unwrap_or(0);
        let p32 = i32::try_from(p).unwrap_or(0);
        match name {
            "fonttbl" => self.set_dest(Dest::FontTable),
            "colortbl" | "stylesheet" | "listtable" | "listoverridetable" | "revtbl" | "rsidtbl" | "generator"
            | "pict" | "object" | "objdata" | "header" | "headerl" | "headerr" | "headerf" | "footer" | "footerl"
            | "footerr" | "footerf" | "fldinst" | "xmlnstbl" | "themedata" | "colorschememapping" | "datastore"
            | "latentstyles" | "datafield" | "bkmkstart" | "bkmkend" | "pgdsctbl" | "filetbl" | "mmathPr"
            | "shpinst" | "nonshppict" | "template" | "ftnsep" | "ftnsepc" | "ftncn" | "aftnsep" | "aftnsepc"
            | "aftncn" | "listtext" | "pntext" | "pntxta" | "pntxtb" | "docvar" | "userprops" | "annotation"
            | "atnid" | "atnauthor" | "atnref" | "atndate" | "operator" | "revtim" | "printim" | "buptim"
            | "company" | "doccomm" | "keywords" | "subject" | "comment" | "manager" | "category" | "hlinkbase"
            | "passwordhash" | "wgrffmtfilter" | "xmlopen" | "xmlattrname" | "xmlattrvalue" | "sp" | "sn" | "sv"
            | "panose" | "falt" | "fname" | "blipuid" | "private" | "password" | "nesttableprops" | "tc" | "xe"
            | "txe" | "rxe" => self.set_dest(Dest::Skip),
            "info" => self.set_dest(Dest::Info),
            // `{\upr{\title ANSI}{\*\ud{\title Unicode}}}`: the Unicode form replaces the ANSI one.
            "upr" => {}
            "ud" => self.cur.in_ud = true,
            "title" if self.cur.dest == Dest::Info => {
                if self.cur.in_ud {
                    self.title.clear();
                }
                self.set_dest(Dest::Title);
            }
            "author" if self.cur.dest == Dest::Info => {
                if self.cur.in_ud {
                    self.author.clear();
                }
                self.set_dest(Dest::Author);
            }
            "creatim" if self.cur.dest == Dest::Info => self.set_dest(Dest::Created),
            "yr" if self.cur.dest == Dest::Created => self.created[0] = p32,
            "mo" if self.cur.dest == Dest::Created => self.created[1] = p32,
            "dy" if self.cur.dest == Dest::Created => self.created[2] = p32,
            "footnote" => {
                self.footnote_count += 1;
                if !self.footnote.is_empty() {
                    let note = std::mem::take(&mut self.footnote);
                    self.footnotes.push(note);
                }
                self.set_dest(Dest::Footnote);
            }
            "chftn" if self.cur.dest == Dest::Body => {
                let label = format!("[{}]", self.footnote_count + 1);
                self.emit_str(&label);
            }
            "ansicpg" => {
                if let Some(e) = codepage_encoding(p32) {
                    self.doc_enc = e;
                }
            }
            "mac" => self.doc_enc = encoding_rs::MACINTOSH,
            "f" if self.cur.dest == Dest::FontTable => self.font_num = p32,
            "f" => self.cur.font_enc = self.fonts.get(&p32).copied(),
            "fcharset" if self.cur.dest == Dest::FontTable => {
                if let Some(e) = charset_encoding(p32) {
                    self.fonts.insert(self.font_num, e);
                }
            }
            "cpg" if self.cur.dest == Dest::FontTable => {
                if let Some(e) = codepage_encoding(p32) {
                    self.fonts.insert(self.font_num, e);
                }
            }
            "uc" => self.cur.uc = usize::try_from(p).unwrap_or(1).min(16),
            "u" => {
                let unit = if p < 0 { p + 65536 } else { p };
                let unit = u16::try_from(unit).unwrap_or(0xFFFD);
                self.unicode(unit);
                self.skip_chars = self.cur.uc;
            }
            _ if self.star => self.set_dest(Dest::Skip),
            _ => self.formatting_word(name),
        }
        self.star = false;
    }

    fn unicode(&mut self, unit: u16) {
        self.flush();
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            0xDC00..=0xDFFF => {
                if let Some(high) = self.high_surrogate.take() {
                    let c = char::decode_utf16([high, unit]).next().and_then(Result::ok);
                    self.emit_char(c.unwrap_or('\u{FFFD}'));
                }
            }
            _ => {
                self.high_surrogate = None;
                self.emit_char(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
            }
        }
    }

    fn formatting_word(&mut self, name: &str) {
        match name {
            "par" | "sect" | "page" => {
                if self.in_table_par && self.cur.dest == Dest::Body {
                    self.emit_char(' ');
                } else {
                    self.end_paragraph();
                }
            }
            "line" => self.emit_char('\n'),
            "tab" | "cell" | "nestcell" => self.emit_char('\t'),
            "row" | "nestrow" => {
                self.emit_char('\n');
                if self.cur.dest == Dest::Body {
                    self.row_open = true;
                }
            }
            "pard" => self.in_table_par = false,
            "intbl" => self.in_table_par = true,
            "emdash" => self.emit_char('\u{2014}'),
            "endash" => self.emit_char('\u{2013}'),
            "lquote" => self.emit_char('\u{2018}'),
            "rquote" => self.emit_char('\u{2019}'),
            "ldblquote" => self.emit_char('\u{201C}'),
            "rdblquote" => self.emit_char('\u{201D}'),
            "bullet" => self.emit_char('\u{2022}'),
            "emspace" | "enspace" | "qmspace" => self.emit_char(' '),
            _ => {}
        }
    }
}

/// `encoding_rs` encoding for a Windows code page number.
fn codepage_encoding(cp: i32) -> Option<&'static Encoding> {
    let label = match cp {
        874 => "windows-874".to_owned(),
        932 => "shift_jis".to_owned(),
        936 => "gbk".to_owned(),
        949 => "euc-kr".to_owned(),
        950 => "big5".to_owned(),
        1250..=1258 => format!("windows-{cp}"),
        10000 => "macintosh".to_owned(),
        10007 => "x-mac-cyrillic".to_owned(),
        20866 => "koi8-r".to_owned(),
        21866 => "koi8-u".to_owned(),
        28591 => "windows-1252".to_owned(),
        28592..=28606 => format!("iso-8859-{}", cp - 28590),
        65001 => "utf-8".to_owned(),
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// `encoding_rs` encoding for an RTF `\fcharset` number (None: use the document code page).
fn charset_encoding(charset: i32) -> Option<&'static Encoding> {
    let cp = match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    };
    codepage_encoding(cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_info_title_replaces_its_ansi_form() {
        // As Word writes a title in a script the ANSI code page lacks: "مرحبا" and "日本語".
        let rtf = b"{\\rtf1\\ansi\\ansicpg1252{\\info{\\upr{\\title ?????}{\\*\\ud{\\title \\u1605?\\u1585?\\u1581?\\u1576?\\u1575?}}}{\\upr{\\author ???}{\\*\\ud{\\author \\u26085?\\u26412?\\u35486?}}}}\\pard Text.\\par}";
        let a = extract_rtf(rtf, Path::new("t.rtf")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.title, "\u{645}\u{631}\u{62D}\u{628}\u{627}");
        assert_eq!(a.byline, "\u{65E5}\u{672C}\u{8A9E}");
        assert_eq!(a.text, "Text.");
    }
    use crate::io::import::extract_bytes;

    fn rtf(s: &str) -> ExtractedArticle {
        extract_rtf(s.as_bytes(), Path::new("t.rtf")).unwrap_or_default()
    }

    #[test]
    fn fixture_rtf() {
        let bytes = include_bytes!("../../../tests/fixtures/import/article.rtf");
        let expected = include_str!("../../../tests/fixtures/import/article.rtf.expected.txt");
        let arts = extract_bytes(bytes, Path::new("article.rtf")).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let a = &arts[0];
        assert_eq!(a.title, "Parliament Backs Sanctions Bill");
        assert_eq!(a.byline, "Maria Rossi");
        assert_eq!(a.date, "2025-02-24");
        assert_eq!(a.text, expected.trim_end());
    }

    #[test]
    fn unicode_and_codepages() {
        let a = rtf(r"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2 \u8212? \uc2\u8220\'93\'93x\u-10179?\u-8704?}");
        assert_eq!(a.text, "Привет \u{2014} \u{201C}x\u{1F600}");
        let b = rtf(r"{\rtf1\ansi{\fonttbl{\f0 Arial;}{\f1\fcharset204 Times;}}\f1 \'e0\f0 \'e0\par}");
        assert_eq!(b.text, "аà");
    }

    #[test]
    fn tables_and_escapes() {
        let a = rtf(r"{\rtf1 Intro\par\trowd\intbl A\cell B\cell\row\intbl C\cell D\cell\row\pard After\par \{x\}\\}");
        assert_eq!(a.text, "Intro\n\nA\tB\nC\tD\n\nAfter\n\n{x}\\");
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = format!("{{\\rtf1 {}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(rtf(&deep).text, "x");
        let _ = rtf(r"{\rtf1 \'z \u \uc-5 \bin999999999 \'");
    }
}
