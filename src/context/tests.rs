//! The rules of MS-SIPRE 2.2.19 and 3.13.5.1, one test each, on a document that keeps all
//! of them and on variants that break one.

use super::*;

const GOOD: &str = "<cc:XmlConvContext xmlns:cc=\"http://schemas.microsoft.com/2008/03/sip/conversationContext\">\
<cc:id>id-1</cc:id><cc:from><cc:uri>sip:alice@contoso.com</cc:uri><cc:displayName>Alice</cc:displayName></cc:from>\
<cc:to><cc:uri>sip:marco@contoso.com</cc:uri></cc:to><cc:participants><cc:participant><cc:uri>sip:alice@contoso.com</cc:uri>\
</cc:participant></cc:participants><cc:date>2008-09-03T21:34:55Z</cc:date><cc:mode>audio</cc:mode><cc:mode>im</cc:mode>\
<cc:conversationId>conv-1</cc:conversationId><cc:dataFormat>text/plain</cc:dataFormat><cc:contextData>notes</cc:contextData>\
</cc:XmlConvContext>";

fn parse(s: &str) -> Result<ConversationContext, ContextError> {
    ConversationContext::parse(s.as_bytes(), &ContextConfig::DEFAULT)
}

/// The error text for `GOOD` with `from` replaced by `to`.
fn refused(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    match parse(&GOOD.replacen(from, to, 1)) {
        Ok(cc) => panic!("accepted: {cc:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_document_keeping_every_rule_is_read() {
    let cc = parse(GOOD).unwrap();
    assert_eq!(cc.id, "id-1");
    assert_eq!(cc.from.display_name.as_deref(), Some("Alice"));
    assert_eq!(cc.modes, ["audio", "im"]);
    assert_eq!(cc.context_data, "notes");
    assert!(cc.has_only_known_modes());
}

#[test]
fn each_required_element_must_be_present_once() {
    // MS-SIPRE 3.13.5.1: id, from, to, participants, date, conversationId, dataFormat,
    // contextData "MUST be present ... and MUST appear only once"; 2.2.19 lists them.
    for (name, element) in [
        ("id", "<cc:id>id-1</cc:id>"),
        (
            "from",
            "<cc:from><cc:uri>sip:alice@contoso.com</cc:uri><cc:displayName>Alice</cc:displayName></cc:from>",
        ),
        (
            "to",
            "<cc:to><cc:uri>sip:marco@contoso.com</cc:uri></cc:to>",
        ),
        ("date", "<cc:date>2008-09-03T21:34:55Z</cc:date>"),
        (
            "conversationId",
            "<cc:conversationId>conv-1</cc:conversationId>",
        ),
        ("dataFormat", "<cc:dataFormat>text/plain</cc:dataFormat>"),
        ("contextData", "<cc:contextData>notes</cc:contextData>"),
    ] {
        let missing = refused(element, "");
        assert!(missing.contains(&format!("has no {name}")), "{missing}");
        let twice = refused(element, &format!("{element}{element}"));
        assert!(
            twice.contains(&format!("{name} appears more than once")),
            "{twice}"
        );
    }
    let p = "<cc:participants><cc:participant><cc:uri>sip:alice@contoso.com</cc:uri>\
</cc:participant></cc:participants>";
    assert!(refused(p, "").contains("has no participants"));
    assert!(refused(p, &format!("{p}{p}")).contains("participants appears more than once"));
}

#[test]
fn every_party_has_one_uri_and_its_other_children_at_most_once() {
    // 3.13.5.1: "The uri child element MUST be present within the from / to / participant
    // element"; displayName, onBehalfUri, onBehalfDisplayName "MUST NOT appear more than once
    // each".
    assert!(refused("<cc:uri>sip:marco@contoso.com</cc:uri>", "").contains("to has no uri"));
    assert!(
        refused(
            "<cc:from><cc:uri>sip:alice@contoso.com</cc:uri>",
            "<cc:from>"
        )
        .contains("from has no uri")
    );
    assert!(
        refused(
            "<cc:participant><cc:uri>sip:alice@contoso.com</cc:uri>",
            "<cc:participant>"
        )
        .contains("participant has no uri")
    );
    assert!(
        refused(
            "<cc:displayName>Alice</cc:displayName>",
            "<cc:displayName>A</cc:displayName><cc:displayName>B</cc:displayName>"
        )
        .contains("displayName appears more than once")
    );
    assert!(
        refused(
            "<cc:uri>sip:marco@contoso.com</cc:uri>",
            "<cc:uri> </cc:uri>"
        )
        .contains("to has an empty uri")
    );
    let both = refused(
        "<cc:uri>sip:marco@contoso.com</cc:uri>",
        "<cc:uri>sip:marco@contoso.com</cc:uri><cc:onBehalfUri>a</cc:onBehalfUri><cc:onBehalfUri>b</cc:onBehalfUri>",
    );
    assert!(both.contains("onBehalfUri appears more than once"));
}

#[test]
fn participants_hold_one_or_more_and_the_author() {
    // 3.13.5.1: participants "MUST contain one or more participant elements"; "A
    // participant element MUST be present for the author of the call context data."
    let p = "<cc:participant><cc:uri>sip:alice@contoso.com</cc:uri></cc:participant>";
    assert!(refused(p, "").contains("no participant"));
    let other = "<cc:participant><cc:uri>sip:bob@contoso.com</cc:uri></cc:participant>";
    assert!(refused(p, other).contains("the author (from) is not a participant"));
}

#[test]
fn the_date_is_utc() {
    // 3.13.5.1: "The date element MUST be in UTC format".
    let e = refused("2008-09-03T21:34:55Z", "2008-09-03T21:34:55+02:00");
    assert!(e.contains("date is not a UTC xs:dateTime"));
    assert!(refused("2008-09-03T21:34:55Z", "yesterday").contains("UTC"));
}

#[test]
fn data_format_is_text_plain() {
    // 3.13.5.1: dataFormat "MUST have a value of text/plain".
    assert!(refused(">text/plain<", ">text/html<").contains("dataFormat is not text/plain"));
}

#[test]
fn ids_are_tokens_and_new_ids_are_unique() {
    // 2.2.19.1 / 2.2.19.7: id and conversationId are xs:token; 3.13.5.1: the id "MUST be
    // unique among all call context data created by the server" -- each new one is a random
    // UUID.
    assert!(
        refused("<cc:id>id-1</cc:id>", "<cc:id></cc:id>").contains("id is not a non-empty token")
    );
    assert!(refused(">conv-1<", "> <").contains("conversationId is not a non-empty token"));
    assert!(refused(">conv-1<", ">a  b<").contains("conversationId"));
    let make = || {
        ConversationContext::new(
            Party::new("sip:alice@contoso.com"),
            Party::new("sip:bob@contoso.com"),
            vec![Party::new("sip:alice@contoso.com")],
            "2008-09-03T21:34:55Z",
            "conv-1",
            "x",
        )
        .unwrap()
    };
    let (a, b) = (make(), make());
    assert_ne!(a.id, b.id);
    assert!(crate::ext::UuidText::parse(&a.id).is_ok());
    assert_eq!(a.data_format, "text/plain");
}

#[test]
fn modes_are_unique_and_known_modes_are_written() {
    // 3.13.5.1: mode "can be present one or more times ..., each time with a unique value,
    // and SHOULD consist of one of the following values: audio, video, im,
    // applicationSharing".
    let m = "<cc:mode>im</cc:mode>";
    assert!(refused(m, "<cc:mode>audio</cc:mode>").contains("mode audio appears twice"));
    // Read: an unknown mode is kept and reported (3.13.5.2: a server can ignore such data).
    let cc = parse(&GOOD.replace(m, "<cc:mode>fax</cc:mode>")).unwrap();
    assert!(!cc.has_only_known_modes());
    // Written: the SHOULD is kept.
    let e = cc.to_xml(&ContextConfig::DEFAULT).unwrap_err().to_string();
    assert!(e.contains("mode fax is not audio, video, im or applicationSharing"));
    let mut ok = cc.clone();
    ok.modes = KNOWN_MODES.iter().map(|m| m.to_string()).collect();
    assert!(ok.to_xml(&ContextConfig::DEFAULT).is_ok());
}

#[test]
fn the_root_and_unknown_elements() {
    let other_root = GOOD.replace("cc:XmlConvContext", "cc:Other");
    assert!(
        parse(&other_root)
            .unwrap_err()
            .to_string()
            .contains("the root is not XmlConvContext")
    );
    let e = refused("<cc:contextData>", "<cc:extra/><cc:contextData>");
    assert!(e.contains("extra is not an element of XmlConvContext"));
    // Elements of another namespace are ignored.
    let other = GOOD.replace(
        "<cc:contextData>",
        "<x:note xmlns:x=\"urn:other\">hi</x:note><cc:contextData>",
    );
    assert_eq!(parse(&other).unwrap(), parse(GOOD).unwrap());
    assert!(matches!(parse("<a"), Err(ContextError::Xml(_))));
    assert!(matches!(parse(""), Err(ContextError::Xml(_))));
}

#[test]
fn limits_are_explicit_and_configurable() {
    let cfg = |f: fn(&mut ContextConfig)| {
        let mut c = ContextConfig::DEFAULT;
        f(&mut c);
        c
    };
    let run = |c: ContextConfig| ConversationContext::parse(GOOD.as_bytes(), &c);
    assert!(matches!(
        run(cfg(|c| c.max_document_size = 100)),
        Err(ContextError::Xml(_))
    ));
    assert!(matches!(
        run(cfg(|c| c.max_depth = 3)),
        Err(ContextError::Xml(_))
    ));
    assert_eq!(
        run(cfg(|c| c.max_modes = 1)).unwrap_err(),
        ContextError::Limit {
            what: "modes",
            max: 1
        }
    );
    assert_eq!(
        run(cfg(|c| c.max_participants = 0)).unwrap_err(),
        ContextError::Limit {
            what: "participants",
            max: 0
        }
    );
    assert!(matches!(
        run(cfg(|c| c.max_context_data_len = 4)),
        Err(ContextError::Limit { .. })
    ));
    assert!(matches!(
        run(cfg(|c| c.max_field_len = 4)),
        Err(ContextError::Limit { .. })
    ));
    let cc = parse(GOOD).unwrap();
    assert!(matches!(
        cc.to_xml(&cfg(|c| c.max_document_size = 200)),
        Err(ContextError::Limit { .. })
    ));
}

#[test]
fn what_is_written_reads_back() {
    let mut cc = parse(GOOD).unwrap();
    cc.context_data = "a < b & c > d, \"q\" 'a'\r\nline".into();
    cc.to.on_behalf_uri = Some("sip:helpdesk@contoso.com".into());
    cc.to.on_behalf_display_name = Some("Help & desk".into());
    let xml = cc.to_xml(&ContextConfig::DEFAULT).unwrap();
    assert!(xml.contains("'a'&#13;\nline"));
    assert_eq!(parse(&xml).unwrap(), cc);
}

#[test]
fn appendix_c_elements_come_in_the_order_of_the_schema_sequence() {
    // Appendix C declares XmlConvContextType and XmlConvContextParticipantType as
    // xs:sequence: id, from, to, participants, date, mode*, conversationId, dataFormat,
    // contextData; and uri, displayName, onBehalfUri, onBehalfDisplayName.
    let from = "<cc:from><cc:uri>sip:alice@contoso.com</cc:uri><cc:displayName>Alice</cc:displayName></cc:from>";
    let to = "<cc:to><cc:uri>sip:marco@contoso.com</cc:uri></cc:to>";
    let swapped = refused(&format!("{from}{to}"), &format!("{to}{from}"));
    assert!(swapped.contains("from comes after to"), "{swapped}");
    let id = "<cc:id>id-1</cc:id>";
    let late_id = GOOD.replacen(id, "", 1).replacen(
        "</cc:XmlConvContext>",
        &format!("{id}</cc:XmlConvContext>"),
        1,
    );
    let e = parse(&late_id).unwrap_err().to_string();
    assert!(e.contains("id comes after contextData"), "{e}");
    let date = "<cc:date>2008-09-03T21:34:55Z</cc:date>";
    let modes = "<cc:mode>audio</cc:mode><cc:mode>im</cc:mode>";
    let e = refused(&format!("{date}{modes}"), &format!("{modes}{date}"));
    assert!(e.contains("date comes after mode"), "{e}");
    let e = refused(
        "<cc:mode>im</cc:mode><cc:conversationId>conv-1</cc:conversationId>",
        "<cc:conversationId>conv-1</cc:conversationId><cc:mode>im</cc:mode>",
    );
    assert!(e.contains("mode comes after conversationId"), "{e}");
    let e = refused(
        "<cc:uri>sip:alice@contoso.com</cc:uri><cc:displayName>Alice</cc:displayName>",
        "<cc:displayName>Alice</cc:displayName><cc:uri>sip:alice@contoso.com</cc:uri>",
    );
    assert!(e.contains("uri comes after displayName in from"), "{e}");
    // The repeated mode of the sequence, and elements of other namespaces anywhere, are fine.
    let foreign = GOOD.replacen(
        "<cc:id>",
        "<x:note xmlns:x=\"urn:other\">n</x:note><cc:id>",
        1,
    );
    assert!(parse(&foreign).is_ok());
    assert_eq!(parse(GOOD).unwrap().modes.len(), 2);
}
