//! What validation answers: the message is fine, or the response an element should send.

/// The outcome of [`validate`](super::validate): the message is fine, or the response an
/// element should send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to object to.
    Ok,
    /// The first problem found: the status code to answer with and a static text naming it.
    Reject { status: u16, reason: &'static str },
}

impl Verdict {
    pub fn is_ok(&self) -> bool {
        matches!(self, Verdict::Ok)
    }

    /// The status code to answer with; 0 for [`Verdict::Ok`] (the C ABI's convention).
    pub fn status(&self) -> u16 {
        match self {
            Verdict::Ok => 0,
            Verdict::Reject { status, .. } => *status,
        }
    }

    /// The text naming the problem; `None` for [`Verdict::Ok`].
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Verdict::Ok => None,
            Verdict::Reject { reason, .. } => Some(reason),
        }
    }
}

/// A problem found by one check: status and reason.
pub(super) struct Fail {
    pub(super) status: u16,
    pub(super) reason: &'static str,
}

/// What one check gives: nothing to object to, or the problem.
pub(super) type Check = Result<(), Fail>;

/// A problem answered with `status`.
pub(super) fn fail(status: u16, reason: &'static str) -> Fail {
    Fail { status, reason }
}

/// A malformed message: 400 Bad Request (RFC 3261 8.2, 21.4.1).
pub(super) fn bad(reason: &'static str) -> Fail {
    fail(400, reason)
}

/// `Ok` when `ok`, else a 400 naming `reason`.
pub(super) fn ok_or(ok: bool, reason: &'static str) -> Check {
    if ok { Ok(()) } else { Err(bad(reason)) }
}

impl From<Check> for Verdict {
    fn from(c: Check) -> Verdict {
        match c {
            Ok(()) => Verdict::Ok,
            Err(f) => Verdict::Reject {
                status: f.status,
                reason: f.reason,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors() {
        let v = Verdict::Reject {
            status: 416,
            reason: "Unsupported URI scheme",
        };
        assert!(!v.is_ok());
        assert_eq!(v.status(), 416);
        assert_eq!(v.reason(), Some("Unsupported URI scheme"));
        assert!(Verdict::Ok.is_ok());
        assert_eq!(Verdict::Ok.status(), 0);
        assert_eq!(Verdict::Ok.reason(), None);
        assert_eq!(Verdict::from(Err(bad("x"))).status(), 400);
        assert_eq!(Verdict::from(Ok(())), Verdict::Ok);
    }
}
