//! Proxy targets (RFC 3261 16.5, RFC 3327, MS-SIPRE 3.2.5.3, 3.4.5.2) and the 430 of
//! MS-SIPRE 3.7.5.2, against the NOTIFY of MS-SIPRE 4.9 and every MUST/SHOULD of those
//! sections.

use mssip::identity::{Registrar, TargetError, Targets, retarget};
use mssip::sip::Message;

const ALICE_INSTANCE: &str = "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697";
const ALICE_GRUU: &str = "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA";
/// The Contact of the NOTIFY's Request-URI in MS-SIPRE 4.9, as the registrar stored it.
const CONTACT_4_9: &str =
    "sip:192.0.2.1:18168;transport=tls;ms-opaque=7eacdda82d;ms-received-cid=7C9B00";

fn registered(extra: &str) -> Registrar {
    let reg = Registrar::new("contoso.com").unwrap();
    let text = format!(
        "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:18168;branch=z9hG4bK1\r\n\
         From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\nTo: <sip:alice@contoso.com>\r\n\
         Call-ID: reg1\r\nCSeq: 1 REGISTER\r\n{extra}\
         Contact: <{CONTACT_4_9}>;+sip.instance=\"<{ALICE_INSTANCE}>\"\r\nContent-Length: 0\r\n\r\n"
    );
    let resp = reg
        .process(&Message::parse(text.as_bytes()).unwrap(), 0x7C9B00, 0)
        .unwrap();
    assert_eq!(resp.status(), Some(200));
    reg
}

fn request(method: &str, ruri: &str, to: &str, extra: &str) -> Message {
    let text = format!(
        "{method} {ruri} SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.2:5061;branch=z9hG4bK9\r\nMax-Forwards: 70\r\n\
         From: <sip:bob@contoso.com>;tag=b1;epid=02020202\r\nTo: {to}\r\nCall-ID: call1\r\n\
         CSeq: 1 {method}\r\n{extra}Content-Length: 0\r\n\r\n"
    );
    Message::parse(text.as_bytes()).unwrap()
}

fn fork(t: Targets) -> Vec<mssip::identity::Target> {
    match t {
        Targets::Fork(v) => v,
        Targets::Reject(r) => panic!("rejected: {} {}", r.status, r.reason),
    }
}

fn rejected(t: Targets) -> (u16, String) {
    match t {
        Targets::Reject(r) => (r.status, r.reason),
        Targets::Fork(v) => panic!("forked to {v:?}"),
    }
}

/// MS-SIPRE 4.9: the NOTIFY sent to Alice's GRUU goes to her registered Contact with `grid`
/// inserted. The printed Request-URI (`sip:192.0.2.1:18168; transport=tls; ms-opaque=...;
/// ms-received-cid=7C9B00; grid`) has spaces where the line was wrapped; without them it is
/// the URI the proxy writes, byte for byte.
#[test]
fn section_4_9_notify_to_a_gruu_gets_the_contact_with_grid() {
    let reg = registered("");
    let notify = request(
        "NOTIFY",
        ALICE_GRUU,
        "<sip:alice@contoso.com>;tag=a1",
        "Route: <sip:proxy.contoso.com;lr>\r\n",
    );
    let t = fork(reg.targets(&notify, 10).unwrap());
    assert_eq!(t.len(), 1);
    let printed =
        "sip:192.0.2.1:18168; transport=tls; ms-opaque=7eacdda82d; ms-received-cid=7C9B00; grid";
    assert_eq!(t[0].uri, printed.replace(' ', ""));
    assert_eq!(t[0].conn_id, 0x7C9B00);
    // A Route is left: the binding's Path is not added.
    assert!(t[0].route.is_empty());
    let out = retarget(&notify, &t[0]).unwrap();
    assert_eq!(out.request_uri(), Some(printed.replace(' ', "").as_str()));
}

#[test]
fn section_3_4_5_2_grid_is_copied_or_inserted() {
    let reg = registered("");
    for (ruri, want) in [
        (
            format!("{ALICE_GRUU};grid=a1b2"),
            format!("{CONTACT_4_9};grid=a1b2"),
        ),
        (format!("{ALICE_GRUU};grid"), format!("{CONTACT_4_9};grid")),
        // Parameter order and the case of the host do not change which GRUU it is.
        (
            "sip:alice@CONTOSO.com;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA;grid=x;gruu"
                .to_owned(),
            format!("{CONTACT_4_9};grid=x"),
        ),
    ] {
        let inv = request("INVITE", &ruri, "<sip:alice@contoso.com>", "");
        assert_eq!(fork(reg.targets(&inv, 10).unwrap())[0].uri, want, "{ruri}");
    }
}

#[test]
fn section_3_4_5_2_unknown_gruu_404_known_without_binding_480() {
    let reg = registered("");
    for ruri in [
        // not an encoding of a UUID
        "sip:alice@contoso.com;gruu;opaque=user:epid:notauuid",
        // a GRUU form this registrar does not mint for user agents
        "sip:alice@contoso.com;gruu;opaque=app:voicemail",
        "sip:alice@contoso.com;gruu",
    ] {
        let inv = request("INVITE", ruri, "<sip:alice@contoso.com>", "");
        assert_eq!(
            rejected(reg.targets(&inv, 10).unwrap()),
            (404, "Unknown GRUU".into()),
            "{ruri}"
        );
    }
    // Bob's GRUU is well formed but Bob has no binding; Alice's expired binding is no target.
    let bob = "sip:bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1-wHVm3r2esBAAA";
    let inv = request("INVITE", bob, "<sip:bob@contoso.com>", "");
    assert_eq!(rejected(reg.targets(&inv, 10).unwrap()).0, 480);
    let inv = request("INVITE", ALICE_GRUU, "<sip:alice@contoso.com>", "");
    assert_eq!(
        rejected(reg.targets(&inv, 3600).unwrap()),
        (480, "Temporarily Unavailable".into())
    );
    // A closed connection makes the binding unroutable.
    let reg = registered("");
    assert!(matches!(reg.targets(&inv, 10).unwrap(), Targets::Fork(_)));
    assert_eq!(
        reg.location()
            .backend()
            .connection_closed(0x7C9B00)
            .unwrap(),
        1
    );
    assert_eq!(rejected(reg.targets(&inv, 10).unwrap()).0, 480);
}

#[test]
fn section_3_4_5_2_mid_dialog_without_route_gets_the_path() {
    let reg = registered("Path: <sip:edge.contoso.com;lr;ms-received-cid=1A>\r\n");
    let bye = request("BYE", ALICE_GRUU, "<sip:alice@contoso.com>;tag=a1", "");
    let t = fork(reg.targets(&bye, 10).unwrap());
    assert_eq!(t[0].route, ["<sip:edge.contoso.com;lr;ms-received-cid=1A>"]);
    let out = retarget(&bye, &t[0]).unwrap();
    assert_eq!(
        out.header("Route"),
        Some("<sip:edge.contoso.com;lr;ms-received-cid=1A>")
    );
    assert_eq!(
        out.request_uri(),
        Some(format!("{CONTACT_4_9};grid").as_str())
    );
}

#[test]
fn section_3_2_5_3_to_epid_filters_and_is_added() {
    let reg = registered("");
    // Step 2: the record has an epid and To has none: it is added.
    let inv = request(
        "INVITE",
        "sip:alice@contoso.com",
        "<sip:alice@contoso.com>",
        "",
    );
    let t = fork(reg.targets(&inv, 10).unwrap());
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].uri.as_str(), t[0].set_to_epid), (CONTACT_4_9, true));
    let out = retarget(&inv, &t[0]).unwrap();
    assert_eq!(
        out.header("To"),
        Some("<sip:alice@contoso.com>;epid=01010101")
    );
    // Step 1: a To epid keeps only the records with that epid.
    let inv = request(
        "INVITE",
        "sip:alice@contoso.com",
        "<sip:alice@contoso.com>;epid=01010101",
        "",
    );
    let t = fork(reg.targets(&inv, 10).unwrap());
    assert!(!t[0].set_to_epid);
    assert_eq!(
        retarget(&inv, &t[0]).unwrap().header("To"),
        Some("<sip:alice@contoso.com>;epid=01010101")
    );
    let inv = request(
        "INVITE",
        "sip:alice@contoso.com",
        "<sip:alice@contoso.com>;epid=03030303",
        "",
    );
    assert_eq!(rejected(reg.targets(&inv, 10).unwrap()).0, 480);
    // No binding at all: 480 (RFC 3261 16.5 with an empty target set).
    let inv = request(
        "INVITE",
        "sip:carol@contoso.com",
        "<sip:carol@contoso.com>",
        "",
    );
    assert_eq!(rejected(reg.targets(&inv, 10).unwrap()).0, 480);
}

#[test]
fn forks_to_every_binding_of_an_aor() {
    let reg = registered("");
    let text = "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.3;branch=z9hG4bK1\r\n\
                From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: reg2\r\n\
                CSeq: 1 REGISTER\r\nPath: <sip:p1.contoso.com;lr>, <sip:p2.contoso.com;lr>\r\n\
                Contact: <sip:alice@192.0.2.3:5060;transport=tcp>\r\nContent-Length: 0\r\n\r\n";
    reg.process(&Message::parse(text.as_bytes()).unwrap(), 42, 0)
        .unwrap();
    let inv = request(
        "INVITE",
        "sip:alice@contoso.com;transport=tls",
        "<sip:alice@contoso.com>",
        "",
    );
    let t = fork(reg.targets(&inv, 10).unwrap());
    assert_eq!(t.len(), 2);
    let second = t.iter().find(|t| t.conn_id == 42).unwrap();
    assert_eq!(
        second.route,
        ["<sip:p1.contoso.com;lr>", "<sip:p2.contoso.com;lr>"]
    );
    assert!(!second.set_to_epid);
    let out = retarget(&inv, second).unwrap();
    assert_eq!(
        out.values("Route").collect::<Vec<_>>(),
        ["<sip:p1.contoso.com;lr>", "<sip:p2.contoso.com;lr>"]
    );
    assert_eq!(out.header("To"), Some("<sip:alice@contoso.com>"));
}

#[test]
fn requests_elsewhere_are_not_local() {
    let reg = registered("");
    for ruri in [
        "sip:alice@fabrikam.com",
        "tel:+14255550100",
        "sip:contoso.com",
    ] {
        let inv = request("INVITE", ruri, "<sip:alice@contoso.com>", "");
        assert!(
            matches!(reg.targets(&inv, 0), Err(TargetError::NotLocal(_))),
            "{ruri}"
        );
    }
    let resp = Message::parse(
        b"SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    assert_eq!(reg.targets(&resp, 0), Err(TargetError::NotRequest));
}

#[test]
fn section_3_7_5_2_dialog_from_an_unreachable_gruu_gets_430() {
    let reg = registered("");
    let from_gruu = format!("Contact: <{ALICE_GRUU}>\r\n");
    // Reachable: the request goes on.
    let inv = request(
        "INVITE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>",
        &from_gruu,
    );
    assert!(reg.check_dialog(&inv, 10).unwrap().is_none());
    // Not dialog-creating, or not a GRUU, or a GRUU of another domain: not checked.
    let msg = request(
        "MESSAGE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>",
        &from_gruu,
    );
    assert!(reg.check_dialog(&msg, 5000).unwrap().is_none());
    let in_dialog = request(
        "INVITE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>;tag=x",
        &from_gruu,
    );
    assert!(reg.check_dialog(&in_dialog, 5000).unwrap().is_none());
    let plain = request(
        "INVITE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>",
        "Contact: <sip:192.0.2.2:5061>\r\n",
    );
    assert!(reg.check_dialog(&plain, 5000).unwrap().is_none());
    let foreign = request(
        "INVITE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>",
        "Contact: <sip:alice@fabrikam.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA>\r\n",
    );
    assert!(reg.check_dialog(&foreign, 5000).unwrap().is_none());
    // Conference, voice-mail and server GRUUs name no registration to check.
    for other in [
        "sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:36022956C3FC3243B8121CD611363ED0",
        "sip:alice@contoso.com;gruu;opaque=app:voicemail",
        "sip:homeserver.contoso.com@contoso.com;gruu;opaque=srvr:HomeServer:dL8cwxBrTuG8eC4-Q_GNGAAA",
    ] {
        let r = request(
            "INVITE",
            "sip:bob@contoso.com",
            "<sip:bob@contoso.com>",
            &format!("Contact: <{other}>\r\n"),
        );
        assert!(reg.check_dialog(&r, 5000).unwrap().is_none(), "{other}");
    }
    // The binding expired, or its connection closed, or it never existed: 430.
    let resp = reg.check_dialog(&inv, 5000).unwrap().unwrap();
    assert_eq!(
        (resp.status(), resp.reason()),
        (Some(430), Some("Flow Failed"))
    );
    assert_eq!(
        resp.header("P-Dialog-Recovery-Action"),
        Some("Registration-Route-Set-Update, Dialog-Route-Set-Update")
    );
    assert_eq!(resp.call_id(), Some("call1"));
    for method in ["SUBSCRIBE", "REFER"] {
        let r = request(
            method,
            "sip:bob@contoso.com",
            "<sip:bob@contoso.com>",
            &from_gruu,
        );
        assert_eq!(
            reg.check_dialog(&r, 5000).unwrap().unwrap().status(),
            Some(430)
        );
    }
    reg.location()
        .backend()
        .connection_closed(0x7C9B00)
        .unwrap();
    assert_eq!(
        reg.check_dialog(&inv, 10).unwrap().unwrap().status(),
        Some(430)
    );
    let never = request(
        "INVITE",
        "sip:bob@contoso.com",
        "<sip:bob@contoso.com>",
        "Contact: <sip:carol@contoso.com;gruu;opaque=user:epid:uVUjrngkI1-wHVm3r2esBAAA>\r\n",
    );
    assert_eq!(
        reg.check_dialog(&never, 10).unwrap().unwrap().status(),
        Some(430)
    );
}
