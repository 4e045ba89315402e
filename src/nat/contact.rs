//! One Contact value through MS-SIPRE 3.5.5.1 steps 2 to 9: the checks of the `proxy` and
//! `transport` parameters, then the rewrite that points the Contact at the far end of the
//! connection the message came on and names that connection.

use super::conn_id::MS_RECEIVED_CID;
use super::param_spans::range_in;
use super::peer_text::PeerText;
use super::verdict::Rejection;
use crate::sip::peer::Peer;
use crate::sip::{Host, NameAddr};
use smallvec::SmallVec;
use std::net::IpAddr;
use std::ops::Range;

/// The Contact header parameter that asks for the rewrite (MS-SIPRE 2.2.4 `c-p-proxy`).
pub const PROXY: &str = "proxy";
/// Its one allowed value.
pub const REPLACE: &str = "replace";

/// What a Contact says with its `proxy` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyParam {
    /// No `proxy` parameter: NAT processing leaves the Contact alone.
    Absent,
    /// Every `proxy` parameter is `replace` (the ABNF literal matches in any case, RFC 5234
    /// 2.3).
    Replace,
    /// A `proxy` parameter has another value, or none (MS-SIPRE 3.5.5.1 step 2 refuses it).
    Other,
}

/// The places of a Contact's `proxy` parameters in its header parameters (for step 4): most
/// have one.
pub(crate) type ProxySpans = SmallVec<[Range<usize>; 2]>;

/// Reads the `proxy` parameters of a Contact in one walk.
pub fn proxy_param(contact: &NameAddr<'_>) -> ProxyParam {
    proxy_params(contact).0
}

/// [`proxy_param`], with where each `proxy` parameter lies in `contact.params` when all are
/// `replace`, in the same walk.
pub(crate) fn proxy_params(contact: &NameAddr<'_>) -> (ProxyParam, ProxySpans) {
    let mut spans = ProxySpans::new();
    for p in contact.params.placed() {
        if p.param.name.eq_ignore_ascii_case(PROXY) {
            if !p
                .param
                .value
                .is_some_and(|v| v.eq_ignore_ascii_case(REPLACE))
            {
                return (ProxyParam::Other, ProxySpans::new());
            }
            spans.push(p.span);
        }
    }
    let seen = if spans.is_empty() {
        ProxyParam::Absent
    } else {
        ProxyParam::Replace
    };
    (seen, spans)
}

/// What steps 5 and 9 do to one URI parameter.
enum UriParamEdit {
    /// `maddr`: its value becomes the far end's address (step 5); the range of its value, or
    /// where one goes.
    Maddr {
        span: Range<usize>,
        value: Option<Range<usize>>,
        name_end: usize,
    },
    /// `ms-received-cid` from the sender: removed (step 9 writes the real one).
    Drop(Range<usize>),
}

/// The address of a URI host that is an IP address.
fn host_ip(host: &Host<'_>) -> Option<IpAddr> {
    match host {
        Host::Name(_) => None,
        Host::Ipv4(s) => s.parse().ok(),
        Host::Ipv6(_) => host.ipv6_address()?.parse().ok(),
    }
}

/// Checks `contact` (the parsed `value`, whose `proxy` parameters are all `replace` and lie
/// at `proxy` in its header parameters, [`proxy_params`]) against
/// step 3 and writes its new text per steps 4 to 9 for a message that came from `peer`
/// (`text` is the peer as written into messages):
///
/// - step 4: every `proxy` parameter is removed;
/// - step 5: an existing `maddr` gets the far end's address;
/// - step 6: without `maddr`, a host name gets `maddr` with the far end's address;
/// - step 7: without `maddr`, an IP host other than the far end's is replaced by it;
/// - step 8: a missing or different port becomes the far end's port;
/// - step 9: `ms-received-cid` names the connection (any value already there is replaced);
///   a UDP peer has no connection and gets none.
///
/// A Contact written without angle brackets gets them, so the new URI parameters stay URI
/// parameters (RFC 3261 20.10). Every other byte is kept as written.
pub(crate) fn rewrite_contact(
    value: &str,
    contact: &NameAddr<'_>,
    proxy: &[Range<usize>],
    peer: &Peer,
    text: &PeerText,
) -> Result<String, Rejection> {
    let uri = &contact.uri;
    let host = match uri.host {
        Some(h) if uri.is_sip() => h,
        _ => return Err(Rejection::NotSipUri),
    };
    // Step 3, whether there is a maddr, and what steps 5 and 9 change, in one walk.
    let mut has_maddr = false;
    let mut uri_edits: SmallVec<[UriParamEdit; 2]> = SmallVec::new();
    for p in uri.params.placed() {
        let name = p.param.name;
        if name.eq_ignore_ascii_case("transport") {
            if !p.param.value.is_some_and(|v| peer.transport.is_named(v)) {
                return Err(Rejection::TransportMismatch);
            }
        } else if name.eq_ignore_ascii_case("maddr") {
            has_maddr = true;
            uri_edits.push(UriParamEdit::Maddr {
                span: p.span,
                value: p.value,
                name_end: p.name.end,
            });
        } else if name.eq_ignore_ascii_case(MS_RECEIVED_CID) {
            uri_edits.push(UriParamEdit::Drop(p.span));
        }
    }

    let raw = uri.raw;
    let broken = || Rejection::MalformedContact;
    let host_r = range_in(raw, host.as_str()).ok_or_else(broken)?;
    let uparams = uri.params.as_str();
    let uparams_r = range_in(raw, uparams).ok_or_else(broken)?;
    let uri_r = range_in(value, raw).ok_or_else(broken)?;
    let hparams = contact.params.as_str();
    let hparams_r = range_in(value, hparams).ok_or_else(broken)?;

    let mut out = String::with_capacity(value.len() + 48);
    out.push_str(value.get(..uri_r.start).ok_or_else(broken)?);
    if !contact.angle {
        out.push('<');
    }
    out.push_str(raw.get(..host_r.start).ok_or_else(broken)?);
    // Steps 6 and 7: without maddr, an IP host that is not the far end's is replaced.
    let replace_host = !has_maddr && host_ip(&host).is_some_and(|ip| ip != peer.ip);
    out.push_str(if replace_host {
        text.host()
    } else {
        host.as_str()
    });
    // Step 8.
    if uri.port == Some(peer.port) {
        out.push_str(raw.get(host_r.end..uparams_r.start).ok_or_else(broken)?);
    } else {
        out.push(':');
        out.push_str(text.port());
    }
    // Steps 5, 6 and 9 on the URI parameters.
    let mut done = 0;
    for edit in &uri_edits {
        match edit {
            UriParamEdit::Drop(span) => {
                out.push_str(uparams.get(done..span.start).ok_or_else(broken)?);
                done = span.end;
            }
            UriParamEdit::Maddr {
                span,
                value,
                name_end,
            } => {
                let value_start = value.as_ref().map(|r| r.start);
                out.push_str(
                    uparams
                        .get(done..value_start.unwrap_or(*name_end))
                        .ok_or_else(broken)?,
                );
                if value_start.is_none() {
                    out.push('=');
                }
                out.push_str(text.host());
                done = span.end;
            }
        }
    }
    out.push_str(uparams.get(done..).ok_or_else(broken)?);
    if !has_maddr && matches!(host, Host::Name(_)) {
        out.push_str(";maddr=");
        out.push_str(text.host());
    }
    if let Some(cid) = text.conn_id() {
        out.push(';');
        out.push_str(MS_RECEIVED_CID);
        out.push('=');
        out.push_str(cid);
    }
    out.push_str(raw.get(uparams_r.end..).ok_or_else(broken)?);
    if !contact.angle {
        out.push('>');
    }
    // Step 4 on the header parameters.
    out.push_str(value.get(uri_r.end..hparams_r.start).ok_or_else(broken)?);
    let mut done = 0;
    for span in proxy {
        out.push_str(hparams.get(done..span.start).ok_or_else(broken)?);
        done = span.end;
    }
    out.push_str(hparams.get(done..).ok_or_else(broken)?);
    out.push_str(value.get(hparams_r.end..).ok_or_else(broken)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::peer::{Transport, test_peer as peer};

    fn tls() -> Peer {
        peer(Transport::Tls, "192.168.0.2", 1201, 0x3540900)
    }

    fn run(value: &str, p: &Peer) -> Result<String, Rejection> {
        let na = NameAddr::parse(value).unwrap();
        let (proxy, spans) = proxy_params(&na);
        if proxy == ProxyParam::Other {
            return Err(Rejection::ProxyNotReplace);
        }
        rewrite_contact(value, &na, &spans, p, &PeerText::new(p))
    }

    #[test]
    fn section_4_4_contact() {
        let v = "<sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, MESSAGE\";proxy=replace;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"";
        assert_eq!(
            run(v, &tls()).unwrap(),
            "<sip:192.168.0.2:1201;transport=tls;ms-opaque=29c344caf9;ms-received-cid=3540900>;methods=\"INVITE, MESSAGE\";+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\""
        );
    }

    #[test]
    fn step_2_only_replace() {
        for v in [
            "<sip:192.0.2.1>;proxy=keep",
            "<sip:192.0.2.1>;proxy",
            "<sip:192.0.2.1>;proxy=\"replace\"",
            "<sip:192.0.2.1>;proxy=replace;proxy=other",
        ] {
            assert_eq!(run(v, &tls()), Err(Rejection::ProxyNotReplace), "{v}");
        }
        assert!(run("<sip:192.0.2.1>;PROXY=Replace", &tls()).is_ok());
        let na = NameAddr::parse("<sip:192.0.2.1>;expires=60").unwrap();
        assert_eq!(proxy_param(&na), ProxyParam::Absent);
        let na = NameAddr::parse("<sip:192.0.2.1;proxy=x>;expires=60").unwrap();
        assert_eq!(
            proxy_param(&na),
            ProxyParam::Absent,
            "a URI parameter is not the one"
        );
    }

    #[test]
    fn step_3_transport_must_match() {
        let v = "<sip:192.0.2.1:5060;transport=tcp>;proxy=replace";
        assert_eq!(run(v, &tls()), Err(Rejection::TransportMismatch));
        let tcp = peer(Transport::Tcp, "192.168.0.2", 1201, 9);
        assert!(run(v, &tcp).is_ok());
        let v = "<sip:192.0.2.1:5060;transport=TCP>;proxy=replace";
        assert!(run(v, &tcp).is_ok());
        let v = "<sip:192.0.2.1:5060;transport>;proxy=replace";
        assert_eq!(run(v, &tcp), Err(Rejection::TransportMismatch));
        let udp = peer(Transport::Udp, "192.168.0.2", 1201, 0);
        let v = "<sip:192.0.2.1:5060;transport=udp>;proxy=replace";
        assert!(run(v, &udp).is_ok());
        assert_eq!(run(v, &tcp), Err(Rejection::TransportMismatch));
    }

    #[test]
    fn step_4_removes_every_proxy_parameter() {
        let out = run(
            "<sip:192.168.0.2:1201>;proxy=replace;q=0.5;proxy=REPLACE",
            &tls(),
        )
        .unwrap();
        assert_eq!(out, "<sip:192.168.0.2:1201;ms-received-cid=3540900>;q=0.5");
    }

    #[test]
    fn step_5_replaces_maddr() {
        let out = run(
            "<sip:alice@pc.example.com:1201;maddr=10.0.0.7;transport=tls>;proxy=replace",
            &tls(),
        )
        .unwrap();
        assert_eq!(
            out,
            "<sip:alice@pc.example.com:1201;maddr=192.168.0.2;transport=tls;ms-received-cid=3540900>"
        );
        // With maddr, an IP host is left alone (step 7 applies only without maddr).
        let out = run("<sip:10.1.1.1:1201;MADDR=10.0.0.7>;proxy=replace", &tls()).unwrap();
        assert_eq!(
            out,
            "<sip:10.1.1.1:1201;MADDR=192.168.0.2;ms-received-cid=3540900>"
        );
    }

    #[test]
    fn step_6_adds_maddr_to_a_host_name() {
        let out = run(
            "<sip:alice@pc.example.com;transport=tls>;proxy=replace",
            &tls(),
        )
        .unwrap();
        assert_eq!(
            out,
            "<sip:alice@pc.example.com:1201;transport=tls;maddr=192.168.0.2;ms-received-cid=3540900>"
        );
    }

    #[test]
    fn step_7_replaces_a_different_ip_host_only() {
        let out = run("<sip:alice@10.0.0.7:1201>;proxy=replace", &tls()).unwrap();
        assert_eq!(out, "<sip:alice@192.168.0.2:1201;ms-received-cid=3540900>");
        // The same address, written otherwise, is kept as written.
        let p6 = peer(Transport::Tcp, "2001:db8::1", 5060, 0x10);
        let out = run("<sip:[2001:db8:0::1]:5060>;proxy=replace", &p6).unwrap();
        assert_eq!(out, "<sip:[2001:db8:0::1]:5060;ms-received-cid=10>");
        let out = run("<sip:[2001:db8::99]:5060>;proxy=replace", &p6).unwrap();
        assert_eq!(out, "<sip:[2001:db8::1]:5060;ms-received-cid=10>");
        let out = run("<sip:alice@host.example>;proxy=replace", &p6).unwrap();
        assert_eq!(
            out,
            "<sip:alice@host.example:5060;maddr=[2001:db8::1];ms-received-cid=10>"
        );
    }

    #[test]
    fn step_8_sets_a_missing_or_different_port() {
        assert_eq!(
            run("<sip:192.168.0.2>;proxy=replace", &tls()).unwrap(),
            "<sip:192.168.0.2:1201;ms-received-cid=3540900>"
        );
        assert_eq!(
            run("<sip:192.168.0.2:5061>;proxy=replace", &tls()).unwrap(),
            "<sip:192.168.0.2:1201;ms-received-cid=3540900>"
        );
    }

    #[test]
    fn step_9_names_the_connection_and_replaces_a_forged_id() {
        assert_eq!(
            run(
                "<sip:192.168.0.2:1201;ms-received-cid=DEAD;lr>;proxy=replace",
                &tls()
            )
            .unwrap(),
            "<sip:192.168.0.2:1201;lr;ms-received-cid=3540900>"
        );
        // UDP: no connection, no id.
        let udp = peer(Transport::Udp, "192.168.0.2", 1201, 0);
        assert_eq!(
            run("<sip:10.0.0.1:5060>;proxy=replace", &udp).unwrap(),
            "<sip:192.168.0.2:1201>"
        );
    }

    #[test]
    fn keeps_everything_else_as_written() {
        let out = run(
            "\"Alice A\" <sips:alice:pw@10.0.0.1:5061;transport=tls?subject=x>;expires=60;proxy=replace",
            &tls(),
        )
        .unwrap();
        assert_eq!(
            out,
            "\"Alice A\" <sips:alice:pw@192.168.0.2:1201;transport=tls;ms-received-cid=3540900?subject=x>;expires=60"
        );
        // An addr-spec gets angle brackets, so the new parameters stay URI parameters.
        let out = run(
            "sip:10.0.0.1:5061;transport=tls;proxy=replace;expires=60",
            &tls(),
        );
        // (the URI of an addr-spec ends at its first ';', so transport is a header parameter)
        assert_eq!(
            out.unwrap(),
            "<sip:192.168.0.2:1201;ms-received-cid=3540900>;transport=tls;expires=60"
        );
    }

    #[test]
    fn refuses_uris_it_cannot_rewrite() {
        assert_eq!(
            run("<tel:+15551234>;proxy=replace", &tls()),
            Err(Rejection::NotSipUri)
        );
        assert_eq!(
            run(
                "<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>;proxy=replace",
                &tls()
            ),
            Err(Rejection::NotSipUri)
        );
    }
}
