use super::*;
use crate::dialplan::dotnet_pattern::{PatternOptions, translate};
use fancy_regex::{Captures, Regex};

struct Caps<'a>(Captures<'a, str>);

impl CaptureSpans for Caps<'_> {
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        self.0.get(i).map(|m| (m.start(), m.end()))
    }
}

/// .NET `Regex.Match(input, pattern).Result(replacement)`.
fn result(pattern: &str, input: &str, replacement: &str) -> String {
    let p = translate(pattern, PatternOptions::default()).unwrap();
    let r = Replacement::parse(replacement, &p.groups).unwrap();
    let re = Regex::new(&p.plain).unwrap();
    let caps = re.captures(input).unwrap().expect("pattern matches");
    let mut out = String::new();
    r.expand(input, &Caps(caps), &mut out);
    out
}

const P: &str = "(\\d{3})(?<line>\\d{4})";

#[test]
fn numbered_groups() {
    assert_eq!(result(P, "x5550100y", "$1-$2"), "555-0100");
    assert_eq!(result(P, "x5550100y", "${1}0"), "5550");
    // `$10` with two groups: every digit is taken, no group 10, so the token is literal.
    assert_eq!(result(P, "x5550100y", "$10"), "$10");
    assert_eq!(result(P, "x5550100y", "$12"), "$12");
    assert_eq!(
        result(
            "(1)(2)(3)(4)(5)(6)(7)(8)(9)(0)(1)(2)",
            "123456789012",
            "$12|$1"
        ),
        "2|1"
    );
    assert_eq!(result(P, "x5550100y", "$0"), "5550100");
    assert_eq!(result(P, "x5550100y", "${3}"), "${3}");
    assert_eq!(result(P, "x5550100y", "${1x}"), "${1x}");
    assert_eq!(result(P, "x5550100y", "$01"), "555");
}

#[test]
fn named_groups() {
    assert_eq!(result(P, "5550100", "${line}"), "0100");
    assert_eq!(result(P, "5550100", "${nosuch}"), "${nosuch}");
    assert_eq!(result(P, "5550100", "${}"), "${}");
    assert_eq!(result(P, "5550100", "${line"), "${line");
    assert_eq!(result(P, "5550100", "$line"), "$line");
}

#[test]
fn special_tokens() {
    assert_eq!(result(P, "x5550100y", "$$1"), "$1");
    assert_eq!(result(P, "x5550100y", "[$&]"), "[5550100]");
    assert_eq!(result(P, "x5550100y", "$`"), "x");
    assert_eq!(result(P, "x5550100y", "$'"), "y");
    assert_eq!(result(P, "x5550100y", "$_"), "x5550100y");
    // `$+`: the highest-numbered group, here the named one (number 2).
    assert_eq!(result(P, "x5550100y", "$+"), "0100");
    assert_eq!(result("(1)(2)?", "1", "[$+]"), "[]");
    assert_eq!(result("12", "12", "$+"), "12");
}

#[test]
fn unknown_dollars_and_backslashes_are_literal() {
    assert_eq!(result(P, "5550100", "$"), "$");
    assert_eq!(result(P, "5550100", "a$"), "a$");
    assert_eq!(result(P, "5550100", "$x$"), "$x$");
    assert_eq!(result(P, "5550100", "\\1\\$1"), "\\1\\555");
    assert_eq!(result(P, "5550100", "+1425$1$2"), "+14255550100");
}

#[test]
fn groups_that_did_not_take_part_write_nothing() {
    assert_eq!(result("^(9)?(\\d{7})$", "5550100", "[$1]$2"), "[]5550100");
}

#[test]
fn huge_group_numbers_are_refused() {
    let g = translate("(1)", PatternOptions::default()).unwrap().groups;
    let e = Replacement::parse("x$99999999999", &g).unwrap_err();
    assert_eq!(e.offset, 2);
    assert!(e.reason.contains("2147483647"));
    assert!(Replacement::parse("$2147483647", &g).is_ok());
    assert_eq!(Replacement::parse("$1", &g).unwrap().as_str(), "$1");
}
