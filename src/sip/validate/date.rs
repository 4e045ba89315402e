//! The Date header: `rfc1123-date` (RFC 3261 20.17, 25.1).

use super::decimal::decimal_value;

/// `rfc1123-date = wkday "," SP date1 SP time SP "GMT"`, with the day checked against the
/// month.
pub(super) fn rfc1123_date_ok(v: &str) -> bool {
    const WKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let b = v.as_bytes();
    if b.len() != 29 {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v.get(r).and_then(decimal_value);
    let is = |at: usize, c: u8| b.get(at) == Some(&c);
    let one_of = |r: std::ops::Range<usize>, set: &[&[u8]]| -> Option<usize> {
        let w = b.get(r)?;
        set.iter().position(|s| s.eq_ignore_ascii_case(w))
    };
    let (Some(_), Some(month)) = (one_of(0..3, &WKDAYS), one_of(8..11, &MONTHS)) else {
        return false;
    };
    let (Some(day), Some(year), Some(hh), Some(mm), Some(ss)) = (
        num(5..7),
        num(12..16),
        num(17..19),
        num(20..22),
        num(23..25),
    ) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    is(3, b',')
        && is(4, b' ')
        && is(7, b' ')
        && is(11, b' ')
        && is(16, b' ')
        && is(19, b':')
        && is(22, b':')
        && is(25, b' ')
        && b.get(26..29)
            .is_some_and(|z| z.eq_ignore_ascii_case(b"GMT"))
        && (1..=days.get(month).copied().unwrap_or(0)).contains(&day)
        && hh <= 23
        && mm <= 59
        && ss <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(rfc1123_date_ok("Sat, 15 Oct 2005 04:44:56 GMT"));
        assert!(rfc1123_date_ok("sat, 15 oct 2005 04:44:56 gmt"));
        assert!(rfc1123_date_ok("Tue, 29 Feb 2000 23:59:60 GMT"));
        assert!(!rfc1123_date_ok("Sat, 15 Oct 2005 04:44:56 GMT\u{e9}"));
        assert!(!rfc1123_date_ok("Xyz, 15 Oct 2005 04:44:56 GMT"));
        assert!(!rfc1123_date_ok("Sat, 29 Feb 2100 04:44:56 GMT"));
        assert!(!rfc1123_date_ok("Sat, 1\u{e9} Oct 2005 04:44:5 GMT"));
    }
}
