//! The decisions of the routing script, free of messages: the eleven steps of MS-SIPRE
//! 3.9.5.2.2 (with 3.9.5.2.2.1-4 and the Ms-Sensitivity rules of 3.9.5.2.1) give the first
//! stage of a call; the timer expiries of 3.9.6 give the next one.

use super::applicability::InviteKind;
use super::callee::Facts;
use super::script::{CALL_FORWARDING_S, Flags, Script};

/// The four timers of 3.9.2, by the id the host sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimerKind {
    /// 3.9.2.1.
    RegisteredEndpoints = 1,
    /// 3.9.2.2.
    CallForwarding = 2,
    /// 3.9.2.3.
    PrimaryUser = 3,
    /// 3.9.2.4.
    SecondaryTarget = 4,
}

impl TimerKind {
    pub const ALL: [TimerKind; 4] = [
        TimerKind::RegisteredEndpoints,
        TimerKind::CallForwarding,
        TimerKind::PrimaryUser,
        TimerKind::SecondaryTarget,
    ];

    pub fn id(self) -> u32 {
        self as u32
    }

    pub fn from_id(id: u32) -> Option<TimerKind> {
        TimerKind::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Its duration for `script`, in seconds (3.9.2).
    pub fn seconds(self, script: &Script) -> u32 {
        match self {
            TimerKind::RegisteredEndpoints => script.total_s(),
            TimerKind::CallForwarding => CALL_FORWARDING_S,
            TimerKind::PrimaryUser => script.user_s(),
            TimerKind::SecondaryTarget => script.team2_s(),
        }
    }
}

/// Who a stage rings besides the registered endpoints and the simultaneous ring device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    None,
    Team,
    Delegates,
    /// The first `forwardto` target.
    Forward,
    /// The voice-mail GRUU.
    Voicemail,
}

/// One serial step of a call: whom it rings, and the timer that ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub endpoints: bool,
    pub simultaneous_ring: bool,
    pub others: Others,
    pub timer: Option<TimerKind>,
}

impl Stage {
    const fn only(others: Others, timer: Option<TimerKind>) -> Stage {
        Stage {
            endpoints: false,
            simultaneous_ring: false,
            others,
            timer,
        }
    }

    /// The registered endpoints only, no timer (steps 2, 3, 5).
    pub const ENDPOINTS_ONLY: Stage = Stage {
        endpoints: true,
        simultaneous_ring: false,
        others: Others::None,
        timer: None,
    };
}

/// The first decision for an INVITE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answer the caller with this final response.
    Reject(u16),
    Ring(Stage),
}

/// What the rules read.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub script: &'a Script,
    pub kind: InviteKind,
    pub facts: Facts,
    /// Ms-Sensitivity is `normal-no-diversion` or `private-no-diversion` (3.9.5.2.1).
    pub no_diversion: bool,
    /// The From or Referred-By address is in the `breakthrough` list.
    pub caller_in_breakthrough: bool,
    pub caller_in_team: bool,
    pub caller_in_delegates: bool,
    pub voicemail: bool,
}

/// The response when no allowed destination is left (3.9.5.2.2 step 10, 3.9.5.2.2.1).
pub const UNAVAILABLE: u16 = 480;

/// The eleven steps of 3.9.5.2.2, with the flags in force once step 7 has run (outside
/// working hours only the flags marked "No" in 3.9.5.1.2 stay).
pub fn decide(i: &Inputs<'_>) -> (Decision, Flags) {
    let mut flags = i.script.flags;
    // Step 1.
    if flags.contains(Flags::BLOCK) {
        return (Decision::Reject(UNAVAILABLE), flags);
    }
    // Step 2.
    if flags.contains(Flags::E911ACTIVE) {
        return (Decision::Ring(Stage::ENDPOINTS_ONLY), flags);
    }
    // Step 3.
    if i.kind == InviteKind::AudioAppInvite && !flags.contains(Flags::FORWARD_AUDIO_APP_INVITES) {
        return (Decision::Ring(Stage::ENDPOINTS_ONLY), flags);
    }
    // Step 4 (3.9.5.2.2.4).
    if i.facts.private_line {
        return (Decision::Ring(ring_primary(i.script, flags)), flags);
    }
    // Step 5.
    if i.facts.via_team_or_delegate {
        return (Decision::Ring(Stage::ENDPOINTS_ONLY), flags);
    }
    // Step 6.
    if i.caller_in_breakthrough {
        return (primary_targets(i, flags), flags);
    }
    // Step 7: outside working hours the working-hours-only flags are off, so steps 8-11
    // fork to the registered endpoints, DND going to voice mail (step 10).
    if flags.contains(Flags::WORK_HOURS) && !i.facts.in_work_hours {
        flags = flags.only(Flags::ALWAYS);
    }
    // Step 8 (3.9.5.2.2.3).
    if flags.contains(Flags::TEAM_RING) {
        return (team_ringing(i, flags), flags);
    }
    // Step 9 (3.9.5.2.2.2).
    if flags.contains(Flags::DELEGATE_RING) {
        return (delegate_ringing(i, flags), flags);
    }
    // Step 10.
    if i.facts.dnd {
        return (to_voicemail(i), flags);
    }
    // Step 11.
    (primary_targets(i, flags), flags)
}

fn to_voicemail(i: &Inputs<'_>) -> Decision {
    if i.no_diversion || !i.voicemail {
        Decision::Reject(UNAVAILABLE)
    } else {
        Decision::Ring(Stage::only(Others::Voicemail, None))
    }
}

/// The registered endpoints, the simultaneous ring device when its flag is set, and the
/// registered endpoints timer (3.9.5.2.2.1 second half, 3.9.5.2.2.4).
fn ring_primary(script: &Script, flags: Flags) -> Stage {
    Stage {
        endpoints: true,
        simultaneous_ring: flags.contains(Flags::SIMULTANEOUS_RING)
            && script.simultaneous_ring.is_some(),
        others: Others::None,
        timer: Some(TimerKind::RegisteredEndpoints),
    }
}

/// 3.9.5.2.2.1.
fn primary_targets(i: &Inputs<'_>, flags: Flags) -> Decision {
    if !flags.contains(Flags::FORWARD_IMMEDIATE) {
        return Decision::Ring(ring_primary(i.script, flags));
    }
    if i.no_diversion {
        return Decision::Reject(UNAVAILABLE);
    }
    if flags.contains(Flags::ENABLECF) {
        // A forwarding preamble without its target lacks an element the script needs
        // (3.9: the INVITE can be rejected with a 480).
        match i.script.forwardto {
            Some(_) => Decision::Ring(Stage::only(
                Others::Forward,
                Some(TimerKind::CallForwarding),
            )),
            None => Decision::Reject(UNAVAILABLE),
        }
    } else {
        to_voicemail(i)
    }
}

/// The endpoints (and simultaneous ring device) under the primary user timer.
fn ring_user(script: &Script, flags: Flags) -> Stage {
    Stage {
        timer: Some(TimerKind::PrimaryUser),
        ..ring_primary(script, flags)
    }
}

/// 3.9.5.2.2.3. The team is a diversion: with no-diversion it is never rung.
fn team_ringing(i: &Inputs<'_>, flags: Flags) -> Decision {
    if i.caller_in_team {
        return primary_targets(i, flags);
    }
    if i.facts.dnd {
        if i.no_diversion || i.script.team.is_empty() {
            return Decision::Reject(UNAVAILABLE);
        }
        return Decision::Ring(Stage::only(Others::Team, Some(TimerKind::SecondaryTarget)));
    }
    Decision::Ring(ring_user(i.script, flags))
}

/// 3.9.5.2.2.2, with `skip_primary` (3.9.5.1.2): the endpoints are skipped unless the
/// caller is a delegate (the breakthrough list was seen at step 6). Without DND the
/// delegates are rung when the primary user timer expires (3.9.6.3).
fn delegate_ringing(i: &Inputs<'_>, flags: Flags) -> Decision {
    if i.caller_in_delegates {
        return primary_targets(i, flags);
    }
    if i.facts.dnd || flags.contains(Flags::SKIP_PRIMARY) {
        if i.script.delegates.is_empty() {
            return Decision::Reject(UNAVAILABLE);
        }
        return Decision::Ring(Stage::only(
            Others::Delegates,
            Some(TimerKind::SecondaryTarget),
        ));
    }
    Decision::Ring(ring_user(i.script, flags))
}

/// What a timer's expiry does (3.9.6): whether every existing transaction is cancelled, and
/// the stage that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    pub cancel_all: bool,
    pub next: Option<Stage>,
}

/// 3.9.6.1 - 3.9.6.4.
pub fn expire(timer: TimerKind, i: &Inputs<'_>, flags: Flags) -> Expiry {
    match timer {
        // 3.9.6.1; the forks are cancelled as 4.7.2 describes.
        TimerKind::RegisteredEndpoints => Expiry {
            cancel_all: true,
            next: divert(i, flags, i.facts.private_line),
        },
        // 3.9.6.2.
        TimerKind::CallForwarding => Expiry {
            cancel_all: true,
            next: i.voicemail.then_some(Stage::only(Others::Voicemail, None)),
        },
        // 3.9.6.3: existing transactions go on.
        TimerKind::PrimaryUser => {
            let others = if flags.contains(Flags::TEAM_RING) {
                (!i.no_diversion && !i.script.team.is_empty()).then_some(Others::Team)
            } else {
                (!i.script.delegates.is_empty()).then_some(Others::Delegates)
            };
            match others {
                Some(o) => Expiry {
                    cancel_all: false,
                    next: Some(Stage::only(o, Some(TimerKind::SecondaryTarget))),
                },
                // Nobody to ring: the secondary stage is over at once.
                None => expire(TimerKind::SecondaryTarget, i, flags),
            }
        }
        // 3.9.6.4.
        TimerKind::SecondaryTarget => Expiry {
            cancel_all: true,
            next: divert(i, flags, false),
        },
    }
}

/// Forwarding or voice mail after a stage, as 3.9.6.1 and 3.9.6.4 say, never with
/// no-diversion (3.9.5.2.1); no forwarding on the private line (3.9.6.1).
fn divert(i: &Inputs<'_>, flags: Flags, private_line: bool) -> Option<Stage> {
    if i.no_diversion {
        return None;
    }
    if flags.contains(Flags::ENABLECF) {
        if private_line || i.script.forwardto.is_none() {
            return None;
        }
        return Some(Stage::only(
            Others::Forward,
            Some(TimerKind::CallForwarding),
        ));
    }
    i.voicemail.then_some(Stage::only(Others::Voicemail, None))
}

/// After a 603 Decline (RFC 3261 16.7 cancels the other branches): the call may still go to
/// the callee's voice mail, when diversion is allowed and voice mail is not what declined.
pub fn after_decline(i: &Inputs<'_>, current: Others) -> Option<Stage> {
    (!i.no_diversion && i.voicemail && current != Others::Voicemail)
        .then_some(Stage::only(Others::Voicemail, None))
}
