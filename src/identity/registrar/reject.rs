//! The final non-2xx response a REGISTER or a routed request earns: status, reason phrase
//! naming the problem, and the header fields that go with it.

/// A refusal: `status` with `reason` as the reason phrase and `headers` added to the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(&'static str, String)>,
}

impl Reject {
    pub fn new(status: u16, reason: impl Into<String>) -> Reject {
        Reject {
            status,
            reason: reason.into(),
            headers: Vec::new(),
        }
    }

    /// 423 with the shortest interval accepted (RFC 3261 10.3 step 7, 20.23).
    pub fn interval_too_brief(min_expires: u32) -> Reject {
        Reject::new(423, "Interval Too Brief").with("Min-Expires", min_expires.to_string())
    }

    pub fn with(mut self, name: &'static str, value: String) -> Reject {
        self.headers.push((name, value));
        self
    }
}
