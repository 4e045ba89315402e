//! Validation judged from whole messages: each check's reasons, the order in which the checks
//! run, and what depends on the element's role and capabilities.

use super::{Options, Role, Verdict, unsupported_requirements, validate, validate_with};
use crate::sip::message::Message;

/// A request with every mandatory header; `extra` lines go after them, then `body`.
fn request(start: &str, extra: &str, body: &str) -> Message {
    let text = format!(
        "{start}\r\nVia: SIP/2.0/UDP host.example.com;branch=z9hG4bKabc\r\nMax-Forwards: 70\r\n\
         From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: x@y\r\n\
         CSeq: 1 {}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        start.split(' ').next().unwrap_or(""),
        body.len()
    );
    Message::parse(text.as_bytes()).expect("test message parses")
}

fn invite(extra: &str) -> Message {
    request("INVITE sip:b@example.com SIP/2.0", extra, "")
}

fn reject(status: u16, reason: &'static str) -> Verdict {
    Verdict::Reject { status, reason }
}

#[test]
fn a_plain_request_is_ok() {
    let m = invite("");
    assert_eq!(validate(&m), Verdict::Ok);
    assert!(validate(&m).is_ok());
    assert_eq!(validate(&m).status(), 0);
    assert_eq!(validate(&m).reason(), None);
}

#[test]
fn version_other_than_2_0_gets_505() {
    let m = request("OPTIONS sip:b@example.com SIP/3.0", "", "");
    assert_eq!(validate(&m), reject(505, "Unsupported SIP version"));
    let m = request("OPTIONS sip:b@example.com sip/2.0", "", "");
    assert_eq!(validate(&m), Verdict::Ok, "SIP-Version is case-insensitive");
}

#[test]
fn request_uri_problems() {
    let m = request("INVITE sip:b@example.com?Subject=x SIP/2.0", "", "");
    assert_eq!(validate(&m), reject(400, "Request-URI carries headers"));
    let m = request("INVITE sip:b@[2001:db8:::1] SIP/2.0", "", "");
    assert_eq!(validate(&m), reject(400, "Malformed Request-URI"));
    let m = request("INVITE mailto:b@example.com SIP/2.0", "", "");
    assert_eq!(validate(&m), reject(416, "Unsupported URI scheme"));
    let m = request("INVITE tel:+14255550100 SIP/2.0", "", "");
    assert_eq!(validate(&m), Verdict::Ok);
    let opts = Options {
        uri_schemes: &["sip"],
        ..Options::DEFAULT
    };
    assert_eq!(
        validate_with(&m, &opts),
        reject(416, "Unsupported URI scheme")
    );
    let opts = Options {
        uri_schemes: &["SIP", "mailto"],
        ..Options::DEFAULT
    };
    let m = request("INVITE mailto:b@example.com SIP/2.0", "", "");
    assert_eq!(validate_with(&m, &opts), Verdict::Ok);
}

#[test]
fn missing_headers_are_named() {
    let base = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\n\
                Call-ID: c\r\nCSeq: 1 OPTIONS\r\n";
    for (drop, reason) in [
        ("Via", "Missing Via"),
        ("From", "Missing From"),
        ("To", "Missing To"),
        ("Call-ID", "Missing Call-ID"),
        ("CSeq", "Missing CSeq"),
    ] {
        let head: String = base
            .split_inclusive("\r\n")
            .filter(|l| !l.starts_with(&format!("{drop}:")))
            .collect();
        let text = format!("OPTIONS sip:b@b SIP/2.0\r\n{head}\r\n");
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(400, reason), "{drop}");
        let resp = format!("SIP/2.0 200 OK\r\n{head}\r\n");
        let m = Message::parse(resp.as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(400, reason), "{drop} in a response");
    }
    let text = format!("OPTIONS sip:b@b SIP/2.0\r\n{base}\r\n");
    let m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(
        validate(&m),
        Verdict::Ok,
        "Max-Forwards is optional by default"
    );
    let opts = Options {
        require_max_forwards: true,
        ..Options::DEFAULT
    };
    assert_eq!(
        validate_with(&m, &opts),
        reject(400, "Missing Max-Forwards")
    );
    let resp = format!("SIP/2.0 200 OK\r\n{base}\r\n");
    let m = Message::parse(resp.as_bytes()).unwrap();
    assert_eq!(
        validate_with(&m, &opts),
        Verdict::Ok,
        "responses carry no Max-Forwards"
    );
}

#[test]
fn duplicates_of_single_valued_headers() {
    let m = invite("Call-ID: other\r\n");
    assert_eq!(
        validate(&m),
        reject(400, "Duplicate single-valued header: Call-ID")
    );
    let m = invite("f: <sip:c@example.com>;tag=2\r\n");
    assert_eq!(
        validate(&m),
        reject(400, "Duplicate single-valued header: From")
    );
    let m = invite("Subject: a\r\nSubject: b\r\n");
    assert_eq!(
        validate(&m),
        reject(400, "Duplicate single-valued header: Subject")
    );
    let m = invite("l: 0\r\n");
    assert_eq!(validate(&m), reject(400, "Several Content-Length values"));
    let m = invite("Supported: a\r\nSupported: b\r\nVia: SIP/2.0/TCP x;branch=z9hG4bK2\r\n");
    assert_eq!(validate(&m), Verdict::Ok, "list headers may repeat");
}

#[test]
fn header_grammar() {
    for (extra, reason) in [
        ("Via: SIP/2.0/UDP h;branch=z9hG4bK1;;\r\n", "Malformed Via"),
        ("Via: SIP/2.0/UDP h;branch=z9hG4bK1,,\r\n", "Malformed Via"),
        ("Via: SIP/2.0/UDP h;branch\r\n", "Malformed Via"),
        ("Via: SIP/2.0/UDP h;branch=1;ttl=256\r\n", "Malformed Via"),
        (
            "Via: SIP/2.0/UDP h;branch=1;received=host.example\r\n",
            "Malformed Via",
        ),
        ("Via: SIP/2.0/UDP h;branch=1;rport=x\r\n", "Malformed Via"),
        ("Via: SIP/2.0/UDP h;branch=1;x=a:b\r\n", "Malformed Via"),
        ("Warning: junk junk junk\r\n", "Malformed Warning"),
        (
            "Authorization: Digest username=\"bob\", realm=\"a\" nonce=\"b\"\r\n",
            "Malformed Authorization",
        ),
        (
            "Proxy-Authorization: Digest\r\n",
            "Malformed Proxy-Authorization",
        ),
        (
            "Warning: 399 h \"ok\", illegal-time-in-expires-header\r\n",
            "Malformed Warning",
        ),
        (
            "Via: SIP/2.0/UDP h;branch=1;x=\"a\u{1}\"\r\n",
            "Malformed Via",
        ),
        (
            "Contact: <sip:c@h>;expires=4294967296\r\n",
            "Malformed Contact",
        ),
        ("Contact: <sip:c@h>;q=1.5\r\n", "Malformed Contact"),
        ("Contact: <sip:c@h>;q = 1.5\r\n", "Malformed Contact"),
        (
            "Contact: <sip:c@h>;expires=60;EXPIRES=x\r\n",
            "Malformed Contact",
        ),
        (
            "Contact: <sip:c@h>;m=\"a;q=9\";Q=2\r\n",
            "Malformed Contact",
        ),
        ("Contact: <sip:c@h>;expires=\"60\"\r\n", "Malformed Contact"),
        ("Contact: <sip:c@h>;expires\r\n", "Malformed Contact"),
        ("Contact: <sip:c@h>;q=0.1234\r\n", "Malformed Contact"),
        ("Contact: <sip:c@h>,,<sip:d@h>\r\n", "Malformed Contact"),
        ("Contact: \"A\" sip:c@h\r\n", "Malformed Contact"),
        (
            "Contact: sip:c@h?Subject=x\r\n",
            "URI with headers or comma not enclosed in <> in Contact",
        ),
        (
            "Contact: \"a\u{7}\" <sip:c@h>\r\n",
            "Bad display name in Contact",
        ),
        (
            "Contact: \"a <sip:c@h>\r\n",
            "Unterminated quoted string in Contact",
        ),
        ("Route: sip:p@h;lr\r\n", "Malformed Route"),
        (
            "Record-Route: <sip:p@h;lr>, <sip: q@h>\r\n",
            "Bad addr-spec in Record-Route",
        ),
        (
            "Reply-To: a,b <sip:c@h>\r\n",
            "Bad display name in Reply-To",
        ),
        ("Expires: 4294967296\r\n", "Malformed Expires"),
        ("Expires: -1\r\n", "Malformed Expires"),
        ("Min-Expires: x\r\n", "Malformed Min-Expires"),
        ("Retry-After: 99999999999\r\n", "Malformed Retry-After"),
        ("Retry-After: 5 junk\r\n", "Malformed Retry-After"),
        ("Content-Type: application\r\n", "Malformed Content-Type"),
        (
            "Content-Type: text/plain;charset\r\n",
            "Malformed Content-Type",
        ),
        ("Accept: application/sdp, bad\r\n", "Malformed Accept"),
        ("Require: \r\n", "Malformed Require"),
        ("Proxy-Require: a b\r\n", "Malformed Proxy-Require"),
        ("Unsupported: x,\r\n", "Malformed Unsupported"),
        ("Supported: a/b\r\n", "Malformed Supported"),
        ("Allow: INVITE, \"ACK\"\r\n", "Malformed Allow"),
        ("Date: Sat, 13 Nov 2010 23:29:00 PST\r\n", "Bad Date"),
        ("Date: Sat, 31 Apr 2010 23:29:00 GMT\r\n", "Bad Date"),
        ("Date: Sat, 13 Nov 2010 24:29:00 GMT\r\n", "Bad Date"),
        ("Date: Sat,13 Nov 2010 23:29:00 GMT \r\n", "Bad Date"),
    ] {
        assert_eq!(validate(&invite(extra)), reject(400, reason), "{extra:?}");
    }
    for extra in [
        "Via: SIP/2.0/UDP h;branch=z9hG4bK1;ttl=16;maddr=224.2.0.1;rport;received=[2001:db8::1]\r\n",
        "Via: SIP/2.0/UDP h;branch=1;received=2001:db8::9:255;rport=5060\r\n",
        "Via: SIP/2.0/UDP 10.62.255.1:5060;x-ds0num=\"ISDN 0 / 0 / 1:15 0 / 0 / 1 : DS1 9 : DS0\";branch=z9hG4bK1\r\n",
        "Contact: <sip:c@h>;expires=4294967295;q=1.000, sip:d@h;q=0.5\r\n",
        "Contact: <sip:c@h> ; Expires = 60 ;m=\"a;q=9;expires=x\"; Q=0.5\r\n",
        "Contact: caller <sip:c@h>;+sip.instance=\"<urn:uuid:1>\"\r\n",
        "Route: <sip:p@h;lr>, \"P\" <sip:q@h>\r\n",
        "Expires: 0\r\n",
        "Retry-After: 120 (in a meeting);duration=3600\r\n",
        "Date: Sat, 29 Feb 2020 23:29:60 GMT\r\n",
        "Accept: \r\nAllow: \r\nSupported: \r\n",
        "Accept: */*;q=0.5, application/sdp\r\n",
        "Require: 100rel, timer\r\n",
        "Warning: 370 devnull \"Choose a bigger pipe\", 399 [2001:db8::1]:5060 \"x\"\r\n",
        "Proxy-Authorization: NTLM qop=\"auth\", realm=\"SIP Communications Service\", version=4\r\n",
    ] {
        assert_eq!(validate(&invite(extra)), Verdict::Ok, "{extra:?}");
    }
}

#[test]
fn from_to_call_id_cseq_max_forwards() {
    let swap = |name: &str, value: &str| {
        let text = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
             Max-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: c@d\r\n\
             CSeq: 1 OPTIONS\r\n\r\n";
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{name}:")))
            .unwrap()
            .to_string();
        let text = text.replace(&line, &format!("{name}: {value}"));
        validate(&Message::parse(text.as_bytes()).unwrap())
    };
    assert_eq!(
        swap("From", "<sip:a@b>;tag=\"x\""),
        reject(400, "Malformed From")
    );
    assert_eq!(
        swap("From", "Bell, A <sip:a@b>;tag=1"),
        reject(400, "Bad display name in From")
    );
    assert_eq!(swap("To", "< sip:b@b>"), reject(400, "Bad addr-spec in To"));
    assert_eq!(
        swap("To", "\"B <sip:b@b>"),
        reject(400, "Unterminated quoted string in To")
    );
    assert_eq!(swap("To", "isbn:2983792873"), Verdict::Ok);
    assert_eq!(swap("To", "sip:b@b ;tag = x"), Verdict::Ok);
    assert_eq!(swap("Call-ID", "a b"), reject(400, "Malformed Call-ID"));
    assert_eq!(swap("Call-ID", "a@b@c"), reject(400, "Malformed Call-ID"));
    assert_eq!(swap("Call-ID", "a(b)<c>:\\\"/[?]{}@d"), Verdict::Ok);
    assert_eq!(
        swap("CSeq", "4294967296 OPTIONS"),
        reject(400, "Malformed CSeq")
    );
    assert_eq!(swap("CSeq", "1 OPTIONS x"), reject(400, "Malformed CSeq"));
    assert_eq!(
        swap("CSeq", "1 INVITE"),
        reject(400, "CSeq method does not match request method")
    );
    assert_eq!(
        swap("CSeq", "1 options"),
        reject(400, "CSeq method does not match request method")
    );
    assert_eq!(
        swap("Max-Forwards", "256"),
        reject(400, "Malformed Max-Forwards")
    );
    assert_eq!(swap("Max-Forwards", "0255"), Verdict::Ok);
    assert_eq!(
        swap("Max-Forwards", "0"),
        reject(483, "Max-Forwards exhausted")
    );
}

#[test]
fn wildcard_contact() {
    let reg = |extra: &str| request("REGISTER sip:example.com SIP/2.0", extra, "");
    assert_eq!(validate(&reg("Contact: *\r\nExpires: 0\r\n")), Verdict::Ok);
    assert_eq!(
        validate(&reg("Contact: *\r\n")),
        reject(400, "Bad wildcard Contact")
    );
    assert_eq!(
        validate(&reg("Contact: *\r\nExpires: 10\r\n")),
        reject(400, "Bad wildcard Contact")
    );
    assert_eq!(
        validate(&reg("Contact: *, <sip:a@b>\r\nExpires: 0\r\n")),
        reject(400, "Bad wildcard Contact")
    );
    assert_eq!(
        validate(&invite("Contact: *\r\nExpires: 0\r\n")),
        reject(400, "Bad wildcard Contact")
    );
}

#[test]
fn content_length_and_body() {
    let text = "MESSAGE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n\
                To: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n";
    let with =
        |cl: &str, body: &str| Message::parse(format!("{text}{cl}\r\n{body}").as_bytes()).unwrap();
    assert_eq!(
        validate(&with("Content-Length: 5\r\n", "hello")),
        Verdict::Ok
    );
    assert_eq!(
        validate(&with("Content-Length: 6\r\n", "hello")),
        reject(400, "Content-Length larger than body")
    );
    assert_eq!(
        validate(&with("Content-Length: 2\r\n", "hello")),
        Verdict::Ok,
        "extra octets are ignored"
    );
    assert_eq!(
        validate(&with("", "hello")),
        Verdict::Ok,
        "no Content-Length: the datagram is the body"
    );
    assert_eq!(
        validate(&with("Content-Length: -5\r\n", "hello")),
        reject(400, "Malformed Content-Length")
    );
    assert_eq!(
        validate(&with(
            "Content-Length: 99999999999999999999999\r\n",
            "hello"
        )),
        reject(400, "Malformed Content-Length")
    );
    let untyped = text.replace("Content-Type: text/plain\r\n", "");
    let m = Message::parse(format!("{untyped}Content-Length: 5\r\n\r\nhello").as_bytes()).unwrap();
    assert_eq!(validate(&m), reject(400, "Missing Content-Type for a body"));
    let m = Message::parse(format!("{untyped}Content-Length: 0\r\n\r\nhello").as_bytes()).unwrap();
    assert_eq!(
        validate(&m),
        Verdict::Ok,
        "octets beyond Content-Length are not a body"
    );
}

#[test]
fn bare_magic_cookie_branch() {
    let text = "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK\r\nFrom: <sip:a@b>;tag=1\r\n\
                To: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
    let m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(
        validate(&m),
        reject(400, "Via branch has no transaction identifier")
    );
    let m = Message::parse(text.replace("z9hG4bK", "z9hG4bKx").as_bytes()).unwrap();
    assert_eq!(validate(&m), Verdict::Ok);
    let m = Message::parse(text.replace(";branch=z9hG4bK", "").as_bytes()).unwrap();
    assert_eq!(
        validate(&m),
        Verdict::Ok,
        "RFC 2543 Vias have no branch at all"
    );
}

#[test]
fn max_forwards_zero_depends_on_role() {
    let m = request("OPTIONS sip:b@example.com SIP/2.0", "", "");
    let text = String::from_utf8(m.as_bytes().to_vec())
        .unwrap()
        .replace("Max-Forwards: 70", "Max-Forwards: 0");
    let m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(validate(&m), reject(483, "Max-Forwards exhausted"));
    let endpoint = Options {
        role: Role::Endpoint,
        ..Options::DEFAULT
    };
    assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
}

#[test]
fn require_and_proxy_require() {
    let m = invite("Require: timer, foo\r\nProxy-Require: bar\r\n");
    assert_eq!(validate(&m), Verdict::Ok, "no supported set: not checked");
    let proxy = Options {
        supported: Some(&["timer", "FOO"]),
        ..Options::DEFAULT
    };
    assert_eq!(
        validate_with(&m, &proxy),
        reject(420, "Unsupported option tag in Proxy-Require")
    );
    assert_eq!(unsupported_requirements(&m, &proxy), vec!["bar"]);
    let endpoint = Options {
        role: Role::Endpoint,
        ..proxy
    };
    assert_eq!(
        validate_with(&m, &endpoint),
        Verdict::Ok,
        "foo matches FOO case-insensitively"
    );
    let narrow = Options {
        supported: Some(&["timer"]),
        ..endpoint
    };
    assert_eq!(
        validate_with(&m, &narrow),
        reject(420, "Unsupported option tag in Require")
    );
    assert_eq!(unsupported_requirements(&m, &narrow), vec!["foo"]);
    let cancel = request("CANCEL sip:b@example.com SIP/2.0", "Require: foo\r\n", "");
    assert_eq!(
        validate_with(&cancel, &narrow),
        Verdict::Ok,
        "ignored in CANCEL"
    );
    assert!(unsupported_requirements(&cancel, &narrow).is_empty());
}

#[test]
fn endpoint_methods_and_media() {
    let endpoint = Options {
        role: Role::Endpoint,
        methods: Some(&["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"]),
        content_types: Some(&["application/sdp", "multipart/*"]),
        ..Options::DEFAULT
    };
    let m = request("PUBLISH sip:b@example.com SIP/2.0", "", "");
    assert_eq!(
        validate_with(&m, &endpoint),
        reject(501, "Method not implemented")
    );
    assert_eq!(
        validate(&m),
        Verdict::Ok,
        "a proxy forwards unknown methods"
    );
    let m = request(
        "INVITE sip:b@example.com SIP/2.0",
        "Content-Type: text/plain\r\n",
        "hi",
    );
    assert_eq!(
        validate_with(&m, &endpoint),
        reject(415, "Unsupported media type")
    );
    let m = request(
        "INVITE sip:b@example.com SIP/2.0",
        "Content-Type: Application/SDP\r\n",
        "v=0\r\n",
    );
    assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
    let m = request(
        "INVITE sip:b@example.com SIP/2.0",
        "Content-Type: multipart/mixed;boundary=x\r\n",
        "--x--",
    );
    assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
    let m = invite("Accept: text/html\r\n");
    assert_eq!(
        validate_with(&m, &endpoint),
        reject(406, "No acceptable body type")
    );
    let m = invite("Accept: text/html, application/*\r\n");
    assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
    let m = request(
        "OPTIONS sip:b@example.com SIP/2.0",
        "Accept: text/html\r\n",
        "",
    );
    assert_eq!(
        validate_with(&m, &endpoint),
        Verdict::Ok,
        "406 is only judged for INVITE"
    );
}

#[test]
fn registrar_needs_a_sip_address_of_record() {
    let text = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
                From: <sip:a@b>;tag=1\r\nTo: tel:+14255550100\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n\r\n";
    let m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(validate(&m), Verdict::Ok);
    let endpoint = Options {
        role: Role::Endpoint,
        ..Options::DEFAULT
    };
    assert_eq!(
        validate_with(&m, &endpoint),
        reject(400, "Address-of-record is not a SIP or SIPS URI")
    );
    let m = Message::parse(text.replace("tel:+14255550100", "<sips:a@b>").as_bytes()).unwrap();
    assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
}

#[test]
fn responses() {
    let text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP b;branch=z9hG4bK2\r\n\
                From: <sip:a@b>;tag=1\r\nTo: <sip:b@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n";
    let m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(
        validate(&m),
        Verdict::Ok,
        "CSeq method of a response is not compared"
    );
    let endpoint = Options {
        role: Role::Endpoint,
        ..Options::DEFAULT
    };
    assert_eq!(
        validate_with(&m, &endpoint),
        reject(400, "More than one Via in a response")
    );
    let m = Message::parse(text.replace("UDP b;", "UDP 255.255.255.255;").as_bytes()).unwrap();
    assert_eq!(validate(&m), reject(400, "Broadcast address in Via"));
    let m = Message::parse(
        text.replace("UDP b;", "UDP b;received=255.255.255.255;")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(validate(&m), reject(400, "Broadcast address in Via"));
    let m = Message::parse(text.replace("SIP/2.0 200", "SIP/2.1 200").as_bytes()).unwrap();
    assert_eq!(validate(&m), reject(505, "Unsupported SIP version"));
}

#[test]
fn line_ends_and_the_status_line() {
    let text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n\
                To: <sip:b@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n";
    let judge = |t: &str| validate(&Message::parse(t.as_bytes()).unwrap());
    assert_eq!(judge(text), Verdict::Ok);
    assert_eq!(
        judge(&text.replace("200 OK", "200")),
        reject(400, "No space before the reason phrase")
    );
    assert_eq!(judge(&text.replace("200 OK", "200 ")), Verdict::Ok);
    assert_eq!(
        judge(&text.replace("Call-ID: c\r\n", "Call-ID: c\n")),
        reject(400, "Bare LF line end")
    );
    assert_eq!(
        judge(&text.replace("SIP/2.0 200 OK\r\n", "SIP/2.1 200 OK\n")),
        reject(400, "Bare LF line end"),
        "line ends are judged first"
    );
    assert_eq!(
        judge(&text.replace("Call-ID: c", "Call-ID: c\rd")),
        reject(400, "Bare CR in the header section")
    );
}
