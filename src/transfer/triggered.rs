//! The INVITE a REFER triggers takes the REFER's `Ms-Sensitivity` (MS-SIPRE 3.14.5).

use super::error::TransferError;
use super::refer_to::refer_to_sensitivity;
use crate::ext::MsSensitivity;
use crate::sip::Message;

/// Copies the `Ms-Sensitivity` named in `refer`'s Refer-To URI into `invite`, the INVITE
/// this user agent generates as the result of processing the REFER (MS-SIPRE 3.14.5: "the
/// user agent MUST extract the Ms-Sensitivity header field and its value and add it to the
/// INVITE request"). An `Ms-Sensitivity` already in `invite` is replaced; with none in the
/// Refer-To, `invite` is left as it is. Returns what was copied. Call it for a REFER received
/// in an INVITE dialog where this user agent advertised `ms-safe-transfer` ([`super::advertise`]).
/// On error `invite` is unchanged.
pub fn copy_sensitivity(
    refer: &Message,
    invite: &mut Message,
) -> Result<Option<MsSensitivity>, TransferError> {
    if invite.method() != Some("INVITE") {
        return Err(TransferError::WrongMessage(
            "the triggered request is an INVITE",
        ));
    }
    let Some(found) = refer_to_sensitivity(refer)? else {
        return Ok(None);
    };
    invite.edit(|e| {
        e.remove_all(MsSensitivity::NAME)?;
        e.add_header(MsSensitivity::NAME, &found.text)
    })?;
    Ok(Some(found.sensitivity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::test_messages::request;

    #[test]
    fn copied_into_the_triggered_invite_replacing_one_there() {
        let refer = request(
            "REFER",
            &[(
                "Refer-To",
                "<sip:carol@contoso.com?Ms-Sensitivity=normal-no-diversion>",
            )],
        );
        let mut invite = request("INVITE", &[("Ms-Sensitivity", "private")]);
        assert_eq!(
            copy_sensitivity(&refer, &mut invite).unwrap(),
            Some(MsSensitivity::NormalNoDiversion)
        );
        assert_eq!(
            invite.values("Ms-Sensitivity").collect::<Vec<_>>(),
            ["normal-no-diversion"]
        );

        let plain = request("REFER", &[("Refer-To", "<sip:carol@contoso.com>")]);
        let mut invite = request("INVITE", &[]);
        let before = invite.as_bytes().to_vec();
        assert_eq!(copy_sensitivity(&plain, &mut invite).unwrap(), None);
        assert_eq!(invite.as_bytes(), &before[..]);
    }

    #[test]
    fn errors_leave_the_invite_unchanged() {
        let bad = request(
            "REFER",
            &[("Refer-To", "<sip:c@contoso.com?Ms-Sensitivity=x>")],
        );
        let mut invite = request("INVITE", &[]);
        let before = invite.as_bytes().to_vec();
        assert!(copy_sensitivity(&bad, &mut invite).is_err());
        assert_eq!(invite.as_bytes(), &before[..]);
        let good = request(
            "REFER",
            &[("Refer-To", "<sip:c@contoso.com?Ms-Sensitivity=private>")],
        );
        assert!(matches!(
            copy_sensitivity(&good, &mut request("BYE", &[])),
            Err(TransferError::WrongMessage(_))
        ));
    }
}
