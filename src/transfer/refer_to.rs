//! The `Ms-Sensitivity` a REFER asks for: a header named in the `?headers` of its Refer-To
//! URI (MS-SIPRE 3.14.5, RFC 3515 2.1, RFC 3261 19.1.1).

use std::borrow::Cow;

use super::error::TransferError;
use crate::ext::MsSensitivity;
use crate::sip::uri_headers::uri_header;
use crate::sip::{ErrorKind, Message, NameAddr, SipError};

/// The `Ms-Sensitivity` found in a Refer-To URI: the value as the URI spells it (unescaped,
/// trimmed), and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferToSensitivity<'a> {
    pub text: Cow<'a, str>,
    pub sensitivity: MsSensitivity,
}

/// The `Ms-Sensitivity` in the headers of `refer`'s Refer-To URI, if it names one. A REFER
/// without one Refer-To, a Refer-To that does not parse, or a value outside MS-SIPRE 2.2.9
/// is an error (the REFER cannot be honoured as asked).
pub fn refer_to_sensitivity(
    refer: &Message,
) -> Result<Option<ReferToSensitivity<'_>>, TransferError> {
    if refer.method() != Some("REFER") {
        return Err(TransferError::WrongMessage(
            "the Refer-To is read from a REFER request",
        ));
    }
    let mut fields = refer.fields("Refer-To");
    let (Some(field), None) = (fields.next(), fields.next()) else {
        return Err(TransferError::BadReferTo(SipError::new(
            ErrorKind::BadValue,
            0,
            "a REFER carries exactly one Refer-To (RFC 3515 2.1)",
        )));
    };
    let target = NameAddr::parse(field).map_err(TransferError::BadReferTo)?;
    let Some(headers) = target.uri.headers else {
        return Ok(None);
    };
    let Some(raw) = uri_header(headers, MsSensitivity::NAME).map_err(TransferError::BadReferTo)?
    else {
        return Ok(None);
    };
    let sensitivity = MsSensitivity::parse(&raw).map_err(TransferError::BadSensitivity)?;
    let text = match raw {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    };
    Ok(Some(ReferToSensitivity { text, sensitivity }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::test_messages::request;

    fn refer_to(v: &str) -> Message {
        request("REFER", &[("Refer-To", v)])
    }

    #[test]
    fn the_sensitivity_is_read_from_the_uri_headers() {
        // MS-SIPRE 3.14.5: "If the Ms-Sensitivity header field is present in the headers
        // parameter of the URI in the Refer-To header field".
        let r = refer_to("<sip:carol@contoso.com?Ms-Sensitivity=private-no-diversion>");
        let s = refer_to_sensitivity(&r).unwrap().unwrap();
        assert_eq!(s.sensitivity, MsSensitivity::PrivateNoDiversion);
        assert_eq!(s.text, "private-no-diversion");
        let r = refer_to("<sip:carol@contoso.com?subject=x&ms-sensitivity=%20Private>");
        let s = refer_to_sensitivity(&r).unwrap().unwrap();
        assert_eq!(
            (s.sensitivity, &*s.text),
            (MsSensitivity::Private, "Private")
        );
        let r = request(
            "REFER",
            &[("r", "<sip:carol@contoso.com?Ms-Sensitivity=normal>")],
        );
        assert!(refer_to_sensitivity(&r).unwrap().is_some());
    }

    #[test]
    fn no_sensitivity_is_none_and_bad_ones_are_errors() {
        assert_eq!(
            refer_to_sensitivity(&refer_to("<sip:carol@contoso.com>")).unwrap(),
            None
        );
        assert_eq!(
            refer_to_sensitivity(&refer_to("<sip:carol@contoso.com?Subject=x>")).unwrap(),
            None
        );
        let bad = |v: &str| refer_to_sensitivity(&refer_to(v)).unwrap_err();
        assert!(matches!(
            bad("<sip:carol@contoso.com?Ms-Sensitivity=secret>"),
            TransferError::BadSensitivity(_)
        ));
        assert!(matches!(
            bad("<sip:carol@contoso.com?Ms-Sensitivity=%zz>"),
            TransferError::BadReferTo(_)
        ));
        assert!(matches!(bad("<not a uri"), TransferError::BadReferTo(_)));
        assert!(matches!(
            refer_to_sensitivity(&request("REFER", &[])).unwrap_err(),
            TransferError::BadReferTo(_)
        ));
        assert!(matches!(
            refer_to_sensitivity(&request("INVITE", &[])).unwrap_err(),
            TransferError::WrongMessage(_)
        ));
    }
}
