//! The user agent's side of dialog recovery (MS-SIPRE 3.7.2.1, 3.7.4.1, 3.7.5.3, 3.7.6.1) for
//! one dialog with recovery enabled: a sans-IO state machine. The host reports what happened
//! (a response, a refreshed registration, a fired timer, a refresh received) and carries out
//! the [`UaAction`]s it queues, in order, from [`DialogRecovery::next_action`]. Requests are
//! named by the host's own ids.

use crate::ext::{PDialogRecoveryAction, PdrAction};
use std::collections::VecDeque;

/// What the host does next for the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UaAction {
    /// Tell the upper layer that request `request` failed.
    Failed { request: u32 },
    /// Refresh the endpoint's registration (RFC 3261 10.2.4), then call
    /// [`DialogRecovery::on_registration`].
    RefreshRegistration,
    /// Send the recovery target refresh (3.7.5.3.4 step 1; see
    /// [`super::prepare_recovery_refresh`]), then call [`DialogRecovery::on_refresh_response`].
    SendRecoveryRefresh,
    /// Take the route set and remote target from the Contact and Record-Route of the message
    /// just reported (3.7.5.3.3, 3.7.5.3.4 step 2).
    UpdateRouteSet,
    /// Send request `request` again, with the route set and Request-URI from the updated
    /// dialog state.
    Resend { request: u32 },
    /// Arm (or re-arm) the recovery refresh timer to fire once after `ms` milliseconds; call
    /// [`DialogRecovery::on_timer`] when it fires.
    StartTimer { ms: u64 },
    /// Disarm the recovery refresh timer.
    StopTimer,
}

/// Where the dialog's recovery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Idle,
    /// Waiting for the registration refresh.
    Registering,
    /// Waiting for the response to the recovery refresh.
    Refreshing,
}

/// The request that got a 430 and waits to be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    request: u32,
    /// Whether it is sent again once the dialog is recovered.
    resend: bool,
}

/// Recovery state of one dialog (3.7.1.2).
#[derive(Debug, Clone)]
pub struct DialogRecovery {
    session_interval_ms: Option<u64>,
    step: Step,
    pending: Option<Pending>,
    /// The request resent after a recovery: a second 430 for it ends its retries.
    resent: Option<u32>,
    actions: VecDeque<UaAction>,
    ended: bool,
}

fn single(a: &PDialogRecoveryAction, which: PdrAction) -> bool {
    a.actions().len() == 1 && a.contains(&which)
}

impl DialogRecovery {
    /// Recovery for a dialog just created. `session_interval_ms`: the session timer interval
    /// negotiated (RFC 4028), if any; then the recovery refresh timer starts now with it
    /// (3.7.2.1).
    pub fn new(session_interval_ms: Option<u64>) -> DialogRecovery {
        let mut d = DialogRecovery {
            session_interval_ms: session_interval_ms.filter(|&ms| ms > 0),
            step: Step::Idle,
            pending: None,
            resent: None,
            actions: VecDeque::new(),
            ended: false,
        };
        d.start_timer();
        d
    }

    /// The next thing to do, oldest first; `None` when nothing is queued.
    pub fn next_action(&mut self) -> Option<UaAction> {
        self.actions.pop_front()
    }

    fn push(&mut self, a: UaAction) {
        if !self.ended {
            self.actions.push_back(a);
        }
    }

    fn start_timer(&mut self) {
        if let Some(ms) = self.session_interval_ms {
            self.push(UaAction::StartTimer { ms });
        }
    }

    fn recover(&mut self) {
        self.step = Step::Refreshing;
        self.push(UaAction::SendRecoveryRefresh);
    }

    /// A final response to request `request` of the dialog (`creating`: the request created
    /// the dialog), with its `P-Dialog-Recovery-Action` when it had one (3.7.5.3.1).
    pub fn on_response(
        &mut self,
        request: u32,
        status: u16,
        action: Option<&PDialogRecoveryAction>,
        creating: bool,
    ) {
        if status != 430 {
            if self.resent == Some(request) {
                self.resent = None;
            }
            return;
        }
        // Sent again after a recovery and refused again: stop retrying (3.7.5.3.1).
        if self.resent == Some(request) {
            self.resent = None;
            self.push(UaAction::Failed { request });
            return;
        }
        let Some(a) = action else {
            self.push(UaAction::Failed { request });
            return;
        };
        if a.contains(&PdrAction::RegistrationRouteSetUpdate) {
            // Failure to the upper layer, then register again; a dialog-creating request is
            // sent again once that worked.
            self.push(UaAction::Failed { request });
            self.pending = creating.then_some(Pending {
                request,
                resend: true,
            });
            self.step = Step::Registering;
            self.push(UaAction::RefreshRegistration);
        } else if !creating && single(a, PdrAction::DialogRouteSetUpdate) {
            self.pending = Some(Pending {
                request,
                resend: true,
            });
            self.recover();
        } else if !creating && single(a, PdrAction::WaitForSessionUpdate) {
            self.push(UaAction::Failed { request });
            self.start_timer();
        } else {
            self.push(UaAction::Failed { request });
        }
    }

    /// The endpoint's registration refresh ended (`ok`: a 2xx). After a successful refresh
    /// that this dialog waited for, or one whose response said the binding was `added` or
    /// `fixed` (3.7.5.3.2), the dialog is recovered.
    pub fn on_registration(&mut self, ok: bool) {
        if ok {
            self.recover();
        } else if self.step == Step::Registering {
            self.step = Step::Idle;
            if let Some(p) = self.pending.take() {
                self.push(UaAction::Failed { request: p.request });
            }
        }
    }

    /// The final response to the recovery refresh (3.7.5.3.4 steps 2 and 3).
    pub fn on_refresh_response(&mut self, status: u16, action: Option<&PDialogRecoveryAction>) {
        if self.step != Step::Refreshing {
            return;
        }
        self.step = Step::Idle;
        let pending = self.pending.take();
        if (200..300).contains(&status) {
            self.push(UaAction::UpdateRouteSet);
            if let Some(p) = pending.filter(|p| p.resend) {
                self.resent = Some(p.request);
                self.push(UaAction::Resend { request: p.request });
            }
            return;
        }
        if let Some(p) = pending {
            self.push(UaAction::Failed { request: p.request });
        }
        if status == 430 && action.is_some_and(|a| single(a, PdrAction::WaitForSessionUpdate)) {
            self.start_timer();
        }
    }

    /// The recovery refresh timer fired: recover the dialog (3.7.6.1).
    pub fn on_timer(&mut self) {
        if self.step == Step::Idle {
            self.recover();
        }
    }

    /// A session refresh request arrived on the dialog (RFC 4028): the timer starts again
    /// (3.7.5.3.3).
    pub fn on_session_refresh(&mut self) {
        self.start_timer();
    }

    /// A mid-dialog target refresh request arrived: the route set and remote target come from
    /// it (3.7.5.3.3).
    pub fn on_target_refresh(&mut self) {
        self.push(UaAction::UpdateRouteSet);
    }

    /// The dialog ended: the timer goes, nothing follows.
    pub fn end(&mut self) {
        self.actions.clear();
        if self.session_interval_ms.is_some() {
            self.actions.push_back(UaAction::StopTimer);
        }
        self.ended = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UaAction::*;

    fn pdr(s: &str) -> PDialogRecoveryAction {
        PDialogRecoveryAction::parse(s).unwrap()
    }

    fn drain(d: &mut DialogRecovery) -> Vec<UaAction> {
        std::iter::from_fn(|| d.next_action()).collect()
    }

    #[test]
    fn the_timer_starts_with_the_dialog_when_a_session_timer_was_negotiated() {
        assert_eq!(
            drain(&mut DialogRecovery::new(Some(1_800_000))),
            [StartTimer { ms: 1_800_000 }]
        );
        assert_eq!(drain(&mut DialogRecovery::new(None)), []);
        assert_eq!(drain(&mut DialogRecovery::new(Some(0))), []);
    }

    #[test]
    fn dialog_route_set_update_recovers_and_resends_as_in_4_6() {
        let mut d = DialogRecovery::new(None);
        d.on_response(3, 430, Some(&pdr("dialog-route-set-update")), false);
        assert_eq!(drain(&mut d), [SendRecoveryRefresh]);
        d.on_refresh_response(200, None);
        assert_eq!(drain(&mut d), [UpdateRouteSet, Resend { request: 3 }]);
        d.on_response(3, 200, None, false);
        assert_eq!(drain(&mut d), []);
        // Later 430s start again from the top.
        d.on_response(3, 430, Some(&pdr("Dialog-Route-Set-Update")), false);
        assert_eq!(drain(&mut d), [SendRecoveryRefresh]);
    }

    #[test]
    fn a_second_430_for_the_same_request_gives_up() {
        let mut d = DialogRecovery::new(None);
        let a = pdr("Dialog-Route-Set-Update");
        d.on_response(3, 430, Some(&a), false);
        d.on_refresh_response(200, None);
        drain(&mut d);
        d.on_response(3, 430, Some(&a), false);
        assert_eq!(drain(&mut d), [Failed { request: 3 }]);
    }

    #[test]
    fn a_failed_recovery_refresh_fails_the_request() {
        let mut d = DialogRecovery::new(Some(90_000));
        drain(&mut d);
        d.on_response(3, 430, Some(&pdr("Dialog-Route-Set-Update")), false);
        drain(&mut d);
        d.on_refresh_response(500, None);
        assert_eq!(drain(&mut d), [Failed { request: 3 }]);
        // A 430 Wait-For-Session-Update to the refresh re-arms the timer (3.7.5.3.4 step 3).
        d.on_response(4, 430, Some(&pdr("Dialog-Route-Set-Update")), false);
        drain(&mut d);
        d.on_refresh_response(430, Some(&pdr("Wait-For-Session-Update")));
        assert_eq!(
            drain(&mut d),
            [Failed { request: 4 }, StartTimer { ms: 90_000 }]
        );
        // A refresh response when none is outstanding is ignored.
        d.on_refresh_response(200, None);
        assert_eq!(drain(&mut d), []);
    }

    #[test]
    fn registration_route_set_update_registers_then_recovers() {
        let mut d = DialogRecovery::new(None);
        d.on_response(
            5,
            430,
            Some(&pdr(
                "Registration-Route-Set-Update, Dialog-Route-Set-Update",
            )),
            false,
        );
        assert_eq!(drain(&mut d), [Failed { request: 5 }, RefreshRegistration]);
        d.on_registration(true);
        assert_eq!(drain(&mut d), [SendRecoveryRefresh]);
        d.on_refresh_response(200, None);
        // A mid-dialog request was already reported failed: it is not sent again.
        assert_eq!(drain(&mut d), [UpdateRouteSet]);
        // Registration that fails leaves the dialog as it was.
        d.on_response(6, 430, Some(&pdr("Registration-Route-Set-Update")), false);
        drain(&mut d);
        d.on_registration(false);
        assert_eq!(drain(&mut d), []);
    }

    #[test]
    fn a_dialog_creating_request_is_resent_after_registration() {
        let mut d = DialogRecovery::new(None);
        let a = pdr("Registration-Route-Set-Update, Dialog-Route-Set-Update");
        d.on_response(1, 430, Some(&a), true);
        assert_eq!(drain(&mut d), [Failed { request: 1 }, RefreshRegistration]);
        d.on_registration(true);
        d.on_refresh_response(200, None);
        assert_eq!(
            drain(&mut d),
            [SendRecoveryRefresh, UpdateRouteSet, Resend { request: 1 }]
        );
        d.on_response(1, 430, Some(&a), true);
        assert_eq!(drain(&mut d), [Failed { request: 1 }]);
        // Registration failing fails the waiting request once more to the upper layer.
        d.on_response(2, 430, Some(&a), true);
        drain(&mut d);
        d.on_registration(false);
        assert_eq!(drain(&mut d), [Failed { request: 2 }]);
    }

    #[test]
    fn wait_for_session_update_arms_the_timer_and_the_timer_recovers() {
        let mut d = DialogRecovery::new(Some(1000));
        drain(&mut d);
        d.on_response(7, 430, Some(&pdr("Wait-For-Session-Update")), false);
        assert_eq!(
            drain(&mut d),
            [Failed { request: 7 }, StartTimer { ms: 1000 }]
        );
        d.on_timer();
        assert_eq!(drain(&mut d), [SendRecoveryRefresh]);
        // While a refresh is out, the timer adds nothing.
        d.on_timer();
        assert_eq!(drain(&mut d), []);
        d.on_refresh_response(200, None);
        assert_eq!(drain(&mut d), [UpdateRouteSet]);
        // Without a session timer there is no timer to arm.
        let mut n = DialogRecovery::new(None);
        n.on_response(7, 430, Some(&pdr("Wait-For-Session-Update")), false);
        assert_eq!(drain(&mut n), [Failed { request: 7 }]);
    }

    #[test]
    fn other_430s_and_refreshes() {
        let mut d = DialogRecovery::new(Some(500));
        drain(&mut d);
        d.on_response(8, 430, None, false);
        d.on_response(9, 430, Some(&pdr("x-future")), false);
        d.on_response(
            10,
            430,
            Some(&pdr("Dialog-Route-Set-Update, Wait-For-Session-Update")),
            false,
        );
        d.on_response(11, 430, Some(&pdr("Dialog-Route-Set-Update")), true);
        d.on_response(12, 404, None, false);
        assert_eq!(
            drain(&mut d),
            [
                Failed { request: 8 },
                Failed { request: 9 },
                Failed { request: 10 },
                Failed { request: 11 }
            ]
        );
        d.on_session_refresh();
        d.on_target_refresh();
        assert_eq!(drain(&mut d), [StartTimer { ms: 500 }, UpdateRouteSet]);
        d.on_response(13, 430, Some(&pdr("Dialog-Route-Set-Update")), false);
        d.end();
        assert_eq!(drain(&mut d), [StopTimer]);
        d.on_timer();
        d.on_response(14, 430, None, false);
        assert_eq!(drain(&mut d), []);
        let mut n = DialogRecovery::new(None);
        n.end();
        assert_eq!(drain(&mut n), []);
    }
}
