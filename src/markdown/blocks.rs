//! A body as plain blocks and inlines, for the writers that are not HTML
//! (the PDF report): the Markdown tree after links were rewritten, with
//! every value kept as text. Raw HTML is left out: only what Markdown
//! itself says reaches the PDF, so nothing in it can be read as markup.

use comrak::nodes::{ListType, NodeValue};
use serde::Serialize;

#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    P {
        c: Vec<Inline>,
    },
    H {
        level: u8,
        c: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: usize,
        items: Vec<Vec<Block>>,
    },
    Quote {
        c: Vec<Block>,
    },
    Code {
        s: String,
    },
    Table {
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Hr,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        s: String,
    },
    Em {
        c: Vec<Inline>,
    },
    Strong {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    Code {
        s: String,
    },
    /// `url` is absolute (http, https or mailto).
    Link {
        url: String,
        c: Vec<Inline>,
    },
    Br,
}

/// The blocks of `root`; `absolute` turns a rewritten link into an
/// absolute address, `None` for one that stays text (a fragment).
pub fn blocks<'a>(
    root: comrak::nodes::Node<'a>,
    absolute: &dyn Fn(&str) -> Option<String>,
) -> Vec<Block> {
    children(root, absolute, 0)
}

/// How deep quotes and lists (and, apart, emphasis and links) nest before
/// what is deeper is kept as plain text. A content file may nest them
/// thousands deep; this walk, and the template's, recurse once a level
/// (Typst stops at 80 nested calls).
const MAX_DEPTH: usize = 8;

fn children<'a>(
    node: comrak::nodes::Node<'a>,
    absolute: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> Vec<Block> {
    if depth >= MAX_DEPTH {
        let s = plain_text(node);
        return if s.trim().is_empty() {
            Vec::new()
        } else {
            vec![Block::P {
                c: vec![Inline::Text { s }],
            }]
        };
    }
    node.children()
        .flat_map(|n| block(n, absolute, depth))
        .collect()
}

/// The text of `node` and everything in it, without recursion.
fn plain_text(node: comrak::nodes::Node<'_>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::CodeBlock(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            NodeValue::Paragraph | NodeValue::Item(_) | NodeValue::Heading(_)
                if !s.is_empty() && !s.ends_with(' ') =>
            {
                s.push(' ');
            }
            _ => {}
        }
    }
    s
}

fn block<'a>(
    node: comrak::nodes::Node<'a>,
    absolute: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> Vec<Block> {
    let blocks = |n| children(n, absolute, depth + 1);
    let inlines = |n| inlines(n, absolute, 0);
    match &node.data().value {
        NodeValue::Paragraph => vec![Block::P { c: inlines(node) }],
        NodeValue::Heading(h) => vec![Block::H {
            level: h.level,
            c: inlines(node),
        }],
        NodeValue::List(l) => vec![Block::List {
            ordered: l.list_type == ListType::Ordered,
            start: l.start,
            items: node.children().map(blocks).collect(),
        }],
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
            vec![Block::Quote { c: blocks(node) }]
        }
        NodeValue::CodeBlock(c) => vec![Block::Code {
            s: c.literal.trim_end().to_string(),
        }],
        NodeValue::ThematicBreak => vec![Block::Hr],
        NodeValue::Table(_) => vec![Block::Table {
            rows: node
                .children()
                .map(|row| row.children().map(inlines).collect())
                .collect(),
        }],
        NodeValue::HtmlBlock(_) | NodeValue::Raw(_) | NodeValue::FrontMatter(_) => Vec::new(),
        // An item, a description: their blocks, at the same depth.
        _ => children(node, absolute, depth),
    }
}

fn inlines<'a>(
    node: comrak::nodes::Node<'a>,
    absolute: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> Vec<Inline> {
    if depth >= MAX_DEPTH {
        return vec![Inline::Text {
            s: plain_text(node),
        }];
    }
    let inner = |n| inlines(n, absolute, depth + 1);
    let mut out = Vec::new();
    for child in node.children() {
        match &child.data().value {
            NodeValue::Text(s) => out.push(Inline::Text { s: s.to_string() }),
            NodeValue::SoftBreak => out.push(Inline::Text { s: " ".into() }),
            NodeValue::LineBreak => out.push(Inline::Br),
            NodeValue::Code(c) => out.push(Inline::Code {
                s: c.literal.to_string(),
            }),
            NodeValue::Math(m) => out.push(Inline::Code {
                s: m.literal.to_string(),
            }),
            NodeValue::Emph => out.push(Inline::Em { c: inner(child) }),
            NodeValue::Strong => out.push(Inline::Strong { c: inner(child) }),
            NodeValue::Strikethrough => out.push(Inline::Strike { c: inner(child) }),
            NodeValue::Link(link) => {
                let c = inner(child);
                match absolute(&link.url) {
                    Some(url) => out.push(Inline::Link { url, c }),
                    None => out.extend(c),
                }
            }
            NodeValue::Image(_) => {
                // An image stands as its description.
                let alt = inner(child);
                if !alt.is_empty() {
                    out.push(Inline::Em { c: alt });
                }
            }
            NodeValue::ShortCode(s) => out.push(Inline::Text {
                s: s.emoji.to_string(),
            }),
            NodeValue::FootnoteReference(f) => out.push(Inline::Text {
                s: format!("[{}]", f.name),
            }),
            NodeValue::HtmlInline(_) | NodeValue::Raw(_) => {}
            _ => out.extend(inner(child)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_becomes_blocks_of_text_without_its_raw_html() {
        let arena = comrak::Arena::new();
        let mut options = comrak::Options::default();
        options.extension.table = true;
        let root = comrak::parse_document(
            &arena,
            "# T\n\nA *b* [l](/x/) `#c` <b>raw</b>\n\n- one\n\n<script>x</script>\n\n|a|b|\n|-|-|\n|1|2|\n",
            &options,
        );
        let got = blocks(root, &|u| Some(format!("https://s.org{u}")));
        assert_eq!(
            got[1],
            Block::P {
                c: vec![
                    Inline::Text { s: "A ".into() },
                    Inline::Em {
                        c: vec![Inline::Text { s: "b".into() }]
                    },
                    Inline::Text { s: " ".into() },
                    Inline::Link {
                        url: "https://s.org/x/".into(),
                        c: vec![Inline::Text { s: "l".into() }]
                    },
                    Inline::Text { s: " ".into() },
                    Inline::Code { s: "#c".into() },
                    Inline::Text { s: " ".into() },
                    Inline::Text { s: "raw".into() },
                ]
            }
        );
        assert!(matches!(&got[2], Block::List { items, .. } if items.len() == 1));
        assert!(matches!(&got[3], Block::Table { rows } if rows.len() == 2));
        assert_eq!(got.len(), 4, "{got:?}");
    }
}
