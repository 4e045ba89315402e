//! The state machine of one routed INVITE (MS-SIPRE 3.9.5, 3.9.6, RFC 3261 16.7). Sans-IO:
//! events in (`on_response`, `on_timer`, `on_cancel`, `on_branch_timeout`), [`Action`]s out
//! through [`Call::next_action`]. It never reads a clock: timers are actions the host arms.
//! [`Action::Done`] is queued exactly once, as the last action.
//!
//! Decisions this module takes where the specification leaves room (each tested):
//! * When every live branch of a stage has failed before its timer, the stage ends as if
//!   its timer had expired (busy endpoints go to voice mail at once).
//! * A 605 ends every branch and every later step; its response goes to the caller.
//! * A 603 (any 6xx but 605) cancels the other branches (RFC 3261 16.7); the callee's voice
//!   mail may still follow; if nothing follows the 6xx is the answer.
//! * Other destinations than the registered endpoints get the two History-Info entries of
//!   3.9.5.10, the simultaneous ring device included; its `reason` is left out while forks
//!   to registered endpoints are active.
//! * One 181 is sent per stage that rings other destinations, and one per 303 retarget.
//! * The final answer when nobody answered and no stage is left: the best response of
//!   16.7, a 480 when there is none (CANCELs of our own are not answers), a 487 when the
//!   caller cancelled.

use std::collections::VecDeque;
use std::sync::Arc;

use super::applicability::InviteKind;
use super::callee::Facts;
use super::history::{History, REASON_302, REASON_303, Retarget};
use super::messages as m;
use super::router::RouterConfig;
use super::rules::{self, Decision, Expiry, Inputs, Others, Stage, TimerKind, UNAVAILABLE};
use super::script::{Flags, Script};
use super::selection;
use crate::ext::RetargetReason;
use crate::sip::Message;
use crate::sip::body::multipart::{MediaType, Multipart};
use crate::sip::body::sdp::Sdp;
use crate::sip::status::default_reason;

/// What the host does next.
#[derive(Debug, Clone)]
pub enum Action {
    /// Send `msg` (an INVITE) as the new branch `branch`.
    Fork { branch: u32, msg: Message },
    /// Send `msg` (the CANCEL) for branch `branch`, with that branch's top Via.
    Cancel { branch: u32, msg: Message },
    /// Send `msg`, a response, to the caller.
    Respond { msg: Message },
    /// Arm timer `timer` to fire once after `ms` milliseconds.
    StartTimer { timer: u32, ms: u64 },
    /// Disarm timer `timer`.
    StopTimer { timer: u32 },
    /// The call is over: no action follows.
    Done,
}

/// Who a branch rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Endpoint,
    SimultaneousRing,
    Team,
    Delegate,
    Forward,
    Voicemail,
    /// The Contact of a 303 (3.9.5.3).
    Redirect,
}

impl TargetKind {
    fn retarget(self) -> RetargetReason {
        match self {
            TargetKind::Team => RetargetReason::TeamCall,
            TargetKind::Delegate => RetargetReason::Delegation,
            _ => RetargetReason::Forwarding,
        }
    }
}

#[derive(Debug, Clone)]
struct Branch {
    id: u32,
    target: String,
    kind: TargetKind,
    /// The History-Info value the branch's INVITE carries (`None`: routed plainly).
    history: Option<String>,
    pending: bool,
    cancelled: bool,
    sent_18x: bool,
    sent_199: bool,
    /// The single-part retry of 3.9.5.5 was made (or this is it).
    single_part: bool,
}

/// One routed INVITE.
#[derive(Debug)]
pub struct Call {
    invite: Message,
    config: RouterConfig,
    aor: String,
    script: Arc<Script>,
    flags: Flags,
    kind: InviteKind,
    facts: Facts,
    no_diversion: bool,
    caller_in: [bool; 3],
    endpoints: Arc<Vec<String>>,
    voicemail: Option<String>,
    phone: Option<String>,
    /// `None` for an INVITE routed plainly (3.9.5.1): History-Info is left as it came.
    history: Option<History>,
    tag: String,
    /// The shared text of the provisional responses, while the first actions are built.
    provisionals: Option<Box<m::Provisionals>>,
    /// The INVITE's body is multipart (a 415 may be retried, 3.9.5.5).
    multipart: bool,
    branches: Vec<Branch>,
    next_branch: u32,
    armed: [bool; 4],
    /// Whom the current stage rings, and its timer while armed.
    stage_others: Others,
    stage_timer: Option<TimerKind>,
    best: Option<Message>,
    best_code: Option<u16>,
    answered: bool,
    final_sent: bool,
    caller_cancelled: bool,
    /// A 605 came: no later step.
    declined_all: bool,
    done: bool,
    queue: VecDeque<Action>,
}

/// The caller identities 3.9.5.2.2 steps 6, 8 and 9 compare: From and Referred-By.
fn caller_aors(invite: &Message) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Ok(f)) = invite.from() {
        out.push(f.uri.user_host());
    }
    for v in invite.values("Referred-By") {
        if let Ok(n) = crate::sip::NameAddr::parse(v) {
            out.push(n.uri.user_host());
        }
    }
    out
}

fn in_list(callers: &[String], list: &[String]) -> bool {
    list.iter().any(|t| match crate::sip::Uri::parse(t) {
        Ok(u) => {
            let t = u.user_host();
            callers.iter().any(|c| c.eq_ignore_ascii_case(&t))
        }
        Err(_) => false,
    })
}

/// The SDP part marked `ms-proxy-2007fallback` that offers audio (3.9.5.5 item 4).
fn fallback_part(invite: &Message) -> Option<(String, Vec<u8>)> {
    let ct = invite.content_type()?;
    if !MediaType::parse(ct).ok()?.is_multipart() {
        return None;
    }
    let mp = Multipart::parse(invite.body(), ct, invite.limits()).ok()?;
    let part = mp.leaves().find(|p| {
        p.is("application/sdp")
            && p.disposition()
                .and_then(|d| d.ok())
                .is_some_and(|d| d.has("ms-proxy-2007fallback"))
            && Sdp::parse(p.body()).offers_audio()
    })?;
    Some((
        part.content_type().unwrap_or("application/sdp").to_string(),
        part.body().to_vec(),
    ))
}

impl Call {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        invite: &Message,
        config: RouterConfig,
        aor: String,
        script: Arc<Script>,
        kind: InviteKind,
        facts: Facts,
        no_diversion: bool,
        endpoints: Arc<Vec<String>>,
        voicemail: Option<String>,
        phone: Option<String>,
    ) -> Call {
        let callers = caller_aors(invite);
        let caller_in = [
            in_list(&callers, &script.breakthrough),
            in_list(&callers, &script.team),
            in_list(&callers, &script.delegates),
        ];
        Call {
            tag: m::to_tag(invite),
            provisionals: None,
            multipart: invite
                .content_type()
                .and_then(|ct| MediaType::parse(ct).ok())
                .is_some_and(|t| t.is_multipart()),
            invite: invite.clone(),
            config,
            aor,
            flags: script.flags,
            script,
            kind,
            facts,
            no_diversion,
            caller_in,
            endpoints,
            voicemail,
            phone,
            history: None,
            branches: Vec::new(),
            next_branch: 1,
            armed: [false; 4],
            stage_others: Others::None,
            stage_timer: None,
            best: None,
            best_code: None,
            answered: false,
            final_sent: false,
            caller_cancelled: false,
            declined_all: false,
            done: false,
            queue: VecDeque::new(),
        }
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            script: &self.script,
            kind: self.kind,
            facts: self.facts,
            no_diversion: self.no_diversion,
            caller_in_breakthrough: self.caller_in[0],
            caller_in_team: self.caller_in[1],
            caller_in_delegates: self.caller_in[2],
            voicemail: self.voicemail.is_some(),
        }
    }

    /// Answers the INVITE at once with `code` and ends the call.
    pub(super) fn reject(&mut self, code: u16, reason: Option<&str>) {
        self.respond_generated(code, reason);
        self.final_sent = true;
        self.finish_if_over();
    }

    /// Routes an INVITE the preamble rules do not apply to: the registered endpoints only.
    pub(super) fn start_plain(&mut self) {
        self.run_stage(Stage::ENDPOINTS_ONLY);
        self.settle();
    }

    /// Runs the rules (3.9.5.2.2) for an INVITE they apply to.
    pub(super) fn start_routed(&mut self, history: History) {
        self.history = Some(history);
        let (decision, flags) = rules::decide(&self.inputs());
        self.flags = flags;
        match decision {
            Decision::Reject(code) => self.reject(code, None),
            Decision::Ring(stage) => {
                // The 183, 101 and 181 of the first actions share their header fields.
                let p = m::Provisionals::new(&self.invite, &self.tag);
                // 3.9.5.9: a 183 with Ms-Forking for every call routed by this protocol.
                match p
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|p| p.forking_183())
                {
                    Ok(r) => self.queue.push_back(Action::Respond { msg: r }),
                    Err(e) => crate::log_warn!("router: 183 not built: {e}"),
                }
                self.provisionals = p.ok().map(Box::new);
                self.run_stage(stage);
                self.provisionals = None;
                self.settle();
            }
        }
    }

    /// The next action, if one is queued.
    pub fn next_action(&mut self) -> Option<Action> {
        let a = self.queue.pop_front();
        if self.queue.is_empty() && self.queue.capacity() > 0 {
            // Actions hold whole messages: a drained call keeps no room for them.
            self.queue = VecDeque::new();
        }
        a
    }

    /// Number of actions queued.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// True once [`Action::Done`] has been queued.
    pub fn is_over(&self) -> bool {
        self.done
    }

    fn check_live(&self) -> Result<(), super::RouteError> {
        if self.done {
            return Err(super::RouteError::CallOver);
        }
        Ok(())
    }

    fn live_count(&self) -> usize {
        self.branches
            .iter()
            .filter(|b| b.pending && !b.cancelled)
            .count()
    }

    fn endpoint_live(&self) -> bool {
        self.branches
            .iter()
            .any(|b| b.pending && !b.cancelled && b.kind == TargetKind::Endpoint)
    }

    fn respond_generated(&mut self, code: u16, reason: Option<&str>) {
        let shared = self
            .provisionals
            .as_ref()
            .filter(|_| code > 100 && code < 200);
        let built = match shared {
            Some(p) => p.build(code, reason.unwrap_or_else(|| default_reason(code)), None),
            None => m::respond(&self.invite, code, reason, &self.tag),
        };
        match built {
            Ok(r) => self.queue.push_back(Action::Respond { msg: r }),
            Err(e) => crate::log_warn!("router: response {code} not built: {e}"),
        }
    }

    fn start_timer(&mut self, t: TimerKind) {
        let secs = t.seconds(&self.script);
        self.armed[t as usize - 1] = true;
        self.queue.push_back(Action::StartTimer {
            timer: t.id(),
            ms: u64::from(secs) * 1000,
        });
    }

    fn stop_timer(&mut self, t: TimerKind) {
        if std::mem::take(&mut self.armed[t as usize - 1]) {
            self.queue.push_back(Action::StopTimer { timer: t.id() });
        }
    }

    fn stop_all_timers(&mut self) {
        for t in TimerKind::ALL {
            self.stop_timer(t);
        }
        self.stage_timer = None;
    }

    /// Makes one branch; `false` when the branch limit is reached or no request could be
    /// built.
    fn fork(
        &mut self,
        target: &str,
        kind: TargetKind,
        history: Option<String>,
        body: Option<(&str, &[u8])>,
        single_part: bool,
    ) -> bool {
        let msg = self
            .room_for_branch()
            .then(|| m::branch_invite(&self.invite, target, history.as_deref(), body));
        self.push_fork(target, kind, history, single_part, msg)
    }

    fn room_for_branch(&self) -> bool {
        let room = self.branches.len() < self.config.max_branches;
        if !room {
            crate::log_warn!("router: branch limit reached; target skipped");
        }
        room
    }

    /// The INVITE of branch `id` while its FORK is still queued.
    fn queued_fork(&self, id: Option<u32>) -> Option<&Message> {
        let id = id?;
        self.queue.iter().rev().find_map(|a| match a {
            Action::Fork { branch, msg } if *branch == id => Some(msg),
            _ => None,
        })
    }

    /// Queues the FORK of a branch whose INVITE `msg` was built (`None`: no room for it).
    fn push_fork(
        &mut self,
        target: &str,
        kind: TargetKind,
        history: Option<String>,
        single_part: bool,
        msg: Option<Result<Message, crate::sip::SipError>>,
    ) -> bool {
        let msg = match msg {
            Some(Ok(msg)) => msg,
            Some(Err(e)) => {
                crate::log_warn!("router: branch to {target} not built: {e}");
                return false;
            }
            None => return false,
        };
        let id = self.next_branch;
        self.next_branch += 1;
        // The History-Info is kept only where a 415 retry may resend it (3.9.5.5).
        let keep = self.multipart && !single_part;
        self.branches.push(Branch {
            id,
            target: target.to_string(),
            kind,
            history: if keep { history } else { None },
            pending: true,
            cancelled: false,
            sent_18x: false,
            sent_199: false,
            single_part,
        });
        self.queue.push_back(Action::Fork { branch: id, msg });
        true
    }

    /// Forks to a destination other than the registered endpoints, with its two
    /// History-Info entries (3.9.5.10); gives the 181's entry when it forked.
    fn fork_other(&mut self, target: &str, kind: TargetKind) -> Option<String> {
        let cause = if kind == TargetKind::Redirect {
            Some(REASON_303)
        } else if self.endpoint_live() {
            None
        } else {
            Some(REASON_302)
        };
        let retarget = Retarget {
            reason: kind.retarget(),
            cause,
        };
        let history = match self.history.as_mut() {
            Some(h) => Some(h.for_other(&self.aor, target, retarget, self.phone.as_deref())),
            None => None,
        };
        let forked = self.fork(target, kind, history, None, false);
        forked.then(|| History::for_181(&self.aor, retarget))
    }

    fn run_stage(&mut self, stage: Stage) {
        self.stage_others = stage.others;
        let mut endpoint_forks = 0;
        if stage.endpoints {
            let endpoints = Arc::clone(&self.endpoints);
            let history = self
                .history
                .as_ref()
                .map(|h| h.for_endpoint(&self.aor, self.phone.as_deref(), self.facts.private_line));
            // The endpoints' INVITEs differ only in their Request-URI: the first is built
            // from the INVITE, the others from it, read where it waits in the queue (the
            // actions are handed out only after this event's processing).
            let mut first: Option<u32> = None;
            for e in endpoints.iter() {
                let msg = self
                    .room_for_branch()
                    .then(|| match self.queued_fork(first) {
                        Some(t) => m::retargeted(t, e),
                        None => m::branch_invite(&self.invite, e, history.as_deref(), None),
                    });
                let id = self.next_branch;
                if self.push_fork(e, TargetKind::Endpoint, history.clone(), false, msg) {
                    first = first.or(Some(id));
                    endpoint_forks += 1;
                }
            }
            // 3.9.5.9: a 101 when the request went to registered endpoints.
            if endpoint_forks > 0 && self.history.is_some() {
                self.respond_generated(101, Some("Progress Report"));
            }
        }
        let mut others: Vec<(String, TargetKind)> = Vec::new();
        if stage.simultaneous_ring
            && let Some(t) = &self.script.simultaneous_ring
        {
            others.push((t.clone(), TargetKind::SimultaneousRing));
        }
        match stage.others {
            Others::None => {}
            Others::Team => others.extend(
                self.script
                    .team
                    .iter()
                    .map(|t| (t.clone(), TargetKind::Team)),
            ),
            Others::Delegates => others.extend(
                self.script
                    .delegates
                    .iter()
                    .map(|t| (t.clone(), TargetKind::Delegate)),
            ),
            Others::Forward => {
                if let Some(t) = &self.script.forwardto {
                    others.push((t.clone(), TargetKind::Forward));
                }
            }
            Others::Voicemail => {
                if let Some(t) = &self.voicemail {
                    others.push((t.clone(), TargetKind::Voicemail));
                }
            }
        }
        let mut entry_181 = None;
        for (t, kind) in &others {
            if let Some(e) = self.fork_other(t, *kind) {
                entry_181.get_or_insert(e);
            }
        }
        // 3.9.5.9: a 181 when the request was forwarded elsewhere.
        if let Some(e) = entry_181 {
            self.queue_181(&e);
        }
        // A stage with nobody ringing ends at once (see `settle`); its timer is not armed.
        self.stage_timer = stage.timer;
        if let Some(t) = stage.timer
            && self.live_count() > 0
        {
            self.start_timer(t);
        }
    }

    fn queue_181(&mut self, entry: &str) {
        let built = match &self.provisionals {
            Some(p) => p.forwarded_181(entry),
            None => m::forwarded_181(&self.invite, &self.tag, entry),
        };
        match built {
            Ok(r) => self.queue.push_back(Action::Respond { msg: r }),
            Err(e) => crate::log_warn!("router: 181 not built: {e}"),
        }
    }

    /// Cancels the live branches; `reason` is the CANCEL's Reason value.
    fn cancel_live(&mut self, reason: Option<&str>, except: Option<u32>) {
        let mut cancels = Vec::new();
        for b in self.branches.iter_mut() {
            if b.pending && !b.cancelled && Some(b.id) != except {
                b.cancelled = true;
                cancels.push((b.id, b.target.clone()));
            }
        }
        for (id, target) in cancels {
            match m::branch_cancel(&self.invite, &target, reason) {
                Ok(msg) => self.queue.push_back(Action::Cancel { branch: id, msg }),
                Err(e) => crate::log_warn!("router: CANCEL not built: {e}"),
            }
        }
    }

    fn apply_expiry(&mut self, e: Expiry) {
        if e.cancel_all {
            self.cancel_live(None, None);
        }
        if let Some(next) = e.next {
            self.run_stage(next);
        }
    }

    /// Moves the call on when nothing is live: the next stage when the current one has a
    /// timer (as if it expired), else the final response. Loops while stages without any
    /// branch follow one another (each step moves forward, so it ends).
    fn settle(&mut self) {
        while !self.final_sent && self.live_count() == 0 {
            match self.stage_timer.take() {
                Some(t) if !self.declined_all && !self.caller_cancelled => {
                    self.stop_timer(t);
                    let e = rules::expire(t, &self.inputs(), self.flags);
                    self.apply_expiry(e);
                }
                _ => self.send_final(),
            }
        }
        self.finish_if_over();
    }

    fn send_final(&mut self) {
        self.stop_all_timers();
        self.final_sent = true;
        if self.caller_cancelled {
            self.respond_generated(487, None);
            return;
        }
        match (self.best.take(), self.best_code) {
            (Some(_), Some(503)) => self.respond_generated(selection::forwarded_code(503), None),
            (Some(r), _) => self.queue.push_back(Action::Respond { msg: r }),
            (None, _) => self.respond_generated(UNAVAILABLE, None),
        }
    }

    fn finish_if_over(&mut self) {
        if !self.done && self.final_sent && self.branches.iter().all(|b| !b.pending) {
            self.done = true;
            self.queue.push_back(Action::Done);
        }
    }

    fn branch_index(&self, id: u32) -> Result<usize, super::RouteError> {
        self.branches
            .iter()
            .position(|b| b.id == id && b.pending)
            .ok_or(super::RouteError::UnknownBranch(id))
    }

    /// A response received on branch `branch` (the host's own Via removed).
    pub fn on_response(&mut self, branch: u32, resp: &Message) -> Result<(), super::RouteError> {
        self.check_live()?;
        let Some(code) = resp.status() else {
            return Err(super::RouteError::Invalid(
                "a request was given as a response".into(),
            ));
        };
        let i = self.branch_index(branch)?;
        match code {
            100 => {}
            101..=199 => {
                if !self.final_sent && !self.branches[i].cancelled {
                    if (180..=189).contains(&code) {
                        self.branches[i].sent_18x = true;
                    }
                    self.queue.push_back(Action::Respond { msg: resp.clone() });
                }
            }
            200..=299 => self.on_success(i, resp),
            _ => self.on_failure(i, code, resp),
        }
        self.settle();
        Ok(())
    }

    /// The branch's transaction ended with no final response (timer B or C, a transport
    /// error): handled as a 408 from it (RFC 3261 16.7 step 4 / 16.8).
    pub fn on_branch_timeout(&mut self, branch: u32) -> Result<(), super::RouteError> {
        self.check_live()?;
        let i = self.branch_index(branch)?;
        match m::respond(&self.invite, 408, None, &self.tag) {
            Ok(r) => self.on_failure(i, 408, &r),
            Err(_) => self.branches[i].pending = false,
        }
        self.settle();
        Ok(())
    }

    /// 2xx (3.9.5.6, RFC 3261 16.7 step 5): forwarded at once; the other branches are
    /// cancelled with `ms-acceptedby`.
    fn on_success(&mut self, i: usize, resp: &Message) {
        self.branches[i].pending = false;
        self.queue.push_back(Action::Respond { msg: resp.clone() });
        if !self.answered {
            self.answered = true;
            self.final_sent = true;
            self.stop_all_timers();
            let b = &self.branches[i];
            let aor = match b.kind {
                TargetKind::Endpoint => self.aor.clone(),
                _ => m::aor_of(&b.target).to_string(),
            };
            let reason = m::accepted_by_reason(&aor);
            self.cancel_live(Some(&reason), None);
        }
    }

    fn note_best(&mut self, code: u16, resp: &Message) {
        if selection::better(code, self.best_code) {
            self.best_code = Some(code);
            self.best = Some(resp.clone());
        }
    }

    fn on_failure(&mut self, i: usize, code: u16, resp: &Message) {
        self.branches[i].pending = false;
        if self.branches[i].cancelled || self.final_sent {
            return;
        }
        if code == 303 && self.retarget_303(resp) {
            return;
        }
        if code == 415 && self.retry_single_part(i, resp) {
            return;
        }
        self.note_best(code, resp);
        self.maybe_199(i, resp);
        match code {
            // 3.9.5.4: 605 ends every branch and every later step.
            605 => {
                self.declined_all = true;
                self.cancel_live(None, None);
                self.stop_all_timers();
            }
            600..=699 => {
                self.cancel_live(None, None);
                let t = self.stage_timer.take();
                if let Some(t) = t {
                    self.stop_timer(t);
                }
                let next = rules::after_decline(&self.inputs(), self.stage_others);
                match next {
                    Some(stage) => self.run_stage(stage),
                    None => self.declined_all = true,
                }
            }
            _ => {}
        }
    }

    /// 3.9.5.8: a 199 when the branch's 18x went to the caller and the call goes on.
    fn maybe_199(&mut self, i: usize, resp: &Message) {
        let b = &self.branches[i];
        if !b.sent_18x || b.sent_199 {
            return;
        }
        self.branches[i].sent_199 = true;
        match m::early_dialog_terminated(&self.invite, resp) {
            Ok(r) => self.queue.push_back(Action::Respond { msg: r }),
            Err(e) => crate::log_warn!("router: 199 not built: {e}"),
        }
    }

    /// 3.9.5.3: the proxy itself retargets to the 303's Contact.
    fn retarget_303(&mut self, resp: &Message) -> bool {
        let Some(contact) = m::first_contact(resp) else {
            return false;
        };
        if !super::preamble::routable_uri(&contact) {
            return false;
        }
        match self.fork_other(&contact, TargetKind::Redirect) {
            Some(entry) => {
                self.queue_181(&entry);
                true
            }
            None => false,
        }
    }

    /// 3.9.5.5: one retry per target with only the `ms-proxy-2007fallback` SDP part.
    fn retry_single_part(&mut self, i: usize, resp: &Message) -> bool {
        if self.branches[i].single_part {
            return false;
        }
        if resp
            .values("Accept")
            .any(|a| a.trim().to_ascii_lowercase().starts_with("multipart/"))
        {
            return false;
        }
        let Some((ct, body)) = fallback_part(&self.invite) else {
            return false;
        };
        self.branches[i].single_part = true;
        let b = &self.branches[i];
        let (target, kind, history) = (b.target.clone(), b.kind, b.history.clone());
        self.fork(&target, kind, history, Some((&ct, &body)), true)
    }

    /// A timer the host armed fired.
    pub fn on_timer(&mut self, timer: u32) -> Result<(), super::RouteError> {
        self.check_live()?;
        let t = TimerKind::from_id(timer)
            .filter(|t| self.armed[*t as usize - 1])
            .ok_or(super::RouteError::UnknownTimer(timer))?;
        self.armed[t as usize - 1] = false;
        if self.stage_timer == Some(t) {
            self.stage_timer = None;
        }
        let e = rules::expire(t, &self.inputs(), self.flags);
        self.apply_expiry(e);
        self.settle();
        Ok(())
    }

    /// The caller cancelled the INVITE (RFC 3261 16.10): every live branch is cancelled and
    /// the caller gets a 487. A CANCEL after the final response changes nothing.
    pub fn on_cancel(&mut self) -> Result<(), super::RouteError> {
        self.check_live()?;
        if self.final_sent {
            return Ok(());
        }
        self.caller_cancelled = true;
        self.stop_all_timers();
        self.cancel_live(None, None);
        self.settle();
        Ok(())
    }

    /// Bytes held by the call (its own structure, the INVITE copy, branches and queue), for
    /// measurement.
    pub fn footprint(&self) -> usize {
        std::mem::size_of::<Call>()
            + self.invite.as_bytes().len()
            + self.aor.capacity()
            + self.branches.capacity() * std::mem::size_of::<Branch>()
            + self
                .branches
                .iter()
                .map(|b| b.target.capacity() + b.history.as_ref().map_or(0, |h| h.capacity()))
                .sum::<usize>()
            + self.queue.capacity() * std::mem::size_of::<Action>()
    }
}
