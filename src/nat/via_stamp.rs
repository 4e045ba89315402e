//! The Via stamp (MS-SIPRE 3.5.5.1, last paragraph): a server saves, in the topmost Via of a
//! request it receives, the far end of the connection (`received`, `ms-received-port`) and
//! the connection's id (`ms-received-cid`), so that the responses find their way back over
//! the same connection.

use super::conn_id::{MS_RECEIVED_CID, MS_RECEIVED_PORT, RECEIVED};
use super::param_spans::{Keep, range_in, rewrite_params};
use super::peer_text::PeerText;
use super::verdict::Rejection;
use crate::sip::Via;

/// The stamp as parameters, in the order [`stamp_via`] appends them: for a value that
/// [`super::rewrite::Edit::SetParams`] rewrites in place.
pub(crate) fn stamp_params(text: &PeerText) -> Vec<(&'static str, String)> {
    let mut set = Vec::with_capacity(3);
    set.push((RECEIVED, text.ip().to_owned()));
    set.push((MS_RECEIVED_PORT, text.port().to_owned()));
    if let Some(cid) = text.conn_id() {
        set.push((MS_RECEIVED_CID, cid.to_owned()));
    }
    set
}

/// The topmost Via value `value` with `received`, `ms-received-port` and (for TCP and TLS)
/// `ms-received-cid` set from the peer (`text` is the peer as written into messages),
/// appended in that order. Values of these parameters already present came from the sender,
/// which has no business writing them: they are replaced. `received` carries the address
/// without brackets (RFC 3261 25.1 `via-received`).
pub(crate) fn stamp_via(value: &str, text: &PeerText) -> Result<String, Rejection> {
    let via = Via::parse(value).map_err(|_| Rejection::MalformedVia)?;
    let params_r = range_in(value, via.params.as_str()).ok_or(Rejection::MalformedVia)?;
    let mut append = [
        (RECEIVED, text.ip()),
        (MS_RECEIVED_PORT, text.port()),
        (MS_RECEIVED_CID, ""),
    ];
    let n = match text.conn_id() {
        Some(cid) => {
            append[2].1 = cid;
            3
        }
        None => 2,
    };
    let stamped = |name: &str| {
        [RECEIVED, MS_RECEIVED_PORT, MS_RECEIVED_CID]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    // Room for the three stamped parameters at their longest (an IPv6 address, a 16-digit
    // connection id): the value is written without growing.
    let mut out = String::with_capacity(value.len() + 128);
    out.push_str(value.get(..params_r.start).ok_or(Rejection::MalformedVia)?);
    rewrite_params(
        &mut out,
        &via.params,
        |p| {
            if stamped(p.name) {
                Keep::Drop
            } else {
                Keep::Same
            }
        },
        &append[..n],
    )
    .ok_or(Rejection::MalformedVia)?;
    out.push_str(value.get(params_r.end..).ok_or(Rejection::MalformedVia)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::peer::{Peer, Transport, test_peer as peer};

    fn stamp(value: &str, p: &Peer) -> Result<String, Rejection> {
        stamp_via(value, &PeerText::new(p))
    }

    #[test]
    fn section_4_4_via() {
        let p = peer(Transport::Tls, "192.168.0.2", 1201, 0x3540900);
        assert_eq!(
            stamp("SIP/2.0/TLS 192.0.2.1:27221", &p).unwrap(),
            "SIP/2.0/TLS 192.0.2.1:27221;received=192.168.0.2;ms-received-port=1201;ms-received-cid=3540900"
        );
    }

    #[test]
    fn keeps_other_parameters_and_replaces_forged_ones() {
        let p = peer(Transport::Tcp, "198.51.100.7", 2904, 0x1D8AF00);
        assert_eq!(
            stamp(
                "SIP/2.0/TCP 192.0.2.4:2904;branch=z9hG4bK77e1;received=6.6.6.6;MS-RECEIVED-CID=FFFF;rport",
                &p
            )
            .unwrap(),
            "SIP/2.0/TCP 192.0.2.4:2904;branch=z9hG4bK77e1;rport;received=198.51.100.7;ms-received-port=2904;ms-received-cid=1D8AF00"
        );
    }

    #[test]
    fn udp_has_no_connection_id_and_ipv6_has_no_brackets() {
        let p = peer(Transport::Udp, "2001:db8::7", 5060, 0);
        assert_eq!(
            stamp("SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK1", &p).unwrap(),
            "SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK1;received=2001:db8::7;ms-received-port=5060"
        );
    }

    #[test]
    fn refuses_a_malformed_via() {
        let p = peer(Transport::Tcp, "192.0.2.1", 1, 1);
        for bad in ["", "SIP/2.0/TCP", "SIP/2.0/TCP host;"] {
            assert_eq!(stamp(bad, &p), Err(Rejection::MalformedVia), "{bad:?}");
        }
    }
}
