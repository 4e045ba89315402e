//! The numbers of header values: `1*DIGIT` through the SIP layer's one decimal reader, with
//! errors that point at the fault.

use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::scan::decimal::{DecimalFault, decimal};

/// Parses `1*DIGIT` into a u64 (leading zeros allowed); anything else, or a value past
/// `u64::MAX`, is a [`ErrorKind::BadValue`] at the offending byte.
#[inline]
pub(crate) fn parse_decimal(v: &str, what: &'static str) -> Result<u64> {
    decimal(v.as_bytes()).map_err(|fault| decimal_error(fault, what))
}

#[cold]
#[inline(never)]
fn decimal_error(fault: DecimalFault, what: &'static str) -> SipError {
    let at = match fault {
        DecimalFault::NotDigit(i) => i,
        DecimalFault::Empty | DecimalFault::TooLarge => 0,
    };
    SipError::new(ErrorKind::BadValue, at, what)
}

/// A number that does not fit its type: [`ErrorKind::BadValue`] at 0.
#[cold]
#[inline(never)]
pub(super) fn out_of_range(what: &'static str) -> SipError {
    SipError::new(ErrorKind::BadValue, 0, what)
}

/// `delta-seconds = 1*DIGIT` (RFC 3261 25.1) of Expires, Min-Expires and a Contact's
/// `expires`, which RFC 3261 20.19 bounds by 2**32-1: a larger value is an error here.
#[inline]
pub(crate) fn delta_seconds(v: &str, what: &'static str) -> Result<u32> {
    let n = parse_decimal(v, what)?;
    u32::try_from(n).map_err(|_| out_of_range(what))
}
