//! Which headers a message carries: the mandatory ones, and single-valued ones at most once.

use super::options::Options;
use super::verdict::{Check, bad};
use super::{fields_of, has};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;

/// RFC 3261 8.1.1 (requests), 8.2.6.2 / 20 (responses copy the same five).
pub(super) fn check_required(msg: &Message, opts: &Options<'_>) -> Check {
    const REQUIRED: [(HeaderKind, &str); 5] = [
        (HeaderKind::CallId, "Missing Call-ID"),
        (HeaderKind::From, "Missing From"),
        (HeaderKind::To, "Missing To"),
        (HeaderKind::CSeq, "Missing CSeq"),
        (HeaderKind::Via, "Missing Via"),
    ];
    for (kind, reason) in REQUIRED {
        if !has(msg, kind) {
            return Err(bad(reason));
        }
    }
    if msg.is_request() && opts.require_max_forwards && !has(msg, HeaderKind::MaxForwards) {
        return Err(bad("Missing Max-Forwards"));
    }
    Ok(())
}

/// RFC 3261 7.3.1: a header whose grammar is not a list appears at most once.
pub(super) fn check_duplicates(msg: &Message) -> Check {
    use HeaderKind::*;
    const FIRST: [HeaderKind; 7] = [
        CallId,
        From,
        To,
        CSeq,
        MaxForwards,
        ContentLength,
        ContentType,
    ];
    let twice = |k: HeaderKind| fields_of(msg, k).nth(1).is_some();
    for kind in FIRST {
        if twice(kind) {
            return Err(bad(duplicate_reason(kind)));
        }
    }
    for h in msg.headers() {
        let kind = h.kind();
        if kind.is_single() && twice(kind) {
            return Err(bad(duplicate_reason(kind)));
        }
    }
    Ok(())
}

fn duplicate_reason(kind: HeaderKind) -> &'static str {
    macro_rules! dup {
        ($($k:ident => $n:literal),* $(,)?) => {
            match kind {
                $(HeaderKind::$k => concat!("Duplicate single-valued header: ", $n),)*
                _ => "Duplicate single-valued header",
            }
        };
    }
    if kind == HeaderKind::ContentLength {
        return "Several Content-Length values";
    }
    dup!(
        CallId => "Call-ID",
        ContentDisposition => "Content-Disposition",
        ContentType => "Content-Type",
        CSeq => "CSeq",
        Date => "Date",
        Expires => "Expires",
        From => "From",
        MaxForwards => "Max-Forwards",
        MimeVersion => "MIME-Version",
        MinExpires => "Min-Expires",
        Organization => "Organization",
        Priority => "Priority",
        ReplyTo => "Reply-To",
        RetryAfter => "Retry-After",
        Server => "Server",
        Subject => "Subject",
        Timestamp => "Timestamp",
        To => "To",
        UserAgent => "User-Agent",
    )
}
