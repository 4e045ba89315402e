//! What NAT processing decides about a message (MS-SIPRE 3.5.5.1), and why it refused one.

/// The outcome of NAT processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go on with the message (rewritten as the steps require).
    Forward,
    /// A request the server must answer with 400 (see [`super::reject_response`]); the
    /// message is unchanged.
    Reject(Rejection),
    /// A response the server must drop without answering; the message is unchanged.
    Discard(Rejection),
}

/// Why a message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// A Contact carries `proxy` but the server is not the first hop after the user agent
    /// (MS-SIPRE 3.5.5.1 step 1).
    NotFirstHop,
    /// A Contact's `proxy` parameter has a value other than `replace` (step 2).
    ProxyNotReplace,
    /// A Contact's URI names a `transport` other than the one the message came on (step 3).
    TransportMismatch,
    /// A Contact carries `proxy` but its URI is not a `sip:`/`sips:` URI with a host, so steps
    /// 5 to 9 cannot be applied to it.
    NotSipUri,
    /// A Contact value does not parse, so whether it carries `proxy` cannot be told.
    MalformedContact,
    /// A request has no Via, so it cannot be stamped (MS-SIPRE 3.5.5.1) or answered along its
    /// path.
    NoVia,
    /// A request's topmost Via does not parse.
    MalformedVia,
}

impl Rejection {
    /// A short text naming the problem (used as the reason phrase of the 400).
    pub fn reason(self) -> &'static str {
        match self {
            Rejection::NotFirstHop => "Contact proxy=replace not from the first hop",
            Rejection::ProxyNotReplace => "Contact proxy parameter is not replace",
            Rejection::TransportMismatch => "Contact transport differs from the connection",
            Rejection::NotSipUri => "Contact with proxy parameter is not a SIP URI",
            Rejection::MalformedContact => "Malformed Contact",
            Rejection::NoVia => "Missing Via",
            Rejection::MalformedVia => "Malformed Via",
        }
    }
}

impl Verdict {
    /// The refusal of a request that can be answered, or of a message that cannot (a response,
    /// an ACK), which is dropped.
    pub(crate) fn refuse(answerable: bool, why: Rejection) -> Verdict {
        if answerable {
            Verdict::Reject(why)
        } else {
            Verdict::Discard(why)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_rejected_and_responses_discarded() {
        assert_eq!(
            Verdict::refuse(true, Rejection::NotFirstHop),
            Verdict::Reject(Rejection::NotFirstHop)
        );
        assert_eq!(
            Verdict::refuse(false, Rejection::NotFirstHop),
            Verdict::Discard(Rejection::NotFirstHop)
        );
        let all = [
            Rejection::NotFirstHop,
            Rejection::ProxyNotReplace,
            Rejection::TransportMismatch,
            Rejection::NotSipUri,
            Rejection::MalformedContact,
            Rejection::NoVia,
            Rejection::MalformedVia,
        ];
        let mut reasons: Vec<_> = all.iter().map(|r| r.reason()).collect();
        reasons.sort();
        reasons.dedup();
        assert_eq!(reasons.len(), all.len());
        assert!(reasons.iter().all(|r| !r.contains(['\r', '\n'])));
    }
}
