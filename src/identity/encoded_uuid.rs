//! `encoded-uuid-val`: how a registrar writes an instance UUID into a user-agent GRUU
//! (MS-SIPRE 2.2.1, 3.4.5.1).
//!
//! MS-SIPRE 3.4.5.1 leaves the encoding to the registrar, asks only for URI-parameter-safe
//! output, and names RFC 3548 section 4 as an example. The GRUUs printed in section 4 fix the
//! rest: `qIIWS2j5AVeD_HxnQdxmlwAA` (MS-SIPRE 4.3, for the instance of epid `01010101`)
//! decodes to the UUID's 16 octets in the in-memory GUID layout of MS-SIPRE 3.3.3.1 step 13
//! (`time_low`, `time_mid`, `time_hi_and_version` little-endian) followed by two zero octets.
//! 18 octets make exactly 24 characters, so no `=` padding (not a `paramchar`) is needed.
//!
//! The rule reproduces every user-agent GRUU of section 4 whose instance is known, except
//! where the printed value has a typo (4.6 drops a `-` from Bob's value; 4.10 and 4.14 flip
//! the case of letters); tests/identity_gruu.rs proves each one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

/// Length of an encoded UUID: 18 octets in base 64.
pub const ENCODED_UUID_LEN: usize = 24;

/// The `encoded-uuid-val` of `uuid`.
pub fn encode(uuid: Uuid) -> String {
    let mut octets = [0u8; 18];
    for (o, u) in octets.iter_mut().zip(uuid.to_bytes_le()) {
        *o = u;
    }
    URL_SAFE_NO_PAD.encode(octets)
}

/// The UUID an `encoded-uuid-val` stands for; `None` when the text is not the 24-character
/// encoding [`encode`] produces (wrong length, characters outside the RFC 3548 section 4
/// alphabet, or non-zero trailing octets).
pub fn decode(text: &str) -> Option<Uuid> {
    if text.len() != ENCODED_UUID_LEN {
        return None;
    }
    let octets = URL_SAFE_NO_PAD.decode(text).ok()?;
    let (uuid, tail) = octets.split_at_checked(16)?;
    if tail != [0, 0] {
        return None;
    }
    let mut le = [0u8; 16];
    le.copy_from_slice(uuid);
    Some(Uuid::from_bytes_le(le))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_value_for_epid_01010101() {
        let u = Uuid::parse_str("4b1682a8-f968-5701-83fc-7c6741dc6697").unwrap();
        assert_eq!(encode(u), "qIIWS2j5AVeD_HxnQdxmlwAA");
        assert_eq!(decode("qIIWS2j5AVeD_HxnQdxmlwAA"), Some(u));
    }

    #[test]
    fn round_trips_and_refuses_other_text() {
        for u in [
            Uuid::nil(),
            Uuid::max(),
            Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210),
        ] {
            let e = encode(u);
            assert_eq!(e.len(), ENCODED_UUID_LEN);
            assert!(e.ends_with("AA"));
            assert_eq!(decode(&e), Some(u));
        }
        assert_eq!(decode(""), None);
        assert_eq!(decode("qIIWS2j5AVeD_HxnQdxmlw"), None); // 22 characters: padding dropped
        assert_eq!(decode("qIIWS2j5AVeD_HxnQdxmlwAB"), None); // trailing octet not zero
        assert_eq!(decode("qIIWS2j5AVeD_HxnQdxmlw=="), None);
        assert_eq!(decode("qIIWS2j5AVeD/HxnQdxmlwAA"), None);
        assert_eq!(decode("qIIWS2j5AVeD_HxnQdxmlwAAAAAA"), None);
    }
}
