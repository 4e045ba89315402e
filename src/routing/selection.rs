//! Choosing the best final response of the branches (RFC 3261 16.7 step 6): a 6xx above
//! all, otherwise the lowest class; the first one received wins within a class.

/// Rank of a final non-2xx status: lower is better.
fn rank(code: u16) -> u16 {
    match code {
        600..=699 => 0,
        _ => code / 100,
    }
}

/// True when `new` replaces `current` as the best response.
pub fn better(new: u16, current: Option<u16>) -> bool {
    match current {
        None => true,
        Some(c) => rank(new) < rank(c),
    }
}

/// The code to answer with when `code` is the best response: a 503 becomes 500 (16.7
/// step 6), so the caller does not take the proxy for overloaded.
pub fn forwarded_code(code: u16) -> u16 {
    if code == 503 { 500 } else { code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_hundreds_win_then_the_lowest_class() {
        assert!(better(486, None));
        assert!(better(603, Some(302)));
        assert!(!better(302, Some(603)));
        assert!(better(302, Some(486)));
        assert!(!better(500, Some(486)));
        assert!(!better(404, Some(486)));
        assert!(better(486, Some(503)));
        assert_eq!(forwarded_code(503), 500);
        assert_eq!(forwarded_code(486), 486);
    }
}
