//! The redirect to a worker. The unified messaging server answers the first INVITE with a 302
//! whose Contact names one of its worker processes (ports 5065-5067 in deployments); the PBX
//! sends the INVITE again there, as RFC 3261 8.1.3.4 says, over TCP or TLS (MS-OCEXUM 2.1).

use super::error::UmError;
use super::transport::require_connection;
use crate::sip::next_attempt::next_attempt;
use crate::sip::peer::Transport;
use crate::sip::{Message, NameAddr};

/// The INVITE to send next, and the transport its Request-URI names.
#[derive(Debug, Clone)]
pub struct Redirected {
    /// `invite` aimed at the worker: Request-URI the 302's Contact URI, CSeq one higher, no
    /// top Via (the host adds its own, with a new branch).
    pub invite: Message,
    /// The `transport` parameter of the Contact URI (TLS for a `sips:` URI); `None` when it
    /// names none, and the host uses the transport it reached UM over.
    pub transport: Option<Transport>,
}

/// Follows `response`, UM's 301 / 302 to `invite`, to the worker its first Contact names.
///
/// Errors: [`UmError::NotRedirect`] for a response that is not a 301 / 302, not to this
/// INVITE (Call-ID and CSeq), or without a Contact; [`UmError::Transport`] for a Contact that
/// names UDP (2.1); [`UmError::Sip`] for a malformed Contact or CSeq.
pub fn follow_redirect(invite: &Message, response: &Message) -> Result<Redirected, UmError> {
    if !matches!(response.status(), Some(301 | 302)) {
        return Err(UmError::NotRedirect("not a 301 or 302 response"));
    }
    if invite.method() != Some("INVITE") {
        return Err(UmError::NotRedirect("the request is not an INVITE"));
    }
    let same_call = response.call_id().is_some() && response.call_id() == invite.call_id();
    fn seq(m: &Message) -> Option<(u32, &str)> {
        m.cseq().and_then(|c| c.ok()).map(|c| (c.seq, c.method))
    }
    if !same_call || seq(response).is_none() || seq(response) != seq(invite) {
        return Err(UmError::NotRedirect(
            "the response does not answer this INVITE (Call-ID or CSeq)",
        ));
    }
    let contact: NameAddr<'_> = response
        .contacts()
        .next()
        .ok_or(UmError::NotRedirect("the redirect has no Contact"))??;
    let transport = if contact.uri.scheme_str().eq_ignore_ascii_case("sips") {
        Some(Transport::Tls)
    } else {
        match contact.uri.params.value("transport") {
            None => None,
            Some(t) => Some(
                [Transport::Tcp, Transport::Tls, Transport::Udp]
                    .into_iter()
                    .find(|k| k.is_named(t))
                    .ok_or(UmError::NotRedirect(
                        "the Contact names a transport that is not TCP or TLS",
                    ))?,
            ),
        }
    };
    if let Some(t) = transport {
        require_connection(t)?;
    }
    let target = match contact.uri.raw.split_once('?') {
        Some((uri, _headers)) => uri,
        None => contact.uri.raw,
    };
    let mut next = next_attempt(invite)?;
    next.set_request_uri(target)?;
    Ok(Redirected {
        invite: next,
        transport,
    })
}
