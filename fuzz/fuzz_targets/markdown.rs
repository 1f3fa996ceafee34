//! Any Markdown, rendered with the project's options (raw HTML sanitised or
//! escaped): the output, read as a browser reads it, never runs a script.
//! The oracle tokenizes the HTML with html5ever and fails on a script-like
//! element, an event attribute or a script URL in any URL attribute.
#![no_main]

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use libfuzzer_sys::fuzz_target;
use rapporteur::config::{MarkdownConfig, RawHtml};
use rapporteur::markdown::Markdown;
use rapporteur::urls::Urls;

/// Elements that run or load active content. (MathML is not among them:
/// math in Markdown becomes MathML; its attributes are checked below.)
const ACTIVE: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
    "meta", "form", "svg", "template", "portal", "noscript", "xmp", "plaintext",
];
/// Attributes that hold a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "cite", "longdesc", "ping", "lowsrc", "dynsrc",
];

struct Oracle {
    problems: RefCell<Vec<String>>,
}

impl TokenSink for Oracle {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(Tag { kind: TagKind::StartTag, name, attrs, .. }) = token {
            let mut problems = self.problems.borrow_mut();
            if ACTIVE.contains(&&*name.to_string()) {
                problems.push(format!("element <{name}>"));
            }
            for a in attrs {
                let attr = a.name.local.to_string().to_ascii_lowercase();
                if attr.starts_with("on") {
                    problems.push(format!("event attribute {attr} on <{name}>"));
                }
                if attr == "srcdoc" {
                    problems.push("srcdoc".to_string());
                }
                if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(&a.value) {
                    problems.push(format!("{attr}={:?} on <{name}>", &*a.value));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Whether a browser would run this URL: it strips leading and trailing
/// C0 controls and spaces and every tab and line break, then reads the
/// scheme case-insensitively.
fn is_script_url(value: &str) -> bool {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let compact: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:text/html")
        || compact.starts_with("data:image/svg")
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let config = MarkdownConfig {
        raw_html: if pick % 2 == 0 { RawHtml::Sanitise } else { RawHtml::Escape },
        smart_punctuation: pick % 4 >= 2,
    };
    let urls = Urls::new(url::Url::parse("https://example.org/sub/").unwrap());
    let markdown = Markdown::new(&config, urls);
    let rendered = markdown.render(body, Path::new("content/sessions/x.md"), 4, &|p: &str| {
        (p == "sessions/y.md").then(|| "/sub/sessions/y/".to_string())
    });
    let oracle = Oracle { problems: RefCell::new(Vec::new()) };
    let tokenizer = Tokenizer::new(oracle, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&rendered.html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let problems = tokenizer.sink.problems.borrow();
    assert!(
        problems.is_empty(),
        "live content {problems:?} in\n{}\nfrom\n{body}",
        rendered.html
    );
});
