//! A new correlation id: a version 4 (random) UUID, the procedure of RFC 4122 section 4.4
//! that MS-SIPRE 3.12.4.1 and 3.12.5.1 ask for.

use super::error::CorrelationError;
use crate::ext::MsCorrelationId;

/// A fresh random correlation id (lower-case hex). The random bytes come from the operating
/// system; its failure is an error, never a panic.
pub fn generate() -> Result<MsCorrelationId, CorrelationError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(CorrelationError::NoRandomness)?;
    Ok(MsCorrelationId::from_uuid(
        uuid::Builder::from_random_bytes(bytes).into_uuid(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_version_4_variant_1_and_differ() {
        // MS-SIPRE 3.12.4.1: "SHOULD generate a UUID using a procedure compatible with
        // [RFC4122] Section 4".
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        for id in [&a, &b] {
            let u = id.uuid().uuid();
            assert_eq!(u.get_version_num(), 4);
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
            // It reads back through the 2.2.11 grammar.
            assert_eq!(MsCorrelationId::parse(&id.to_string()).unwrap(), *id);
        }
    }
}
