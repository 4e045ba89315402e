//! Calls on behalf of another identity: `P-Agent-On-Behalf-Of` checked against
//! `P-Asserted-Identity` (MS-SIPRE 2.2.21, 3.16.1.2, 3.16.5.1).

use super::error::AnonymityError;
use crate::sip::{ErrorKind, Message, NameAddr, SipError, Uri};

/// The header field name of MS-SIPRE 2.2.21.
pub const P_AGENT_ON_BEHALF_OF: &str = "P-Agent-On-Behalf-Of";

/// What the host's permission check is asked: may `requestor` (the URI of the INVITE's
/// first `P-Asserted-Identity`, RFC 3325 9.1) call on behalf of `on_behalf_of` (the URI of
/// its `P-Agent-On-Behalf-Of`)?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnBehalfRequest<'a> {
    pub requestor: &'a str,
    pub on_behalf_of: &'a str,
}

/// The outcome of [`check_on_behalf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnBehalf {
    /// The INVITE has no `P-Agent-On-Behalf-Of`: nothing to check.
    NotRequested,
    /// The host permits it: proceed with the call (and mark the response with
    /// [`super::mark_anonymized`] when the call is made anonymously, MS-SIPRE 3.16.5.1).
    Permitted {
        requestor: String,
        on_behalf_of: String,
    },
    /// Decline the INVITE with `status` (403, or 400 for a header that does not parse) and
    /// `reason`.
    Declined { status: u16, reason: &'static str },
}

fn declined(status: u16, reason: &'static str) -> OnBehalf {
    OnBehalf::Declined { status, reason }
}

/// Names the identity a client calls on behalf of (MS-SIPRE 3.16.1.2: "When a client
/// endpoint (5) makes a call on behalf of an identity, it MUST use the P-Agent-On-Behalf-Of
/// header"): sets the one `P-Agent-On-Behalf-Of` of `invite` to `uri`, written as the
/// addr-spec 4.13 shows, or in angle brackets when the URI holds `;`, `?` or `,` (which an
/// addr-spec would give away to the header, RFC 3261 20). On error `invite` is unchanged.
pub fn set_on_behalf_of(invite: &mut Message, uri: &str) -> Result<(), AnonymityError> {
    if invite.method() != Some("INVITE") {
        return Err(AnonymityError::NotInvite);
    }
    let parsed = Uri::parse(uri).map_err(AnonymityError::Sip)?;
    if parsed.raw != uri {
        return Err(AnonymityError::Sip(SipError::new(
            ErrorKind::InvalidArgument,
            0,
            "not a whole URI",
        )));
    }
    let value = if uri.contains([';', '?', ',']) {
        format!("<{uri}>")
    } else {
        uri.to_string()
    };
    invite.edit(|e| {
        e.remove_all(P_AGENT_ON_BEHALF_OF)?;
        e.add_header(P_AGENT_ON_BEHALF_OF, &value)
    })?;
    Ok(())
}

/// Checks an INVITE's `P-Agent-On-Behalf-Of` (MS-SIPRE 3.16.5.1: "it SHOULD validate that
/// the requestor, which is identified by the P-Asserted-Identity header ... has permission to
/// make on-behalf-of requests. If the P-Asserted-Identity header is not present or the
/// requestor does not have the required permission, the request SHOULD be declined with a 403
/// response"). `permit` is the host's permission check; it is called only when both headers
/// are there and parse. A `P-Agent-On-Behalf-Of` that is not one name-addr or addr-spec
/// (2.2.21) is declined with 400.
pub fn check_on_behalf(
    invite: &Message,
    permit: impl FnOnce(&OnBehalfRequest<'_>) -> bool,
) -> Result<OnBehalf, AnonymityError> {
    if invite.method() != Some("INVITE") {
        return Err(AnonymityError::NotInvite);
    }
    let mut agents = invite.fields(P_AGENT_ON_BEHALF_OF);
    let Some(agent) = agents.next() else {
        return Ok(OnBehalf::NotRequested);
    };
    if agents.next().is_some() {
        return Ok(declined(400, "P-Agent-On-Behalf-Of appears more than once"));
    }
    let Ok(agent) = NameAddr::parse(agent) else {
        return Ok(declined(
            400,
            "P-Agent-On-Behalf-Of is not a name-addr or addr-spec",
        ));
    };
    let requestor = invite
        .value("P-Asserted-Identity", 0)
        .and_then(|v| NameAddr::parse(v).ok());
    let Some(requestor) = requestor else {
        return Ok(declined(
            403,
            "on-behalf-of call without P-Asserted-Identity",
        ));
    };
    let ask = OnBehalfRequest {
        requestor: requestor.uri.raw,
        on_behalf_of: agent.uri.raw,
    };
    if !permit(&ask) {
        return Ok(declined(
            403,
            "requestor may not call on behalf of this identity",
        ));
    }
    Ok(OnBehalf::Permitted {
        requestor: ask.requestor.to_string(),
        on_behalf_of: ask.on_behalf_of.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::test_messages::request;

    const AGENT: (&str, &str) = ("P-Agent-On-Behalf-Of", "<sip:Helpdesk@contoso.com>");
    const PAI: (&str, &str) = ("P-Asserted-Identity", "\"Bob\" <sip:Bob@contoso.com>");

    #[test]
    fn the_host_decides_for_the_asserted_requestor() {
        // MS-SIPRE 3.16.5.1: validate the requestor of P-Asserted-Identity.
        let invite = request("INVITE", &[AGENT, PAI]);
        let mut asked = Vec::new();
        let v = check_on_behalf(&invite, |r| {
            asked.push((r.requestor.to_string(), r.on_behalf_of.to_string()));
            true
        })
        .unwrap();
        assert_eq!(
            asked,
            [(
                "sip:Bob@contoso.com".to_string(),
                "sip:Helpdesk@contoso.com".to_string()
            )]
        );
        assert!(
            matches!(v, OnBehalf::Permitted { ref requestor, .. } if requestor == "sip:Bob@contoso.com")
        );
        // "the requestor does not have the required permission": 403.
        assert_eq!(
            check_on_behalf(&invite, |_| false).unwrap(),
            declined(403, "requestor may not call on behalf of this identity")
        );
    }

    #[test]
    fn without_p_asserted_identity_the_call_is_declined_403() {
        // MS-SIPRE 3.16.5.1: "If the P-Asserted-Identity header is not present ... declined
        // with a 403 response"; the host is not asked.
        let invite = request("INVITE", &[AGENT]);
        let v = check_on_behalf(&invite, |_| panic!("not asked")).unwrap();
        assert!(matches!(v, OnBehalf::Declined { status: 403, .. }));
        let junk = request("INVITE", &[AGENT, ("P-Asserted-Identity", "<<>")]);
        assert!(matches!(
            check_on_behalf(&junk, |_| true).unwrap(),
            OnBehalf::Declined { status: 403, .. }
        ));
    }

    #[test]
    fn the_client_names_the_identity_once() {
        // MS-SIPRE 3.16.1.2: the client MUST use P-Agent-On-Behalf-Of.
        let mut invite = request(
            "INVITE",
            &[("P-Agent-On-Behalf-Of", "<sip:old@contoso.com>")],
        );
        set_on_behalf_of(&mut invite, "sip:Helpdesk@contoso.com").unwrap();
        assert_eq!(
            invite.values(P_AGENT_ON_BEHALF_OF).collect::<Vec<_>>(),
            ["sip:Helpdesk@contoso.com"]
        );
        set_on_behalf_of(&mut invite, "sip:desk@contoso.com;user=x").unwrap();
        assert_eq!(
            invite.header(P_AGENT_ON_BEHALF_OF),
            Some("<sip:desk@contoso.com;user=x>")
        );
        let before = invite.as_bytes().to_vec();
        assert!(set_on_behalf_of(&mut invite, "not a uri").is_err());
        assert!(set_on_behalf_of(&mut invite, "sip:a@b\r\nX: y").is_err());
        assert_eq!(invite.as_bytes(), &before[..]);
        assert_eq!(
            set_on_behalf_of(&mut request("MESSAGE", &[]), "sip:a@b"),
            Err(AnonymityError::NotInvite)
        );
    }

    #[test]
    fn no_header_nothing_to_check_and_bad_headers_400() {
        let plain = request("INVITE", &[PAI]);
        assert_eq!(
            check_on_behalf(&plain, |_| panic!("not asked")).unwrap(),
            OnBehalf::NotRequested
        );
        let twice = request("INVITE", &[AGENT, AGENT, PAI]);
        assert!(matches!(
            check_on_behalf(&twice, |_| true).unwrap(),
            OnBehalf::Declined { status: 400, .. }
        ));
        let bad = request("INVITE", &[("P-Agent-On-Behalf-Of", "<sip:x"), PAI]);
        assert!(matches!(
            check_on_behalf(&bad, |_| true).unwrap(),
            OnBehalf::Declined { status: 400, .. }
        ));
        // MS-SIPRE 2.2.21: "This header SHOULD be present only in a SIP INVITE."
        assert_eq!(
            check_on_behalf(&request("MESSAGE", &[AGENT, PAI]), |_| true),
            Err(AnonymityError::NotInvite)
        );
    }
}
