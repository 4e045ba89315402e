//! The textual UUID of RFC 4122 (`UUID-NSS` in MS-SIPRE 2.2.4, `UUID` in MS-SIPRE 2.2.11).

use super::error::ExtError;
use std::fmt;

/// Length of `time-low "-" time-mid "-" time-high-and-version "-" clock-seq "-" node`.
pub const UUID_TEXT_LEN: usize = 36;

/// Offsets of the four hyphens in the 36-character form.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// Whether a hyphen goes at each offset of the 36-character form ([`HYPHENS`] as a table:
/// one lookup per character where a search of the four offsets took four comparisons).
const HYPHEN_AT: [bool; UUID_TEXT_LEN] = {
    let mut t = [false; UUID_TEXT_LEN];
    let mut k = 0;
    while k < HYPHENS.len() {
        t[HYPHENS[k]] = true;
        k += 1;
    }
    t
};

/// A UUID in its 8-4-4-4-12 hexadecimal form, kept as written (either case).
///
/// Equality is textual; compare [`UuidText::uuid`] to ignore the case of the hex digits.
/// The 36 characters are held inline: an instance is read on every REGISTER, and a text of
/// fixed length needs no allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UuidText([u8; UUID_TEXT_LEN]);

impl UuidText {
    /// Parses the RFC 4122 `UUID` grammar as restated in MS-SIPRE 2.2.4: exactly 32 hex digits
    /// grouped 8-4-4-4-12 by hyphens. Braces, a `urn:uuid:` prefix or missing hyphens are
    /// refused.
    pub fn parse(s: &str) -> Result<UuidText, ExtError> {
        let b = s.as_bytes();
        for (i, (&c, &hyphen)) in b.iter().zip(HYPHEN_AT.iter()).enumerate() {
            if hyphen {
                if c != b'-' {
                    return Err(ExtError::new("UUID: expected '-' between hex groups", i));
                }
            } else if !c.is_ascii_hexdigit() {
                return Err(ExtError::new("UUID: expected a hex digit", i));
            }
        }
        if b.len() < UUID_TEXT_LEN {
            return Err(ExtError::new(
                "UUID: too short (8-4-4-4-12 hex digits)",
                b.len(),
            ));
        }
        if b.len() > UUID_TEXT_LEN {
            return Err(ExtError::new(
                "UUID: unexpected text after the node",
                UUID_TEXT_LEN,
            ));
        }
        let mut text = [0u8; UUID_TEXT_LEN];
        text.copy_from_slice(b);
        Ok(UuidText(text))
    }

    /// The UUID from its 16 octets in RFC 4122 (network, big-endian) order, lower case.
    pub fn from_uuid(u: uuid::Uuid) -> UuidText {
        let mut text = [0u8; UUID_TEXT_LEN];
        u.hyphenated().encode_lower(&mut text);
        UuidText(text)
    }

    pub fn as_str(&self) -> &str {
        // ASCII by construction (hex digits and hyphens), so never the empty fallback.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The value as a [`uuid::Uuid`] (for comparisons and byte-level work).
    pub fn uuid(&self) -> uuid::Uuid {
        let mut bytes = [0u8; 16];
        let digits = self.0.iter().copied().filter(|c| *c != b'-').map(hex_value);
        let mut high = None;
        let mut k = 0;
        for d in digits {
            match high.take() {
                None => high = Some(d),
                Some(h) => {
                    if let Some(slot) = bytes.get_mut(k) {
                        *slot = (h << 4) | d;
                    }
                    k += 1;
                }
            }
        }
        uuid::Uuid::from_bytes(bytes)
    }
}

/// Value of a hex digit already checked by [`UuidText::parse`].
fn hex_value(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

impl fmt::Display for UuidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shown as its text, as when it was a string.
impl fmt::Debug for UuidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_keeps_the_text() {
        let u = UuidText::parse("4b1682a8-f968-5701-83fc-7c6741dc6697").unwrap();
        assert_eq!(u.to_string(), "4b1682a8-f968-5701-83fc-7c6741dc6697");
        assert_eq!(
            u.uuid().as_bytes(),
            &[
                0x4b, 0x16, 0x82, 0xa8, 0xf9, 0x68, 0x57, 0x01, 0x83, 0xfc, 0x7c, 0x67, 0x41, 0xdc,
                0x66, 0x97
            ]
        );
        let upper = UuidText::parse("4B1682A8-F968-5701-83FC-7C6741DC6697").unwrap();
        assert_ne!(upper, u);
        assert_eq!(upper.uuid(), u.uuid());
        assert_eq!(UuidText::from_uuid(upper.uuid()), u);
    }

    #[test]
    fn refuses_other_shapes() {
        let e = |s: &str| UuidText::parse(s).unwrap_err();
        // MS-SIPRE 4.10 prints an instance without hyphens.
        assert_eq!(e("75ab1008bcc45544924daa177c824291").offset, 8);
        assert_eq!(e("").offset, 0);
        assert_eq!(e("4b1682a8-f968-5701-83fc-7c6741dc669").offset, 35);
        assert_eq!(e("4b1682a8-f968-5701-83fc-7c6741dc66970").offset, 36);
        assert_eq!(e("4b1682a8-f968-5701-83fc-7c6741dc669g").offset, 35);
        assert_eq!(e("{4b1682a8-f968-5701-83fc-7c6741dc66}").offset, 0);
        assert_eq!(e("4b1682a8_f968-5701-83fc-7c6741dc6697").offset, 8);
        assert!(UuidText::parse("4b1682a8-f968-5701-83fc-7c6741dc669é").is_err());
    }
}
