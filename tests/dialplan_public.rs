//! The seventeen real-world dial plans of `tests/data/dialplans/` (published by Lync, Skype for
//! Business and Teams administrators; `SOURCES.tsv` names where each came from) loaded as
//! location profiles (MS-SIPRE 2.2.7) and run over real numbers of their countries. Each
//! expected result is worked out by hand from the plan's rules as .NET's `Regex.Match` /
//! `Match.Result` read them (first matching rule in document order).
//!
//! Also the one discrepancy of the specification on the document format: Appendix B gives
//! `ExternalAccessPrefix` and `OptimizeDeviceDialing` `maxOccurs="0"`, 2.2.7.1
//! `maxOccurs="1"`.

use mssip::dialplan::{Dialplan, DialplanConfig, LocationProfile, NS, ProfileError};

fn load(file: &str) -> Dialplan {
    let path = format!("{}/tests/data/dialplans/{file}", env!("CARGO_MANIFEST_DIR"));
    let xml = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Dialplan::parse(&xml, &DialplanConfig::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// `(dialed, Some((rule, number)))` or `(dialed, None)` for no rule matching.
type Case = (&'static str, Option<(usize, &'static str)>);

fn run(file: &str, name: &str, rules: usize, cases: &[Case]) {
    let plan = load(file);
    assert_eq!(plan.name(), name, "{file}");
    assert_eq!(plan.profile().rules.len(), rules, "{file}");
    for (dialed, want) in cases {
        let got = plan
            .translate(dialed)
            .unwrap_or_else(|e| panic!("{file} {dialed:?}: {e}"))
            .map(|t| (t.rule, t.number));
        let want = want.map(|(r, n)| (r, n.to_owned()));
        assert_eq!(got, want, "{file}: {dialed:?}");
    }
}

#[test]
fn every_plan_loads() {
    let dir = format!("{}/tests/data/dialplans", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xml") {
            let xml = std::fs::read(&path).unwrap();
            let plan = Dialplan::parse(&xml, &DialplanConfig::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!plan.profile().rules.is_empty());
            n += 1;
        }
    }
    assert_eq!(n, 17);
}

#[test]
fn au_queensland() {
    run(
        "au-queensland.xml",
        "AU-Queensland",
        11,
        &[
            ("1234", Some((0, "+617123451234"))),
            ("1100", Some((0, "+617123451100"))),
            ("4455", Some((1, "+61212314455"))),
            ("000", Some((2, "+61000"))),
            ("112", Some((2, "+61000"))),
            ("32101234", Some((3, "+61732101234"))),
            ("1800123456", Some((4, "+611800123456"))),
            ("131234", Some((5, "+61131234"))),
            ("0412345678", Some((6, "+61412345678"))),
            ("0298765432", Some((7, "+61298765432"))),
            // AU-Service has no `$`: the match is a prefix, the rest is not in the result
            ("12345", Some((8, "+6112345"))),
            ("12345x", Some((8, "+6112345"))),
            ("+12065550100;ext=123", Some((9, "+12065550100;ext=123"))),
            ("0011441234567890", Some((10, "+441234567890"))),
            ("+12065550100", Some((10, "+12065550100"))),
            ("0", None),
        ],
    );
    let plan = load("au-queensland.xml");
    assert!(plan.translate("1234").unwrap().unwrap().internal);
    assert!(!plan.translate("000").unwrap().unwrap().internal);
}

#[test]
fn au_teamstools() {
    run(
        "au-teamstools.xml",
        "AU",
        9,
        &[
            ("000", Some((0, "+61000"))),
            // `^$` with `$1`: the group does not exist, so .NET keeps `$1` as it is
            ("", Some((1, "$1"))),
            ("0298765432", Some((2, "+61298765432"))),
            ("98765432", Some((2, "+61298765432"))),
            ("0398765432", Some((3, "+61398765432"))),
            ("0798765432", Some((4, "+61798765432"))),
            ("0898765432", Some((5, "+61898765432"))),
            ("0412345678", Some((6, "+61412345678"))),
            ("131234", Some((7, "+61131234"))),
            ("1300123456", Some((7, "+611300123456"))),
            ("0011442071234567", Some((8, "+442071234567"))),
            // the negative lookahead keeps Australia's own code out of the international rule
            ("00116129876543", None),
        ],
    );
}

#[test]
fn be() {
    run(
        "be.xml",
        "BE",
        6,
        &[
            ("0800123456", Some((0, "+32800123456"))),
            ("0901234567", Some((1, "+32901234567"))),
            ("0471234567", Some((2, "+32471234567"))),
            ("022345678", Some((3, "+3222345678"))),
            ("112", Some((4, "112"))),
            ("0033123456789", Some((5, "+33123456789"))),
        ],
    );
}

#[test]
fn ca_teamstools() {
    run(
        "ca-teamstools.xml",
        "CA",
        4,
        &[
            ("911", Some((0, "+1911"))),
            ("811", Some((0, "+1811"))),
            ("", Some((1, "$1"))),
            ("4255550100", Some((2, "+14255550100"))),
            ("14255550100", Some((2, "+14255550100"))),
            ("011442071234567", Some((3, "+442071234567"))),
            ("01112065550100", None),
        ],
    );
}

#[test]
fn cl_teamstools() {
    run(
        "cl-teamstools.xml",
        "CL",
        4,
        &[
            ("131", Some((0, "+56131"))),
            ("", Some((1, "$1"))),
            // `^(\d{3,9)$`: .NET reads `{3,9` as literal text (no quantifier), and `+56$2`
            // keeps `$2`, which names no group: the rule only matches a digit and `{3,9`
            ("5{3,9", Some((2, "+56$2"))),
            ("221234567", None),
            ("0541234567890", Some((3, "+541234567890"))),
            ("0561234567890", None),
        ],
    );
}

#[test]
fn de() {
    run(
        "de.xml",
        "DE",
        6,
        &[
            ("08001234567", Some((0, "+498001234567"))),
            ("09001234567", Some((1, "+499001234567"))),
            ("015112345678", Some((2, "+4915112345678"))),
            ("0301234567", Some((3, "+49301234567"))),
            ("110", Some((4, "110"))),
            ("116116", Some((4, "116116"))),
            ("0033123456789", Some((5, "+33123456789"))),
        ],
    );
}

#[test]
fn fr() {
    run(
        "fr.xml",
        "FR",
        6,
        &[
            ("0800123456", Some((0, "+33800123456"))),
            ("0612345678", Some((2, "+33612345678"))),
            ("612345678", Some((2, "+33612345678"))),
            ("0145678901", Some((3, "+33145678901"))),
            ("112", Some((4, "112"))),
            ("15", Some((4, "15"))),
            ("3949", Some((4, "3949"))),
            ("004930123456", Some((5, "+4930123456"))),
        ],
    );
}

#[test]
fn gr() {
    run(
        "gr.xml",
        "GR",
        6,
        &[
            ("8001234567", Some((0, "+308001234567"))),
            ("9011234567", Some((1, "+309011234567"))),
            ("6912345678", Some((2, "+306912345678"))),
            ("2101234567", Some((3, "+302101234567"))),
            ("112", Some((4, "112"))),
            ("00442071234567", Some((5, "+442071234567"))),
        ],
    );
}

#[test]
fn hu() {
    run(
        "hu.xml",
        "HU",
        6,
        &[
            ("0680123456", Some((0, "+3680123456"))),
            ("06201234567", Some((2, "+36201234567"))),
            ("0612345678", Some((3, "+3612345678"))),
            ("104", Some((4, "104"))),
            ("112", Some((4, "112"))),
            // `[4,5,7]` holds a comma, as the source has it
            ("10,", Some((4, "10,"))),
            ("106", None),
        ],
    );
}

#[test]
fn it() {
    run(
        "it.xml",
        "IT",
        6,
        &[
            ("800123456", Some((0, "+39800123456"))),
            ("03331234567", Some((2, "+393331234567"))),
            ("0612345678", Some((3, "+390612345678"))),
            ("113", Some((4, "113"))),
            ("0033123456789", Some((5, "+33123456789"))),
        ],
    );
}

#[test]
fn nl() {
    run(
        "nl.xml",
        "Global",
        6,
        &[
            ("08001234", Some((0, "+318001234"))),
            ("0612345678", Some((2, "+31612345678"))),
            ("0201234567", Some((3, "+31201234567"))),
            ("112", Some((4, "112"))),
            ("14020", Some((4, "14020"))),
            ("003221234567", Some((5, "+3221234567"))),
        ],
    );
}

#[test]
fn uk_gamma() {
    run(
        "uk-gamma.xml",
        "Site-DP",
        6,
        &[
            ("08001234567", Some((0, "+448001234567"))),
            ("07712345678", Some((2, "+447712345678"))),
            ("02071234567", Some((3, "+442071234567"))),
            ("999", Some((4, "999"))),
            ("*31#", Some((4, "*31#"))),
            ("0033123456789", Some((5, "+33123456789"))),
            // the international rule's `00` is optional: bare digits read as a country code
            ("4412345678", Some((5, "+4412345678"))),
            ("12345678", Some((5, "+12345678"))),
        ],
    );
}

#[test]
fn uk_london() {
    run(
        "uk-london.xml",
        "UK-TeamsDR-DP",
        7,
        &[
            ("32101234", Some((0, "+442032101234"))),
            ("08001234567", Some((1, "+448001234567"))),
            ("07712345678", Some((3, "+447712345678"))),
            ("01131234567", Some((4, "+441131234567"))),
            ("118118", Some((5, "118118"))),
            ("999", Some((5, "999"))),
            ("+33123456789", Some((6, "+33123456789"))),
        ],
    );
}

#[test]
fn uk_sfblab() {
    run(
        "uk-sfblab.xml",
        "SkypeSite-DialPlan",
        4,
        &[
            ("1234", Some((0, "+441180001234"))),
            ("2345", Some((1, "+441180002345"))),
            ("00331234567890", Some((2, "+331234567890"))),
            ("+4412345678901", Some((2, "+4412345678901"))),
            ("01189876543", Some((3, "+441189876543"))),
            ("3456", None),
        ],
    );
}

#[test]
fn us_redmond_lync2013() {
    run(
        "us-redmond-lync2013.xml",
        "Redmond.forestFQDN",
        8,
        &[
            ("50100", Some((0, "+14255550100"))),
            ("5550100", Some((1, "+14255550100"))),
            ("2065550100", Some((2, "+12065550100"))),
            ("011442071234567", Some((3, "+442071234567"))),
            ("62220100", Some((4, "+14255550100"))),
            ("63330100", Some((5, "+12025550100"))),
            ("64440100", Some((6, "+19725550100"))),
            ("0", Some((7, "+14255550100"))),
        ],
    );
}

#[test]
fn us_redmond_teams() {
    run(
        "us-redmond-teams.xml",
        "RedmondDialPlan",
        7,
        &[
            ("0100", Some((0, "+14255550100"))),
            ("50100", Some((1, "+14255550100"))),
            ("5550100", Some((2, "+14255550100"))),
            ("0", Some((3, "+14255550100"))),
            ("62220100", Some((4, "+14255550100"))),
            ("30100", Some((5, "+14255530100"))),
            // no `+`: a number that stays local to the profile's context
            ("2065550100", Some((6, "12065550100"))),
        ],
    );
    let plan = load("us-redmond-teams.xml");
    let t = plan.translate("2065550100").unwrap().unwrap();
    assert_eq!(
        t.uri(plan.name(), Some("contoso.com")).as_deref(),
        Some("sip:12065550100;phone-context=RedmondDialPlan@contoso.com;user=phone")
    );
}

#[test]
fn za_vodacom() {
    run(
        "za-vodacom.xml",
        "Global",
        6,
        &[
            ("0800123456", Some((0, "+27800123456"))),
            ("0862123456", Some((1, "+27862123456"))),
            ("0821234567", Some((2, "+27821234567"))),
            ("0111234567", Some((3, "+27111234567"))),
            ("10111", Some((4, "10111"))),
            ("00442071234567", Some((5, "+442071234567"))),
        ],
    );
}

// ---- Appendix B against 2.2.7.1 -------------------------------------------------------

/// Appendix B gives `ExternalAccessPrefix` and `OptimizeDeviceDialing` `minOccurs="0"
/// maxOccurs="0"`, which would forbid both; 2.2.7.1 gives them `maxOccurs="1"`, describes
/// what each means, and its footnotes say which servers send them. The normative prose wins:
/// each may appear once (and is carried through), twice is refused.
fn doc(extra: &str) -> String {
    format!(
        "<LocationProfileDescription xmlns=\"{NS}\"><Name>R</Name>\
         <Rule><Pattern>^1$</Pattern><Translation>+1</Translation></Rule>{extra}\
         </LocationProfileDescription>"
    )
}

#[test]
fn external_access_prefix_and_optimize_device_dialing_occur_at_most_once() {
    let c = DialplanConfig::default();
    let once = doc(
        "<ExternalAccessPrefix>9</ExternalAccessPrefix><OptimizeDeviceDialing>true</OptimizeDeviceDialing>",
    );
    let p = LocationProfile::parse(once.as_bytes(), &c).unwrap();
    assert_eq!(p.external_access_prefix.as_deref(), Some("9"));
    assert_eq!(p.optimize_device_dialing, Some(true));
    // written back: both are kept (2.2.7.1), so a client gets them
    assert!(
        p.to_xml()
            .contains("<ExternalAccessPrefix>9</ExternalAccessPrefix>")
    );
    assert!(
        p.to_xml()
            .contains("<OptimizeDeviceDialing>true</OptimizeDeviceDialing>")
    );
    let absent = LocationProfile::parse(doc("").as_bytes(), &c).unwrap();
    assert_eq!(
        (
            absent.external_access_prefix,
            absent.optimize_device_dialing
        ),
        (None, None)
    );
    for twice in [
        "<ExternalAccessPrefix>9</ExternalAccessPrefix><ExternalAccessPrefix>8</ExternalAccessPrefix>",
        "<OptimizeDeviceDialing>true</OptimizeDeviceDialing><OptimizeDeviceDialing>false</OptimizeDeviceDialing>",
    ] {
        let e = LocationProfile::parse(doc(twice).as_bytes(), &c).unwrap_err();
        assert!(
            matches!(&e, ProfileError::Invalid { what, .. } if what.contains("appears twice")),
            "{e}"
        );
    }
}
