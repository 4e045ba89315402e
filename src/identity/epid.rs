//! Making an endpoint identifier (MS-SIPRE 3.2.1, 3.2.3.1).

use super::error::IdentityError;
use crate::ext::Epid;

/// Most raw bytes an epid can encode: 8 bytes give the 16 hex characters MS-SIPRE 3.2.1
/// allows at most.
pub const EPID_MAX_BYTES: usize = 8;

/// A new random epid: 64 bits from the operating system's random source, written as 16
/// lower-case hex characters (MS-SIPRE 3.2.1). The value must then be kept by the host across
/// restarts (MS-SIPRE 3.2.3.1 SHOULD).
pub fn generate() -> Result<Epid, IdentityError> {
    let mut bytes = [0u8; EPID_MAX_BYTES];
    getrandom::fill(&mut bytes).map_err(IdentityError::NoRandomness)?;
    from_bytes(&bytes)
}

/// The epid that writes `bytes` as lower-case hex (two characters per byte), for hosts that
/// bring their own random source or derive the value from a MAC address (MS-SIPRE 3.2.1).
/// Takes 1 to 8 bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<Epid, IdentityError> {
    if bytes.is_empty() || bytes.len() > EPID_MAX_BYTES {
        return Err(IdentityError::BadEpidBytes { len: bytes.len() });
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Epid::parse(&hex).map_err(IdentityError::BadEpid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_bytes_writes_hex() {
        assert_eq!(
            from_bytes(&[0x01, 0x01, 0x01, 0x01]).unwrap().as_str(),
            "01010101"
        );
        assert_eq!(
            from_bytes(&[0xe0, 0x6a, 0xcc, 0xb0, 0x78])
                .unwrap()
                .as_str(),
            "e06accb078"
        );
        assert_eq!(
            from_bytes(&[0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0xff])
                .unwrap()
                .as_str(),
            "deadbeef001122ff"
        );
        assert_eq!(from_bytes(&[]), Err(IdentityError::BadEpidBytes { len: 0 }));
        assert_eq!(
            from_bytes(&[0; 9]),
            Err(IdentityError::BadEpidBytes { len: 9 })
        );
    }

    #[test]
    fn generated_epids_are_sixteen_hex_chars_and_differ() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        for e in [&a, &b] {
            assert_eq!(e.as_str().len(), 16);
            assert!(
                e.as_str()
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            );
            assert_eq!(Epid::parse(e.as_str()).as_ref(), Ok(e));
        }
        // Two 64-bit random values collide with probability 2^-64.
        assert_ne!(a, b);
    }
}
