//! Connection ids as text: upper-case hex without leading zeros, the form MS-SIPRE 4.4, 4.9
//! and 4.10 print (`ms-received-cid=3540900`, `7C9B00`, `1D8AF00`), and where messages carry
//! them (MS-SIPRE 2.2.1 URI parameter and 2.2.5 Via parameter `ms-received-cid`).

use super::error::NatError;
use crate::sip::{Uri, Via};

pub use crate::ext::via_params::{MS_RECEIVED_CID, MS_RECEIVED_PORT};
/// The Via parameter that carries the far end's address (RFC 3261 18.2.1).
pub const RECEIVED: &str = "received";

/// Most hex digits of a connection id (64 bits).
const MAX_DIGITS: usize = 16;

/// The text of connection id `id`: upper-case hex, no leading zeros.
pub fn format_conn_id(id: u64) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let digits = (64 - id.leading_zeros()).div_ceil(4).max(1);
    (0..digits)
        .rev()
        .map(|k| char::from(HEX[((id >> (4 * k)) & 0xF) as usize]))
        .collect()
}

/// Reads a connection id written as 1 to 16 hex digits (either case, leading zeros allowed).
/// 0 names no connection and is refused.
pub fn parse_conn_id(s: &str) -> Result<u64, NatError> {
    if s.is_empty() {
        return Err(NatError::BadConnId("empty"));
    }
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NatError::BadConnId("a character is not a hex digit"));
    }
    let digits = s.trim_start_matches('0');
    if digits.len() > MAX_DIGITS {
        return Err(NatError::BadConnId("more than 64 bits"));
    }
    match u64::from_str_radix(digits, 16) {
        Ok(0) | Err(_) => Err(NatError::BadConnId("0 names no connection")),
        Ok(id) => Ok(id),
    }
}

/// The connection id in the `ms-received-cid` parameter of a Via value (MS-SIPRE 3.5.5.1:
/// where a server saved the connection a request came in on, so its responses go back over
/// it). `None` when the parameter is absent.
pub fn via_conn_id(via: &Via<'_>) -> Option<Result<u64, NatError>> {
    via.params
        .get(MS_RECEIVED_CID)
        .map(|p| parse_conn_id(p.value.unwrap_or("")))
}

/// The connection id in the `ms-received-cid` parameter of a URI (a Contact, Record-Route,
/// Path or Route URI, or a Request-URI taken from one, MS-SIPRE 2.2.1.3). `None` when the
/// parameter is absent.
pub fn uri_conn_id(uri: &Uri<'_>) -> Option<Result<u64, NatError>> {
    uri.params
        .get(MS_RECEIVED_CID)
        .map(|p| parse_conn_id(p.value.unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_hex_as_the_examples_print() {
        // MS-SIPRE 4.4, 4.9, 4.10.
        assert_eq!(format_conn_id(0x3540900), "3540900");
        assert_eq!(format_conn_id(0x7C9B00), "7C9B00");
        assert_eq!(format_conn_id(0x1D8AF00), "1D8AF00");
        assert_eq!(format_conn_id(0x3AFDE300), "3AFDE300");
        assert_eq!(format_conn_id(u64::MAX), "FFFFFFFFFFFFFFFF");
        for id in [0u64, 1, 0xF, 0x10, 0x3540900, 0x7C9B00, 1 << 63, u64::MAX] {
            assert_eq!(format_conn_id(id), format!("{id:X}"));
        }
        for id in [1, 0x3540900, 0x7C9B00, u64::MAX, 0x1_0000_0001] {
            assert_eq!(parse_conn_id(&format_conn_id(id)), Ok(id));
        }
    }

    #[test]
    fn parses_any_case_and_leading_zeros() {
        assert_eq!(parse_conn_id("7c9b00"), Ok(0x7C9B00));
        assert_eq!(parse_conn_id("0007C9B00"), Ok(0x7C9B00));
        assert_eq!(
            parse_conn_id("0000FFFFFFFFFFFFFFFF"),
            Ok(u64::MAX),
            "leading zeros do not count towards 64 bits"
        );
    }

    #[test]
    fn refuses_what_is_no_connection_id() {
        for bad in [
            "",
            "0",
            "000",
            "12G4",
            " 1",
            "1 ",
            "-1",
            "+1",
            "1FFFFFFFFFFFFFFFF",
            "é",
        ] {
            assert!(
                matches!(parse_conn_id(bad), Err(NatError::BadConnId(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn reads_the_parameter_of_vias_and_uris() {
        let v = Via::parse("SIP/2.0/TLS 192.0.2.4:2904;ms-received-cid=1D8AF00").unwrap();
        assert_eq!(via_conn_id(&v), Some(Ok(0x1D8AF00)));
        let v = Via::parse("SIP/2.0/TLS 192.0.2.4:2904;MS-Received-CID=xyz").unwrap();
        assert!(matches!(via_conn_id(&v), Some(Err(_))));
        let v = Via::parse("SIP/2.0/TLS 192.0.2.4:2904;ms-received-cid").unwrap();
        assert!(matches!(via_conn_id(&v), Some(Err(_))));
        let v = Via::parse("SIP/2.0/TLS 192.0.2.4:2904").unwrap();
        assert_eq!(via_conn_id(&v), None);
        let u =
            Uri::parse("sip:server1.contoso.com:5061;transport=tls;lr;ms-received-cid=3AFDE300")
                .unwrap();
        assert_eq!(uri_conn_id(&u), Some(Ok(0x3AFDE300)));
        assert_eq!(uri_conn_id(&Uri::parse("sip:a@b").unwrap()), None);
    }
}
