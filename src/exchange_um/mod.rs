//! Exchange Unified Messaging call control (MS-OCEXUM), as the PBX or proxy in front of the
//! unified messaging server sees it.
//!
//! * [`transport`]: UM speaks SIP over TCP or TLS only (2.1).
//! * [`skip_pin`]: `Ms-Exchange-Command: skip-pin` (2.2.1, 3.1) honoured only for an
//!   authenticated caller whose INVITE arrived over TLS, stripped or refused otherwise.
//! * [`play_on_phone`]: the Play-On-Phone INVITE UM sends to play a voice message on the
//!   user's phone (1.3, 2.2.2, 2.2.5, 3.2), built and recognised.
//! * [`recording`]: Subject and Priority, recorded into the voice message (2.2.3, 2.2.4).
//! * [`redirect`]: UM answers the first INVITE with a 302 to a worker process; the next
//!   INVITE goes there.

mod error;
pub mod play_on_phone;
pub mod recording;
pub mod redirect;
pub mod skip_pin;
pub mod transport;

pub use error::UmError;
pub use play_on_phone::{PlayOnPhone, PlayOnPhoneInfo, is_play_on_phone};
pub use recording::{Recording, UmPriority};
pub use redirect::{Redirected, follow_redirect};
pub use skip_pin::{Arrival, SkipPin, SkipPinPolicy, guard_skip_pin};
pub use transport::require_connection;

#[cfg(test)]
mod tests;
