//! A URI that carries signed routing state (MS-SIPRE 2.2.1.1, 3.6.3, 3.6.5.1): `opaque=state:`
//! with the packed [`RouteState`], `ms-key-info` naming the key and `ms-route-sig` the
//! HMAC-SHA1, in base64url.
//!
//! The signature covers what an element on the path or a broken user agent could change: the
//! whole URI as written (scheme, host, port and every parameter, so the state, the `ms-*`
//! parameters, `transport` and `lr` included) except `ms-route-sig` itself and the `received`
//! / `ms-received-cid` parameters that 2.2.1.3 lets the next proxy add, and the dialog's
//! Call-ID, so a route taken from one dialog does not verify in another.

use super::error::RouteError;
use super::keyring::{KeyId, KeyRing, Signer, Tag, Usage};
use super::state::{RouteState, StateLimits};
use crate::sip::{Params, Uri};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use smallvec::SmallVec;

const LABEL: &[u8] = b"ms-route-sig\0";
/// Parameters left out of the signature: the ones another proxy may add (MS-SIPRE 2.2.1.3).
const ADDED_LATER: [&str; 2] = ["received", "ms-received-cid"];

/// The MS-SIPRE 3.6.3 parameters a proxy puts next to the state, as read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteParams {
    /// `ms-opaque`: the index of the UAS endpoint.
    pub ms_opaque: Option<String>,
    /// `ms-identity`: the index of the UAC endpoint.
    pub ms_identity: Option<String>,
    /// `ms-fe`: the unique FQDN of the pool member.
    pub ms_fe: Option<String>,
    /// `ms-role-rs-to`: an authorized proxy for the UAS endpoint's domain.
    pub role_rs_to: bool,
    /// `ms-role-rs-from`: an authorized proxy for the UAC endpoint's domain.
    pub role_rs_from: bool,
    /// `ms-ent-dest`: the UAS endpoint belongs to the UAC endpoint's domain.
    pub ent_dest: bool,
}

/// What a verified URI carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub state: RouteState,
    pub params: RouteParams,
    /// The key that signed it.
    pub key: KeyId,
    /// The URI's signature (what a header signature chains to).
    pub tag: Tag,
}

/// The pieces of `raw` (a URI's text) that the signature covers, in order: everything but
/// the `;name=value` spans of `ms-route-sig` and [`ADDED_LATER`].
pub(crate) fn covered<'a>(
    raw: &'a str,
    params: &Params<'a>,
    skip: &[&str],
) -> SmallVec<[&'a [u8]; 6]> {
    let base = raw.as_ptr() as usize;
    let mut out = SmallVec::new();
    let mut from = 0;
    for p in params.iter() {
        if !skip.iter().any(|s| p.name.eq_ignore_ascii_case(s)) {
            continue;
        }
        let name_at = p.name.as_ptr() as usize - base;
        let start = raw[..name_at].rfind(';').unwrap_or(name_at);
        let end = match p.value {
            Some(v) => v.as_ptr() as usize - base + v.len(),
            None => name_at + p.name.len(),
        };
        out.push(&raw.as_bytes()[from..start]);
        from = end;
    }
    out.push(&raw.as_bytes()[from..]);
    out
}

const SKIP: [&str; 3] = ["ms-route-sig", ADDED_LATER[0], ADDED_LATER[1]];

fn parts<'a>(call_id: &'a str, pieces: &[&'a [u8]]) -> SmallVec<[&'a [u8]; 9]> {
    let mut v: SmallVec<[&[u8]; 9]> = SmallVec::new();
    v.push(LABEL);
    v.push(call_id.as_bytes());
    v.push(b"\0");
    v.extend_from_slice(pieces);
    v
}

/// Appends `;ms-key-info=ID;ms-route-sig=SIG` to `uri` (which must already hold the state),
/// signed by `signer` (the ring's newest key) for the dialog `call_id`; returns the tag.
pub fn sign_uri(signer: &Signer, call_id: &str, uri: &mut String) -> Result<Tag, RouteError> {
    uri.push_str(";ms-key-info=");
    uri.push_str(&signer.id().to_string());
    let tag = {
        let parsed = Uri::parse(uri).map_err(|_| RouteError::BadArgument("not a SIP URI"))?;
        let pieces = covered(parsed.raw, &parsed.params, &SKIP);
        signer.sign(&parts(call_id, &pieces))
    };
    uri.push_str(";ms-route-sig=");
    URL_SAFE_NO_PAD.encode_string(tag, uri);
    Ok(tag)
}

/// [`sign_uri`] for a URI this library wrote itself, whose every parameter the signature
/// covers (none of `ms-route-sig`, `received`, `ms-received-cid`): the whole text is signed
/// as it stands, without parsing it again.
pub(crate) fn sign_own_uri(signer: &Signer, call_id: &str, uri: &mut String) -> Tag {
    uri.push_str(";ms-key-info=");
    URL_SAFE_NO_PAD.encode_string(signer.id().0, uri);
    let tag = signer.sign(&parts(call_id, &[uri.as_bytes()]));
    uri.push_str(";ms-route-sig=");
    URL_SAFE_NO_PAD.encode_string(tag, uri);
    tag
}

/// Reads and verifies the signed state of `uri` (a URI's text, no angle brackets) for the
/// dialog `call_id` at `now_s`, with the retention of `usage`.
pub fn verify_uri(
    ring: &KeyRing,
    now_s: u64,
    usage: Usage,
    call_id: &str,
    uri: &str,
    limits: &StateLimits,
) -> Result<Verified, RouteError> {
    let parsed = Uri::parse(uri).map_err(|_| RouteError::Malformed("not a URI"))?;
    verify_parsed(ring, now_s, usage, call_id, &parsed, limits)
}

/// [`verify_uri`] for a URI already parsed.
pub fn verify_parsed(
    ring: &KeyRing,
    now_s: u64,
    usage: Usage,
    call_id: &str,
    uri: &Uri<'_>,
    limits: &StateLimits,
) -> Result<Verified, RouteError> {
    let w = walk(uri.raw, &uri.params);
    let sig = w
        .sig
        .ok_or(RouteError::NoState("URI has no ms-route-sig"))?;
    let state = w
        .opaque
        .and_then(|v| {
            v.get(..6)
                .filter(|h| h.eq_ignore_ascii_case("state:"))
                .map(|_| &v[6..])
        })
        .ok_or(RouteError::NoState("URI has no opaque=state:"))?;
    let key = KeyId::parse(
        w.key_info
            .ok_or(RouteError::Malformed("URI has no ms-key-info"))?,
    )?;
    let tag = decode_tag(sig)?;
    if w.sigs != 1 {
        return Err(RouteError::Malformed("more than one ms-route-sig"));
    }
    ring.verify(now_s, usage, key, &parts(call_id, &w.pieces), &tag)?;
    let state = RouteState::decode(state, limits)?;
    Ok(Verified {
        state,
        params: w.params,
        key,
        tag,
    })
}

/// What one walk over a signed URI's parameters finds: the values verification needs (the
/// first of each name), how many `ms-route-sig` there are, the 3.6.3 parameters, and the
/// pieces the signature covers (as [`covered`] gives them).
#[derive(Default)]
struct Walked<'a> {
    opaque: Option<&'a str>,
    key_info: Option<&'a str>,
    sig: Option<&'a str>,
    sigs: usize,
    params: RouteParams,
    pieces: SmallVec<[&'a [u8]; 6]>,
}

fn walk<'a>(raw: &'a str, params: &Params<'a>) -> Walked<'a> {
    let base = raw.as_ptr() as usize;
    let mut w = Walked::default();
    let (mut opaque, mut key, mut ms_opaque, mut ms_identity, mut ms_fe) =
        (false, false, false, false, false);
    let mut from = 0;
    for p in params.iter() {
        let n = p.name;
        let is = |name: &str| n.len() == name.len() && n.eq_ignore_ascii_case(name);
        let first = |seen: &mut bool, slot: &mut Option<&'a str>| {
            if !*seen {
                *seen = true;
                *slot = p.value;
            }
        };
        if is("ms-route-sig") {
            w.sigs += 1;
            if w.sigs == 1 {
                w.sig = Some(p.value.unwrap_or(""));
            }
        } else if is("opaque") {
            first(&mut opaque, &mut w.opaque);
        } else if is("ms-key-info") {
            first(&mut key, &mut w.key_info);
        } else if n.len() > 3 && n[..3].eq_ignore_ascii_case("ms-") {
            let mut text = None;
            if is("ms-opaque") {
                first(&mut ms_opaque, &mut text);
                w.params.ms_opaque = w.params.ms_opaque.take().or(text.map(str::to_owned));
            } else if is("ms-identity") {
                first(&mut ms_identity, &mut text);
                w.params.ms_identity = w.params.ms_identity.take().or(text.map(str::to_owned));
            } else if is("ms-fe") {
                first(&mut ms_fe, &mut text);
                w.params.ms_fe = w.params.ms_fe.take().or(text.map(str::to_owned));
            } else if is("ms-role-rs-to") {
                w.params.role_rs_to = true;
            } else if is("ms-role-rs-from") {
                w.params.role_rs_from = true;
            } else if is("ms-ent-dest") {
                w.params.ent_dest = true;
            }
        }
        if !SKIP.iter().any(|s| is(s)) {
            continue;
        }
        let name_at = n.as_ptr() as usize - base;
        let start = raw[..name_at].rfind(';').unwrap_or(name_at);
        let end = match p.value {
            Some(v) => v.as_ptr() as usize - base + v.len(),
            None => name_at + n.len(),
        };
        w.pieces.push(&raw.as_bytes()[from..start]);
        from = end;
    }
    w.pieces.push(&raw.as_bytes()[from..]);
    w
}

#[cfg(test)]
fn route_params(p: &Params<'_>) -> RouteParams {
    let [opaque, identity, fe, to, from, ent] = p.find_each([
        "ms-opaque",
        "ms-identity",
        "ms-fe",
        "ms-role-rs-to",
        "ms-role-rs-from",
        "ms-ent-dest",
    ]);
    let text = |x: Option<crate::sip::Param<'_>>| x.and_then(|p| p.value).map(str::to_owned);
    RouteParams {
        ms_opaque: text(opaque),
        ms_identity: text(identity),
        ms_fe: text(fe),
        role_rs_to: to.is_some(),
        role_rs_from: from.is_some(),
        ent_dest: ent.is_some(),
    }
}

/// Decodes a base64url tag of exactly 20 bytes (27 characters, no padding).
pub(crate) fn decode_tag(s: &str) -> Result<Tag, RouteError> {
    let mut tag = [0u8; 20];
    match URL_SAFE_NO_PAD.decode_slice(s, &mut tag) {
        Ok(20) if s.len() == 27 => Ok(tag),
        _ => Err(RouteError::BadSignature),
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;
    use crate::sip::Uri;

    /// The one walk of verification finds what the separate lookups find.
    #[test]
    fn the_walk_agrees_with_the_lookups() {
        for raw in [
            "sip:h;opaque=state:AQA;lr;ms-key-info=k;ms-route-sig=s",
            "sip:h;OPAQUE=x;opaque=y;MS-Route-Sig;ms-route-sig=t;ms-key-info",
            "sip:h;received=1.2.3.4;ms-opaque=7;ms-opaque=8;ms-identity;ms-fe=f1;ms-ent-dest",
            "sip:h;ms-role-rs-to;ms-role-rs-from;ms-received-cid=A;ms-x=1;m=2;ms-",
            "sip:h",
            "sip:u@h:5061;transport=tls;ms-fe=a;MS-FE=b;ms-identity=3;ms-route-sig=u;x",
        ] {
            let u = Uri::parse(raw).unwrap();
            let w = walk(u.raw, &u.params);
            let [opaque, key_info, sig] =
                u.params
                    .find_each(["opaque", "ms-key-info", "ms-route-sig"]);
            assert_eq!(w.opaque, opaque.and_then(|p| p.value), "{raw}");
            assert_eq!(w.key_info, key_info.and_then(|p| p.value), "{raw}");
            assert_eq!(w.sig, sig.map(|p| p.value.unwrap_or("")), "{raw}");
            let sigs = u
                .params
                .iter()
                .filter(|p| p.name.eq_ignore_ascii_case("ms-route-sig"))
                .count();
            assert_eq!(w.sigs, sigs, "{raw}");
            assert_eq!(w.params, route_params(&u.params), "{raw}");
            assert_eq!(w.pieces, covered(u.raw, &u.params, &SKIP), "{raw}");
        }
    }

    /// A URI signed without parsing verifies as one signed the general way, and both give
    /// the same tag.
    #[test]
    fn signing_our_own_uri_is_signing_it_parsed() {
        let ring = KeyRing::new(Default::default()).unwrap();
        ring.rotate_with(5, [7; 32]).unwrap();
        let signer = ring.signer().unwrap();
        let base =
            "sip:pool.contoso.com:5061;transport=tls;opaque=state:AQA;ms-role-rs-to;lr;ms-fe=fe1";
        let (mut fast, mut general) = (base.to_owned(), base.to_owned());
        let a = sign_own_uri(&signer, "cid", &mut fast);
        let b = sign_uri(&signer, "cid", &mut general).unwrap();
        assert_eq!((a, &fast), (b, &general));
        let v = verify_uri(&ring, 5, Usage::Dialog, "cid", &fast, &Default::default()).unwrap();
        assert_eq!(v.tag, a);
        assert_eq!(v.params.ms_fe.as_deref(), Some("fe1"));
    }
}
