//! The location profile of the corpus (`tests/data/dialplan/location-profile-redmond.xml`):
//! read, translated and written back through the public API (MS-SIPRE 2.2.7, 3.8).

use mssip::dialplan::{Dialplan, DialplanConfig, LocationProfile};

const REDMOND: &[u8] = include_bytes!("data/dialplan/location-profile-redmond.xml");

fn plan() -> Dialplan {
    Dialplan::parse(REDMOND, &DialplanConfig::default()).unwrap()
}

#[test]
fn corpus_profile_reads_with_every_element() {
    let p = LocationProfile::parse(REDMOND, &DialplanConfig::default()).unwrap();
    assert_eq!(p.name, "Redmond");
    assert_eq!(p.rules.len(), 5);
    assert_eq!(
        p.rules[2].pattern,
        "^9?1?(?<area>[2-9]\\d{2})(?<local>\\d{7})$"
    );
    assert_eq!(p.rules[2].translation, "+1${area}${local}");
    assert_eq!(p.rules[0].internal_enterprise_extension, Some(true));
    assert_eq!(p.rules[0].applicable_for_device_dialing, Some(true));
    assert_eq!(p.rules[1].internal_enterprise_extension, None);
    assert_eq!(p.rules[1].applicable_for_device_dialing, Some(true));
    assert_eq!(p.external_access_prefix.as_deref(), Some("9"));
    assert_eq!(p.optimize_device_dialing, Some(true));
    // Written back and read again, it is the same profile.
    let again = LocationProfile::parse(p.to_xml().as_bytes(), &DialplanConfig::default()).unwrap();
    assert_eq!(again, p);
}

#[test]
fn corpus_profile_translates() {
    let p = plan();
    let cases = [
        ("0100", 0, "+14255550100", true, "tel:+14255550100"),
        ("5550100", 1, "+14255550100", false, "tel:+14255550100"),
        ("95550100", 1, "+14255550100", false, "tel:+14255550100"),
        ("2065550100", 2, "+12065550100", false, "tel:+12065550100"),
        ("912065550100", 2, "+12065550100", false, "tel:+12065550100"),
        (
            "+442079460000",
            3,
            "+442079460000",
            false,
            "tel:+442079460000",
        ),
        (
            "9011442079460000",
            3,
            "+442079460000",
            false,
            "tel:+442079460000",
        ),
        (
            "911",
            4,
            "911",
            false,
            "sip:911;phone-context=Redmond@contoso.com;user=phone",
        ),
    ];
    for (dialed, rule, number, internal, uri) in cases {
        let t = p.translate(dialed).unwrap().unwrap();
        assert_eq!(
            (t.rule, t.number.as_str(), t.internal),
            (rule, number, internal),
            "{dialed}"
        );
        assert_eq!(
            t.uri(p.name(), Some("contoso.com")).as_deref(),
            Some(uri),
            "{dialed}"
        );
    }
    assert_eq!(p.translate("12").unwrap(), None);
    // 10 digits with a leading 1 for the area: area codes start with 2-9.
    assert_eq!(p.translate("1065550100").unwrap(), None);
}
