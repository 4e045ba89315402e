//! Strict validation of a parsed message, kept apart from parsing.
//!
//! [`Message::parse`] accepts whatever it can frame and leaves typed values for later, so that a
//! host never loses a message it might still want to answer. [`validate`] is the second look:
//! it checks the message against the RFC 3261 grammar and the rules an element applies on
//! receipt, and names the first problem together with the status code an element should answer
//! with (400, 416, 420, 483, 505, ...). A request gets that response; a response or an ACK is
//! never answered, so for them a verdict other than [`Verdict::Ok`] means "drop it".
//!
//! Checks run in this order and the first failure is reported (the file of each in brackets):
//!
//! 1. Line ends: CRLF throughout the start line and header section (RFC 3261 7, 25), where
//!    the parser also takes a bare LF [`line_ends`].
//! 2. SIP-Version 2.0 (505, RFC 3261 8.2 / 21.5.7), status code 100-699 and the SP before the
//!    reason phrase, method, Request-URI syntax and no `?headers` in a SIP Request-URI
//!    (RFC 3261 19.1.1 table) [`start_line`].
//! 3. Mandatory headers: Call-ID, From, To, CSeq, Via (RFC 3261 8.1.1, 8.2.6.2). Max-Forwards
//!    only with [`Options::require_max_forwards`]: RFC 3261 16.3 step 2 lets a request without
//!    it pass, and RFC 4475 3.4.1 expects RFC 2543 requests without it to be accepted
//!    [`presence`].
//! 4. Single-valued headers appearing twice (RFC 3261 7.3.1); several Content-Length values
//!    get their own reason (RFC 4475 3.3.9) [`presence`].
//! 5. The grammar of the headers the SIP layer knows (RFC 3261 25.1), in a fixed order: Via,
//!    From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Contact, Route, Record-Route, then
//!    the others (Warning, credentials and challenges among them) in message order [`fields`]; then `Contact: *` only
//!    where RFC 3261 10.2.2 allows it [`wildcard_contact`].
//! 6. Content-Length against the bytes present: more declared than received is an error
//!    (RFC 3261 18.3); fewer is not, the excess is ignored (RFC 4475 3.1.1.8). A non-empty
//!    body needs a Content-Type (RFC 3261 20.15) [`body`].
//! 7. A top Via branch that is the bare magic cookie (RFC 4475 3.2.1: rejecting with 400 is one
//!    of the two answers the RFC allows; this module is the strict one) [`transaction`].
//! 8. What the element does with a well-formed message, depending on its [`Role`]:
//!    * requests at a proxy (RFC 3261 16.3): CSeq method, 416, 483 for Max-Forwards 0, 420 for
//!      Proxy-Require;
//!    * requests at an endpoint (RFC 3261 8.2): 501, CSeq method, 416, 420 for Require, 415,
//!      406, and the registrar's address-of-record check for REGISTER (RFC 4475 3.3.4)
//!      [`requests`];
//!    * responses: a broadcast address in a Via (RFC 4475 3.3.10), and at an endpoint more than
//!      one Via (RFC 3261 8.1.3.3) [`responses`].
//!
//! 420, 501, 415 and 406 need the element's own capabilities and only run when [`Options`]
//! gives them; [`validate`] uses [`Options::DEFAULT`] (a proxy knowing `sip`, `sips`, `tel`).
//! The typed views of the SIP layer ([`Via`](super::Via), [`NameAddr`](super::NameAddr),
//! [`Uri`](super::Uri), [`CSeq`](super::CSeq), [`Params`](super::Params)) do the parsing; the
//! checks here add what the views leave lenient. Nothing here panics on a message the parser
//! accepted.

mod address;
mod auth;
mod body;
mod date;
mod decimal;
mod fields;
mod line_ends;
mod media;
mod option_tags;
mod options;
mod param_values;
mod presence;
mod requests;
mod responses;
mod scalars;
mod seen;
mod start_line;
mod transaction;
mod verdict;
mod via;
mod warning;
mod wildcard_contact;

#[cfg(test)]
mod tests;

pub use option_tags::unsupported_requirements;
pub use options::{Options, Role};
pub use seen::{Seen, SeenContact};
pub use verdict::Verdict;

use super::header_name::HeaderKind;
use super::message::{Header, Message, StartLine};
use verdict::Check;

/// Validates `msg` as a proxy with [`Options::DEFAULT`].
pub fn validate(msg: &Message) -> Verdict {
    validate_with(msg, &Options::DEFAULT)
}

/// Validates `msg` for an element described by `opts`.
pub fn validate_with(msg: &Message, opts: &Options<'_>) -> Verdict {
    validate_seen(msg, opts).0
}

/// [`validate_with`], also giving the views the checks parsed (From, To, CSeq, Contacts,
/// Request-URI) to a caller that reads them next, instead of its parsing them again.
pub fn validate_seen<'m>(msg: &'m Message, opts: &Options<'_>) -> (Verdict, Seen<'m>) {
    let mut seen = Seen::default();
    let verdict = validate_into(msg, opts, &mut seen);
    (verdict, seen)
}

/// [`validate_seen`] into the caller's `seen`, which should start as `Seen::default()`: the
/// views are large, and a caller that keeps them in its own frame spares their copy.
pub fn validate_into<'m>(msg: &'m Message, opts: &Options<'_>, seen: &mut Seen<'m>) -> Verdict {
    judge(msg, opts, seen).into()
}

/// The checks in the order the module documentation gives, each later one reading what the
/// earlier ones parsed into `seen`.
fn judge<'m>(msg: &'m Message, opts: &Options<'_>, seen: &mut Seen<'m>) -> Check {
    line_ends::check(msg)?;
    start_line::check(msg, seen)?;
    let counts = presence::Counts::of(msg);
    presence::check_required(msg, opts, &counts)?;
    presence::check_duplicates(msg, &counts)?;
    fields::check(msg, &counts, seen)?;
    wildcard_contact::check(msg, seen)?;
    body::check(msg)?;
    transaction::check_branch(seen)?;
    match msg.start_line() {
        StartLine::Request { method, uri, .. } => requests::check(msg, method, uri, opts, seen),
        StartLine::Response { .. } => responses::check(msg, opts),
    }
}

/// The fields of `msg` of one kind, in message order.
fn fields_of(msg: &Message, kind: HeaderKind) -> impl Iterator<Item = &Header> {
    msg.headers().iter().filter(move |h| h.kind() == kind)
}

fn has(msg: &Message, kind: HeaderKind) -> bool {
    fields_of(msg, kind).next().is_some()
}

fn first_value(msg: &Message, kind: HeaderKind) -> Option<&str> {
    fields_of(msg, kind).next().map(|h| msg.value_of(h))
}
