use super::*;
use crate::dialplan::NS;

fn profile(rules: &[(&str, &str)]) -> String {
    let mut s = format!("<LocationProfileDescription xmlns=\"{NS}\"><Name>Redmond</Name>");
    for (p, t) in rules {
        let p = p.replace('&', "&amp;").replace('<', "&lt;");
        s.push_str(&format!(
            "<Rule><Pattern>{p}</Pattern><Translation>{t}</Translation></Rule>"
        ));
    }
    s + "</LocationProfileDescription>"
}

fn plan(rules: &[(&str, &str)]) -> Dialplan {
    Dialplan::parse(profile(rules).as_bytes(), &DialplanConfig::default()).unwrap()
}

fn refusal(rules: &[(&str, &str)]) -> (usize, String) {
    match Dialplan::parse(profile(rules).as_bytes(), &DialplanConfig::default()) {
        Err(ProfileError::Rule { index, reason }) => (index, reason),
        other => panic!("not refused: {other:?}"),
    }
}

/// A dial plan of the kind enterprises deploy: extensions, national and international
/// numbers, emergency and operator numbers, premium-rate blocks.
const US: &[(&str, &str)] = &[
    // 0: premium-rate (900, 976) blocked by translating to a number nothing routes.
    ("^9?1?(900|976)\\d{7}$", "blocked"),
    // 1: emergency, with or without the external access prefix.
    ("^9?(911|933)$", "$1"),
    // 2: 4-digit extensions.
    ("^([2-7]\\d{3})$", "+1425555$1"),
    // 3: 7-digit local numbers, optional access prefix 9.
    ("^9?([2-9]\\d{6})$", "+1425$1"),
    // 4: 10-digit national numbers, optional 9 and 1.
    ("^9?1?([2-9]\\d{2}[2-9]\\d{6})$", "+1$1"),
    // 5: international with 011, optional 9.
    ("^9?011(\\d{7,15})$", "+$1"),
    // 6: already E.164.
    ("^\\+(\\d{7,15})$", "+$1"),
    // 7: operator assisted (0 + number), kept with its prefix in the local context.
    ("^9?0(\\d{10})$", "0$1"),
    // 8: operator.
    ("^0$", "0"),
];

#[test]
fn real_world_normalization_table() {
    let p = plan(US);
    let cases: &[(&str, Option<(usize, &str)>)] = &[
        ("2100", Some((2, "+14255552100"))),
        ("7999", Some((2, "+14255557999"))),
        ("1100", None),
        ("5550100", Some((3, "+14255550100"))),
        ("95550100", Some((3, "+14255550100"))),
        ("4255550100", Some((4, "+14255550100"))),
        ("14255550100", Some((4, "+14255550100"))),
        ("914255550100", Some((4, "+14255550100"))),
        ("2065550100", Some((4, "+12065550100"))),
        ("1255550100", None),
        ("01144207946000", Some((5, "+44207946000"))),
        ("901133123456789", Some((5, "+33123456789"))),
        ("+442079460000", Some((6, "+442079460000"))),
        ("911", Some((1, "911"))),
        ("9911", Some((1, "911"))),
        ("933", Some((1, "933"))),
        ("04255550100", Some((7, "04255550100"))),
        ("0", Some((8, "0"))),
        ("19005551234", Some((0, "blocked"))),
        ("99765551234", Some((0, "blocked"))),
        ("abc", None),
        ("", None),
    ];
    for (dialed, want) in cases {
        let got = p.translate(dialed).unwrap();
        let got = got.as_ref().map(|t| (t.rule, t.number.as_str()));
        assert_eq!(got, *want, "{dialed}");
    }
}

#[test]
fn first_matching_rule_wins() {
    let p = plan(&[("^1", "first"), ("^12", "second")]);
    assert_eq!(p.translate("12").unwrap().unwrap().number, "first");
    assert_eq!(p.translate("2").unwrap(), None);
}

#[test]
fn result_is_the_expansion_of_the_leftmost_match() {
    // `Match.Result`: the text around an unanchored match is not kept unless asked for.
    let p = plan(&[("(\\d{4})", "[$1]"), ("x", "$`|$'")]);
    assert_eq!(p.translate("ab1234cd").unwrap().unwrap().number, "[1234]");
    assert_eq!(p.translate("axb").unwrap().unwrap().number, "a|b");
}

#[test]
fn internal_extension_flag() {
    let xml = format!(
        "<LocationProfileDescription xmlns=\"{NS}\"><Name>R</Name>\
         <Rule><Pattern>^(\\d{{4}})$</Pattern><Translation>+1425555$1</Translation>\
         <InternalEnterpriseExtension>true</InternalEnterpriseExtension></Rule>\
         <Rule><Pattern>^(\\d{{7}})$</Pattern><Translation>+1425$1</Translation>\
         <InternalEnterpriseExtension>false</InternalEnterpriseExtension></Rule>\
         <Rule><Pattern>^(\\d{{10}})$</Pattern><Translation>+1$1</Translation></Rule>\
         </LocationProfileDescription>"
    );
    let p = Dialplan::parse(xml.as_bytes(), &DialplanConfig::default()).unwrap();
    assert!(p.translate("0100").unwrap().unwrap().internal);
    assert!(!p.translate("5550100").unwrap().unwrap().internal);
    assert!(!p.translate("4255550100").unwrap().unwrap().internal);
    assert_eq!(p.name(), "R");
    assert_eq!(p.profile().rules.len(), 3);
}

#[test]
fn unhonourable_rules_are_refused_at_load_with_their_index() {
    let (i, why) = refusal(&[("^1$", "1"), ("^(?(1)a|b)$", "x")]);
    assert_eq!(i, 1);
    assert!(why.contains("conditional"), "{why}");
    let (i, why) = refusal(&[("^\\p{IsGreek}$", "x")]);
    assert_eq!(i, 0);
    assert!(why.contains("block"), "{why}");
    let (i, why) = refusal(&[("1", "1"), ("2", "2"), ("(3)", "$99999999999")]);
    assert_eq!(i, 2);
    assert!(why.starts_with("translation:"), "{why}");
    // A pattern whose compiled form is over the bound.
    let c = DialplanConfig {
        max_compiled_size: 10_000,
        ..DialplanConfig::default()
    };
    let big = profile(&[("^\\d{1000}\\w{1000}$", "x")]);
    match Dialplan::parse(big.as_bytes(), &c) {
        Err(ProfileError::Rule { index: 0, reason }) => {
            assert!(reason.contains("engine"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn catastrophic_patterns_are_stopped() {
    // Nested quantifiers with a backreference: exponential for a backtracking engine.
    let rules = [("^(?:(\\d)\\1?|\\d)+x", "no"), ("^\\d+$", "later")];
    let c = DialplanConfig {
        backtrack_limit: 10_000,
        ..DialplanConfig::default()
    };
    let p = Dialplan::parse(profile(&rules).as_bytes(), &c).unwrap();
    let e = p.translate("1234567890123456789012345").unwrap_err();
    assert_eq!(e, TranslateError::MatchLimit { index: 0 });
    assert!(e.to_string().contains("backtrack_limit"));
}

#[test]
fn dialed_length_is_bounded() {
    let c = DialplanConfig {
        max_dialed_len: 4,
        ..DialplanConfig::default()
    };
    let p = Dialplan::parse(profile(&[("1", "1")]).as_bytes(), &c).unwrap();
    assert_eq!(
        p.translate("12345"),
        Err(TranslateError::TooLong { len: 5, max: 4 })
    );
    assert!(p.translate("1234").unwrap().is_some());
}

#[test]
fn newline_input_takes_the_exact_dollar() {
    let p = plan(&[("^(\\d{4})$", "+1425555$1")]);
    assert_eq!(
        p.translate("0100\n").unwrap().unwrap().number,
        "+14255550100"
    );
    assert_eq!(p.translate("0100\n\n").unwrap(), None);
}

#[test]
fn unicode_digits_match_by_default() {
    let arabic = "\u{660}\u{661}\u{660}\u{660}";
    let p = plan(&[("^(\\d{4})$", "+1425555$1")]);
    let t = p.translate(arabic).unwrap().unwrap();
    assert_eq!(t.number, format!("+1425555{arabic}"));
    // Not a telephone number a URI can carry.
    assert_eq!(t.uri("Redmond", None), None);
    let c = DialplanConfig {
        ascii_digits: true,
        ..DialplanConfig::default()
    };
    let p = Dialplan::parse(profile(&[("^(\\d{4})$", "+1425555$1")]).as_bytes(), &c).unwrap();
    assert_eq!(p.translate(arabic).unwrap(), None);
}
