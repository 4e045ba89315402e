//! Where a proxy sends a request for a registered user (RFC 3261 16.5, MS-SIPRE 3.2.5.3,
//! 3.4.5.2): the bindings of the address-of-record or GRUU in the Request-URI, each as a new
//! Request-URI with the Path to use as Route and the connection the binding came in on.

use crate::ext::{Aor, Gruu, GruuTarget};
use crate::identity::aor_key::{canonical_aor, in_domain};
use crate::identity::instance_from_gruu;
use crate::identity::location::Binding;
use crate::identity::registrar::{Registrar, Reject};
use crate::sip::{Message, SipError, Uri};
use std::fmt;

/// One destination of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The new Request-URI: the binding's Contact (with `grid` for a GRUU target).
    pub uri: String,
    /// Route values to put on top of the request, in order: the binding's Path (RFC 3327)
    /// when the request has no Route left. Empty otherwise.
    pub route: Vec<String>,
    /// The connection the binding's REGISTER came in on (0 for UDP): send the request there.
    pub conn_id: u64,
    /// The epid stored with the binding (MS-SIPRE 3.2.5.2).
    pub epid: Option<String>,
    /// Add `epid` to the To header (MS-SIPRE 3.2.5.3 step 2): the binding has one and the To
    /// has none.
    pub set_to_epid: bool,
    /// The binding's GRUU.
    pub gruu: Option<String>,
}

/// What to do with the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Fork to these (at least one).
    Fork(Vec<Target>),
    /// Answer with this final response: 404 for a GRUU unknown in the domain, 480 when no
    /// live binding is left (MS-SIPRE 3.4.5.2, RFC 3261 16.5).
    Reject(Reject),
}

/// Why no targets were computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// The message is not a request.
    NotRequest,
    /// The Request-URI is not a user or GRUU of the registrar's domain: route it otherwise.
    NotLocal(&'static str),
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::NotRequest => f.write_str("not a request"),
            TargetError::NotLocal(why) => write!(f, "Request-URI not served here: {why}"),
        }
    }
}

impl std::error::Error for TargetError {}

/// The canonical address-of-record and GRUU text of a user-agent GRUU of `domain`: the form
/// the registrar stores (MS-SIPRE 3.4.5.1). `None` for any other GRUU.
pub(crate) fn registered_gruu(target: &GruuTarget, domain: &str) -> Option<(Aor, String)> {
    let Gruu::UserAgent { aor, encoded_uuid } = &target.gruu else {
        return None;
    };
    crate::identity::encoded_uuid::decode(encoded_uuid)?;
    let aor = canonical_aor(&Uri::parse(aor.as_str()).ok()?, domain).ok()?;
    let gruu = Gruu::user_agent(aor.clone(), encoded_uuid)
        .ok()?
        .to_string();
    Some((aor, gruu))
}

/// `contact` with the `grid` parameter of MS-SIPRE 3.4.5.2: the original target's value, or a
/// bare `grid` when it had none or an empty one (as the NOTIFY of MS-SIPRE 4.9 shows).
pub fn with_grid(contact: &str, grid: Option<&str>) -> String {
    let Ok(uri) = Uri::parse(contact) else {
        return contact.to_owned();
    };
    let params = uri.params.as_str();
    let ps = params.as_ptr() as usize - contact.as_ptr() as usize;
    let pe = ps + params.len();
    let mut kept = String::with_capacity(params.len() + 16);
    for p in uri
        .params
        .iter()
        .filter(|p| !p.name.eq_ignore_ascii_case("grid"))
    {
        kept.push(';');
        kept.push_str(p.name);
        if let Some(v) = p.value {
            kept.push('=');
            kept.push_str(v);
        }
    }
    kept.push_str(";grid");
    if let Some(g) = grid {
        kept.push('=');
        kept.push_str(g);
    }
    format!("{}{}{}", &contact[..ps], kept, &contact[pe..])
}

fn target(b: &Binding, uri: String, routes_left: bool, to_has_epid: bool) -> Target {
    Target {
        uri,
        route: if routes_left {
            Vec::new()
        } else {
            b.path.clone()
        },
        conn_id: b.conn_id,
        epid: b.epid.clone(),
        set_to_epid: b.epid.is_some() && !to_has_epid,
        gruu: b.gruu.clone(),
    }
}

impl Registrar {
    /// The targets of `req` at `now`: for a Request-URI GRUU, the bindings holding that GRUU
    /// (404 when it is no GRUU of the domain, 480 when none is live and routable), with `grid`
    /// copied or inserted (MS-SIPRE 3.4.5.2); for an address-of-record, its live, routable
    /// bindings, only those with the To's epid when it has one (MS-SIPRE 3.2.5.3 step 1),
    /// 480 when none is left.
    ///
    /// Call it after removing the Route entries that point at this proxy (RFC 3261 16.4): with
    /// no Route left, each target carries its binding's Path as Route.
    pub fn targets(&self, req: &Message, now: u64) -> Result<Targets, TargetError> {
        let ruri = req.request_uri().ok_or(TargetError::NotRequest)?;
        let uri = Uri::parse(ruri).map_err(|_| TargetError::NotLocal("bad Request-URI"))?;
        if !in_domain(&uri, self.domain()) {
            return Err(TargetError::NotLocal("not in the registrar's domain"));
        }
        let routes_left = req.count("Route") > 0;
        let to = req.to().and_then(|t| t.ok());
        let to_epid = to
            .as_ref()
            .and_then(|t| t.params.value("epid"))
            .map(str::to_owned);
        if uri.params.has("gruu") {
            let mut t = self.gruu_targets(ruri, now, routes_left, to_epid.is_some());
            // MS-SIPRE 3.4.5.2: inside a dialog, one of the selected records is the target.
            if let (Targets::Fork(v), true) = (&mut t, to.is_some_and(|t| t.tag().is_some())) {
                v.truncate(1);
            }
            return Ok(t);
        }
        let aor = canonical_aor(&uri, self.domain())
            .map_err(|_| TargetError::NotLocal("no user part"))?;
        let mut found = Vec::new();
        // A store that fails leaves no target, as one that holds none.
        let _ = self.location().each_live(aor.as_str(), now, &mut |b| {
            if b.routable && (to_epid.is_none() || b.epid == to_epid) {
                found.push(target(b, b.contact.clone(), routes_left, to_epid.is_some()));
            }
        });
        Ok(fork_or_480(found))
    }

    fn gruu_targets(&self, ruri: &str, now: u64, routes_left: bool, to_epid: bool) -> Targets {
        let parsed = GruuTarget::parse(ruri).ok();
        let Some((aor, gruu)) = parsed
            .as_ref()
            .and_then(|t| registered_gruu(t, self.domain()))
        else {
            return Targets::Reject(Reject::new(404, "Unknown GRUU"));
        };
        let grid = parsed.as_ref().and_then(GruuTarget::grid_value);
        let found: Vec<Target> = self
            .gruu_bindings(&aor, &gruu, now)
            .iter()
            .filter(|b| b.routable)
            .map(|b| target(b, with_grid(&b.contact, grid), routes_left, to_epid))
            .collect();
        fork_or_480(found)
    }

    /// The live bindings holding `gruu` (a GRUU of `aor` in the form the registrar stores).
    pub(crate) fn gruu_bindings(&self, aor: &Aor, gruu: &str, now: u64) -> Vec<Binding> {
        // A binding registered with +sip.instance is keyed by the instance the GRUU was
        // minted for: one lookup. Bindings whose GRUU comes from an epid are found by a walk
        // over the address-of-record's bindings.
        if let Ok(key) = instance_from_gruu(gruu)
            && let Ok(Some(b)) = self.location().backend().get(aor.as_str(), &key, now)
            && b.aor == aor.as_str()
            && b.is_live(now)
            && b.gruu.as_deref() == Some(gruu)
        {
            return vec![b];
        }
        let mut v = self.location().live(aor.as_str(), now).unwrap_or_default();
        v.retain(|b| b.gruu.as_deref() == Some(gruu));
        v
    }
}

fn fork_or_480(found: Vec<Target>) -> Targets {
    if found.is_empty() {
        Targets::Reject(Reject::new(480, "Temporarily Unavailable"))
    } else {
        Targets::Fork(found)
    }
}

/// A copy of `req` sent to `t`: the new Request-URI, the Route values on top, and the epid in
/// To when the target calls for it (MS-SIPRE 3.2.5.3 step 2). Via, Max-Forwards and
/// Record-Route stay the host's to do (RFC 3261 16.6).
pub fn retarget(req: &Message, t: &Target) -> Result<Message, SipError> {
    let mut out = req.clone();
    // One batch: the copy is rebuilt once.
    out.edit(|e| {
        e.set_request_uri(&t.uri)?;
        for r in t.route.iter().rev() {
            e.prepend_header("Route", r)?;
        }
        if let (true, Some(epid)) = (t.set_to_epid, &t.epid) {
            e.set_header_param("To", 0, "epid", Some(epid))?;
        }
        Ok(())
    })?;
    Ok(out)
}
