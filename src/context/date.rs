//! The `date` element: an `xs:dateTime` in UTC (MS-SIPRE 2.2.19.6, 3.13.5.1: "The date
//! element MUST be in UTC format").

fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True when `s` is `YYYY-MM-DDThh:mm:ss[.fraction]` followed by `Z` (XML Schema 3.2.7 with
/// the UTC time zone), with every field in range. An offset such as `+01:00`, or no time
/// zone at all, is not UTC as written.
pub fn is_utc_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let fixed = (|| {
        let year = digits(b, 0, 4)?;
        let month = digits(b, 5, 2)?;
        let day = digits(b, 8, 2)?;
        let hour = digits(b, 11, 2)?;
        let minute = digits(b, 14, 2)?;
        let second = digits(b, 17, 2)?;
        let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        let ok = seps.iter().all(|&(i, c)| b.get(i) == Some(&c))
            && (1..=12).contains(&month)
            && (1..=days_in(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        ok.then_some(())
    })();
    if fixed.is_none() {
        return false;
    }
    let rest = &b[19..];
    let rest = match rest.strip_prefix(b".") {
        Some(frac) => {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            &frac[n..]
        }
        None => rest,
    };
    rest == b"Z"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_date_times_are_accepted_others_refused() {
        // MS-SIPRE 3.13.5.1: "The date element MUST be in UTC format". The 4.11 value first.
        for ok in [
            "2008-09-03T21:34:55.831063Z",
            "2008-09-03T21:34:55Z",
            "2024-02-29T00:00:00Z",
        ] {
            assert!(is_utc_date_time(ok), "{ok}");
        }
        for bad in [
            "2008-09-03T21:34:55",
            "2008-09-03T21:34:55+01:00",
            "2008-09-03T21:34:55.Z",
            "2008-09-03 21:34:55Z",
            "2008-13-03T21:34:55Z",
            "2023-02-29T21:34:55Z",
            "2008-09-03T24:00:00Z",
            "2008-09-03T21:60:55Z",
            "2008-09-03T21:34:55Zx",
            "08-09-03T21:34:55Z",
            "",
            "2008-09-03T21:34:5",
        ] {
            assert!(!is_utc_date_time(bad), "{bad}");
        }
    }
}
