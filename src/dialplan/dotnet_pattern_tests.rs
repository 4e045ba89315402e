use super::*;
use fancy_regex::Regex;

fn rust(p: &str) -> RustPattern {
    translate(p, PatternOptions::default()).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The whole match, or None, of the .NET pattern `p` on `s` (input without a newline).
fn find(p: &str, s: &str) -> Option<String> {
    find_with(p, s, PatternOptions::default())
}

fn find_with(p: &str, s: &str, o: PatternOptions) -> Option<String> {
    let r = translate(p, o).unwrap_or_else(|e| panic!("{p}: {e}"));
    let src = if s.contains('\n') {
        r.newline.clone().unwrap_or(r.plain.clone())
    } else {
        r.plain.clone()
    };
    let re = Regex::new(&src).unwrap_or_else(|e| panic!("{p} -> {src}: {e}"));
    re.find(s).unwrap().map(|m| m.as_str().to_string())
}

/// .NET group `n` of the match.
fn group(p: &str, s: &str, n: usize) -> Option<String> {
    let r = rust(p);
    let re = Regex::new(&r.plain).unwrap();
    let caps = re.captures(s).unwrap()?;
    let i = r.groups.rust_index(n)?;
    caps.get(i).map(|m| m.as_str().to_string())
}

fn refused(p: &str) -> String {
    match translate(p, PatternOptions::default()) {
        Ok(r) => panic!("{p} accepted as {}", r.plain),
        Err(e) => e.reason,
    }
}

#[test]
fn classes_and_ranges() {
    assert_eq!(find("^[2-9]\\d{2}$", "425").as_deref(), Some("425"));
    assert_eq!(find("^[2-9]\\d{2}$", "125"), None);
    assert_eq!(find("[^0-9]+", "12ab3").as_deref(), Some("ab"));
    // `]` first is a literal; `-` last is a literal; `[` and `&&` are literals in .NET.
    assert_eq!(find("[]a]+", "x]a]").as_deref(), Some("]a]"));
    assert_eq!(find("[a-]+", "x-a-").as_deref(), Some("-a-"));
    assert_eq!(find("[[]", "a[").as_deref(), Some("["));
    assert_eq!(find("[&&]+", "a&&").as_deref(), Some("&&"));
    assert_eq!(find("[~~]+", "a~~").as_deref(), Some("~~"));
    // Escapes inside a class: `\b` is a backspace there, `\d` a class, `\x`, `\u`, octal.
    assert_eq!(find("[\\b]", "a\u{8}").as_deref(), Some("\u{8}"));
    assert_eq!(find("[\\d*#]+", "x*12#").as_deref(), Some("*12#"));
    assert_eq!(find("[\\x41-\\u0043]+", "xABCD").as_deref(), Some("ABC"));
    assert_eq!(find("[\\101]", "zA").as_deref(), Some("A"));
    // `[\d-z]`: after a class escape `-` is a literal.
    assert_eq!(find("^[\\d-z]+$", "1-z").as_deref(), Some("1-z"));
    assert_eq!(find("^[\\d-z]+$", "y"), None);
    assert!(refused("[z-a]").contains("reverse"));
    assert!(refused("[abc").contains("unterminated"));
    assert!(refused("[a-\\d]").contains("range"));
}

#[test]
fn class_subtraction() {
    assert_eq!(find("^[a-z-[aeiou]]+$", "bcd").as_deref(), Some("bcd"));
    assert_eq!(find("^[a-z-[aeiou]]+$", "bad"), None);
    assert_eq!(find("^[0-9-[5]]+$", "1234"), Some("1234".into()));
    assert_eq!(find("^[0-9-[5]]+$", "1254"), None);
    // Nested: 0-9 minus (3-7 minus 5) = 0,1,2,5,8,9.
    assert_eq!(
        find("^[0-9-[3-7-[5]]]+$", "01258").as_deref(),
        Some("01258")
    );
    assert_eq!(find("^[0-9-[3-7-[5]]]+$", "4"), None);
    // `[a-[b]]`: a range start followed by a subtraction.
    assert_eq!(find("^[a-[a]]$", "a"), None);
    // Negated base: (not a-z) minus digits.
    assert_eq!(find("^[^a-z-[0-9]]+$", "#*"), Some("#*".into()));
    assert_eq!(find("^[^a-z-[0-9]]+$", "#1"), None);
    // A class escape subtracted.
    assert_eq!(find("^[\\w-[\\d]]+$", "ab_"), Some("ab_".into()));
    assert_eq!(find("^[\\w-[\\d]]+$", "a1"), None);
    assert!(refused("[a-z-[aeiou]x]").contains("last element"));
}

#[test]
fn quantifiers_greedy_and_lazy() {
    assert_eq!(find("1\\d*", "1234").as_deref(), Some("1234"));
    assert_eq!(find("1\\d*?", "1234").as_deref(), Some("1"));
    assert_eq!(find("1\\d+?", "1234").as_deref(), Some("12"));
    assert_eq!(find("1\\d??", "1234").as_deref(), Some("1"));
    assert_eq!(find("\\d{2,3}", "12345").as_deref(), Some("123"));
    assert_eq!(find("\\d{2,3}?", "12345").as_deref(), Some("12"));
    assert_eq!(find("\\d{2,}", "12345").as_deref(), Some("12345"));
    assert_eq!(find("\\d{3}", "12345").as_deref(), Some("123"));
    // Lazy with backtracking: the group takes as little as the anchor allows.
    assert_eq!(
        group("^(\\d+?)(\\d{4})$", "4255550100", 1).as_deref(),
        Some("425555")
    );
    // `{` that starts no quantifier is a literal in .NET.
    assert_eq!(find("a{,3}", "a{,3}").as_deref(), Some("a{,3}"));
    assert_eq!(find("a{x}", "a{x}").as_deref(), Some("a{x}"));
    assert_eq!(find("{}", "{}").as_deref(), Some("{}"));
    assert!(refused("a**").contains("nested quantifier"));
    assert!(refused("a{2}{3}").contains("nested quantifier"));
    assert!(refused("*a").contains("following nothing"));
    assert!(refused("(?:|+)").contains("following nothing"));
}

#[test]
fn alternation_and_anchors() {
    assert_eq!(find("^(?:911|112)$", "112").as_deref(), Some("112"));
    assert_eq!(find("^(?:911|112)$", "1120"), None);
    assert_eq!(find("^9|8", "18").as_deref(), Some("8"));
    // `$` and `\Z` also match before a final newline; `\z` does not.
    assert_eq!(find("^\\d+$", "123\n").as_deref(), Some("123"));
    assert_eq!(find("^\\d+\\Z", "123\n").as_deref(), Some("123"));
    assert_eq!(find("^\\d+\\z", "123\n"), None);
    assert_eq!(find("^\\d+$", "123\n\n"), None);
    assert_eq!(find("\\A\\d+", "12a").as_deref(), Some("12"));
    assert_eq!(find("\\G\\d+", "a12"), None);
    assert_eq!(find("\\b12\\b", "a 12 b").as_deref(), Some("12"));
    // Multiline: `^` and `$` at every line.
    assert_eq!(find("(?m)^2$", "1\n2\n3").as_deref(), Some("2"));
    assert_eq!(find("^2$", "1\n2\n3"), None);
    // The plain form has no lookahead, so a profile of anchored rules stays on the fast path.
    assert_eq!(rust("^(\\d{4})$").plain, "^(\\d{4})\\z");
    assert_eq!(rust("^1$").newline.as_deref(), Some("^1(?=\\n?\\z)"));
    assert_eq!(rust("^1").newline, None);
}

#[test]
fn groups_are_numbered_as_dotnet_does() {
    // Unnamed groups first, then named ones.
    let p = "^(?<area>\\d{3})(\\d{3})(?'line'\\d{4})(x)?$";
    let r = rust(p);
    assert_eq!(r.groups.len(), 5);
    assert_eq!(group(p, "4255550100", 1).as_deref(), Some("555"));
    assert_eq!(group(p, "4255550100", 2), None);
    assert_eq!(group(p, "4255550100", 3).as_deref(), Some("425"));
    assert_eq!(group(p, "4255550100", 4).as_deref(), Some("0100"));
    assert_eq!(r.groups.number_of("area"), Some(3));
    assert_eq!(r.groups.number_of("line"), Some(4));
    assert_eq!(r.groups.name_of(4), Some("line"));
    assert_eq!(r.groups.last(), 4);
    // Non-capturing groups take no number.
    assert_eq!(rust("(?:1)(2)").groups.len(), 2);
    // Explicit capture `n`: unnamed groups do not capture, named ones do.
    let r = rust("(?n)(1)(?<x>2)");
    assert_eq!(r.groups.len(), 2);
    assert_eq!(r.groups.number_of("x"), Some(1));
    assert_eq!(rust("(?n:(1))(2)").groups.len(), 2);
    assert!(refused("(?<a>1)(?<a>2)").contains("two groups"));
    assert!(refused("(?<3>1)").contains("number"));
    assert!(refused("(?<a-b>1)").contains("balancing"));
    assert!(refused("(?<>1)").contains("group name"));
    assert!(refused("(?(1)a|b)").contains("conditional"));
    assert!(refused("(1").contains("not enough )"));
    assert!(refused("1)").contains("too many )"));
    assert!(refused("(?q)").contains("grouping construct"));
}

#[test]
fn backreferences_follow_dotnet_numbers() {
    // `\1` is the first unnamed group even though the named group opens first.
    assert_eq!(find("^(?<a>\\d)(\\d)\\1$", "122").as_deref(), Some("122"));
    assert_eq!(find("^(?<a>\\d)(\\d)\\1$", "121"), None);
    assert_eq!(
        find("^(?<a>\\d)(\\d)\\k<a>$", "121").as_deref(),
        Some("121")
    );
    assert_eq!(find("^(?<a>\\d)\\k'a'$", "11").as_deref(), Some("11"));
    assert_eq!(find("^(?<a>\\d)\\<a>$", "11").as_deref(), Some("11"));
    assert_eq!(find("^(\\d)\\k<1>$", "11").as_deref(), Some("11"));
    // A backreference followed by a digit stays a backreference to its group.
    assert_eq!(find("^(\\d)\\1(?:0)$", "110").as_deref(), Some("110"));
    assert!(refused("(1)\\2").contains("undefined group number 2"));
    assert!(refused("\\k<nope>").contains("undefined group name"));
    assert!(refused("\\12").contains("octal"));
}

#[test]
fn lookaround() {
    assert_eq!(find("^\\d{3}(?=555)", "425555").as_deref(), Some("425"));
    assert_eq!(find("^(?!911)\\d{3}$", "911"), None);
    assert_eq!(find("^(?!911)\\d{3}$", "912").as_deref(), Some("912"));
    assert_eq!(find("(?<=\\+1)\\d{3}", "+1425").as_deref(), Some("425"));
    assert_eq!(find("(?<!\\+)1\\d", "+12 13").as_deref(), Some("13"));
    assert_eq!(find("(?>\\d+)\\d", "123"), None);
}

#[test]
fn inline_options() {
    assert_eq!(find("(?i)^ext\\d+$", "EXT12").as_deref(), Some("EXT12"));
    assert_eq!(find("^(?i:ext)X$", "EXTX").as_deref(), Some("EXTX"));
    assert_eq!(find("^(?i:ext)X$", "EXTx"), None);
    assert_eq!(find("(?i)e(?-i)x", "EX"), None);
    // Options last to the end of the enclosing group.
    assert_eq!(find("^((?i)a)a$", "Aa").as_deref(), Some("Aa"));
    assert_eq!(find("^((?i)a)a$", "AA"), None);
    assert_eq!(find("(?s)1.2", "1\n2").as_deref(), Some("1\n2"));
    assert_eq!(find("1.2", "1\n2"), None);
    // `x`: white space and `#` comments outside classes are dropped, not inside them.
    assert_eq!(
        find("(?x) ^ \\d {4} # four digits\n $", "1234").as_deref(),
        Some("1234")
    );
    assert_eq!(find("(?x)[ ]", "a b").as_deref(), Some(" "));
    assert_eq!(find("(?#a comment)12", "12").as_deref(), Some("12"));
    assert!(refused("(?#open").contains("comment"));
}

#[test]
fn escapes() {
    assert_eq!(find("\\+1", "+1").as_deref(), Some("+1"));
    assert_eq!(find("\\.\\*\\#", ".*#").as_deref(), Some(".*#"));
    assert_eq!(find("\\x2B\\u0031", "+1").as_deref(), Some("+1"));
    assert_eq!(find("\\t\\0", "\t\0").as_deref(), Some("\t\0"));
    assert_eq!(find("\\cA", "\u{1}").as_deref(), Some("\u{1}"));
    assert_eq!(find("\\p{Nd}+", "a12").as_deref(), Some("12"));
    assert_eq!(find("\\P{Nd}+", "12ab").as_deref(), Some("ab"));
    // Literals that are syntax in Rust but not in .NET.
    assert_eq!(
        find("a]b}c#d~e&f", "a]b}c#d~e&f").as_deref(),
        Some("a]b}c#d~e&f")
    );
    assert!(refused("\\q").contains("unrecognized escape"));
    assert!(refused("\\x4").contains("hexadecimal"));
    assert!(refused("\\").contains("end of pattern"));
    assert!(refused("\\p{L").contains("\\p{X}"));
    assert!(refused("\\p{IsGreek}").contains("block"));
    assert!(refused("[\\P{IsBasicLatin}]").contains("block"));
    assert!(refused("\\p{Greek}").contains("unknown property"));
    assert_eq!(find("\\p{Lu}\\p{Ll}", "aBc").as_deref(), Some("Bc"));
}

#[test]
fn digits_are_unicode_unless_configured() {
    // U+0661 U+0662 U+0663 U+0664: Arabic-Indic digits, category Nd, which .NET's \d matches.
    let arabic = "\u{661}\u{662}\u{663}\u{664}";
    assert_eq!(find("^\\d{4}$", arabic).as_deref(), Some(arabic));
    let ascii = PatternOptions { ascii_digits: true };
    assert_eq!(find_with("^\\d{4}$", arabic, ascii), None);
    assert_eq!(
        find_with("^\\d{4}$", "1234", ascii).as_deref(),
        Some("1234")
    );
    assert_eq!(find_with("^[\\d]+$", arabic, ascii), None);
    assert_eq!(find_with("^\\D+$", arabic, ascii).as_deref(), Some(arabic));
    assert_eq!(find_with("^[\\D]+$", "12", ascii), None);
}

#[test]
fn errors_say_where() {
    let e = translate("^12(3", PatternOptions::default()).unwrap_err();
    assert_eq!(e.offset, 3);
    assert_eq!(
        e.to_string(),
        "not enough ): a group is not closed at byte 3"
    );
}
