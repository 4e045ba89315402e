//! Advertising safe call transfer (MS-SIPRE 3.14.4): the `ms-safe-transfer` option tag in
//! the `Supported` header of the INVITE and of the 200 OK to it.

use super::error::TransferError;
use crate::sip::Message;
use crate::sip::supported::{add_supported, lists_supported};

/// The option tag of MS-SIPRE 3.14.4.
pub const OPTION_TAG: &str = "ms-safe-transfer";

fn is_invite(msg: &Message) -> bool {
    match msg.method() {
        Some(m) => m == "INVITE",
        None => msg
            .cseq()
            .and_then(|c| c.ok())
            .is_some_and(|c| c.method == "INVITE"),
    }
}

/// Adds `Supported: ms-safe-transfer` to an INVITE request or a 200 response to an INVITE,
/// unless it lists the tag already (MS-SIPRE 3.14.4: "MUST advertise this by placing the
/// ms-safe-transfer option tag in the Supported header of both the INVITE request and the
/// 200 OK response"). Any other message is an error and stays as it was.
pub fn advertise(msg: &mut Message) -> Result<(), TransferError> {
    if !is_invite(msg) || !(msg.is_request() || msg.status() == Some(200)) {
        return Err(TransferError::WrongMessage(
            "ms-safe-transfer is advertised on an INVITE request or its 200 OK",
        ));
    }
    add_supported(msg, OPTION_TAG)?;
    Ok(())
}

/// True when `msg` lists `ms-safe-transfer` in `Supported` (option tags compare
/// case-insensitively, RFC 3261 19.2): the peer takes part in safe transfer.
pub fn is_advertised(msg: &Message) -> bool {
    lists_supported(msg, OPTION_TAG)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::test_messages::{request, response};

    #[test]
    fn the_tag_goes_on_the_invite_and_its_200_once() {
        // MS-SIPRE 3.14.4: both the INVITE request and the 200 OK response.
        let mut invite = request("INVITE", &[("Supported", "timer")]);
        advertise(&mut invite).unwrap();
        assert!(is_advertised(&invite));
        assert_eq!(
            invite.values("Supported").collect::<Vec<_>>(),
            ["timer", "ms-safe-transfer"]
        );
        advertise(&mut invite).unwrap();
        assert_eq!(invite.count("Supported"), 2);
        let mut ok = response(200, "INVITE");
        advertise(&mut ok).unwrap();
        assert_eq!(ok.header("Supported"), Some("ms-safe-transfer"));
        assert!(is_advertised(&request(
            "INVITE",
            &[("k", "MS-Safe-Transfer")]
        )));
    }

    #[test]
    fn other_messages_are_refused_unchanged() {
        for mut m in [
            request("REFER", &[]),
            response(180, "INVITE"),
            response(202, "INVITE"),
            response(200, "REFER"),
        ] {
            let before = m.as_bytes().to_vec();
            assert!(matches!(
                advertise(&mut m),
                Err(TransferError::WrongMessage(_))
            ));
            assert_eq!(m.as_bytes(), &before[..]);
        }
        assert!(!is_advertised(&request("INVITE", &[])));
    }
}
