//! What the host knows about the callee of a call: the published preamble instances (parsed
//! once and aggregated into the [`Script`] on every change, so routing a call reads a ready
//! script), the registered endpoints, voice mail, phone line and presence facts.
//!
//! Cache and invalidation: a host keeps one `Callee` per user and routes every call for that
//! user with it; when the user publishes again it calls [`Callee::clear_preambles`] and adds
//! the instances anew (or builds a new `Callee`), and the aggregate is redone then, not per
//! call. Calls hold the script they started with ([`Arc`]), so a change never alters a call
//! already running.

use std::sync::Arc;

use super::error::PreambleError;
use super::preamble::{Instance, PreambleLimits, routable_uri};
use super::script::{DefaultReason, Script};
use crate::ext::Aor;

/// The facts of `mssip_callee_fact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Presence for the caller's container is do-not-disturb (3.9.5.2.2 step 10).
    pub dnd: bool,
    /// Now is inside the callee's working hours (step 7).
    pub in_work_hours: bool,
    /// The INVITE targets the callee's private line (step 4).
    pub private_line: bool,
    /// The INVITE reached the callee through another user's team or delegate ringing
    /// (step 5).
    pub via_team_or_delegate: bool,
}

impl Default for Facts {
    fn default() -> Self {
        Facts {
            dnd: false,
            in_work_hours: true,
            private_line: false,
            via_team_or_delegate: false,
        }
    }
}

/// The callee of calls: its address-of-record and what routing needs to know about it.
#[derive(Debug, Clone)]
pub struct Callee {
    aor: Aor,
    limits: PreambleLimits,
    instances: Vec<Instance>,
    /// An instance was refused: the default script applies until the preambles are cleared.
    invalid: bool,
    script: Arc<Script>,
    /// Shared with the calls routed (a call holds them, not a copy).
    pub(crate) endpoints: Arc<Vec<String>>,
    pub(crate) voicemail: Option<String>,
    pub(crate) phone: Option<String>,
    pub facts: Facts,
}

fn check_uri(uri: &str, what: &str) -> Result<(), String> {
    if routable_uri(uri) {
        Ok(())
    } else {
        Err(format!("{what} is not a sip:, sips: or tel: URI"))
    }
}

impl Callee {
    /// A callee with no preamble, endpoint, voice mail or phone line, and the default facts.
    pub fn new(aor: &str) -> Result<Callee, String> {
        let aor = Aor::parse(aor).map_err(|e| e.to_string())?;
        Ok(Callee::with_limits(aor, PreambleLimits::default()))
    }

    pub fn with_limits(aor: Aor, limits: PreambleLimits) -> Callee {
        Callee {
            aor,
            limits,
            instances: Vec::new(),
            invalid: false,
            script: Arc::new(Script::default_script(DefaultReason::NoPreamble)),
            endpoints: Arc::new(Vec::new()),
            voicemail: None,
            phone: None,
            facts: Facts::default(),
        }
    }

    pub fn aor(&self) -> &Aor {
        &self.aor
    }

    /// Adds one published instance. A refused instance makes the callee route by the default
    /// script (3.9) until [`Callee::clear_preambles`]; the error says why.
    pub fn add_preamble(&mut self, xml: &[u8]) -> Result<(), PreambleError> {
        if self.instances.len() >= self.limits.max_instances {
            self.invalid = true;
            self.rebuild();
            return Err(PreambleError::TooManyInstances {
                max: self.limits.max_instances,
            });
        }
        match Instance::parse(xml, &self.limits) {
            Ok(i) => {
                self.instances.push(i);
                self.rebuild();
                Ok(())
            }
            Err(e) => {
                self.invalid = true;
                self.rebuild();
                Err(e)
            }
        }
    }

    /// Forgets every instance (before the user's new publication is added).
    pub fn clear_preambles(&mut self) {
        self.instances.clear();
        self.invalid = false;
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let s = if self.invalid {
            Script::default_script(DefaultReason::Invalid)
        } else {
            Script::aggregate(&self.instances, &self.limits)
        };
        self.script = Arc::new(s);
    }

    /// The script calls to this callee run.
    pub fn script(&self) -> &Arc<Script> {
        &self.script
    }

    /// Adds a registered endpoint (its contact or GRUU).
    pub fn add_endpoint(&mut self, uri: &str) -> Result<(), String> {
        check_uri(uri, "endpoint")?;
        Arc::make_mut(&mut self.endpoints).push(uri.to_string());
        Ok(())
    }

    /// Forgets the registered endpoints.
    pub fn clear_endpoints(&mut self) {
        self.endpoints = Arc::new(Vec::new());
    }

    /// Sets the voice-mail GRUU (voice mail is configured from then on).
    pub fn set_voicemail(&mut self, uri: &str) -> Result<(), String> {
        check_uri(uri, "voice mail")?;
        self.voicemail = Some(uri.to_string());
        Ok(())
    }

    /// Sets the user's phone line (a `tel:` URI).
    pub fn set_phone_line(&mut self, tel: &str) -> Result<(), String> {
        match crate::sip::Uri::parse(tel) {
            Ok(u) if u.scheme == crate::sip::Scheme::Tel => {
                self.phone = Some(tel.to_string());
                Ok(())
            }
            _ => Err("phone line is not a tel: URI".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::script::Flags;

    #[test]
    fn a_refused_instance_means_the_default_script_until_cleared() {
        let mut c = Callee::new("sip:bob@contoso.com").unwrap();
        c.add_preamble(include_bytes!(
            "../../tests/data/routing/preamble-block.xml"
        ))
        .unwrap();
        assert!(c.script().flags.contains(Flags::BLOCK));
        assert!(c.add_preamble(b"<routing").is_err());
        assert_eq!(c.script().version, None);
        assert_eq!(c.script().default_reason, Some(DefaultReason::Invalid));
        c.clear_preambles();
        assert_eq!(c.script().default_reason, Some(DefaultReason::NoPreamble));
    }

    #[test]
    fn arguments_are_checked() {
        assert!(Callee::new("bob").is_err());
        let mut c = Callee::new("sip:bob@contoso.com").unwrap();
        assert!(c.add_endpoint("http://x").is_err());
        assert!(
            c.add_endpoint("sip:bob@192.0.2.1:5060;transport=tcp")
                .is_ok()
        );
        assert!(c.set_voicemail("nope").is_err());
        assert!(c.set_phone_line("sip:+1@h").is_err());
        assert!(c.set_phone_line("tel:+14255550100").is_ok());
        assert!(c.facts.in_work_hours && !c.facts.dnd);
    }

    #[test]
    fn instances_are_bounded() {
        let mut c = Callee::new("sip:bob@contoso.com").unwrap();
        let doc = |k: usize| {
            format!(
                r#"<routing xmlns="{}" name="rtcdefault" version="1"><preamble><list name="l{k}"/></preamble></routing>"#,
                crate::routing::preamble::NS
            )
        };
        for k in 0..16 {
            c.add_preamble(doc(k).as_bytes()).unwrap();
        }
        assert_eq!(
            c.add_preamble(doc(16).as_bytes()),
            Err(PreambleError::TooManyInstances { max: 16 })
        );
        assert_eq!(c.script().version, None);
    }
}
