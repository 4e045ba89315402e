//! Keep-alives Microsoft peers send: OPTIONS pings to the proxy, answered with a 200 that
//! lists what the proxy can do (RFC 3261 11.2), and the `ms-keep-alive` header of the
//! Connection Management Protocol (MS-CONMGMT 2.2.1), by which a client and a server agree on
//! the keep-alive used on a TCP connection.
//!
//! MS-CONMGMT is not among the specifications in `spec/` (MS-SIPRE and MS-OCEXUM do not
//! mention keep-alives); its public 2.2.1 gives the grammar below and says the header SHOULD
//! be present in a request and in the corresponding response, MUST NOT appear more than once,
//! and MUST carry the sender's role, `UAC` (the initiator) or `UAS`:
//!
//! ```text
//! ms-keep-alive-value      = ms-keep-alive-role *(SEMI ms-keep-alive-capability)
//!                            [ SEMI ms-keep-alive-timeout ] *(SEMI generic-param)
//! ms-keep-alive-role       = "UAC" / "UAS"
//! ms-keep-alive-capability = ms-keep-alive-mechanism EQUAL ("yes" / "no")
//! ms-keep-alive-mechanism  = "hop-hop" / "end-end" / "tcp" / token
//! ms-keep-alive-timeout    = "timeout" EQUAL 1*DIGIT
//! ```
//!
//! The answer written here is the one an OCS / Lync registrar sends in public traces
//! (`tests/data/external/sipe/sip-sec-ntlm-tests_L500.sip`, the 200 to a REGISTER):
//! `UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300`: no TCP-level keep-alive, hop-by-hop
//! keep-alives (the double-CRLF ping the framer answers, RFC 5626 4.4.1) expected at least
//! every `timeout` seconds, none end to end. What each mechanism means beyond its name is not
//! in the public text.

use super::fqdn::FqdnDiscipline;
use super::liveness_error::PeerError;
use crate::sip::Message;
use crate::sip::name_addr::NameAddr;
use crate::sip::scan::is_token;
use crate::sip::uri::Uri;

/// The sender's side in the keep-alive negotiation (MS-CONMGMT 2.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepAliveRole {
    /// The initiator (the client that opened the connection).
    Uac,
    /// The responder.
    Uas,
}

/// A parsed `ms-keep-alive` value, borrowing from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsKeepAlive<'a> {
    pub role: KeepAliveRole,
    /// `mechanism=yes|no` in the order written (`hop-hop`, `end-end`, `tcp`, `end`, ...).
    pub capabilities: Vec<(&'a str, bool)>,
    /// `timeout` in seconds.
    pub timeout: Option<u32>,
    /// Any other parameter, value as written (quotes kept).
    pub params: Vec<(&'a str, Option<&'a str>)>,
}

/// Most parameters one value may have.
pub const MAX_KEEP_ALIVE_PARAMS: usize = 32;

fn bad(why: &'static str) -> PeerError {
    PeerError::BadKeepAlive(why)
}

/// A generic-param value: a token, a host or a quoted-string (RFC 3261 25.1 gen-value).
fn is_gen_value(v: &str) -> bool {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        return !inner.bytes().any(|c| c < 0x20 && c != b'\t' || c == 0x7f)
            && !inner.replace("\\\"", "").contains('"');
    }
    is_token(v) || (v.starts_with('[') && v.ends_with(']') && v.len() > 2)
}

impl<'a> MsKeepAlive<'a> {
    /// Parses a value. Names and `yes` / `no` are case-insensitive, white space around `;`
    /// and `=` is allowed. A `name=yes|no` parameter is a capability, the first `timeout` with
    /// digits is the timeout, anything else a generic parameter.
    pub fn parse(s: &'a str) -> Result<MsKeepAlive<'a>, PeerError> {
        let mut parts = s.split(';');
        let role = parts.next().unwrap_or("").trim();
        let role = if role.eq_ignore_ascii_case("UAC") {
            KeepAliveRole::Uac
        } else if role.eq_ignore_ascii_case("UAS") {
            KeepAliveRole::Uas
        } else if role.is_empty() {
            return Err(bad("no role"));
        } else {
            return Err(bad("the role is neither UAC nor UAS"));
        };
        let mut ka = MsKeepAlive {
            role,
            capabilities: Vec::new(),
            timeout: None,
            params: Vec::new(),
        };
        for (n, p) in parts.enumerate() {
            if n >= MAX_KEEP_ALIVE_PARAMS {
                return Err(bad("too many parameters"));
            }
            let (name, value) = match p.split_once('=') {
                Some((a, b)) => (a.trim(), Some(b.trim())),
                None => (p.trim(), None),
            };
            if !is_token(name) {
                return Err(bad("a parameter name is not a token"));
            }
            match value {
                Some(v) if v.eq_ignore_ascii_case("yes") => ka.capabilities.push((name, true)),
                Some(v) if v.eq_ignore_ascii_case("no") => ka.capabilities.push((name, false)),
                Some(v) if name.eq_ignore_ascii_case("timeout") && ka.timeout.is_none() => {
                    if v.is_empty() || !v.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(bad("timeout is not 1*DIGIT"));
                    }
                    ka.timeout = Some(v.parse().map_err(|_| bad("timeout out of range"))?);
                }
                Some(v) if !is_gen_value(v) => return Err(bad("a parameter value is malformed")),
                _ => ka.params.push((name, value)),
            }
        }
        Ok(ka)
    }

    /// The value of capability `name` (case-insensitive), if given.
    pub fn capability(&self, name: &str) -> Option<bool> {
        self.capabilities
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, v)| v)
    }
}

/// The `ms-keep-alive` of `msg`: `None` when absent; an error when it is there more than once
/// (MS-CONMGMT 2.2.1: MUST NOT) or outside the grammar.
pub fn keep_alive_of(msg: &Message) -> Option<Result<MsKeepAlive<'_>, PeerError>> {
    let mut fields = msg.fields("ms-keep-alive");
    let first = fields.next()?;
    if fields.next().is_some() {
        return Some(Err(bad("the header is there more than once")));
    }
    Some(MsKeepAlive::parse(first))
}

/// What the proxy says about itself in its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsAnswer {
    /// `Allow`: the methods the proxy handles.
    pub allow: String,
    /// `Accept`: the body types it takes (`multipart/alternative` is added when `multipart`).
    pub accept: String,
    /// Whether `multipart/alternative` (Microsoft ICE offers, MS-SIPRE 3.15) is accepted.
    pub multipart: bool,
    /// `Supported` option tags; empty: no header.
    pub supported: String,
    /// A `Contact` URI (the proxy's FQDN form), if any (RFC 3261 11.2: MAY).
    pub contact: Option<String>,
    /// Whether hop-by-hop keep-alives are offered in `ms-keep-alive`.
    pub hop_hop: bool,
    /// The `ms-keep-alive` timeout in seconds. Default 300.
    pub keep_alive_timeout: u32,
}

impl Default for OptionsAnswer {
    fn default() -> OptionsAnswer {
        OptionsAnswer {
            allow: "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE, \
                    UPDATE, PRACK"
                .to_string(),
            accept: "application/sdp".to_string(),
            multipart: true,
            supported: String::new(),
            contact: None,
            hop_hop: true,
            keep_alive_timeout: 300,
        }
    }
}

fn check_line(s: &str, what: &str) -> Result<(), PeerError> {
    if s.bytes().any(|c| c == b'\r' || c == b'\n' || c == 0) {
        return Err(PeerError::Invalid(format!("{what} contains CR, LF or NUL")));
    }
    Ok(())
}

impl OptionsAnswer {
    fn check(&self) -> Result<(), PeerError> {
        check_line(&self.allow, "allow")?;
        check_line(&self.accept, "accept")?;
        check_line(&self.supported, "supported")?;
        if let Some(c) = &self.contact
            && Uri::parse(c).is_err()
        {
            return Err(PeerError::Invalid("contact is not a URI".into()));
        }
        Ok(())
    }

    /// The `Accept` value written.
    pub fn accept_value(&self) -> String {
        let has_multipart = self
            .accept
            .split(',')
            .any(|t| t.trim().eq_ignore_ascii_case("multipart/alternative"));
        match (
            self.multipart && !has_multipart,
            self.accept.trim().is_empty(),
        ) {
            (true, true) => "multipart/alternative".to_string(),
            (true, false) => format!("{}, multipart/alternative", self.accept.trim()),
            _ => self.accept.trim().to_string(),
        }
    }

    /// The `ms-keep-alive` value that answers `offer`: `UAS; tcp=no; hop-hop=<yes|no>;
    /// end-end=no; timeout=<s>`. Hop by hop is `yes` when offered here and not refused by the
    /// offer (`hop-hop=no`). `None` for an offer that is itself a `UAS` answer.
    pub fn keep_alive_answer(&self, offer: &MsKeepAlive<'_>) -> Option<String> {
        if offer.role != KeepAliveRole::Uac {
            return None;
        }
        let hop = self.hop_hop && offer.capability("hop-hop") != Some(false);
        Some(format!(
            "UAS; tcp=no; hop-hop={}; end-end=no; timeout={}",
            if hop { "yes" } else { "no" },
            self.keep_alive_timeout
        ))
    }
}

/// Adds to `resp`, the response to `req`, the `ms-keep-alive` answer to the one `req`
/// carries (MS-CONMGMT 2.2.1: SHOULD be in the corresponding response). Nothing happens when
/// `req` has none or a malformed one, or `resp` has one already. Returns whether it added one.
pub fn add_keep_alive_answer(
    resp: &mut Message,
    req: &Message,
    answer: &OptionsAnswer,
) -> Result<bool, PeerError> {
    if resp.is_request() || resp.header("ms-keep-alive").is_some() {
        return Ok(false);
    }
    let Some(Ok(offer)) = keep_alive_of(req) else {
        return Ok(false);
    };
    let Some(v) = answer.keep_alive_answer(&offer) else {
        return Ok(false);
    };
    resp.add_header("ms-keep-alive", &v)?;
    Ok(true)
}

/// Whether `req` is an OPTIONS the proxy answers itself rather than forwards: an OPTIONS with
/// `Max-Forwards: 0` (RFC 3261 16.3 step 3 lets the proxy respond to it) or one whose
/// Request-URI has no user part and is the proxy's (`own`; with no discipline, any URI
/// without a user part) while no Route names another element.
pub fn is_options_ping(req: &Message, own: Option<&FqdnDiscipline>) -> bool {
    if !req
        .method()
        .is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"))
    {
        return false;
    }
    if req.max_forwards().is_some_and(|r| r.is_ok_and(|n| n == 0)) {
        return true;
    }
    let Some(Ok(ruri)) = req.request_uri().map(Uri::parse) else {
        return false;
    };
    if !ruri.is_sip() || ruri.user.is_some() {
        return false;
    }
    let route_ok = match req.value("Route", 0) {
        None => true,
        Some(r) => own.is_some_and(|d| NameAddr::parse(r).is_ok_and(|n| d.is_own_uri(&n.uri))),
    };
    route_ok && own.is_none_or(|d| d.is_own_uri(&ruri))
}

/// A To tag for a stateless answer: the same request (a retransmission) gets the same tag.
fn answer_tag(req: &Message) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        req.call_id().unwrap_or(""),
        req.header("CSeq").unwrap_or(""),
        req.header("From").unwrap_or(""),
    ] {
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h ^= 0xff;
    }
    format!("{h:016x}")
}

/// The 200 OK to the OPTIONS `req` (RFC 3261 11.2): the usual response fields (8.2.6, with
/// a To tag derived from the request so a retransmission gets the same answer), `Allow`,
/// `Accept`, `Accept-Encoding: identity`, `Supported` when configured, `Contact` when
/// configured, and the `ms-keep-alive` answer when `req` offers one.
pub fn answer_options(req: &Message, answer: &OptionsAnswer) -> Result<Message, PeerError> {
    if !req
        .method()
        .is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"))
    {
        return Err(PeerError::Invalid("the request is not an OPTIONS".into()));
    }
    answer.check()?;
    let accept = answer.accept_value();
    let contact = answer.contact.as_ref().map(|c| format!("<{c}>"));
    let keep_alive = match keep_alive_of(req) {
        Some(Ok(offer)) => answer.keep_alive_answer(&offer),
        _ => None,
    };
    let mut extra: Vec<(&str, &str)> = vec![("Allow", answer.allow.trim())];
    if !accept.is_empty() {
        extra.push(("Accept", &accept));
    }
    extra.push(("Accept-Encoding", "identity"));
    if !answer.supported.trim().is_empty() {
        extra.push(("Supported", answer.supported.trim()));
    }
    if let Some(c) = &contact {
        extra.push(("Contact", c));
    }
    if let Some(k) = &keep_alive {
        extra.push(("ms-keep-alive", k));
    }
    let tag = answer_tag(req);
    Ok(Message::response_with(req, 200, None, Some(&tag), &extra)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interwork::fqdn::{FqdnConfig, Transport};

    const PING: &str = "OPTIONS sip:pbx.example.net:5061;transport=tls SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.50:50123;branch=z9hG4bKping1\r\n\
Max-Forwards: 70\r\n\
From: <sip:med.contoso.com>;tag=f1\r\n\
To: <sip:pbx.example.net>\r\n\
Call-ID: ka-1\r\n\
CSeq: 7 OPTIONS\r\n\
ms-keep-alive: UAC;hop-hop=yes\r\n\
Content-Length: 0\r\n\r\n";

    fn own() -> FqdnDiscipline {
        let d = FqdnDiscipline::new("pbx.example.net", FqdnConfig::DEFAULT).unwrap();
        d.add_address("192.0.2.10", 5061, Transport::Tls).unwrap();
        d
    }

    #[test]
    fn parses_the_grammar() {
        let k = MsKeepAlive::parse("UAS; tcp=no; hop-hop=yes; end=yes; timeout=300").unwrap();
        assert_eq!(k.role, KeepAliveRole::Uas);
        assert_eq!(
            k.capabilities,
            vec![("tcp", false), ("hop-hop", true), ("end", true)]
        );
        assert_eq!(k.timeout, Some(300));
        assert_eq!(k.capability("HOP-HOP"), Some(true));
        assert_eq!(k.capability("end-end"), None);
        let k = MsKeepAlive::parse("uac;hop-hop=YES;x-vendor=\"a b\";flag").unwrap();
        assert_eq!(k.role, KeepAliveRole::Uac);
        assert_eq!(
            k.params,
            vec![("x-vendor", Some("\"a b\"")), ("flag", None)]
        );
        assert_eq!(k.timeout, None);
        for bad in [
            "",
            "UAX",
            "UAS;timeout=",
            "UAS;timeout=5m",
            "UAS;timeout=99999999999",
            "UAS;=yes",
            "UAS;a b=yes",
            "UAS;x=\"open",
        ] {
            assert!(
                matches!(MsKeepAlive::parse(bad), Err(PeerError::BadKeepAlive(_))),
                "{bad}"
            );
        }
        let many = format!("UAC{}", ";a=yes".repeat(MAX_KEEP_ALIVE_PARAMS + 1));
        assert!(MsKeepAlive::parse(&many).is_err());
    }

    #[test]
    fn keep_alive_header_once() {
        let m = Message::parse(PING.as_bytes()).unwrap();
        assert_eq!(keep_alive_of(&m).unwrap().unwrap().role, KeepAliveRole::Uac);
        let twice = PING.replace(
            "ms-keep-alive: UAC;hop-hop=yes\r\n",
            "ms-keep-alive: UAC;hop-hop=yes\r\nMS-Keep-Alive: UAC\r\n",
        );
        let m = Message::parse(twice.as_bytes()).unwrap();
        assert!(keep_alive_of(&m).unwrap().is_err());
        let none = PING.replace("ms-keep-alive: UAC;hop-hop=yes\r\n", "");
        assert!(keep_alive_of(&Message::parse(none.as_bytes()).unwrap()).is_none());
    }

    #[test]
    fn answers_an_options_ping() {
        let req = Message::parse(PING.as_bytes()).unwrap();
        let answer = OptionsAnswer {
            supported: "ms-dialog-route-set-update".into(),
            contact: Some("sip:pbx.example.net:5061;transport=tls".into()),
            ..OptionsAnswer::default()
        };
        let resp = answer_options(&req, &answer).unwrap();
        let tag = answer_tag(&req);
        let expect = format!(
            "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/TLS 192.0.2.50:50123;branch=z9hG4bKping1\r\n\
From: <sip:med.contoso.com>;tag=f1\r\n\
To: <sip:pbx.example.net>;tag={tag}\r\n\
Call-ID: ka-1\r\n\
CSeq: 7 OPTIONS\r\n\
Content-Length: 0\r\n\
Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, MESSAGE, NOTIFY, REFER, SUBSCRIBE, UPDATE, PRACK\r\n\
Accept: application/sdp, multipart/alternative\r\n\
Accept-Encoding: identity\r\n\
Supported: ms-dialog-route-set-update\r\n\
Contact: <sip:pbx.example.net:5061;transport=tls>\r\n\
ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300\r\n\r\n"
        );
        assert_eq!(String::from_utf8_lossy(resp.as_bytes()), expect);
        // A retransmission gets the same tag; another request another one.
        assert_eq!(
            answer_options(&req, &answer).unwrap().as_bytes(),
            resp.as_bytes()
        );
        let other = Message::parse(PING.replace("ka-1", "ka-2").as_bytes()).unwrap();
        assert_ne!(answer_tag(&other), tag);
    }

    #[test]
    fn answer_without_multipart_or_keep_alive() {
        let plain = PING.replace("ms-keep-alive: UAC;hop-hop=yes\r\n", "");
        let req = Message::parse(plain.as_bytes()).unwrap();
        let answer = OptionsAnswer {
            multipart: false,
            ..OptionsAnswer::default()
        };
        let resp = answer_options(&req, &answer).unwrap();
        let text = String::from_utf8_lossy(resp.as_bytes()).to_string();
        assert!(text.contains("\r\nAccept: application/sdp\r\n"));
        assert!(!text.contains("ms-keep-alive"));
        assert!(!text.contains("Supported"));
        assert!(!text.contains("Contact"));
        let bye = Message::parse(PING.replace("OPTIONS", "BYE").as_bytes()).unwrap();
        assert!(answer_options(&bye, &answer).is_err());
        let bad = OptionsAnswer {
            allow: "INVITE\r\nX: y".into(),
            ..OptionsAnswer::default()
        };
        assert!(answer_options(&req, &bad).is_err());
    }

    #[test]
    fn keep_alive_answer_follows_the_offer() {
        let a = OptionsAnswer::default();
        let no_hop = MsKeepAlive::parse("UAC;hop-hop=no").unwrap();
        assert_eq!(
            a.keep_alive_answer(&no_hop).unwrap(),
            "UAS; tcp=no; hop-hop=no; end-end=no; timeout=300"
        );
        let uas = MsKeepAlive::parse("UAS;hop-hop=yes").unwrap();
        assert!(a.keep_alive_answer(&uas).is_none());
        // On any response, e.g. the 200 to a REGISTER.
        let reg = Message::parse(PING.replace("OPTIONS", "REGISTER").as_bytes()).unwrap();
        let mut resp = Message::response_to(&reg, 200, None, Some("t")).unwrap();
        assert!(add_keep_alive_answer(&mut resp, &reg, &a).unwrap());
        assert_eq!(
            resp.header("ms-keep-alive"),
            Some("UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300")
        );
        assert!(!add_keep_alive_answer(&mut resp, &reg, &a).unwrap());
    }

    #[test]
    fn which_options_are_pings() {
        let d = own();
        let ping = Message::parse(PING.as_bytes()).unwrap();
        assert!(is_options_ping(&ping, Some(&d)));
        assert!(is_options_ping(&ping, None));
        let to_user = PING.replace(
            "OPTIONS sip:pbx.example.net:5061;transport=tls",
            "OPTIONS sip:alice@pbx.example.net",
        );
        let m = Message::parse(to_user.as_bytes()).unwrap();
        assert!(!is_options_ping(&m, Some(&d)));
        let mf0 = to_user.replace("Max-Forwards: 70", "Max-Forwards: 0");
        assert!(is_options_ping(
            &Message::parse(mf0.as_bytes()).unwrap(),
            Some(&d)
        ));
        let elsewhere = PING.replace(
            "sip:pbx.example.net:5061;transport=tls",
            "sip:gw.example.com",
        );
        let m = Message::parse(elsewhere.as_bytes()).unwrap();
        assert!(!is_options_ping(&m, Some(&d)));
        assert!(is_options_ping(&m, None));
        let routed = PING.replace(
            "Max-Forwards: 70\r\n",
            "Max-Forwards: 70\r\nRoute: <sip:gw.example.com;lr>\r\n",
        );
        assert!(!is_options_ping(
            &Message::parse(routed.as_bytes()).unwrap(),
            Some(&d)
        ));
        let bye = Message::parse(PING.replace("OPTIONS", "BYE").as_bytes()).unwrap();
        assert!(!is_options_ping(&bye, Some(&d)));
    }
}
