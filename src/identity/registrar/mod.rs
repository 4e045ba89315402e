//! The registrar (RFC 3261 10.3, RFC 3327, MS-SIPRE 3.2.5.2, 3.3.5.1, 3.4.5.1, 3.7.5.2): answers
//! every REGISTER, keeps the bindings in a [`Location`], mints a GRUU per binding, and tells a
//! proxy when a dialog-creating request comes from a GRUU it can no longer reach.
//!
//! The host authenticates and authorizes the REGISTER (RFC 3261 10.3 steps 3-4) and runs NAT
//! processing (MS-SIPRE 3.5) before handing it in, so the Contact stored is the rewritten one.

pub mod config;
pub mod flow_check;
pub mod plan;
pub mod reject;
pub mod request;
pub mod response;
#[cfg(test)]
mod responses_read;
mod spare;
mod to_tag;
#[cfg(test)]
mod verdicts;

pub use config::RegistrarConfig;
pub use reject::Reject;

use crate::identity::location::{Binding, Location, LocationError};
use crate::sip::validate::{Options, Role, Seen, Verdict, unsupported_requirements, validate_into};
use crate::sip::{Host, Message, SipError};
use plan::Origin;
use smallvec::SmallVec;
use std::fmt;
use std::sync::Arc;

/// Option tags a registrar understands in Require (RFC 3261 8.2.2.3): Path (RFC 3327) and GRUU.
pub const SUPPORTED: [&str; 3] = ["path", "gruu", "gruu-10"];

/// Why the registrar gave no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrarError {
    /// The domain is not a host name or address.
    BadDomain(String),
    /// The configuration contradicts itself.
    BadConfig(&'static str),
    /// The message is not a REGISTER request.
    NotRegister,
    /// No response can be built for the request (it lacks a To header field).
    Unanswerable(SipError),
    /// The operating system's random source failed.
    NoRandomness(getrandom::Error),
}

impl fmt::Display for RegistrarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrarError::BadDomain(d) => write!(f, "invalid registrar domain {d:?}"),
            RegistrarError::BadConfig(why) => write!(f, "invalid registrar configuration: {why}"),
            RegistrarError::NotRegister => f.write_str("not a REGISTER request"),
            RegistrarError::Unanswerable(e) => write!(f, "cannot build a response: {e}"),
            RegistrarError::NoRandomness(e) => write!(f, "no system randomness: {e}"),
        }
    }
}

impl std::error::Error for RegistrarError {}

/// A registrar for one domain, shared across threads (`&self` methods; the location service
/// does the locking).
pub struct Registrar {
    domain: String,
    config: RegistrarConfig,
    location: Arc<Location>,
    /// The key of the To tags, so they are stable for a request and unguessable.
    tag_salt: [u8; 16],
}

impl Registrar {
    /// A registrar for `domain` (e.g. `contoso.com`) with the default intervals, on a new
    /// in-memory location service.
    pub fn new(domain: &str) -> Result<Registrar, RegistrarError> {
        Registrar::with(
            domain,
            RegistrarConfig::DEFAULT,
            Arc::new(Location::default()),
        )
    }

    /// A registrar for `domain` with `config`, keeping its bindings in `location` (which a
    /// proxy may share).
    pub fn with(
        domain: &str,
        config: RegistrarConfig,
        location: Arc<Location>,
    ) -> Result<Registrar, RegistrarError> {
        match Host::parse(domain) {
            Ok(_) if !domain.is_empty() => {}
            _ => return Err(RegistrarError::BadDomain(domain.to_owned())),
        }
        config.check().map_err(RegistrarError::BadConfig)?;
        let mut tag_salt = [0u8; 16];
        getrandom::fill(&mut tag_salt).map_err(RegistrarError::NoRandomness)?;
        Ok(Registrar {
            domain: domain.to_ascii_lowercase(),
            config,
            location,
            tag_salt,
        })
    }

    /// The domain served, in lower case.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn config(&self) -> RegistrarConfig {
        self.config
    }

    /// The location service holding the bindings.
    pub fn location(&self) -> &Arc<Location> {
        &self.location
    }

    /// The To tag of the responses to `req`: the same for a retransmission, different across
    /// requests (RFC 3261 8.2.6.2, 19.3).
    pub fn to_tag(&self, req: &Message) -> String {
        to_tag::to_tag(&self.tag_salt, req)
    }

    /// `reject` as the response to `req`.
    pub(crate) fn refuse(&self, req: &Message, reject: &Reject) -> Result<Message, RegistrarError> {
        let headers: Vec<(&str, String)> = reject
            .headers
            .iter()
            .map(|(n, v)| (*n, v.clone()))
            .collect();
        response::respond(
            req,
            reject.status,
            &reject.reason,
            &self.to_tag(req),
            &headers,
        )
        .map_err(RegistrarError::Unanswerable)
    }

    /// Answers a REGISTER received on connection `conn_id` (0 for UDP) at `now` (the host's
    /// clock, seconds): a 200 OK listing every binding of the address-of-record with its
    /// `gruu=` (MS-SIPRE 4.10), or the 4xx/5xx the request earns. Bindings change only on a 200.
    pub fn process(
        &self,
        req: &Message,
        conn_id: u64,
        now: u64,
    ) -> Result<Message, RegistrarError> {
        if req.method() != Some("REGISTER") {
            return Err(RegistrarError::NotRegister);
        }
        let opts = Options {
            role: Role::Endpoint,
            supported: Some(&SUPPORTED),
            ..Options::DEFAULT
        };
        let mut seen = Seen::default();
        let verdict = validate_into(req, &opts, &mut seen);
        if let Verdict::Reject { status, reason } = verdict {
            let mut reject = Reject::new(status, reason);
            if status == 420 {
                let tags = unsupported_requirements(req, &opts).join(", ");
                reject = reject.with("Unsupported", tags);
            }
            return self.refuse(req, &reject);
        }
        let views = request::Views {
            req,
            seen: Some(&seen),
        };
        let head = match request::read_head(views, &self.domain) {
            Ok(h) => h,
            Err(reject) => return self.refuse(req, &reject),
        };
        // The bindings are fetched before the Contacts are read, which take what they can
        // from them; a failure of the store is answered only after the Contacts' own
        // problems, as when it came after the reading.
        let register = &head.request;
        let aor = register.aor.as_str();
        let store = self.location.backend();
        let _writer = self.location.lock_aor(aor);
        let mut stored = spare::take();
        let listed = store.list_into(aor, now, &mut stored);
        let known: &[Binding] = if listed.is_ok() { &stored } else { &[] };
        let change = match request::read_change(views, &head, &self.config, known) {
            Ok(c) => c,
            Err(reject) => return self.refuse(req, &reject),
        };
        if let Err(e) = listed {
            return self.refuse(req, &location_reject(&e));
        }
        // Usually every binding listed is a live one of this address-of-record: kept as listed.
        let (live, expired): (Vec<_>, Vec<_>) =
            if stored.iter().all(|b| b.aor == aor && b.is_live(now)) {
                (stored, Vec::new())
            } else {
                stored
                    .into_iter()
                    .filter(|b| b.aor == aor)
                    .partition(|b| b.is_live(now))
            };
        let origin = Origin { conn_id, now };
        let max = store.max_bindings_per_aor();
        let plan = match plan::decide(register, change, &live, &origin, max) {
            Ok(p) => p,
            Err(reject) => return self.refuse(req, &reject),
        };
        // RFC 3261 10.3 step 8: every binding the request leaves, written before the commit
        // so the bindings can then move into the store's call.
        let mut headers: SmallVec<[(&str, String); 2]> = plan
            .after
            .iter()
            .map(|b| ("Contact", response::contact_value(b.binding(), now)))
            .collect();
        let put_at: SmallVec<[bool; 4]> = (0..plan.after.len())
            .map(|i| plan.is_put(i, &live))
            .collect();
        let puts: SmallVec<[Binding; 1]> = plan
            .after
            .into_iter()
            .zip(put_at)
            .filter_map(|(s, put)| match s {
                plan::Slot::Written(b) if put => Some(b),
                _ => None,
            })
            .collect();
        if let Err(e) = store.apply(aor, &live, &puts, &plan.removes) {
            return self.refuse(req, &location_reject(&e));
        }
        // A host store may hand back expired bindings: clearing them is housekeeping, and a
        // failure there changes nothing the client sees.
        for b in &expired {
            let _ = store.remove(&b.aor, &b.key);
        }
        spare::keep(live);
        // RFC 3327 5.3: the Path values go back in the 200 OK, in order.
        if !register.path.is_empty() {
            headers.push(("Path", register.path.join(", ")));
        }
        // The From tag as validation read it: the one `to_tag` reads.
        let tag = to_tag::to_tag_of(
            &self.tag_salt,
            req,
            seen.from.as_ref().and_then(|f| f.tag()),
        );
        response::respond(req, 200, "OK", &tag, &headers).map_err(RegistrarError::Unanswerable)
    }
}

/// The response a location service failure earns, saying which limit was hit.
fn location_reject(e: &LocationError) -> Reject {
    match e {
        LocationError::AorFull { max, .. } => Reject::new(
            403,
            format!("Too many bindings for this address-of-record (at most {max})"),
        ),
        LocationError::Full { .. } => Reject::new(503, "Location service full"),
        _ => Reject::new(500, "Location service failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared<T: Send + Sync>() {}

    #[test]
    fn registrar_and_location_are_shared_across_threads() {
        shared::<Registrar>();
        shared::<Location>();
        shared::<Arc<Location>>();
    }
}
