//! The user-agent GRUU a registrar hands to an endpoint (MS-SIPRE 2.2.2, 3.4.5.1).

use super::encoded_uuid;
use super::error::IdentityError;
use crate::ext::{Aor, ExtError, Gruu, SipInstance};

/// The user-agent GRUU of `aor` for `instance`: `aor;gruu;opaque=user:epid:<encoded-uuid-val>`
/// (MS-SIPRE 2.2.2 `user-agent-gruu`, 3.4.5.1), in the form MS-SIPRE 4.3 prints.
///
/// `aor` is `sip:user@host` (no port, parameters or headers); `instance` is the
/// `urn:uuid:...` value of the endpoint's `+sip.instance`. For
/// `("sip:alice@contoso.com", "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697")` the result is
/// `sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA`.
pub fn user_agent_gruu(aor: &str, instance: &str) -> Result<String, IdentityError> {
    let aor = Aor::parse(aor).map_err(IdentityError::BadAor)?;
    let instance = SipInstance::from_urn(instance).map_err(IdentityError::BadInstance)?;
    let encoded = encoded_uuid::encode(instance.uuid().uuid());
    let gruu = Gruu::user_agent(aor, &encoded).map_err(IdentityError::BadGruu)?;
    Ok(gruu.to_string())
}

/// [`user_agent_gruu`] of an address-of-record and an instance UUID already read: the same
/// text, written directly (a registrar mints one for every Contact of every REGISTER, so it
/// skips reading back what it has just read).
pub(crate) fn user_agent_gruu_of(aor: &Aor, uuid: uuid::Uuid) -> String {
    let encoded = encoded_uuid::encode(uuid);
    let mut gruu = String::with_capacity(aor.as_str().len() + 23 + encoded.len());
    gruu.push_str(aor.as_str());
    gruu.push_str(";gruu;opaque=user:epid:");
    gruu.push_str(&encoded);
    gruu
}

/// The `+sip.instance` URN (`urn:uuid:...`, lower-case) a user-agent GRUU was made for: the
/// reverse of [`user_agent_gruu`], for a proxy that maps a GRUU back to a registered
/// endpoint (MS-SIPRE 3.4.5.2).
pub fn instance_from_gruu(gruu: &str) -> Result<String, IdentityError> {
    let parsed = Gruu::parse(gruu).map_err(IdentityError::BadGruu)?;
    let Gruu::UserAgent { encoded_uuid, .. } = parsed else {
        return Err(IdentityError::BadGruu(ExtError::new(
            "GRUU: opaque is not user:epid:<encoded-uuid-val>",
            0,
        )));
    };
    let uuid = encoded_uuid::decode(&encoded_uuid).ok_or(IdentityError::BadGruu(ExtError::new(
        "encoded-uuid-val: not the 24-character encoding of a UUID",
        0,
    )))?;
    Ok(SipInstance::from_uuid(uuid).urn().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minting_from_parts_gives_the_same_text() {
        for aor in [
            "sip:alice@contoso.com",
            "sip:bob.smith@sub.example.org",
            "sip:%61x@192.0.2.1",
        ] {
            for inst in [
                "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697",
                "urn:uuid:00000000-0000-0000-0000-000000000000",
                "urn:uuid:ffffffff-ffff-ffff-ffff-ffffffffffff",
            ] {
                let uuid = SipInstance::from_urn(inst).unwrap().uuid().uuid();
                let parsed = Aor::parse(aor).unwrap();
                assert_eq!(
                    user_agent_gruu_of(&parsed, uuid),
                    user_agent_gruu(aor, inst).unwrap(),
                    "{aor} {inst}"
                );
            }
        }
    }

    #[test]
    fn refuses_bad_input() {
        let inst = "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697";
        for aor in [
            "",
            "alice@contoso.com",
            "sips:alice@contoso.com",
            "sip:contoso.com",
            "sip:alice@contoso.com;gruu",
        ] {
            assert!(
                matches!(user_agent_gruu(aor, inst), Err(IdentityError::BadAor(_))),
                "{aor}"
            );
        }
        for bad in [
            "",
            "4b1682a8-f968-5701-83fc-7c6741dc6697",
            "<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>",
            "urn:uuid:4b1682a8",
        ] {
            assert!(
                matches!(
                    user_agent_gruu("sip:alice@contoso.com", bad),
                    Err(IdentityError::BadInstance(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            instance_from_gruu("sip:alice@contoso.com;gruu;opaque=app:voicemail"),
            Err(IdentityError::BadGruu(_))
        ));
        assert!(matches!(
            instance_from_gruu("sip:alice@contoso.com"),
            Err(IdentityError::BadGruu(_))
        ));
    }
}
