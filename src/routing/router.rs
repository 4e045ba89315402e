//! The router: its configuration and [`Router::route`], which turns an incoming INVITE and
//! its [`Callee`] into a [`Call`] with its first actions queued (MS-SIPRE 3.9.5.2).

use super::applicability::{InviteKind, classify};
use super::call::Call;
use super::callee::Callee;
use super::error::RouteError;
use super::history::History;
use crate::ext::MsSensitivity;
use crate::limits::Limits;
use crate::sip::Message;

/// Bounds on one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterConfig {
    /// Most branches (forks, retries and redirects together) of one call. Default 32.
    pub max_branches: usize,
    /// Most History-Info entries accepted on an incoming INVITE; more is answered 480
    /// (3.9.5.10 step 1). Default 32.
    pub max_history_entries: usize,
    /// Bounds on the bodies read (multipart, SDP, app-invite XML).
    pub limits: Limits,
}

impl RouterConfig {
    pub const DEFAULT: RouterConfig = RouterConfig {
        max_branches: 32,
        max_history_entries: 32,
        limits: Limits::DEFAULT,
    };
}

impl Default for RouterConfig {
    fn default() -> Self {
        RouterConfig::DEFAULT
    }
}

/// Routes INVITEs; holds no per-call state, so one router serves every thread.
#[derive(Debug, Clone, Default)]
pub struct Router {
    pub config: RouterConfig,
}

impl Router {
    pub fn new(config: RouterConfig) -> Router {
        Router { config }
    }

    /// Starts a call for `invite` to `callee`. The INVITE must carry Via, From, To, Call-ID
    /// and CSeq (the router builds responses from them).
    pub fn route(&self, invite: &Message, callee: &Callee) -> Result<Call, RouteError> {
        if invite.method() != Some("INVITE") {
            return Err(RouteError::NotInvite);
        }
        for h in ["Via", "From", "To", "Call-ID", "CSeq"] {
            if invite.header(h).is_none() {
                return Err(RouteError::Unanswerable(format!("no {h} header")));
            }
        }
        if !matches!(invite.cseq(), Some(Ok(_))) {
            return Err(RouteError::Unanswerable("bad CSeq".into()));
        }
        let kind = classify(invite, &self.config.limits);
        let sensitivity = MsSensitivity::from_fields(invite.fields(MsSensitivity::NAME));
        let mut call = Call::new(
            invite,
            self.config,
            callee.aor().as_str().to_string(),
            callee.script().clone(),
            kind,
            callee.facts,
            sensitivity.map(|s| s.is_no_diversion()).unwrap_or(false),
            callee.endpoints.clone(),
            callee.voicemail.clone(),
            callee.phone.clone(),
        );
        // 2.2.9: a bad or repeated Ms-Sensitivity is answered 400.
        if sensitivity.is_err() {
            call.reject(400, Some("Bad Ms-Sensitivity"));
            return Ok(call);
        }
        if kind == InviteKind::Other {
            call.start_plain();
            return Ok(call);
        }
        match History::from_request(invite, self.config.max_history_entries) {
            Ok(h) => call.start_routed(h),
            // 3.9.5.10 step 1: processing stops; the request is rejected with a 480.
            Err(_) => call.reject(480, Some("Bad History-Info")),
        }
        Ok(call)
    }
}
