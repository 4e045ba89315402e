//! The registrar's answers to bad REGISTERs, one per reason it can give: reading the
//! request from the views validation parsed, and reusing what a stored binding's epid and
//! instance gave, must leave every refusal where it was.

use super::{Registrar, RegistrarConfig, request};
use crate::identity::instance_from_epid;
use crate::identity::location::{Location, LocationLimits};
use crate::sip::Message;
use std::sync::Arc;

/// `epid=01010101` derives this instance (MS-SIPRE 4.2).
const INSTANCE: &str = "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697";

fn register(ruri: &str, to: &str, from_params: &str, cseq: u32, extra: &str) -> Message {
    let text = format!(
        "REGISTER {ruri} SIP/2.0\r\n\
         Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK{cseq}v\r\n\
         Max-Forwards: 70\r\n\
         From: <sip:alice@contoso.com>;tag=t1{from_params}\r\n\
         To: {to}\r\n\
         Call-ID: c1\r\n\
         CSeq: {cseq} REGISTER\r\n\
         {extra}Content-Length: 0\r\n\r\n"
    );
    Message::parse(text.as_bytes()).expect("test REGISTER parses")
}

fn alice(from_params: &str, cseq: u32, extra: &str) -> Message {
    register(
        "sip:contoso.com",
        "<sip:alice@contoso.com>",
        from_params,
        cseq,
        extra,
    )
}

fn answer(reg: &Registrar, req: &Message) -> (u16, String) {
    let resp = reg.process(req, 7, 1000).expect("a response");
    (resp.status().unwrap(), resp.reason().unwrap().to_owned())
}

fn contact_with(instance: &str) -> String {
    format!("Contact: <sip:192.0.2.1:27221;transport=tls>;+sip.instance=\"<{instance}>\"\r\n")
}

#[test]
fn every_refusal_of_a_register_is_still_reached() {
    let reg = Registrar::new("contoso.com").unwrap();
    let plain = "Contact: <sip:192.0.2.1:27221;transport=tls>\r\n";
    let cases: Vec<(Message, u16, &str)> = vec![
        // Validation (RFC 3261), before anything the registrar reads.
        (
            alice("", 1, "Contact: <sip:a@b>;expires=x\r\n"),
            400,
            "Malformed Contact",
        ),
        (
            alice("", 1, "Contact: *\r\nExpires: 60\r\n"),
            400,
            "Bad wildcard Contact",
        ),
        (
            alice("", 1, "Contact: *, <sip:a@b>\r\nExpires: 0\r\n"),
            400,
            "Bad wildcard Contact",
        ),
        (alice("", 1, "Expires: soon\r\n"), 400, "Malformed Expires"),
        (
            alice("", 1, "Require: nothing-known\r\n"),
            420,
            "Unsupported option tag in Require",
        ),
        (
            register("sip:contoso.com", "<tel:+1555>", "", 1, plain),
            400,
            "Address-of-record is not a SIP or SIPS URI",
        ),
        (
            Message::parse(
                b"REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK\r\n\
                  From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\n\
                  Call-ID: c1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
            )
            .unwrap(),
            400,
            "Via branch has no transaction identifier",
        ),
        (
            Message::parse(
                b"REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\n\
                  From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\n\
                  Call-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
            )
            .unwrap(),
            400,
            "CSeq method does not match request method",
        ),
        // The registrar's own (RFC 3261 10.3, MS-SIPRE 3.3.5.1, 3.4.4.1).
        (
            register("sip:fabrikam.com", "<sip:alice@contoso.com>", "", 1, plain),
            403,
            "Domain not served by this registrar",
        ),
        (
            register("sip:contoso.com", "<sip:contoso.com>", "", 1, plain),
            404,
            "Address-of-record has no user part",
        ),
        (
            register("sip:contoso.com", "<sip:alice@fabrikam.com>", "", 1, plain),
            404,
            "Address-of-record not in this domain",
        ),
        (
            alice(";epid=01234567890123456789", 1, plain),
            400,
            "Malformed epid in From",
        ),
        (
            alice("", 1, "Contact: <sip:alice@contoso.com;gruu;opaque=x>\r\n"),
            403,
            "A GRUU cannot be registered as a Contact",
        ),
        (
            alice("", 1, "Contact: <sip:a@b>;expires=10\r\n"),
            423,
            "Interval Too Brief",
        ),
        (
            alice("", 1, &contact_with("urn:uuid:not-a-uuid")),
            400,
            "+sip.instance is not a UUID URN",
        ),
        (
            alice(";epid=02020202", 1, &contact_with(INSTANCE)),
            400,
            "+sip.instance does not match the epid of From",
        ),
    ];
    for (req, code, reason) in &cases {
        assert_eq!(answer(&reg, req), (*code, (*reason).to_owned()), "{req:?}");
    }
    // Nothing of the refused requests was bound.
    assert!(
        reg.location()
            .live("sip:alice@contoso.com", 1000)
            .unwrap()
            .is_empty()
    );
    // The registrar's own refusals are also what `read` gives, parsing the message itself.
    for (req, code, reason) in &cases[8..] {
        if *code == 420 {
            continue;
        }
        let r = request::read(req, "contoso.com", &RegistrarConfig::DEFAULT).unwrap_err();
        assert_eq!((r.status, r.reason.as_str()), (*code, *reason));
    }
}

#[test]
fn refusals_that_depend_on_the_stored_bindings() {
    let location = Arc::new(Location::memory(LocationLimits {
        max_bindings: 2,
        max_bindings_per_aor: 1,
    }));
    let reg = Registrar::with("contoso.com", RegistrarConfig::DEFAULT, location).unwrap();
    let first = alice("", 5, "Contact: <sip:a@192.0.2.1>\r\n");
    assert_eq!(answer(&reg, &first).0, 200);
    assert_eq!(
        answer(&reg, &first),
        (500, "Out of order CSeq for an existing binding".to_owned())
    );
    assert_eq!(
        answer(&reg, &alice("", 6, "Contact: <sip:b@192.0.2.1>\r\n")),
        (
            403,
            "Too many bindings for this address-of-record (at most 1)".to_owned()
        )
    );
    let bob = register(
        "sip:contoso.com",
        "<sip:bob@contoso.com>",
        "",
        1,
        "Contact: <sip:b@192.0.2.1>\r\n",
    );
    assert_eq!(answer(&reg, &bob).0, 200);
    let carol = register(
        "sip:contoso.com",
        "<sip:carol@contoso.com>",
        "",
        1,
        "Contact: <sip:c@192.0.2.1>\r\n",
    );
    assert_eq!(
        answer(&reg, &carol),
        (503, "Location service full".to_owned())
    );
}

/// MS-SIPRE 3.3.5.1 on a refresh: the stored binding stands for the check only when it was
/// written for the same epid and the same instance; any other pair is checked again.
#[test]
fn a_refresh_still_checks_the_instance_against_the_epid() {
    let reg = Registrar::new("contoso.com").unwrap();
    assert_eq!(instance_from_epid("01010101").unwrap(), INSTANCE);
    let ok = alice(";epid=01010101", 1, &contact_with(INSTANCE));
    let gruu = |r: &Message| r.fields("Contact").next().unwrap().to_owned();
    let first = gruu(&reg.process(&ok, 7, 1000).unwrap());
    assert!(first.contains(";gruu=\""), "{first}");
    // The refresh answers as the first registration did (same GRUU).
    let again = alice(";epid=01010101", 3, &contact_with(INSTANCE));
    assert_eq!(gruu(&reg.process(&again, 7, 1000).unwrap()), first);
    // Same instance, another epid: refused, although a binding of that instance is stored.
    let other_epid = alice(";epid=02020202", 4, &contact_with(INSTANCE));
    assert_eq!(
        answer(&reg, &other_epid),
        (
            400,
            "+sip.instance does not match the epid of From".to_owned()
        )
    );
    // An instance registered without an epid, then with one it does not derive from.
    let bob = |from_params: &str, cseq: u32| {
        register(
            "sip:contoso.com",
            "<sip:bob@contoso.com>",
            from_params,
            cseq,
            &contact_with("urn:uuid:00000000-0000-0000-0000-000000000001"),
        )
    };
    assert_eq!(answer(&reg, &bob("", 1)).0, 200);
    assert_eq!(
        answer(&reg, &bob(";epid=01010101", 2)),
        (
            400,
            "+sip.instance does not match the epid of From".to_owned()
        )
    );
    // The instance URN written in another case is another stored text: checked again, and
    // it matches.
    let upper = alice(";epid=01010101", 5, &contact_with(&INSTANCE.to_uppercase()));
    assert_eq!(answer(&reg, &upper).0, 200);
}
