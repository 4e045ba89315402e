//! Which headers a message carries: the mandatory ones, and single-valued ones at most once.

use super::options::Options;
use super::verdict::{Check, bad};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;

/// How many fields of each kind a message has, counted in one walk over its headers (the
/// checks below and the field checks ask it instead of walking the headers per kind).
pub(super) struct Counts([u8; HeaderKind::Other as usize + 1]);

impl Counts {
    pub(super) fn of(msg: &Message) -> Counts {
        let mut n = [0u8; HeaderKind::Other as usize + 1];
        for h in msg.headers() {
            let c = &mut n[h.kind() as usize];
            *c = c.saturating_add(1);
        }
        Counts(n)
    }

    pub(super) fn has(&self, kind: HeaderKind) -> bool {
        self.0[kind as usize] > 0
    }

    fn twice(&self, kind: HeaderKind) -> bool {
        self.0[kind as usize] > 1
    }
}

/// RFC 3261 8.1.1 (requests), 8.2.6.2 / 20 (responses copy the same five).
pub(super) fn check_required(msg: &Message, opts: &Options<'_>, counts: &Counts) -> Check {
    const REQUIRED: [(HeaderKind, &str); 5] = [
        (HeaderKind::CallId, "Missing Call-ID"),
        (HeaderKind::From, "Missing From"),
        (HeaderKind::To, "Missing To"),
        (HeaderKind::CSeq, "Missing CSeq"),
        (HeaderKind::Via, "Missing Via"),
    ];
    for (kind, reason) in REQUIRED {
        if !counts.has(kind) {
            return Err(bad(reason));
        }
    }
    if msg.is_request() && opts.require_max_forwards && !counts.has(HeaderKind::MaxForwards) {
        return Err(bad("Missing Max-Forwards"));
    }
    Ok(())
}

/// RFC 3261 7.3.1: a header whose grammar is not a list appears at most once.
pub(super) fn check_duplicates(msg: &Message, counts: &Counts) -> Check {
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
    let twice = |k: HeaderKind| counts.twice(k);
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
