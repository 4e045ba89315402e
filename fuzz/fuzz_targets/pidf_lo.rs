//! The PIDF-LO reader of E911 calls (MS-SIPRE 3.17). The input is an XML document. What it
//! reads is trimmed text; its notification body (3.17.5.2 item 3) has one `name=value` line
//! per civic element and the method, no line break inside a value; the notification INVITE to
//! a fixed target builds and parses; and the same document as the last `application/pidf+xml`
//! part of an emergency INVITE reads the same, and the whole notification run never panics.
//! The client's side (2.2.22): what was read, rebuilt as a typed location and written, reads
//! back as the same values (civic elements once each, in RFC 5139 order).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::e911::notification::notification_text;
use mssip::e911::{
    CivicElement, ConferenceMode, EmergencyLocation, NotificationIds, NotifyLimits, PidfLo,
    location_of, notification_invite, notify,
};
use mssip::limits::Limits;
use mssip::sip::Message;
use mssip::sip::body::multipart::MultipartBuilder;
use mssip::sip::builder::RequestBuilder;

fn trimmed(s: &str) -> bool {
    s.trim() == s
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(lo) = PidfLo::parse(data, &limits) else {
        return;
    };
    for (name, value) in &lo.civic {
        assert!(!name.is_empty() && trimmed(value));
    }
    for v in [&lo.policy_tag_id, &lo.method, &lo.conference_uri, &lo.conference_mode] {
        assert!(v.as_deref().is_none_or(trimmed));
    }
    let text = notification_text(&lo);
    let lines = text.split_terminator("\r\n").count();
    assert_eq!(lines, lo.civic.len() + usize::from(lo.method.is_some()));
    assert!(text.split_terminator("\r\n").all(|l| l.contains('=') && !l.contains('\n')));

    rewritten_reads_back(&lo, &limits);

    let built = MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "application/sdp")], b"v=0\r\n")
        .part(&[("Content-Type", "application/pidf+xml")], data)
        .build();
    let Ok(built) = built else {
        return;
    };
    let invite = RequestBuilder::new("INVITE", "sip:911@contoso.com;user=phone")
        .header("From", "<sip:ann@contoso.com>;tag=a")
        .header("To", "<sip:911@contoso.com;user=phone>")
        .header("Call-ID", "c")
        .header("CSeq", "1 INVITE")
        .header("Priority", "emergency")
        .limits(Limits {
            max_message_size: 1 << 20,
            ..limits
        })
        .body(&built.content_type, &built.body)
        .build();
    let Ok(invite) = invite else {
        return;
    };
    assert_eq!(location_of(&invite).as_ref(), Ok(&lo));
    let ids = NotificationIds::derived(&invite, "sip:desk@contoso.com");
    if let Ok(n) = notification_invite(&invite, &lo, "sip:desk@contoso.com", &ids) {
        assert!(Message::parse(n.as_bytes()).is_ok());
        assert_eq!(n.body(), text.as_bytes());
    }
    let report = notify(
        &invite,
        NotifyLimits::default(),
        &mut |_| Ok(vec!["sip:desk@contoso.com".into(), "bad".into()]),
        &mut |_, _| Ok(()),
    );
    assert!(report.emergency);
    assert_eq!(report.sent + report.failures.len(), 2);
});

/// The location `lo` as a client would write it: every value the typed location takes, and
/// the document it writes read back to those values.
fn rewritten_reads_back(lo: &PidfLo, limits: &Limits) {
    let mode = match lo.conference_mode.as_deref() {
        Some("oneway") => ConferenceMode::OneWay,
        _ => ConferenceMode::TwoWay,
    };
    let mut typed = EmergencyLocation::new(
        lo.entity.as_deref().unwrap_or("sip:ann@contoso.com"),
        lo.conference_uri.as_deref().unwrap_or("sip:conf@contoso.com"),
        mode,
    );
    for (name, value) in &lo.civic {
        let _ = typed.civic.set_named(name, value);
    }
    typed.policy_tag_id = lo.policy_tag_id.clone();
    typed.method = lo.method.clone();
    let Ok(xml) = typed.to_xml() else {
        return;
    };
    let back = PidfLo::parse(xml.as_bytes(), limits).expect("a written location reads back");
    let expected: Vec<(String, String)> = typed
        .civic
        .iter()
        .map(|(e, v)| (e.name().to_owned(), v.trim().to_owned()))
        .collect();
    assert_eq!(back.civic, expected);
    let order: Vec<CivicElement> = typed.civic.iter().map(|(e, _)| e).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(back.policy_tag_id.as_deref(), typed.policy_tag_id.as_deref().map(str::trim));
    assert_eq!(back.method.as_deref(), typed.method.as_deref().map(str::trim));
    assert_eq!(back.entity.as_deref(), Some(typed.entity.as_str()));
    assert_eq!(back.conference_mode.as_deref(), Some(mode.as_str()));
}
