//! TeX math (`$...$`, `$$...$$`) as MathML, made when the site is built:
//! pages need no script to show it. The one home of pulldown-latex.

use crate::diagnostics::{Diagnostic, Location};

/// The MathML of a TeX formula. TeX that cannot be read is shown as code
/// instead, with a warning at `at`.
pub fn to_mathml(tex: &str, display: bool, at: Location, warnings: &mut Vec<Diagnostic>) -> String {
    use pulldown_latex::{Parser, RenderConfig, Storage, config::DisplayMode, push_mathml};
    let storage = Storage::new();
    let parser = Parser::new(tex, &storage);
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    let failed = push_mathml(&mut out, parser, config).is_err() || out.contains("<merror");
    if !failed {
        return super::sanitise::clean_mathml(&out);
    }
    warnings.push(
        Diagnostic::warning(at, format!("cannot read the math `{}`", one_line(tex))).with_help(
            "check the TeX; a dollar amount is written `\\$19`, or with a space after the `$`",
        ),
    );
    let mut code = String::from("<code class=\"math-source\">");
    let _ = comrak::html::escape(&mut code, tex);
    code.push_str("</code>");
    code
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_becomes_mathml_and_bad_tex_code() {
        let mut w = Vec::new();
        let at = Location::at("a.md", 1, 1);
        let ok = to_mathml("P_N-P_{N-2}", false, at.clone(), &mut w);
        assert!(ok.starts_with("<math") && ok.contains("<msub>"), "{ok}");
        assert!(w.is_empty());
        let display = to_mathml(r"\frac{a}{b}", true, at.clone(), &mut w);
        assert!(display.contains("display=\"block\""), "{display}");
        let bad = to_mathml(r"\bad{x", false, at, &mut w);
        assert_eq!(bad, r#"<code class="math-source">\bad{x</code>"#);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn tex_cannot_smuggle_html_into_the_mathml() {
        let mut w = Vec::new();
        let at = Location::at("a.md", 1, 1);
        let op = to_mathml(
            r"\operatorname{<img src=x onerror=alert(1)>}",
            false,
            at.clone(),
            &mut w,
        );
        assert!(!op.contains("<img") && !op.contains("onerror"), "{op}");
        let text = to_mathml(
            r"	ext{</math><script>alert(1)</script>}",
            false,
            at.clone(),
            &mut w,
        );
        assert!(!text.contains("<script"), "{text}");
        let less = to_mathml("a<b", false, at, &mut w);
        assert!(less.contains("<mo>&lt;</mo>"), "{less}");
    }
}
