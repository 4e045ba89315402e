//! The Record-Route a proxy inserts into a dialog-creating request (MS-SIPRE 3.6.3): its URI
//! with the `ms-*` parameters the host asks for and the signed state, and the header
//! parameter `ms-rrsig` (2.2.3) that protects the Record-Route copied into the responses.
//!
//! `ms-rrsig` is HMAC-SHA1 over the Call-ID, the CSeq, the URI's own signature (which covers
//! the URI) and the header parameters other than `ms-rrsig`: a UAS that changes the copy in
//! its response, or moves it to another transaction, is caught. It is verified with the
//! retention of [`Usage::Response`].

use super::error::RouteError;
use super::keyring::{KeyRing, Signer, Tag, Usage};
use super::signed_uri::{Verified, covered, decode_tag, sign_own_uri, sign_uri, verify_parsed};
use super::state::{RouteState, StateLimits};
use crate::ext::pvalue::is_pvalue;
use crate::sip::scan::decimal::decimal_digits;
use crate::sip::scan::is_token;
use crate::sip::{Host, Message, NameAddr, Params};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use smallvec::SmallVec;

const RRSIG_LABEL: &[u8] = b"ms-rrsig\0";

/// What the host asks a Record-Route to carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordRouteSpec {
    /// The host of the URI: the pool's FQDN (or this server's address).
    pub host: String,
    pub port: Option<u16>,
    /// `transport=` (e.g. `tls`, `tcp`); none when absent.
    pub transport: Option<String>,
    /// `ms-opaque=`: the index of the UAS endpoint in the host's endpoint table (3.6.3).
    pub ms_opaque: Option<String>,
    /// `ms-identity=`: the index of the UAC endpoint (3.6.3).
    pub ms_identity: Option<String>,
    /// `ms-fe=`: this member's own FQDN inside a pool sharing one name (3.6.3).
    pub ms_fe: Option<String>,
    /// `ms-role-rs-to` (3.6.3).
    pub role_rs_to: bool,
    /// `ms-role-rs-from` (3.6.3).
    pub role_rs_from: bool,
    /// `ms-ent-dest` (3.6.3).
    pub ent_dest: bool,
    /// The dialog state, written as `opaque=state:` (3.6.3).
    pub state: RouteState,
}

fn check_pvalue(v: &Option<String>, what: &'static str) -> Result<(), RouteError> {
    match v {
        Some(s) if !is_pvalue(s) => Err(RouteError::BadArgument(what)),
        _ => Ok(()),
    }
}

impl RecordRouteSpec {
    /// The signed URI, without angle brackets.
    pub fn signed_uri(
        &self,
        signer: &Signer,
        call_id: &str,
        limits: &StateLimits,
    ) -> Result<(String, Tag), RouteError> {
        if !matches!(
            Host::parse(&self.host),
            Ok(Host::Name(_) | Host::Ipv4(_) | Host::Ipv6(_))
        ) {
            return Err(RouteError::BadArgument(
                "host is not a host name or address",
            ));
        }
        if self.transport.as_deref().is_some_and(|t| !is_token(t)) {
            return Err(RouteError::BadArgument("transport is not a token"));
        }
        check_pvalue(&self.ms_opaque, "ms-opaque is not a pvalue")?;
        check_pvalue(&self.ms_identity, "ms-identity is not a pvalue")?;
        check_pvalue(&self.ms_fe, "ms-fe is not a pvalue")?;
        let extra = |v: &Option<String>| v.as_ref().map_or(0, |v| v.len() + 16);
        let mut uri = String::with_capacity(
            160 + (self.state.data.len() + 48) * 4 / 3
                + self.host.len()
                + self.transport.as_ref().map_or(0, String::len)
                + extra(&self.ms_opaque)
                + extra(&self.ms_identity)
                + extra(&self.ms_fe),
        );
        uri.push_str("sip:");
        uri.push_str(&self.host);
        if let Some(p) = self.port {
            uri.push(':');
            let mut digits = [0u8; 20];
            for &d in decimal_digits(u64::from(p), &mut digits) {
                uri.push(char::from(d));
            }
        }
        if let Some(t) = &self.transport {
            uri.push_str(";transport=");
            uri.push_str(t);
        }
        // The order of MS-SIPRE 4.5 and 4.6: state, role flags, lr, then the rest.
        uri.push_str(";opaque=state:");
        self.state.encode_into(limits, &mut uri)?;
        for (name, on) in [
            ("ms-role-rs-to", self.role_rs_to),
            ("ms-role-rs-from", self.role_rs_from),
        ] {
            if on {
                uri.push(';');
                uri.push_str(name);
            }
        }
        uri.push_str(";lr");
        for (name, v) in [
            ("ms-opaque", &self.ms_opaque),
            ("ms-identity", &self.ms_identity),
            ("ms-fe", &self.ms_fe),
        ] {
            if let Some(v) = v {
                uri.push(';');
                uri.push_str(name);
                uri.push('=');
                uri.push_str(v);
            }
        }
        if self.ent_dest {
            uri.push_str(";ms-ent-dest");
        }
        // every parameter here is one the signature covers: no need to parse it back
        let tag = sign_own_uri(signer, call_id, &mut uri);
        Ok((uri, tag))
    }

    /// The whole Record-Route value: `<signed URI>;ms-rrsig=SIG` for the transaction with
    /// `call_id` and `cseq` (the CSeq value as written).
    pub fn value(
        &self,
        ring: &KeyRing,
        call_id: &str,
        cseq: &str,
        limits: &StateLimits,
    ) -> Result<String, RouteError> {
        let signer = ring.signer()?;
        let (uri, tag) = self.signed_uri(&signer, call_id, limits)?;
        let mut v = String::with_capacity(uri.len() + 40);
        v.push('<');
        v.push_str(&uri);
        v.push('>');
        let rr = signer.sign(&rrsig_parts(call_id, cseq, &tag, &[]));
        v.push_str(";ms-rrsig=");
        URL_SAFE_NO_PAD.encode_string(rr, &mut v);
        Ok(v)
    }

    /// Puts this proxy's Record-Route on top of `msg` (a dialog-creating request), signed for
    /// its Call-ID and CSeq. The message is unchanged on error.
    pub fn insert(
        &self,
        msg: &mut Message,
        ring: &KeyRing,
        limits: &StateLimits,
    ) -> Result<(), RouteError> {
        let (call_id, cseq) = dialog_ids(msg)?;
        let v = self.value(ring, call_id, cseq, limits)?;
        msg.prepend_header("Record-Route", &v)?;
        Ok(())
    }
}

fn rrsig_parts<'a>(
    call_id: &'a str,
    cseq: &'a str,
    uri_tag: &'a Tag,
    header_params: &[&'a [u8]],
) -> SmallVec<[&'a [u8]; 12]> {
    let mut v: SmallVec<[&[u8]; 12]> = SmallVec::new();
    v.extend_from_slice(&[
        RRSIG_LABEL,
        call_id.as_bytes(),
        b"\0",
        cseq.as_bytes(),
        b"\0",
        uri_tag,
        b"\0",
    ]);
    v.extend_from_slice(header_params);
    v
}

/// The Call-ID of a message, which every signed state is bound to.
pub(crate) fn call_id_of(msg: &Message) -> Result<&str, RouteError> {
    msg.call_id()
        .ok_or(RouteError::BadArgument("message has no Call-ID"))
}

/// The Call-ID and the CSeq value of a message, which its signatures are bound to.
pub(crate) fn dialog_ids(msg: &Message) -> Result<(&str, &str), RouteError> {
    let call_id = call_id_of(msg)?;
    let cseq = msg
        .header("CSeq")
        .map(crate::sip::scan::trim_lws)
        .ok_or(RouteError::BadArgument("message has no CSeq"))?;
    Ok((call_id, cseq))
}

/// Reads and verifies the state in the topmost Route of a mid-dialog request (the Record-Route
/// URI this proxy put in the route set, MS-SIPRE 2.2.1.1), with the retention of
/// [`Usage::Dialog`]. `NoState` when there is no Route or it carries no signed state.
pub fn read_route(
    msg: &Message,
    ring: &KeyRing,
    now_s: u64,
    limits: &StateLimits,
) -> Result<Verified, RouteError> {
    let call_id = call_id_of(msg)?;
    let route = msg
        .value("Route", 0)
        .ok_or(RouteError::NoState("request has no Route"))?;
    let na =
        NameAddr::parse(route).map_err(|_| RouteError::Malformed("Route is not a name-addr"))?;
    verify_parsed(ring, now_s, Usage::Dialog, call_id, &na.uri, limits)
}

/// Reads the state of this proxy's Record-Route as copied into a response (or as received in
/// a request that passes the proxy twice): the first Record-Route whose URI and `ms-rrsig`
/// verify, with the retention of [`Usage::Response`]. When none verifies, the error of the
/// first one that carried signed state, or `NoState`.
pub fn read_record_route(
    msg: &Message,
    ring: &KeyRing,
    now_s: u64,
    limits: &StateLimits,
) -> Result<(Verified, usize), RouteError> {
    let (call_id, cseq) = dialog_ids(msg)?;
    let mut first_err = None;
    for (i, v) in msg.values("Record-Route").enumerate() {
        match verify_record_route(ring, now_s, call_id, cseq, v, limits) {
            Ok(found) => return Ok((found, i)),
            Err(RouteError::NoState(_)) => {}
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(RouteError::NoState("no Record-Route with signed state")))
}

/// Verifies one Record-Route value: its URI, then its `ms-rrsig`.
pub fn verify_record_route(
    ring: &KeyRing,
    now_s: u64,
    call_id: &str,
    cseq: &str,
    value: &str,
    limits: &StateLimits,
) -> Result<Verified, RouteError> {
    let na = NameAddr::parse(value).map_err(|_| RouteError::Malformed("not a name-addr"))?;
    let found = verify_parsed(ring, now_s, Usage::Response, call_id, &na.uri, limits)?;
    let rrsig = na
        .params
        .value("ms-rrsig")
        .ok_or(RouteError::Malformed("Record-Route has no ms-rrsig"))?;
    let tag = decode_tag(rrsig)?;
    let rest = header_params_without_rrsig(&na.params);
    let parts = rrsig_parts(call_id, cseq, &found.tag, &rest);
    ring.verify(now_s, Usage::Response, found.key, &parts, &tag)?;
    drop(parts);
    Ok(found)
}

fn header_params_without_rrsig<'a>(p: &Params<'a>) -> Vec<&'a [u8]> {
    covered(p.as_str(), p, &["ms-rrsig"]).into_vec()
}

/// Reads and verifies state that a proxy put in a Contact URI (MS-SIPRE 2.2.1.2: a Contact
/// stored as a dialog's remote target), with the retention of [`Usage::Dialog`]: the first
/// Contact whose URI verifies.
pub fn read_contact(
    msg: &Message,
    ring: &KeyRing,
    now_s: u64,
    limits: &StateLimits,
) -> Result<(Verified, usize), RouteError> {
    let call_id = call_id_of(msg)?;
    let mut first_err = None;
    for (i, c) in msg.contacts().enumerate() {
        let Ok(c) = c else { continue };
        match verify_parsed(ring, now_s, Usage::Dialog, call_id, &c.uri, limits) {
            Ok(v) => return Ok((v, i)),
            Err(RouteError::NoState(_)) => {}
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(RouteError::NoState("no Contact with signed state")))
}

/// Signs a URI the host builds for a Contact (MS-SIPRE 2.2.1.2): `uri` with `opaque=state:`
/// appended and signed for the dialog `call_id`.
pub fn sign_contact_uri(
    ring: &KeyRing,
    call_id: &str,
    uri: &str,
    state: &RouteState,
    limits: &StateLimits,
) -> Result<String, RouteError> {
    let parsed =
        crate::sip::Uri::parse(uri).map_err(|_| RouteError::BadArgument("not a SIP URI"))?;
    if parsed.params.has("opaque") || parsed.params.has("ms-route-sig") || parsed.headers.is_some()
    {
        return Err(RouteError::BadArgument(
            "URI already has opaque / ms-route-sig, or headers",
        ));
    }
    let mut out = String::with_capacity(uri.len() + 80);
    out.push_str(uri);
    out.push_str(";opaque=state:");
    out.push_str(&state.encode(limits)?);
    sign_uri(&ring.signer()?, call_id, &mut out)?;
    Ok(out)
}
