//! One emergency INVITE at the server, end to end: detect it, read its location, look up the
//! location policy's notification URIs (the host's), build and hand over one notification per
//! URI. MS-SIPRE 3.17.5.2: the server MUST continue to route the emergency call regardless of
//! any errors encountered while generating or routing the IM message, so nothing here can
//! fail: every failure is counted and described in the [`Report`], and the host routes the
//! call whatever it says.

use super::detect::is_emergency;
use super::location_part::location_of;
use super::notification::{NotificationIds, notification_invite};
use super::pidf_lo::PidfLo;
use crate::sip::Message;

/// The host's location policy: the NotificationUri targets of the policy with this
/// LocationPolicyTagID (`None`: the PIDF-LO names none), or why there are none.
pub type PolicyLookup<'a> = dyn FnMut(Option<&str>) -> Result<Vec<String>, String> + 'a;

/// The host's sender: sends one notification INVITE to its target, or says why not.
pub type SendNotification<'a> = dyn FnMut(&str, &Message) -> Result<(), String> + 'a;

/// Bounds on the notifications of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyLimits {
    /// Most notification URIs used from a policy; the rest are counted as failures. Default 16.
    pub max_targets: usize,
}

impl Default for NotifyLimits {
    fn default() -> NotifyLimits {
        NotifyLimits { max_targets: 16 }
    }
}

/// What [`notify`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The INVITE is an emergency call; when false nothing else was done.
    pub emergency: bool,
    /// Its location, when one was read.
    pub location: Option<PidfLo>,
    /// Notifications handed to `send` that it accepted.
    pub sent: usize,
    /// What went wrong, one line each (no location, the policy lookup failed, a target that
    /// is no URI, `send` refused, targets over the limit).
    pub failures: Vec<String>,
}

/// Runs 3.17.5.2 for `invite`. Each failure is also logged at warning level. `policy` gets the LocationPolicyTagID (`None` when the PIDF-LO
/// names none) and returns the NotificationUri targets of that policy; `send` gets each
/// notification INVITE with its target. Ids are [`NotificationIds::derived`].
pub fn notify(
    invite: &Message,
    limits: NotifyLimits,
    policy: &mut PolicyLookup<'_>,
    send: &mut SendNotification<'_>,
) -> Report {
    logged(run(invite, limits, policy, send))
}

fn run(
    invite: &Message,
    limits: NotifyLimits,
    policy: &mut PolicyLookup<'_>,
    send: &mut SendNotification<'_>,
) -> Report {
    let mut report = Report::default();
    if !is_emergency(invite) {
        return report;
    }
    report.emergency = true;
    let location = match location_of(invite) {
        Ok(l) => l,
        Err(e) => {
            report.failures.push(format!("location: {e}"));
            return report;
        }
    };
    let targets = match policy(location.policy_tag_id.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            report.failures.push(format!("location policy: {e}"));
            report.location = Some(location);
            return report;
        }
    };
    for (i, target) in targets.iter().enumerate() {
        if i >= limits.max_targets {
            report.failures.push(format!(
                "{} notification targets over the limit of {}",
                targets.len() - i,
                limits.max_targets
            ));
            break;
        }
        let ids = NotificationIds::derived(invite, target);
        match notification_invite(invite, &location, target, &ids) {
            Ok(m) => match send(target, &m) {
                Ok(()) => report.sent += 1,
                Err(e) => report.failures.push(format!("{target}: not sent: {e}")),
            },
            Err(e) => report.failures.push(format!("{target}: {e}")),
        }
    }
    report.location = Some(location);
    report
}

/// [`notify`]'s work, with each failure logged.
fn logged(report: Report) -> Report {
    for f in &report.failures {
        crate::log_warn!("E911 notification: {f}");
    }
    report
}
