//! The `+sip.instance` UUID of a user agent that also uses an epid: a name-based UUID in the
//! EPID namespace (MS-SIPRE 3.3.3.1).

use super::error::IdentityError;
use crate::ext::{Epid, SipInstance};
use sha1::{Digest, Sha1};
use uuid::Uuid;

/// The namespace ID allocated to epids (MS-SIPRE 3.3.3.1 step 1).
pub const EPID_NAMESPACE: Uuid = Uuid::from_u128(0xfcacfb03_8a73_46ef_91b1_e5ebeeaba4fe);

/// The octets hashed for `epid` (MS-SIPRE 3.3.3.1 steps 1, 3 and 4): the namespace ID in its
/// in-memory GUID layout (`time_low`, `time_mid` and `time_hi_and_version` little-endian, as
/// the hash input printed in MS-SIPRE 4.2 shows), then the ASCII epid as written in the
/// header field.
pub fn hash_input(epid: &Epid) -> Vec<u8> {
    let mut input = EPID_NAMESPACE.to_bytes_le().to_vec();
    input.extend_from_slice(epid.as_str().as_bytes());
    input
}

/// The name-based UUID of `epid`, MS-SIPRE 3.3.3.1 steps 1-13.
pub fn instance_uuid(epid: &Epid) -> Uuid {
    // Steps 2 and 4: SHA-1 over the namespace ID and the name.
    // (hash_input's octets, fed without gathering them first.)
    let hash: [u8; 20] = Sha1::new()
        .chain_update(EPID_NAMESPACE.to_bytes_le())
        .chain_update(epid.as_str().as_bytes())
        .finalize()
        .into();
    // Steps 5-7, 9, 11, 12: octets 0-15 of the hash become the UUID's octets, field by field.
    let mut octets = [0u8; 16];
    for (o, h) in octets.iter_mut().zip(hash) {
        *o = h;
    }
    // Step 8: version 5 (0101) in bits 12-15 of time_hi_and_version, whose most significant
    // octet is octet 7 in the little-endian field layout.
    octets[7] = (octets[7] & 0x0f) | 0x50;
    // Step 10: bits 6 and 7 of clock_seq_hi_and_reserved set to 0 and 1 (the RFC 4122
    // variant).
    octets[8] = (octets[8] & 0x3f) | 0x80;
    // Step 13: the octets are the UUID in local (little-endian field) byte order.
    Uuid::from_bytes_le(octets)
}

/// The `+sip.instance` URN for an epid, e.g. `"01010101"` gives
/// `urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697` (MS-SIPRE 3.3.3.1, 4.2).
///
/// Refuses an epid that is empty, longer than 16 characters or has a character outside
/// `tokenchar` (MS-SIPRE 2.2.6).
pub fn instance_from_epid(epid: &str) -> Result<String, IdentityError> {
    let epid = Epid::parse(epid).map_err(IdentityError::BadEpid)?;
    Ok(SipInstance::from_uuid(instance_uuid(&epid))
        .urn()
        .to_owned())
}

/// Whether `instance` (a `urn:uuid:` URN) is the UUID derived from `epid`: the check a
/// registrar (MS-SIPRE 3.3.5.1) and a proxy (3.3.5.2) make when a message carries both. The
/// UUID's hex digits compare case-insensitively.
pub fn instance_matches_epid(instance: &str, epid: &str) -> Result<bool, IdentityError> {
    let epid = Epid::parse(epid).map_err(IdentityError::BadEpid)?;
    let instance = SipInstance::from_urn(instance).map_err(IdentityError::BadInstance)?;
    Ok(instance.uuid().uuid() == instance_uuid(&epid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_constant() {
        assert_eq!(
            EPID_NAMESPACE.to_string(),
            "fcacfb03-8a73-46ef-91b1-e5ebeeaba4fe"
        );
    }

    #[test]
    fn derives_version_5_rfc_4122_uuids() {
        for e in ["01010101", "x", "0123456789abcdef", "|~"] {
            let u = instance_uuid(&Epid::parse(e).unwrap());
            assert_eq!(u.get_version_num(), 5, "{e}");
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122, "{e}");
        }
    }

    #[test]
    fn epid_case_matters() {
        assert_ne!(
            instance_from_epid("1d19090aed").unwrap(),
            instance_from_epid("1D19090AED").unwrap()
        );
    }

    #[test]
    fn refuses_bad_epids() {
        assert!(matches!(
            instance_from_epid(""),
            Err(IdentityError::BadEpid(_))
        ));
        assert!(matches!(
            instance_from_epid("0123456789abcdef0"),
            Err(IdentityError::BadEpid(_))
        ));
        assert!(matches!(
            instance_from_epid("01 01"),
            Err(IdentityError::BadEpid(_))
        ));
        assert!(matches!(
            instance_matches_epid("urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697", ""),
            Err(IdentityError::BadEpid(_))
        ));
        assert!(matches!(
            instance_matches_epid("4b1682a8-f968-5701-83fc-7c6741dc6697", "01010101"),
            Err(IdentityError::BadInstance(_))
        ));
    }
}
