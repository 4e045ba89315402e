//! The anonymization mark: `Ms-Call-Info: Rgs.Anonymization` (MS-SIPRE 2.2.20, 3.16.1.1,
//! 3.16.5.1).

use super::error::AnonymityError;
use crate::ext::MsCallInfo;
use crate::sip::Message;

/// An INVITE request, or a response other than 100 to an INVITE (a response to the request
/// that establishes the dialog).
fn is_invite_or_its_response(msg: &Message) -> bool {
    match msg.method() {
        Some(m) => m == "INVITE",
        None => {
            msg.status().is_some_and(|s| s > 100)
                && msg
                    .cseq()
                    .and_then(|c| c.ok())
                    .is_some_and(|c| c.method == "INVITE")
        }
    }
}

/// Marks an outgoing INVITE or response to an INVITE as anonymized: one `Ms-Call-Info:
/// Rgs.Anonymization` field (MS-SIPRE 3.16.1.1: "A server (2) endpoint (5) SHOULD add the
/// Ms-Call-Info header to outgoing SIP INVITE and SIP responses to communicate the fact that
/// the call is anonymized"; 3.16.5.1 for responses). Call it when the host anonymizes the
/// call. A message that carries exactly that field already is left byte for byte; other
/// `Ms-Call-Info` fields are replaced. On error the message is unchanged.
pub fn mark_anonymized(msg: &mut Message) -> Result<(), AnonymityError> {
    if !is_invite_or_its_response(msg) {
        return Err(AnonymityError::NotInvite);
    }
    let already = {
        let mut fields = msg.fields(MsCallInfo::NAME);
        matches!(
            (fields.next().map(MsCallInfo::parse), fields.next()),
            (Some(Ok(MsCallInfo::RgsAnonymization)), None)
        )
    };
    if already {
        return Ok(());
    }
    msg.edit(|e| {
        e.remove_all(MsCallInfo::NAME)?;
        e.add_header(MsCallInfo::NAME, MsCallInfo::RgsAnonymization.as_str())
    })?;
    Ok(())
}

/// True when `msg` says the call is anonymized: an `Ms-Call-Info` field holds
/// `Rgs.Anonymization` in any case. Fields with other values are ignored (MS-SIPRE 2.2.20:
/// "the header SHOULD be ignored"; 3.16.1.1: "Client endpoints (5) SHOULD ignore any other
/// value").
pub fn is_anonymized(msg: &Message) -> bool {
    msg.fields(MsCallInfo::NAME)
        .any(|v| MsCallInfo::parse(v).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::test_messages::{request, response};

    #[test]
    fn outgoing_invites_and_responses_are_marked_once() {
        // MS-SIPRE 3.16.1.1 / 3.16.5.1: INVITE and responses to new dialogs.
        let mut invite = request("INVITE", &[]);
        mark_anonymized(&mut invite).unwrap();
        assert_eq!(invite.header("Ms-Call-Info"), Some("Rgs.Anonymization"));
        let once = invite.as_bytes().to_vec();
        mark_anonymized(&mut invite).unwrap();
        assert_eq!(invite.as_bytes(), &once[..]);
        for code in [180, 200, 486] {
            let mut r = response(code, "INVITE");
            mark_anonymized(&mut r).unwrap();
            assert!(is_anonymized(&r));
        }
        // Another value is replaced by the one of 2.2.20.
        let mut other = request("INVITE", &[("Ms-Call-Info", "x"), ("Ms-Call-Info", "y")]);
        mark_anonymized(&mut other).unwrap();
        assert_eq!(
            other.values("Ms-Call-Info").collect::<Vec<_>>(),
            ["Rgs.Anonymization"]
        );
    }

    #[test]
    fn other_messages_are_refused_unchanged() {
        for mut m in [
            request("BYE", &[]),
            response(100, "INVITE"),
            response(200, "BYE"),
        ] {
            let before = m.as_bytes().to_vec();
            assert_eq!(mark_anonymized(&mut m), Err(AnonymityError::NotInvite));
            assert_eq!(m.as_bytes(), &before[..]);
        }
    }

    #[test]
    fn other_values_are_ignored_by_the_reader() {
        // MS-SIPRE 2.2.20 / 3.16.1.1: any other value SHOULD be ignored.
        assert!(is_anonymized(&request(
            "INVITE",
            &[("Ms-Call-Info", "rgs.anonymization")]
        )));
        assert!(!is_anonymized(&request(
            "INVITE",
            &[("Ms-Call-Info", "rgs.other")]
        )));
        assert!(!is_anonymized(&request("INVITE", &[])));
    }
}
