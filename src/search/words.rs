//! Words as the search index and `search.js` both see them: split the same
//! way, folded the same way (lowercase, accents and other marks removed, a
//! few letters spelled out), and stemmed on the build side only, with the
//! Snowball stemmer of the site's language.
//!
//! `search.js` repeats [`fold`] and the splitting in a few lines; a change
//! here must be made there too (the browser test in CI searches for a
//! stemmed and an accented word, which catches a mismatch).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Calls `f` with each word of `text`: a run of letters, digits and the
/// marks that belong to them. Plain ASCII text (most of it) is scanned byte
/// by byte.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if text.is_ascii() {
        let mut start = None;
        for (i, b) in text.bytes().enumerate() {
            if b.is_ascii_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                f(&text[s..i]);
            }
        }
        if let Some(s) = start {
            f(&text[s..]);
        }
        return;
    }
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
        .for_each(f);
}

/// Calls `f` with each word of `text` as [`for_each_word`] splits them,
/// lowercase; ASCII words already lowercase are lent, not copied.
pub fn for_each_lowercase_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    let word = |w: &'a str, upper: bool| -> Cow<'a, str> {
        if upper {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    };
    if text.is_ascii() {
        let mut start = None;
        let mut upper = false;
        for (i, b) in text.bytes().enumerate() {
            if b.is_ascii_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                    upper = false;
                }
                upper |= b.is_ascii_uppercase();
            } else if let Some(s) = start.take() {
                f(word(&text[s..i], upper));
            }
        }
        if let Some(s) = start {
            f(word(&text[s..], upper));
        }
        return;
    }
    for_each_word(text, |w| {
        if w.is_ascii() {
            f(word(w, w.bytes().any(|b| b.is_ascii_uppercase())));
        } else if w.chars().any(char::is_uppercase) {
            f(Cow::Owned(w.to_lowercase()));
        } else {
            f(Cow::Borrowed(w));
        }
    });
}

/// A word as the index keys it: lowercase, without accents or other marks,
/// with `ß`, `æ`, `œ`, `ø`, `ł`, `đ`, `ð`, `þ` and dotless `ı` spelled in
/// plain Latin letters. ASCII lowercase words are returned as they are.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() {
        return Cow::Owned(word.to_ascii_lowercase());
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase).nfd() {
        match c {
            c if is_combining_mark(c) => {}
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The words of one language: its stemmer and the few words too common to
/// be worth indexing.
pub struct Language {
    stemmer: Option<Stemmer>,
    stop: &'static [&'static str],
    /// The primary language subtag, or `""` when rapporteur has no stemmer
    /// for it (words are then matched as they are written, folded).
    pub code: &'static str,
}

impl Language {
    /// The language of a site's `language` tag (`fr`, `pt-BR`): its primary
    /// subtag picks one of Snowball's stemmers.
    pub fn of(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let (code, algorithm, stop): (&str, _, &[&str]) = match primary.as_str() {
            "en" => ("en", Algorithm::English, STOP_EN),
            "fr" => ("fr", Algorithm::French, STOP_FR),
            "es" => ("es", Algorithm::Spanish, STOP_ES),
            "pt" => ("pt", Algorithm::Portuguese, &[]),
            "de" => ("de", Algorithm::German, &[]),
            "it" => ("it", Algorithm::Italian, &[]),
            "nl" => ("nl", Algorithm::Dutch, &[]),
            "da" => ("da", Algorithm::Danish, &[]),
            "sv" => ("sv", Algorithm::Swedish, &[]),
            "no" | "nb" | "nn" => ("no", Algorithm::Norwegian, &[]),
            "fi" => ("fi", Algorithm::Finnish, &[]),
            "hu" => ("hu", Algorithm::Hungarian, &[]),
            "ro" => ("ro", Algorithm::Romanian, &[]),
            "ru" => ("ru", Algorithm::Russian, &[]),
            "el" => ("el", Algorithm::Greek, &[]),
            "tr" => ("tr", Algorithm::Turkish, &[]),
            "ar" => ("ar", Algorithm::Arabic, &[]),
            "ta" => ("ta", Algorithm::Tamil, &[]),
            _ => {
                return Language {
                    stemmer: None,
                    stop: &[],
                    code: "",
                };
            }
        };
        Language {
            stemmer: Some(Stemmer::create(algorithm)),
            stop,
            code,
        }
    }

    /// The words left out of the index (and of queries), folded.
    pub fn stop_words(&self) -> &'static [&'static str] {
        self.stop
    }

    /// Whether a folded word is too common to index.
    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop.contains(&folded)
    }

    /// The index term of a lowercase word: its stem, folded.
    pub fn term(&self, lowercase: &str) -> String {
        match &self.stemmer {
            Some(s) => fold(&s.stem(lowercase)).into_owned(),
            None => fold(lowercase).into_owned(),
        }
    }
}

/// Folded; the commonest function words only, so that a search for a
/// phrase still finds the words that carry it.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which",
    "will", "with",
];
const STOP_FR: &[&str] = &[
    "a", "au", "aux", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "ils", "l", "la", "le", "les", "leur", "leurs", "ne", "par", "pas", "pour", "qu", "que", "qui",
    "sa", "se", "ses", "son", "sont", "sur", "un", "une",
];
const STOP_ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para",
    "por", "que", "se", "son", "su", "sus", "un", "una", "y",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        for_each_word(text, |w| v.push(w));
        v
    }

    #[test]
    fn words_split_on_everything_but_letters_and_digits() {
        assert_eq!(
            words("co-operation, S2-R1; 2012"),
            ["co", "operation", "S2", "R1", "2012"]
        );
        assert_eq!(
            words("Côte d’Ivoire — ñandú"),
            ["Côte", "d", "Ivoire", "ñandú"]
        );
        // A decomposed accent stays in its word.
        assert_eq!(words("Cote\u{301} x"), ["Cote\u{301}", "x"]);
    }

    #[test]
    fn lowercase_words_are_lent_when_they_already_are() {
        let mut v = Vec::new();
        for_each_lowercase_word("Plan plan ÉTAT état, x", |w| {
            v.push((w.to_string(), matches!(w, Cow::Borrowed(_))))
        });
        let owned = |s: &str, b| (s.to_string(), b);
        assert_eq!(
            v,
            [
                owned("plan", false),
                owned("plan", true),
                owned("état", false),
                owned("état", true),
                owned("x", true)
            ]
        );
        let mut ascii = Vec::new();
        for_each_lowercase_word("Plan plan", |w| ascii.push(matches!(w, Cow::Borrowed(_))));
        assert_eq!(ascii, [false, true]);
    }

    #[test]
    fn folding_removes_case_and_marks_and_spells_out_letters() {
        assert_eq!(fold("migración"), "migracion");
        assert_eq!(fold("Côte"), "cote");
        assert_eq!(fold("Cote\u{301}"), "cote");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("ΜΕΤΑΝΆΣΤΕΥΣΗ"), "μεταναστευση");
        assert!(matches!(fold("plain2012"), Cow::Borrowed(_)));
    }

    #[test]
    fn each_language_stems_its_plurals_to_one_term() {
        let en = Language::of("en-GB");
        assert_eq!(en.term("remittances"), en.term("remittance"));
        assert_eq!(en.term("recommendations"), en.term("recommendation"));
        let fr = Language::of("fr");
        assert_eq!(fr.term("migrations"), fr.term("migration"));
        assert_eq!(fr.term("développement"), "developp");
        let es = Language::of("es");
        assert_eq!(es.term("migraciones"), es.term("migración"));
        let none = Language::of("x-klingon");
        assert_eq!(none.term("Remittances"), "remittances");
        assert!(en.is_stop("the") && !en.is_stop("migration"));
    }
}
