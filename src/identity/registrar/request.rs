//! Reading a REGISTER into what the registrar acts on (RFC 3261 10.3 steps 1, 5-7; RFC 3327
//! 5.3; MS-SIPRE 3.2.5.2, 3.3.5.1, 3.4.5.1), refusing it with the response it earns.

use super::config::RegistrarConfig;
use super::reject::Reject;
use crate::ext::{Aor, Epid, SipInstance};
use crate::identity::aor_key::{AorProblem, canonical_aor};
use crate::identity::gruu::user_agent_gruu_of;
use crate::identity::instance::instance_uuid;
use crate::identity::location::Binding;
use crate::sip::header_name::HeaderKind;
use crate::sip::params::Param;
use crate::sip::scan::decimal::{DecimalFault, decimal};
use crate::sip::validate::Seen;
use crate::sip::{Message, NameAddr, Uri};

/// One Contact of the REGISTER, with everything its binding needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactIntent {
    /// The Contact URI as written (after the host's NAT processing).
    pub uri: String,
    /// Seconds the binding is to last: 0 removes it (RFC 3261 10.2.2).
    pub expires: u32,
    /// The `+sip.instance` URN as written.
    pub instance: Option<String>,
    /// What identifies the binding in its address-of-record: the instance URN in lower case,
    /// or the Contact URI.
    pub key: String,
    /// Whether the key is an instance (compared exactly) or a URI (compared by RFC 3261
    /// 19.1.4 equivalence).
    pub keyed_by_instance: bool,
    /// The user-agent GRUU of the binding (MS-SIPRE 3.4.5.1), when the endpoint has an
    /// instance (its `+sip.instance`, or the one derived from its epid, 3.3.3.1).
    pub gruu: Option<String>,
}

/// What the REGISTER asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// No Contact: a query of the current bindings (RFC 3261 10.2.3).
    Query,
    /// `Contact: *` with Expires 0: remove every binding (RFC 3261 10.2.2).
    RemoveAll,
    /// Add, refresh or remove these contacts, in order.
    Contacts(Vec<ContactIntent>),
}

/// A REGISTER the registrar can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRequest {
    pub aor: Aor,
    pub call_id: String,
    pub cseq: u32,
    /// The epid of From (MS-SIPRE 3.2.5.2).
    pub epid: Option<Epid>,
    /// Path values in order (RFC 3327).
    pub path: Vec<String>,
    pub change: Change,
}

/// Reads `req` (already validated by RFC 3261 rules) for a registrar of `domain`.
pub fn read(
    req: &Message,
    domain: &str,
    config: &RegistrarConfig,
) -> Result<RegisterRequest, Reject> {
    let v = Views { req, seen: None };
    let head = read_head(v, domain)?;
    let change = read_change(v, &head, config, &[])?;
    Ok(RegisterRequest {
        change,
        ..head.request
    })
}

/// Where [`read`] takes the views of the request from: what validation parsed (`seen`), or
/// the message, parsed here.
#[derive(Clone, Copy)]
pub(crate) struct Views<'m, 's> {
    pub(crate) req: &'m Message,
    pub(crate) seen: Option<&'s Seen<'m>>,
}

/// The first `expires` and `+sip.instance` parameters of a Contact.
type ContactParams<'m> = (Option<Param<'m>>, Option<Param<'m>>);

/// What [`read_head`] read: the request without its change yet, and the Expires header.
pub(crate) struct Head {
    pub(crate) request: RegisterRequest,
    header_expires: Option<u32>,
}

impl<'m> Views<'m, '_> {
    fn request_uri(self) -> Option<Uri<'m>> {
        match self.seen {
            Some(s) => s.request_uri,
            None => self.req.request_uri().and_then(|u| Uri::parse(u).ok()),
        }
    }

    fn to(self) -> Option<NameAddr<'m>> {
        match self.seen {
            Some(s) => s.to,
            None => self.req.to().and_then(Result::ok),
        }
    }

    fn from(self) -> Option<NameAddr<'m>> {
        match self.seen {
            Some(s) => s.from,
            None => self.req.from().and_then(Result::ok),
        }
    }

    fn cseq(self) -> Option<u32> {
        match self.seen {
            Some(s) => s.cseq.map(|c| c.seq),
            None => self.req.cseq().and_then(Result::ok).map(|c| c.seq),
        }
    }

    /// Whether a Contact value is `*`.
    fn contact_star(self) -> bool {
        match self.seen {
            Some(s) => s.contact_star,
            None => {
                // Only a Contact field with a '*' in it can be the wildcard.
                let req = self.req;
                req.headers()
                    .iter()
                    .any(|h| h.kind() == HeaderKind::Contact && req.value_of(h).contains('*'))
                    && req.is_contact_star()
            }
        }
    }

    /// `each` of every Contact value other than `*`, in order, with its first `expires` and
    /// `+sip.instance` when validation found them; a malformed one refused.
    fn each_contact(
        self,
        mut each: impl FnMut(&NameAddr<'m>, Option<ContactParams<'m>>) -> Result<(), Reject>,
    ) -> Result<(), Reject> {
        match self.seen {
            Some(s) => s
                .contacts
                .iter()
                .try_for_each(|c| each(&c.addr, Some((c.expires, c.instance)))),
            None => self.req.contacts().try_for_each(|c| {
                let c = c.map_err(|_| Reject::new(400, "Bad Contact header"))?;
                each(&c, None)
            }),
        }
    }
}

/// The first part of [`read`]: everything before the Contacts (the address-of-record, so the
/// registrar can fetch its bindings before it reads them).
pub(crate) fn read_head(v: Views<'_, '_>, domain: &str) -> Result<Head, Reject> {
    let req = v.req;
    // RFC 3261 10.3 step 1: the registrar only serves its own domain.
    let ruri = v
        .request_uri()
        .ok_or_else(|| Reject::new(400, "Bad Request-URI"))?;
    if !ruri.is_sip() || !ruri.host_str().eq_ignore_ascii_case(domain) {
        return Err(Reject::new(403, "Domain not served by this registrar"));
    }
    // RFC 3261 10.3 step 5: the address-of-record of To, in canonical form.
    let to = v.to().ok_or_else(|| Reject::new(400, "Bad To header"))?;
    let aor = canonical_aor(&to.uri, domain).map_err(|p| match p {
        AorProblem::NotSip => Reject::new(404, "Address-of-record is not a SIP URI"),
        AorProblem::NoUser => Reject::new(404, "Address-of-record has no user part"),
        AorProblem::OtherDomain => Reject::new(404, "Address-of-record not in this domain"),
    })?;
    let from = v
        .from()
        .ok_or_else(|| Reject::new(400, "Bad From header"))?;
    // MS-SIPRE 3.2.5.2: the epid of From goes into the location service record.
    let epid = match from.params.get("epid") {
        None => None,
        Some(p) => {
            let v = p.value.unwrap_or("");
            Some(Epid::parse(v).map_err(|_| Reject::new(400, "Malformed epid in From"))?)
        }
    };
    let call_id = req
        .call_id()
        .ok_or_else(|| Reject::new(400, "Missing Call-ID"))?
        .to_owned();
    let cseq = v.cseq().ok_or_else(|| Reject::new(400, "Bad CSeq"))?;
    let path = req.values("Path").map(str::to_owned).collect();
    let header_expires = match req.header("Expires") {
        None => None,
        Some(v) => Some(delta_seconds(v).ok_or_else(|| Reject::new(400, "Malformed Expires"))?),
    };
    Ok(Head {
        request: RegisterRequest {
            aor,
            call_id,
            cseq,
            epid,
            path,
            change: Change::Query,
        },
        header_expires,
    })
}

/// The second part of [`read`]: the change the Contacts ask for, of `head`. `stored` are
/// bindings the location service holds for the address-of-record (empty when not fetched):
/// what is derived from the epid and instance of one of them is not derived again.
pub(crate) fn read_change(
    v: Views<'_, '_>,
    head: &Head,
    config: &RegistrarConfig,
    stored: &[Binding],
) -> Result<Change, Reject> {
    let r = &head.request;
    let change = if v.contact_star() {
        // RFC 3261 10.3 step 6 (validation already required it alone, with Expires 0).
        if head.header_expires != Some(0) {
            return Err(Reject::new(400, "Bad wildcard Contact"));
        }
        Change::RemoveAll
    } else {
        let mut contacts = Vec::new();
        let known = Known {
            aor: r.aor.as_str(),
            epid: r.epid.as_ref().map(Epid::as_str),
            stored,
        };
        v.each_contact(|c, params| {
            let i = intent(
                c,
                params,
                &r.aor,
                r.epid.as_ref(),
                head.header_expires,
                config,
                &known,
            )?;
            contacts.push(i);
            Ok(())
        })?;
        if contacts.is_empty() {
            Change::Query
        } else {
            Change::Contacts(contacts)
        }
    };
    Ok(change)
}

/// The stored bindings of the address-of-record, as a memo of what the registrar derived
/// when it wrote them: the 3.3.3.1 instance of an epid and the GRUU of an instance are pure
/// functions of them, and a binding holding an epid and an instance was written only after
/// the instance was found to be the epid's (MS-SIPRE 3.3.5.1; the location service holds what
/// the registrar wrote, a host store what `put` handed it).
struct Known<'a> {
    aor: &'a str,
    epid: Option<&'a str>,
    stored: &'a [Binding],
}

impl Known<'_> {
    /// The stored binding of this address-of-record under `key` written for the instance
    /// `urn` (as written).
    fn of_instance(&self, key: &str, urn: &str) -> Option<&Binding> {
        self.stored
            .iter()
            .find(|b| b.key == key && b.aor == self.aor && b.instance.as_deref() == Some(urn))
    }

    /// Whether `b` was written for the epid of this request.
    fn same_epid(&self, b: &Binding) -> bool {
        self.epid.is_some() && b.epid.as_deref() == self.epid
    }
}

/// Whether `name` (lower case) can be the name of a parameter in `raw`: it occurs there in
/// any case. A quick test before a walk over the parameters that would find it.
fn may_hold(raw: &str, name: &[u8]) -> bool {
    let b = raw.as_bytes();
    let first = name[0];
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).any(|i| {
        b.get(i..i + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
    })
}

/// `delta-seconds` (RFC 3261 25.1), capped at 2^32-1 as RFC 3261 20.19 allows.
fn delta_seconds(v: &str) -> Option<u32> {
    match decimal(v.trim().as_bytes()) {
        Ok(n) => Some(u32::try_from(n).unwrap_or(u32::MAX)),
        Err(DecimalFault::TooLarge) => Some(u32::MAX),
        Err(_) => None,
    }
}

fn intent<'m>(
    c: &NameAddr<'m>,
    params: Option<ContactParams<'m>>,
    aor: &Aor,
    epid: Option<&Epid>,
    header_expires: Option<u32>,
    config: &RegistrarConfig,
    known: &Known<'_>,
) -> Result<ContactIntent, Reject> {
    // MS-SIPRE 3.4.4.1: a GRUU never populates the Contact of a REGISTER.
    if may_hold(c.uri.params.as_str(), b"gruu") && c.uri.params.has("gruu") {
        return Err(Reject::new(403, "A GRUU cannot be registered as a Contact"));
    }
    // The first `expires` and `+sip.instance` of the Contact, as validation found them or
    // in one walk over its parameters (the methods list of a Lync Contact makes each walk
    // long).
    let (expires_p, instance_p) = params.unwrap_or_else(|| first_params(c));
    // RFC 3261 10.3 step 7: the Contact's expires, else the request's, else the default.
    let own = match expires_p.and_then(|p| p.value) {
        None => None,
        Some(v) => {
            Some(delta_seconds(v).ok_or_else(|| Reject::new(400, "Malformed expires parameter"))?)
        }
    };
    let asked = own.or(header_expires).unwrap_or(config.default_expires);
    if asked != 0 && asked < config.min_expires {
        return Err(Reject::interval_too_brief(config.min_expires));
    }
    let expires = asked.min(config.max_expires);
    // MS-SIPRE 3.3.5.1: the instance is a UUID URN, and the one derived from From's epid.
    let instance = match instance_p {
        None => None,
        Some(p) => Some(
            SipInstance::parse(p.value.unwrap_or(""))
                .map_err(|_| Reject::new(400, "+sip.instance is not a UUID URN"))?,
        ),
    };
    let (key, keyed_by_instance) = match &instance {
        Some(i) => (i.urn().to_ascii_lowercase(), true),
        None => (c.uri.raw.to_owned(), false),
    };
    // A refresh: the binding stored for this very instance.
    let memo = instance
        .as_ref()
        .and_then(|i| known.of_instance(&key, i.urn()));
    // The instance must be the epid's; a binding stored for the same epid and instance
    // already passed this check, which gives the same answer again.
    if let (Some(inst), Some(epid)) = (&instance, epid)
        && !memo.is_some_and(|b| known.same_epid(b))
        && inst.uuid().uuid() != instance_uuid(epid)
    {
        return Err(Reject::new(
            400,
            "+sip.instance does not match the epid of From",
        ));
    }
    // MS-SIPRE 3.4.5.1: the GRUU of the instance, from the address-of-record of To (the
    // stored binding's, for the same instance and address-of-record). An endpoint with an
    // epid and no +sip.instance has the instance of its epid (3.3.3.1).
    let gruu = match memo.and_then(|b| b.gruu.clone()) {
        Some(g) => Some(g),
        None => instance
            .clone()
            .or_else(|| epid.map(|e| SipInstance::from_uuid(instance_uuid(e))))
            .map(|i| user_agent_gruu_of(aor, i.uuid().uuid())),
    };
    Ok(ContactIntent {
        uri: c.uri.raw.to_owned(),
        expires,
        instance: instance.map(SipInstance::into_urn),
        key,
        keyed_by_instance,
        gruu,
    })
}

/// The first `expires` and `+sip.instance` parameters of `c`, in one walk.
fn first_params<'m>(c: &NameAddr<'m>) -> ContactParams<'m> {
    let (mut expires_p, mut instance_p) = (None, None);
    for p in c.params.iter() {
        if expires_p.is_none() && p.name.eq_ignore_ascii_case("expires") {
            expires_p = Some(p);
        } else if instance_p.is_none() && p.name.eq_ignore_ascii_case("+sip.instance") {
            instance_p = Some(p);
        }
        if expires_p.is_some() && instance_p.is_some() {
            break;
        }
    }
    (expires_p, instance_p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_hold_finds_a_name_in_any_case() {
        assert!(may_hold(";transport=tls;GRUU", b"gruu"));
        assert!(may_hold(";gRuU=1", b"gruu"));
        assert!(may_hold(";x=gruu", b"gruu"));
        assert!(!may_hold(";transport=tls;gru", b"gruu"));
        assert!(!may_hold("", b"gruu"));
    }

    #[test]
    fn delta_seconds_caps_and_refuses() {
        assert_eq!(delta_seconds("3600"), Some(3600));
        assert_eq!(delta_seconds(" 0 "), Some(0));
        assert_eq!(delta_seconds("99999999999999999999"), Some(u32::MAX));
        assert_eq!(delta_seconds(""), None);
        assert_eq!(delta_seconds("-1"), None);
        assert_eq!(delta_seconds("1h"), None);
    }
}
