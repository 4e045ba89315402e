//! `1*DIGIT` numbers (RFC 3261 25.1: Content-Length, Max-Forwards, Expires, Min-Expires,
//! CSeq, ports, parameter values): the one decimal reader of the SIP layer. Leading zeros are
//! allowed as the grammar allows them; a value too large for a `u64` is reported as such, so
//! each caller decides whether that is an error, a limit or a saturated value.

/// The decimal digits of `n` (no leading zeros), written at the end of `buf`: the writer
/// that goes with the reader, for the places that write numbers into messages without the
/// formatting machinery.
pub(crate) fn decimal_digits(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Why a text is not a decimal number that fits a `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalFault {
    /// No digit at all.
    Empty,
    /// The byte at this offset is not a digit.
    NotDigit(usize),
    /// Only digits, but the value is larger than `u64::MAX`.
    TooLarge,
}

/// The value of `b` when it is `1*DIGIT` and fits a `u64`.
#[inline]
pub(crate) fn decimal(b: &[u8]) -> Result<u64, DecimalFault> {
    if b.is_empty() {
        return Err(DecimalFault::Empty);
    }
    match leading_digits(b) {
        (n, _) if n < b.len() => Err(DecimalFault::NotDigit(n)),
        (_, value) => value.ok_or(DecimalFault::TooLarge),
    }
}

/// The `*DIGIT` run at the start of `b`, for numbers a grammar follows with more text (CSeq's
/// method, a status code's reason, a port after a host): how many digits there are, and their
/// value (`None` when it is larger than `u64::MAX`).
#[inline]
pub(crate) fn leading_digits(b: &[u8]) -> (usize, Option<u64>) {
    let mut n: u64 = 0;
    for (i, &c) in b.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return (i, Some(n));
        }
        // Up to 19 digits always fit: no overflow check in the usual case.
        if i == 19 {
            return long_digits(b);
        }
        n = n * 10 + u64::from(d);
    }
    (b.len(), Some(n))
}

/// True when `b` is `1*DIGIT` (any length, any value).
#[inline]
pub(crate) fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && leading_digits(b).0 == b.len()
}

/// [`leading_digits`] of a run of 20 digits or more (leading zeros, or a value near or past
/// `u64::MAX`).
#[inline(never)]
fn long_digits(b: &[u8]) -> (usize, Option<u64>) {
    let mut n: Option<u64> = Some(0);
    for (i, &c) in b.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return (i, n);
        }
        n = n
            .and_then(|n| n.checked_mul(10))
            .and_then(|n| n.checked_add(u64::from(d)));
    }
    (b.len(), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_decimals_as_the_standard_library_does() {
        for n in [0u64, 7, 10, 600, 3599, 65535, 4_294_967_295, u64::MAX] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal_digits(n, &mut buf), n.to_string().as_bytes());
        }
    }

    /// The reference: the standard parser behind an all-digits check.
    fn reference(v: &str) -> Result<u64, DecimalFault> {
        if v.is_empty() {
            return Err(DecimalFault::Empty);
        }
        if let Some(i) = v.bytes().position(|c| !c.is_ascii_digit()) {
            return Err(DecimalFault::NotDigit(i));
        }
        v.parse::<u64>().map_err(|_| DecimalFault::TooLarge)
    }

    /// The reference of [`leading_digits`]: the digit run, and the standard parser on it.
    fn reference_leading(v: &str) -> (usize, Option<u64>) {
        let n = v.bytes().take_while(u8::is_ascii_digit).count();
        let value = if n == 0 { Some(0) } else { v[..n].parse().ok() };
        (n, value)
    }

    #[test]
    fn agrees_with_the_standard_parser() {
        let valid = [
            "0",
            "70",
            "007",
            "4294967295",
            "4294967296",
            "9999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "000000000000000000000000000001",
            "99999999999999999999",
        ];
        let mut inputs: Vec<String> = vec!["".into()];
        for v in valid {
            for i in 0..=v.len() {
                inputs.push(v[..i].to_string());
                for h in ["/", ":", " ", "+", "-", "a", "é", "\0"] {
                    inputs.push(format!("{}{h}{}", &v[..i], &v[i..]));
                }
            }
        }
        for v in &inputs {
            assert_eq!(decimal(v.as_bytes()), reference(v), "{v:?}");
            assert_eq!(leading_digits(v.as_bytes()), reference_leading(v), "{v:?}");
            assert_eq!(
                all_digits(v.as_bytes()),
                reference(v) != Err(DecimalFault::Empty)
                    && !matches!(reference(v), Err(DecimalFault::NotDigit(_))),
                "{v:?}"
            );
        }
    }
}
