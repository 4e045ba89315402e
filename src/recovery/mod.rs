//! Dialog state recovery (MS-SIPRE 3.7).
//!
//! - [`verdict`]: the proxy's answer to a mid-dialog request whose routing state is missing or
//!   unusable: 481, or 430 with the right `P-Dialog-Recovery-Action` (3.6.5.1, 3.7.5.1);
//! - [`ua`]: the user agent's side, a sans-IO state machine per dialog that turns each 430
//!   into the next step and asks for the recovery refresh timer (3.7.2.1 to 3.7.6.1);
//! - [`request`]: the edits a user agent makes to its requests (3.7.4.1, 3.7.5.3.4).

pub mod request;
pub mod ua;
pub mod verdict;

pub use request::{OPTION_TAG, add_option_tag, has_option_tag, prepare_recovery_refresh};
pub use ua::{DialogRecovery, UaAction};
pub use verdict::{Missing, Verdict, decide, respond};
