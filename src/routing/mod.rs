//! The call router (MS-SIPRE 3.9): routing preambles (2.2.8, Appendix A) parsed, checked
//! and aggregated into a [`Script`]; which INVITEs the rules apply to (3.9.5.1); the rules
//! of 3.9.5.2.2 and the timers of 3.9.2 / 3.9.6; History-Info (3.9.5.10); and the sans-IO
//! state machine of a routed INVITE ([`Call`]) that turns responses, timer expiries and
//! the caller's CANCEL into [`Action`]s for the host.
//!
//! ```
//! use mssip::routing::{Action, Callee, Router};
//! use mssip::sip::Message;
//!
//! let invite = Message::parse(b"INVITE sip:bob@contoso.com SIP/2.0\r\n\
//! Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n\
//! To: <sip:bob@contoso.com>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n\
//! Content-Type: application/sdp\r\nContent-Length: 23\r\n\r\nv=0\r\nm=audio 5004 RTP/AVP 0\r\n").unwrap();
//! let mut bob = Callee::new("sip:bob@contoso.com").unwrap();
//! bob.add_endpoint("sip:bob@192.0.2.7:5061;transport=tls").unwrap();
//! let mut call = Router::default().route(&invite, &bob).unwrap();
//! let mut kinds = Vec::new();
//! while let Some(a) = call.next_action() {
//!     kinds.push(match a {
//!         Action::Respond { msg } => format!("respond {}", msg.status().unwrap()),
//!         Action::Fork { branch, .. } => format!("fork {branch}"),
//!         Action::StartTimer { timer, ms } => format!("timer {timer} {ms}"),
//!         other => format!("{other:?}"),
//!     });
//! }
//! // 3.9.5.9 and the default script of 3.9.3: 183, the endpoint, 101, 20 s.
//! assert_eq!(kinds, ["respond 183", "fork 1", "respond 101", "timer 1 20000"]);
//! ```

mod applicability;
mod call;
mod callee;
mod error;
mod history;
mod messages;
mod preamble;
mod router;
mod rules;
mod script;
mod selection;

pub use applicability::{InviteKind, classify};
pub use call::{Action, Call, TargetKind};
pub use callee::{Callee, Facts};
pub use error::{PreambleError, RouteError};
pub use history::{History, HistoryError, REASON_302, REASON_303};
pub use preamble::{Instance, List, MemberKind, NS, PreambleLimits};
pub use router::{Router, RouterConfig};
pub use rules::{Decision, Others, Stage, TimerKind};
pub use script::{DefaultReason, Flags, Script};

#[cfg(test)]
mod tests;
