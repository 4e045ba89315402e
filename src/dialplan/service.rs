//! The SERVICE requests that fetch a location profile description (MS-SIPRE 3.8.4.1) and the
//! proxy's answer to them (3.8.5.1).

use std::fmt;
use std::sync::Arc;

use sha1::{Digest, Sha1};

use super::profile::CONTENT_TYPE;
use super::store::{ProfileStore, StoreError};
use crate::ext::{Aor, ExtError, Gruu, GruuTarget, PhoneContext};
use crate::sip::builder::RequestBuilder;
use crate::sip::scan::is_token;
use crate::sip::{ErrorKind, Message, SipError};

/// The method of the requests (IETF draft-sip-soap, MS-SIPRE 3.8.4.1).
pub const SERVICE: &str = "SERVICE";

/// Which profile a SERVICE asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileChoice {
    /// The default profile of the address-of-record (the `default` parameter).
    Default,
    /// The profile with this name (the `phone-context` parameter).
    Named(PhoneContext),
}

/// The location-profile GRUU (MS-SIPRE 2.2.2) of `aor` for `choice`, as section 4.3 writes
/// GRUUs: `sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default` or
/// `...;phone-context=Redmond`.
pub fn location_profile_gruu(aor: &Aor, choice: &ProfileChoice) -> Gruu {
    let (default, phone_context) = match choice {
        ProfileChoice::Default => (true, None),
        ProfileChoice::Named(pc) => (false, Some(pc.clone())),
    };
    Gruu::LocationProfile {
        aor: aor.clone(),
        default,
        phone_context,
    }
}

/// What a user agent needs to ask for a location profile (MS-SIPRE 3.8.4.1). The host adds
/// nothing but sends it: Via, Call-ID, CSeq and the From tag are its own.
#[derive(Debug, Clone)]
pub struct ServiceRequest<'a> {
    /// The address-of-record the user agent represents.
    pub aor: &'a Aor,
    pub choice: ProfileChoice,
    /// The Via the host sends the request with (its sent-by and a fresh branch).
    pub via: &'a str,
    pub call_id: &'a str,
    pub from_tag: &'a str,
    pub cseq: u32,
}

impl ServiceRequest<'_> {
    /// The SERVICE request of MS-SIPRE 3.8.4.1: Request-URI and To the location-profile GRUU
    /// of the AOR (with `default` or `phone-context`), From the AOR with the host's tag,
    /// Accept `application/ms-location-profile-definition+xml`; Via, Max-Forwards 70,
    /// Call-ID and CSeq as RFC 3261 8.1.1 asks, no body.
    pub fn build(&self) -> Result<Message, SipError> {
        if !is_token(self.from_tag) {
            return Err(SipError::new(
                ErrorKind::InvalidArgument,
                0,
                "From tag is not a token",
            ));
        }
        let gruu = location_profile_gruu(self.aor, &self.choice).to_string();
        RequestBuilder::new(SERVICE, &gruu)
            .header("Via", self.via)
            .header("Max-Forwards", "70")
            .header("From", &format!("<{}>;tag={}", self.aor, self.from_tag))
            .header("To", &format!("<{gruu}>"))
            .header("Call-ID", self.call_id)
            .header("CSeq", &format!("{} {SERVICE}", self.cseq))
            .header("Accept", CONTENT_TYPE)
            .build()
    }
}

/// Why a proxy gave no answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    /// Not a SERVICE to a location-profile GRUU of the domain: the proxy routes it as any
    /// other request.
    NotProfileService(String),
    /// The request lacks what a response copies (RFC 3261 8.2.6), e.g. a To.
    Response(SipError),
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::NotProfileService(why) => {
                write!(f, "not a location profile SERVICE: {why}")
            }
            ServiceError::Response(e) => write!(f, "no response can be built: {e}"),
        }
    }
}

impl std::error::Error for ServiceError {}

/// The proxy side of MS-SIPRE 3.8.5.1 for one domain, on a [`ProfileStore`].
#[derive(Clone)]
pub struct ProfileService {
    domain: String,
    store: Arc<dyn ProfileStore>,
}

impl fmt::Debug for ProfileService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileService")
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

/// What the store decided for a request, before the response is written.
enum Outcome {
    Found(String),
    Refused(u16, &'static str),
    Failed(StoreError),
}

impl ProfileService {
    pub fn new(domain: &str, store: Arc<dyn ProfileStore>) -> ProfileService {
        ProfileService {
            domain: domain.to_owned(),
            store,
        }
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn store(&self) -> &Arc<dyn ProfileStore> {
        &self.store
    }

    /// The location-profile GRUU a request targets, when it is a SERVICE to one in our
    /// domain (the request is ours to answer).
    pub fn target(&self, req: &Message) -> Result<(Aor, bool, Option<PhoneContext>), String> {
        let method = req.method().ok_or("not a request")?;
        if method != SERVICE {
            return Err(format!("method {method}"));
        }
        let ruri = req.request_uri().unwrap_or("");
        let target = GruuTarget::parse(ruri).map_err(|e: ExtError| e.to_string())?;
        let Gruu::LocationProfile {
            aor,
            default,
            phone_context,
        } = target.gruu
        else {
            return Err("Request-URI is not a location-profile GRUU".into());
        };
        if !aor.host().eq_ignore_ascii_case(&self.domain) {
            return Err(format!("{aor} is not of domain {}", self.domain));
        }
        Ok((aor, default, phone_context))
    }

    /// Answers a SERVICE for a location profile (MS-SIPRE 3.8.5.1): 404 when the AOR is no
    /// user of the domain (step 1); with `default` the user's default profile, else the one
    /// `phone-context` names, and 485 Ambiguous with neither (step 2); 404 when the store
    /// holds no such profile (step 3); otherwise 200 with `Content-Type:
    /// application/ms-location-profile-definition+xml` and the description written as
    /// section 2.2.7 gives it (step 4). A store that fails gets 500. The To tag is derived
    /// from the request, so a retransmission gets the same answer.
    pub fn answer(&self, req: &Message) -> Result<Message, ServiceError> {
        let (aor, default, phone_context) =
            self.target(req).map_err(ServiceError::NotProfileService)?;
        let outcome = self.decide(&aor, default, phone_context.as_ref());
        let tag = to_tag(req);
        let respond = |code, reason| {
            Message::response_to(req, code, reason, Some(&tag)).map_err(ServiceError::Response)
        };
        match outcome {
            Outcome::Found(xml) => {
                let mut ok = respond(200, None)?;
                ok.set_body(Some(CONTENT_TYPE), xml.as_bytes())
                    .map_err(ServiceError::Response)?;
                Ok(ok)
            }
            Outcome::Refused(code, reason) => respond(code, Some(reason)),
            Outcome::Failed(e) => {
                crate::log_warn!("SERVICE for {aor}: {e}");
                respond(500, Some("Location Profile Store Failure"))
            }
        }
    }

    fn decide(&self, aor: &Aor, default: bool, phone_context: Option<&PhoneContext>) -> Outcome {
        let user = match self.store.user(aor) {
            Ok(Some(u)) => u,
            Ok(None) => return Outcome::Refused(404, "Not Found"),
            Err(e) => return Outcome::Failed(e),
        };
        let name = if default {
            match user.default_profile {
                Some(n) => n,
                None => return Outcome::Refused(404, "No Default Location Profile"),
            }
        } else if let Some(pc) = phone_context {
            pc.as_str().to_owned()
        } else {
            return Outcome::Refused(485, "Ambiguous");
        };
        match self.store.profile(&name) {
            Ok(Some(plan)) => Outcome::Found(plan.profile().to_xml()),
            Ok(None) => Outcome::Refused(404, "Not Found"),
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// The To tag of an answer: a hash of what tells requests apart (Call-ID, From tag, CSeq,
/// the top Via's branch), the same for a retransmission.
fn to_tag(req: &Message) -> String {
    let mut h = Sha1::new();
    let from_tag = req
        .from()
        .and_then(|f| f.ok())
        .map(|f| f.tag().unwrap_or("").to_owned())
        .unwrap_or_default();
    let branch = req
        .vias()
        .next()
        .and_then(|v| v.ok())
        .and_then(|v| v.branch().map(str::to_owned))
        .unwrap_or_default();
    for part in [
        req.call_id().unwrap_or(""),
        &from_tag,
        req.header("CSeq").unwrap_or(""),
        &branch,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    d[..6].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
