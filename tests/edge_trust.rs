//! The trust headers of the enterprise edge (MS-SIPRE 2.2.14, 2.2.15, 3.10, 3.11): the examples
//! of MS-SIPRE 4.9 and 4.10, and each MUST and SHOULD of sections 3.10 and 3.11 as a test.

use mssip::edge::{EdgeError, is_remote_user, mark_remote_user, read_trust, sanitize, set_trust};
use mssip::ext::{
    EdgeProxyMessageTrust, MsUserLogonData, SourceNetwork, SourceType, TrustError, UserVerification,
};
use mssip::sip::Message;

fn printed_4_9() -> Vec<String> {
    std::fs::read_to_string("tests/data/edge/section-4-9-trust-values.txt")
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A message printed in MS-SIPRE 4 in wire form: CRLF line ends and the empty line.
fn wire(printed: &str) -> Vec<u8> {
    let mut s = printed.replace('\n', "\r\n");
    s.push_str("\r\n");
    s.into_bytes()
}

#[test]
fn section_4_9_values_parse_as_printed() {
    let v = printed_4_9();
    let expect = [
        (SourceType::AutoFederation, SourceNetwork::Federation),
        (SourceType::AuthorizedServer, SourceNetwork::PublicCloud),
        (SourceType::EdgeProxyGenerated, SourceNetwork::Federation),
    ];
    for (text, (st, net)) in v.iter().zip(expect) {
        let t = EdgeProxyMessageTrust::parse(text).unwrap();
        assert_eq!(t.source_type(), st);
        assert_eq!(t.ep_fqdn(), "edgeserver.contoso.com");
        assert_eq!(t.verified(), UserVerification::Verified);
        assert_eq!(t.network(), Some(net));
    }
}

#[test]
fn section_4_9_values_format_byte_for_byte() {
    // The second example is printed without spaces after ';' and is what the library writes,
    // byte for byte; the other two print a space after each ';' (allowed by SEMI, RFC 3261
    // 25.1), and are written the same way without it.
    let v = printed_4_9();
    let t = EdgeProxyMessageTrust::new(
        SourceType::AuthorizedServer,
        "edgeserver.contoso.com",
        UserVerification::Verified,
        Some(SourceNetwork::PublicCloud),
    )
    .unwrap();
    assert_eq!(t.to_string(), v[1]);
    for text in [&v[0], &v[2]] {
        let t = EdgeProxyMessageTrust::parse(text).unwrap();
        assert_eq!(t.to_string(), text.replace("; ", ";"));
    }
}

#[test]
fn corpus_notify_from_a_federated_partner() {
    let m =
        Message::parse(&std::fs::read("tests/data/corpus/notify-federated.sip").unwrap()).unwrap();
    let t = read_trust(&m).unwrap().unwrap();
    assert_eq!(t.source_type(), SourceType::AutoFederation);
    assert_eq!(t.network(), Some(SourceNetwork::Federation));
    assert_eq!(t.ep_fqdn(), "edgeserver.contoso.com");
}

#[test]
fn section_4_10_register_response_is_for_a_remote_user() {
    // 3.11.5.2: a client that finds the header in the response to its REGISTER SHOULD treat
    // itself as remote.
    let text = std::fs::read_to_string("tests/data/edge/section-4-10-register-200.txt").unwrap();
    let m = Message::parse(&wire(&text)).unwrap();
    assert_eq!(is_remote_user(&m), Ok(true));
    let corpus =
        Message::parse(&std::fs::read("tests/data/corpus/register-200-remote.sip").unwrap())
            .unwrap();
    assert_eq!(is_remote_user(&corpus), Ok(true));
    assert_eq!(read_trust(&corpus), Ok(None));
}

const CLIENT_INVITE: &str = "INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n\
From: <sip:mallory@contoso.com>;tag=1\r\n\
To: <sip:bob@contoso.com>\r\n\
Call-ID: c1\r\n\
CSeq: 1 INVITE\r\n\
ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=edge.contoso.com;ms-source-verified-user=verified\r\n\
MS-User-Logon-Data: RemoteUser\r\n\
Content-Length: 0\r\n\r\n";

#[test]
fn a_client_can_never_forge_the_trust_headers() {
    // 2.2.14: the header MUST NOT be added by the client; 2.2.15: a client MUST NOT add
    // ms-user-logon-data. What a client sends is stripped before anything reads it.
    let mut m = Message::parse(CLIENT_INVITE.as_bytes()).unwrap();
    assert_eq!(sanitize(&mut m), Ok(2));
    assert_eq!(read_trust(&m), Ok(None));
    assert_eq!(is_remote_user(&m), Ok(false));
    // Malformed, repeated or oddly cased forgeries go too.
    let text = CLIENT_INVITE
        .replace("MS-User-Logon-Data: RemoteUser", "ms-user-logon-data: Admin")
        .replace(
            "Content-Length: 0",
            "MS-EDGE-PROXY-MESSAGE-TRUST: junk\r\nms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=x;ms-source-verified-user=verified\r\nContent-Length: 0",
        );
    let mut m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(sanitize(&mut m), Ok(4));
    assert_eq!(m.fields("ms-edge-proxy-message-trust").count(), 0);
    assert_eq!(m.fields("ms-user-logon-data").count(), 0);
}

#[test]
fn the_edge_marks_what_it_forwards_from_outside() {
    // 3.10.5.1: a message from outside forwarded to a client SHOULD carry the header; the
    // edge's value replaces whatever was there.
    let mut m = Message::parse(CLIENT_INVITE.as_bytes()).unwrap();
    let t = EdgeProxyMessageTrust::new(
        SourceType::DirectPartner,
        "edge.contoso.com",
        UserVerification::Unverified,
        Some(SourceNetwork::Federation),
    )
    .unwrap();
    set_trust(&mut m, &t).unwrap();
    assert_eq!(m.fields("ms-edge-proxy-message-trust").count(), 1);
    assert_eq!(read_trust(&m).unwrap().unwrap(), t);
    assert_eq!(
        m.header("ms-edge-proxy-message-trust"),
        Some(
            "ms-source-type=DirectPartner;ms-ep-fqdn=edge.contoso.com;ms-source-verified-user=unverified;ms-source-network=federation"
        )
    );
}

#[test]
fn the_edge_tells_a_remote_client_it_is_remote() {
    // 3.11.5.1: a message forwarded to a client connected from outside SHOULD carry
    // ms-user-logon-data with the value RemoteUser.
    let resp = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\nCSeq: 3 REGISTER\r\nContent-Length: 0\r\n\r\n";
    let mut m = Message::parse(resp.as_bytes()).unwrap();
    assert_eq!(is_remote_user(&m), Ok(false));
    mark_remote_user(&mut m).unwrap();
    mark_remote_user(&mut m).unwrap();
    assert_eq!(
        m.fields("ms-user-logon-data").collect::<Vec<_>>(),
        ["RemoteUser"]
    );
    assert_eq!(is_remote_user(&m), Ok(true));
}

#[test]
fn internet_users_are_verified_and_carry_no_network() {
    // 3.10.1.3: ms-source-verified-user MUST be verified for InternetUser; 3.10.1.4: the
    // network MUST NOT be added with InternetUser.
    assert!(matches!(
        EdgeProxyMessageTrust::new(
            SourceType::InternetUser,
            "edge.contoso.com",
            UserVerification::Unverified,
            None
        ),
        Err(TrustError::Constraint(_))
    ));
    assert!(matches!(
        EdgeProxyMessageTrust::new(
            SourceType::InternetUser,
            "edge.contoso.com",
            UserVerification::Verified,
            Some(SourceNetwork::Federation)
        ),
        Err(TrustError::Constraint(_))
    ));
    let ok = EdgeProxyMessageTrust::new(
        SourceType::InternetUser,
        "edge.contoso.com",
        UserVerification::Verified,
        None,
    )
    .unwrap();
    assert_eq!(ok.network(), None);
}

#[test]
fn federated_and_public_senders_say_their_network() {
    // 3.10.1.4: the network MUST be given for a federated partner or public IM provider:
    // federation for a federated user, publiccloud for a public IM user.
    for (st, right, wrong) in [
        (
            SourceType::AutoFederation,
            SourceNetwork::Federation,
            SourceNetwork::PublicCloud,
        ),
        (
            SourceType::DirectPartner,
            SourceNetwork::Federation,
            SourceNetwork::PublicCloud,
        ),
        (
            SourceType::AuthorizedServer,
            SourceNetwork::PublicCloud,
            SourceNetwork::Federation,
        ),
    ] {
        let v = UserVerification::Verified;
        assert!(EdgeProxyMessageTrust::new(st, "e.example", v, Some(right)).is_ok());
        for bad in [None, Some(wrong)] {
            assert!(
                matches!(
                    EdgeProxyMessageTrust::new(st, "e.example", v, bad),
                    Err(TrustError::Constraint(_))
                ),
                "{st:?} {bad:?}"
            );
        }
    }
}

#[test]
fn logon_data_is_remote_user_or_an_error() {
    // 3.11.1: if present, the value MUST be RemoteUser.
    let base = "SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\n";
    let m =
        Message::parse(format!("{base}ms-user-logon-data: LocalUser\r\n\r\n").as_bytes()).unwrap();
    assert!(matches!(is_remote_user(&m), Err(EdgeError::LogonData(_))));
    let m = Message::parse(
        format!("{base}ms-user-logon-data: RemoteUser\r\nms-user-logon-data: RemoteUser\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        is_remote_user(&m),
        Err(EdgeError::Repeated(MsUserLogonData::NAME))
    );
}

#[test]
fn a_trust_header_that_cannot_be_trusted_is_an_error() {
    let base = "NOTIFY sip:a@contoso.com SIP/2.0\r\nCSeq: 1 NOTIFY\r\n";
    let one = "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=e;ms-source-verified-user=verified\r\n";
    let m = Message::parse(format!("{base}{one}{one}\r\n").as_bytes()).unwrap();
    assert_eq!(
        read_trust(&m),
        Err(EdgeError::Repeated(EdgeProxyMessageTrust::NAME))
    );
    let m =
        Message::parse(format!("{base}ms-edge-proxy-message-trust: x\r\n\r\n").as_bytes()).unwrap();
    assert!(matches!(
        read_trust(&m),
        Err(EdgeError::Trust(TrustError::Syntax(_)))
    ));
    let m = Message::parse(
        format!("{base}ms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=e;ms-source-verified-user=unverified\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    assert!(matches!(
        read_trust(&m),
        Err(EdgeError::Trust(TrustError::Constraint(_)))
    ));
}
