use super::*;
use crate::dialplan::ProfileError;

fn doc(body: &str) -> String {
    format!("<LocationProfileDescription xmlns=\"{NS}\">{body}</LocationProfileDescription>")
}

const RULE: &str =
    "<Rule><Pattern>^(\\d{4})$</Pattern><Translation>+1425555$1</Translation></Rule>";

fn parse(xml: &str) -> Result<LocationProfile, ProfileError> {
    LocationProfile::parse(xml.as_bytes(), &DialplanConfig::default())
}

fn invalid_what(xml: &str) -> String {
    match parse(xml) {
        Err(ProfileError::Invalid { what, .. }) => what,
        other => panic!("not Invalid: {other:?}"),
    }
}

#[test]
fn minimal_profile() {
    let p = parse(&doc(&format!("<Name>Redmond</Name>{RULE}"))).unwrap();
    assert_eq!(p.name, "Redmond");
    assert_eq!(p.rules.len(), 1);
    assert_eq!(p.rules[0].pattern, "^(\\d{4})$");
    assert_eq!(p.rules[0].translation, "+1425555$1");
    assert_eq!(p.rules[0].internal_enterprise_extension, None);
    assert_eq!(p.external_access_prefix, None);
    assert_eq!(p.optimize_device_dialing, None);
}

#[test]
fn optional_elements_are_carried() {
    let p = parse(&doc(&format!(
        "<Name>Redmond</Name><Rule><Pattern>1</Pattern><Translation>2</Translation>\
         <InternalEnterpriseExtension> 1 </InternalEnterpriseExtension>\
         <ApplicableForDeviceDialing>false</ApplicableForDeviceDialing></Rule>{RULE}\
         <ExternalAccessPrefix>9</ExternalAccessPrefix>\
         <OptimizeDeviceDialing>true</OptimizeDeviceDialing>"
    )))
    .unwrap();
    assert_eq!(p.rules[0].internal_enterprise_extension, Some(true));
    assert_eq!(p.rules[0].applicable_for_device_dialing, Some(false));
    assert_eq!(p.external_access_prefix.as_deref(), Some("9"));
    assert_eq!(p.optimize_device_dialing, Some(true));
}

#[test]
fn name_is_required_once_and_a_phone_context() {
    // MS-SIPRE 2.2.7.1: a Name, usable as a phone-context.
    assert!(invalid_what(&doc(RULE)).contains("no <Name>"));
    assert!(invalid_what(&doc(&format!("<Name>A</Name><Name>B</Name>{RULE}"))).contains("twice"));
    assert!(invalid_what(&doc(&format!("<Name>Red mond</Name>{RULE}"))).contains("phone-context"));
    assert!(invalid_what(&doc(&format!("<Name></Name>{RULE}"))).contains("phone-context"));
    assert_eq!(
        parse(&doc(&format!("<Name>+1-425</Name>{RULE}")))
            .unwrap()
            .name,
        "+1-425"
    );
    assert_eq!(
        parse(&doc(&format!("<Name>redmond.contoso.com</Name>{RULE}")))
            .unwrap()
            .name,
        "redmond.contoso.com"
    );
}

#[test]
fn one_or_more_rules_each_with_pattern_and_translation() {
    // MS-SIPRE 2.2.7.1 and 2.2.7.2.
    assert!(invalid_what(&doc("<Name>R</Name>")).contains("no <Rule>"));
    assert!(
        invalid_what(&doc("<Name>R</Name><Rule><Pattern>1</Pattern></Rule>"))
            .contains("<Translation>")
    );
    assert!(
        invalid_what(&doc(
            "<Name>R</Name><Rule><Translation>1</Translation></Rule>"
        ))
        .contains("<Pattern>")
    );
    assert!(invalid_what(&doc("<Name>R</Name><Rule><Pattern>1</Pattern><Pattern>2</Pattern><Translation>1</Translation></Rule>")).contains("twice"));
    // An empty translation is a translation (it yields the empty string).
    let p = parse(&doc(
        "<Name>R</Name><Rule><Pattern>1</Pattern><Translation/></Rule>",
    ))
    .unwrap();
    assert_eq!(p.rules[0].translation, "");
}

#[test]
fn booleans_are_xsd_booleans() {
    let x = |v: &str| {
        doc(&format!(
            "<Name>R</Name>{RULE}<OptimizeDeviceDialing>{v}</OptimizeDeviceDialing>"
        ))
    };
    assert_eq!(parse(&x("0")).unwrap().optimize_device_dialing, Some(false));
    assert_eq!(
        parse(&x("\n true \n")).unwrap().optimize_device_dialing,
        Some(true)
    );
    assert!(invalid_what(&x("yes")).contains("xsd:boolean"));
    assert!(invalid_what(&x("True")).contains("xsd:boolean"));
}

#[test]
fn unknown_elements_and_other_namespaces_are_ignored() {
    let p = parse(&doc(
        "<Name>R</Name><Extra><Rule/></Extra>\
         <Rule xmlns:o=\"urn:other\"><o:Pattern>x</o:Pattern><Pattern>1</Pattern><Translation>2</Translation><Note/></Rule>\
         <o:Rule xmlns:o=\"urn:other\"/><Name xmlns=\"urn:other\">Other</Name>"
    ))
    .unwrap();
    assert_eq!(p.name, "R");
    assert_eq!(p.rules.len(), 1);
    assert_eq!(p.rules[0].pattern, "1");
    // The same names in another namespace are not the schema's elements.
    let other =
        format!("<LocationProfileDescription><Name>R</Name>{RULE}</LocationProfileDescription>");
    assert!(invalid_what(&other).contains("root"));
    // A prefixed form of the schema's namespace is the same thing.
    let prefixed = format!(
        "<l:LocationProfileDescription xmlns:l=\"{NS}\"><l:Name>R</l:Name><l:Rule><l:Pattern>1</l:Pattern>\
         <l:Translation>2</l:Translation></l:Rule></l:LocationProfileDescription>"
    );
    assert_eq!(parse(&prefixed).unwrap().rules.len(), 1);
}

#[test]
fn limits_on_size_depth_rules_and_pattern_length() {
    let c = DialplanConfig {
        max_rules: 2,
        ..DialplanConfig::default()
    };
    let three = doc(&format!("<Name>R</Name>{RULE}{RULE}{RULE}"));
    assert_eq!(
        LocationProfile::parse(three.as_bytes(), &c),
        Err(ProfileError::Limit {
            what: "max_rules",
            value: 3,
            max: 2
        })
    );
    let c = DialplanConfig {
        max_document_size: 100,
        ..DialplanConfig::default()
    };
    assert!(matches!(
        LocationProfile::parse(three.as_bytes(), &c),
        Err(ProfileError::Xml(_))
    ));
    let deep = doc(&format!(
        "<Name>R</Name>{RULE}<a><b><c><d><e><f><g><h/></g></f></e></d></c></b></a>"
    ));
    let e = parse(&deep).unwrap_err();
    assert!(e.to_string().contains("max_xml_depth"), "{e}");
    let c = DialplanConfig {
        max_pattern_len: 4,
        ..DialplanConfig::default()
    };
    assert_eq!(
        LocationProfile::parse(doc(&format!("<Name>R</Name>{RULE}")).as_bytes(), &c),
        Err(ProfileError::Limit {
            what: "max_pattern_len",
            value: 9,
            max: 4
        })
    );
}

#[test]
fn not_xml_is_an_xml_error() {
    assert!(matches!(
        parse("<LocationProfileDescription"),
        Err(ProfileError::Xml(_))
    ));
    assert!(matches!(parse(""), Err(ProfileError::Xml(_))));
}

#[test]
fn written_documents_read_back() {
    let p = LocationProfile {
        name: "Redmond".into(),
        rules: vec![
            Rule {
                pattern: "^(?<a>\\d{4})$ & <x>".into(),
                translation: "+1425555${a}".into(),
                internal_enterprise_extension: Some(true),
                applicable_for_device_dialing: Some(false),
            },
            Rule {
                pattern: "^911$".into(),
                translation: "911".into(),
                internal_enterprise_extension: None,
                applicable_for_device_dialing: None,
            },
        ],
        external_access_prefix: Some("9".into()),
        optimize_device_dialing: Some(true),
    };
    let xml = p.to_xml();
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<LocationProfileDescription xmlns=\""
    ));
    assert!(xml.contains("<Pattern>^(?&lt;a&gt;\\d{4})$ &amp; &lt;x&gt;</Pattern>"));
    assert_eq!(parse(&xml).unwrap(), p);
}
