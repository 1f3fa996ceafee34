//! Text hygiene: the characters no output of a site may carry.
//!
//! Content is pasted from word processors and PDFs, and a form feed or a
//! `\x01` makes `atom.xml` invalid XML and every HTML page a validator
//! error. Each writer (the HTML escaper of `templates`, the Markdown
//! renderer, the XML and calendar writers of `exports`) drops them with the
//! helpers here. It knows nothing about any format beyond that.

use std::borrow::Cow;

/// Control characters that XML 1.0 forbids and HTML reports as errors:
/// every C0 control but tab, line feed and carriage return, and DEL. Each
/// is one byte in UTF-8 and never part of a longer character, so a byte
/// test is exact.
pub const fn is_forbidden_control(b: u8) -> bool {
    matches!(b, 0..=8 | 11 | 12 | 14..=31 | 127)
}

/// Whether a character may stand in an XML 1.0 document (besides the
/// controls above: the non-characters U+FFFE and U+FFFF).
fn is_xml_char(c: char) -> bool {
    !(c.is_ascii() && is_forbidden_control(c as u8)) && c != '\u{fffe}' && c != '\u{ffff}'
}

/// `s` without the characters of [`is_xml_char`]; borrowed when it has none.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Drops forbidden controls from `s` in place (most texts have none and
/// are left untouched).
pub fn strip_forbidden_controls(s: &mut String) {
    if s.bytes().any(is_forbidden_control) {
        s.retain(|c| !(c.is_ascii() && is_forbidden_control(c as u8)));
    }
}

/// A text on one line: every run of white space (line breaks included) as
/// one space, trimmed. For meta tags, feeds and exports, where a summary
/// written over several lines must read as one.
pub fn one_line(s: &str) -> Cow<'_, str> {
    let needs =
        s.trim() != s || s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ");
    if needs {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(s)
    }
}

/// A writer that drops what XML 1.0 forbids ([`is_forbidden_control`] and
/// the non-characters U+FFFE and U+FFFF) from everything written through
/// it, whichever field it came from.
pub struct XmlSafe<W> {
    inner: W,
    /// Bytes of a possible U+FFFE/U+FFFF (`EF BF BE`/`EF BF BF`) held back
    /// until the next write tells.
    pending: Vec<u8>,
}

impl<W: std::io::Write> XmlSafe<W> {
    pub fn new(inner: W) -> Self {
        XmlSafe {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for XmlSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + self.pending.len());
        for &b in buf {
            if is_forbidden_control(b) {
                continue;
            }
            self.pending.push(b);
            match self.pending.as_slice() {
                [0xEF] | [0xEF, 0xBF] => {}
                [0xEF, 0xBF, 0xBE | 0xBF] => self.pending.clear(),
                _ => out.append(&mut self.pending),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_forbidden_characters_are_dropped() {
        assert_eq!(xml_safe("a\u{c}b\u{1}c\td\ne\rf\u{fffe}g"), "abc\td\ne\rfg");
        assert!(matches!(xml_safe("plain é"), Cow::Borrowed(_)));
        let mut s = String::from("x\u{0}y\u{1b}z");
        strip_forbidden_controls(&mut s);
        assert_eq!(s, "xyz");
    }

    #[test]
    fn summaries_read_as_one_line() {
        assert_eq!(one_line("A list:\n\n- one\n- two\n"), "A list: - one - two");
        assert!(matches!(one_line("plain one"), Cow::Borrowed(_)));
        assert_eq!(one_line(" a\tb  c "), "a b c");
    }

    #[test]
    fn the_xml_writer_drops_forbidden_characters_across_writes() {
        use std::io::Write;
        let text = "a\u{c}b\u{fffe}c\u{ffff}dé\u{fffd}\u{1}";
        let bytes = text.as_bytes();
        for split in 0..bytes.len() {
            let mut w = XmlSafe::new(Vec::new());
            w.write_all(&bytes[..split]).unwrap();
            w.write_all(&bytes[split..]).unwrap();
            w.flush().unwrap();
            assert_eq!(
                String::from_utf8(w.inner).unwrap(),
                "abcdé\u{fffd}",
                "split at {split}"
            );
        }
    }
}
