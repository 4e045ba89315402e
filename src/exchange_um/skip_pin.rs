//! `Ms-Exchange-Command: skip-pin` (MS-OCEXUM 2.2.1, 3.1): asks the voice mail server not to
//! prompt for the PIN. The server skips the prompt when the INVITE reaches it over a trusted
//! transport such as TLS, trusting the authentication of whoever sent it there; and the client
//! MUST have been authenticated by the SIP server before it may set it (2.2.1). So a PBX in
//! front of voice mail lets it through only for an authenticated caller whose INVITE arrived
//! over TLS: a caller over plain TCP must never skip the PIN.

use super::error::UmError;
use super::transport::require_connection;
use crate::sip::Message;
use crate::sip::peer::Transport;
use crate::sip::scan::trim_lws;

/// The header field name.
pub const MS_EXCHANGE_COMMAND: &str = "Ms-Exchange-Command";
/// The one command of 2.2.1.
pub const SKIP_PIN: &str = "skip-pin";

/// How the INVITE reached the host, as the host knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub transport: Transport,
    /// The host authenticated the sender (2.2.1: the client MUST be authenticated by the SIP
    /// server before it sets `skip-pin`).
    pub authenticated: bool,
}

/// What to do with a `skip-pin` that cannot be honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SkipPinPolicy {
    /// Remove the header field and let the call go on (the caller is prompted for the PIN).
    #[default]
    Strip,
    /// Refuse the INVITE ([`UmError::SkipPinRefused`]; answer 403).
    Refuse,
}

/// What [`guard_skip_pin`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipPin {
    /// No `Ms-Exchange-Command`.
    Absent,
    /// `skip-pin` from an authenticated caller over TLS, kept.
    Honoured,
    /// `skip-pin` that could not be honoured, removed.
    Stripped,
}

/// Applies 2.2.1 / 3.1 to a request arriving at the host: `skip-pin` stays on an INVITE from
/// an authenticated sender over TLS; anywhere else (TCP, not authenticated, not an INVITE) it
/// is removed, or the request refused under [`SkipPinPolicy::Refuse`].
///
/// Errors: [`UmError::Transport`] for an arrival over UDP (2.1); [`UmError::BadCommand`] for a
/// value other than `skip-pin` or several fields; [`UmError::SkipPinRefused`]; an edit error.
/// On an error the message is unchanged.
pub fn guard_skip_pin(
    msg: &mut Message,
    arrival: Arrival,
    policy: SkipPinPolicy,
) -> Result<SkipPin, UmError> {
    require_connection(arrival.transport)?;
    let (count, is_skip_pin) = {
        let mut fields = msg.fields(MS_EXCHANGE_COMMAND);
        let first = fields.next();
        let more = fields.count();
        let skip = first.is_some_and(|v| trim_lws(v).eq_ignore_ascii_case(SKIP_PIN));
        (first.map_or(0, |_| 1 + more), skip)
    };
    if count == 0 {
        return Ok(SkipPin::Absent);
    }
    if count > 1 {
        return Err(UmError::BadCommand(
            "Ms-Exchange-Command appears more than once",
        ));
    }
    if !is_skip_pin {
        return Err(UmError::BadCommand(
            "Ms-Exchange-Command: the only command is skip-pin (MS-OCEXUM 2.2.1)",
        ));
    }
    let trusted = arrival.transport == Transport::Tls
        && arrival.authenticated
        && msg.method() == Some("INVITE");
    if trusted {
        return Ok(SkipPin::Honoured);
    }
    if policy == SkipPinPolicy::Refuse {
        return Err(UmError::SkipPinRefused(
            "skip-pin from a caller not authenticated over TLS (MS-OCEXUM 2.2.1, 3.1)",
        ));
    }
    msg.remove_all(MS_EXCHANGE_COMMAND)?;
    Ok(SkipPin::Stripped)
}
