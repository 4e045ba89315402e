//! Strict validation of a parsed message, kept apart from parsing.
//!
//! [`Message::parse`] accepts whatever it can frame and leaves typed values for later, so that a
//! host never loses a message it might still want to answer. [`validate`] is the second look:
//! it checks the message against the RFC 3261 grammar and the rules an element applies on
//! receipt, and names the first problem together with the status code an element should answer
//! with (400, 416, 420, 483, 505, ...). A request gets that response; a response or an ACK is
//! never answered, so for them a verdict other than [`Verdict::Ok`] means "drop it".
//!
//! Checks run in this order and the first failure is reported:
//!
//! 1. SIP-Version 2.0 (505, RFC 3261 8.2 / 21.5.7), status code 100-699, Request-URI syntax and
//!    no `?headers` in a SIP Request-URI (RFC 3261 19.1.1 table).
//! 2. Mandatory headers: Call-ID, From, To, CSeq, Via (RFC 3261 8.1.1, 8.2.6.2). Max-Forwards
//!    only with [`Options::require_max_forwards`]: RFC 3261 16.3 step 2 lets a request without
//!    it pass, and RFC 4475 3.4.1 expects RFC 2543 requests without it to be accepted.
//! 3. Single-valued headers appearing twice (RFC 3261 7.3.1); several Content-Length values
//!    get their own reason (RFC 4475 3.3.9).
//! 4. The grammar of the headers the SIP layer knows (RFC 3261 25.1), in a fixed order: Via,
//!    From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Contact, Route, Record-Route, then
//!    the others in message order.
//! 5. Content-Length against the bytes present: more declared than received is an error
//!    (RFC 3261 18.3); fewer is not, the excess is ignored (RFC 4475 3.1.1.8). A non-empty
//!    body needs a Content-Type (RFC 3261 20.15).
//! 6. A top Via branch that is the bare magic cookie (RFC 4475 3.2.1: rejecting with 400 is one
//!    of the two answers the RFC allows; this module is the strict one).
//! 7. What the element does with a well-formed message, depending on its [`Role`]:
//!    * requests at a proxy (RFC 3261 16.3): CSeq method, 416, 483 for Max-Forwards 0, 420 for
//!      Proxy-Require;
//!    * requests at an endpoint (RFC 3261 8.2): 501, CSeq method, 416, 420 for Require, 415,
//!      406, and the registrar's address-of-record check for REGISTER (RFC 4475 3.3.4);
//!    * responses: a broadcast address in a Via (RFC 4475 3.3.10), and at an endpoint more than
//!      one Via (RFC 3261 8.1.3.3).
//!
//! 420, 501, 415 and 406 need the element's own capabilities and only run when [`Options`]
//! gives them; [`validate`] uses [`Options::DEFAULT`] (a proxy knowing `sip`, `sips`, `tel`).
//! Nothing here panics on a message the parser accepted.

use super::cseq::CSeq as CSeqValue;
use super::header_name::HeaderKind;
use super::message::{Header, Message, StartLine};
use super::name_addr::NameAddr;
use super::scan::{is_lws, is_token, is_token_char, quoted_len, skip_lws, split_list, trim_lws};
use super::uri::{Host, Uri};
use super::via::Via;
use std::net::Ipv6Addr;

/// The outcome of [`validate`]: the message is fine, or the response an element should send.
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

/// Where the validating element stands: it decides which header carries the extensions to
/// check and whether Max-Forwards 0 ends the request's journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Forwards requests (proxy, B2BUA front): Max-Forwards 0 gets 483 (RFC 3261 16.3 step 3),
    /// extensions are checked in Proxy-Require (step 5).
    #[default]
    Proxy,
    /// Final recipient (UAS, registrar): Max-Forwards 0 is fine (RFC 4475 3.3.11), extensions
    /// are checked in Require (RFC 3261 8.2.2.3).
    Endpoint,
}

/// What the element supports. `None` for a capability skips the check that needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options<'a> {
    pub role: Role,
    /// Request-URI schemes the element handles (case-insensitive); others get 416
    /// (RFC 3261 8.2.2.1, 16.3 step 2).
    pub uri_schemes: &'a [&'a str],
    /// Refuse requests without Max-Forwards (RFC 3261 8.1.1 makes the UAC add it).
    pub require_max_forwards: bool,
    /// Option tags the element supports (case-insensitive); a required one outside this set
    /// gets 420 (RFC 3261 8.2.2.3, 16.3 step 5). See [`unsupported_requirements`].
    pub supported: Option<&'a [&'a str]>,
    /// Methods an endpoint implements (case-sensitive, RFC 3261 7.1); others get 501
    /// (RFC 3261 8.2.1; RFC 4475 3.1.2.18 prefers it to 400).
    pub methods: Option<&'a [&'a str]>,
    /// Media types an endpoint understands (`type/subtype`, `type/*` or `*/*`): a body of
    /// another type gets 415 (RFC 3261 8.2.3); an INVITE whose Accept allows none of them gets
    /// 406 (RFC 4475 3.3.15).
    pub content_types: Option<&'a [&'a str]>,
}

impl Options<'static> {
    /// A proxy that handles `sip`, `sips` and `tel` Request-URIs and checks no capabilities.
    pub const DEFAULT: Options<'static> = Options {
        role: Role::Proxy,
        uri_schemes: &["sip", "sips", "tel"],
        require_max_forwards: false,
        supported: None,
        methods: None,
        content_types: None,
    };
}

impl Default for Options<'static> {
    fn default() -> Self {
        Options::DEFAULT
    }
}

/// Validates `msg` as a proxy with [`Options::DEFAULT`].
pub fn validate(msg: &Message) -> Verdict {
    validate_with(msg, &Options::DEFAULT)
}

/// Validates `msg` for an element described by `opts`.
pub fn validate_with(msg: &Message, opts: &Options<'_>) -> Verdict {
    match judge(msg, opts) {
        Ok(()) => Verdict::Ok,
        Err(f) => Verdict::Reject {
            status: f.status,
            reason: f.reason,
        },
    }
}

/// The option tags of Require (endpoint) or Proxy-Require (proxy) that are not in
/// `opts.supported`: what a 420 response lists in its Unsupported header (RFC 3261 8.2.2.3).
/// Empty when `opts.supported` is `None`, for responses, and for ACK and CANCEL, whose
/// Require and Proxy-Require are ignored.
pub fn unsupported_requirements<'m>(msg: &'m Message, opts: &Options<'_>) -> Vec<&'m str> {
    let Some(supported) = opts.supported else {
        return Vec::new();
    };
    let Some(method) = msg.method() else {
        return Vec::new();
    };
    if method == "ACK" || method == "CANCEL" {
        return Vec::new();
    }
    let kind = match opts.role {
        Role::Proxy => HeaderKind::ProxyRequire,
        Role::Endpoint => HeaderKind::Require,
    };
    let mut out = Vec::new();
    for h in fields(msg, kind) {
        let v = msg.value_of(h);
        for (a, b) in split_list(v) {
            let tag = v.get(a..b).unwrap_or("");
            if !tag.is_empty() && !supported.iter().any(|s| s.eq_ignore_ascii_case(tag)) {
                out.push(tag);
            }
        }
    }
    out
}

/// A problem found: status and reason.
struct Fail {
    status: u16,
    reason: &'static str,
}

type Check = Result<(), Fail>;

fn bad(reason: &'static str) -> Fail {
    Fail {
        status: 400,
        reason,
    }
}

fn judge(msg: &Message, opts: &Options<'_>) -> Check {
    check_start_line(msg)?;
    check_required(msg, opts)?;
    check_duplicates(msg)?;
    check_fields(msg)?;
    check_wildcard_contact(msg)?;
    check_body(msg)?;
    check_branch(msg)?;
    match msg.start_line() {
        StartLine::Request { method, uri, .. } => request_semantics(msg, method, uri, opts),
        StartLine::Response { .. } => response_semantics(msg, opts),
    }
}

fn fields(msg: &Message, kind: HeaderKind) -> impl Iterator<Item = &Header> {
    msg.headers().iter().filter(move |h| h.kind() == kind)
}

fn has(msg: &Message, kind: HeaderKind) -> bool {
    fields(msg, kind).next().is_some()
}

fn first_value(msg: &Message, kind: HeaderKind) -> Option<&str> {
    fields(msg, kind).next().map(|h| msg.value_of(h))
}

// ---------------------------------------------------------------------------------------------
// 1. Start line

/// RFC 3261 7.1 / 7.2 / 8.2 / 19.1.1 / 21.5.7.
fn check_start_line(msg: &Message) -> Check {
    if !msg.version().eq_ignore_ascii_case("SIP/2.0") {
        return Err(Fail {
            status: 505,
            reason: "Unsupported SIP version",
        });
    }
    match msg.start_line() {
        StartLine::Response { code, .. } => {
            if !(100..=699).contains(&code) {
                return Err(bad("Bad status code"));
            }
        }
        StartLine::Request { method, uri, .. } => {
            if !is_token(method) {
                return Err(bad("Malformed method"));
            }
            if uri.starts_with('<') {
                return Err(bad("Request-URI enclosed in angle brackets"));
            }
            if uri.bytes().any(is_lws) {
                return Err(bad("White space in Request-URI"));
            }
            let u = Uri::parse(uri).map_err(|_| bad("Malformed Request-URI"))?;
            if u.is_sip() && u.headers.is_some() {
                return Err(bad("Request-URI carries headers"));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Mandatory headers

/// RFC 3261 8.1.1 (requests), 8.2.6.2 / 20 (responses copy the same five).
fn check_required(msg: &Message, opts: &Options<'_>) -> Check {
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

// ---------------------------------------------------------------------------------------------
// 3. Duplicates

/// RFC 3261 7.3.1: a header whose grammar is not a list appears at most once.
fn check_duplicates(msg: &Message) -> Check {
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
    let twice = |k: HeaderKind| fields(msg, k).nth(1).is_some();
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

// ---------------------------------------------------------------------------------------------
// 4. Header grammar

fn check_fields(msg: &Message) -> Check {
    use HeaderKind::*;
    const PRIORITY: [HeaderKind; 10] = [
        Via,
        From,
        To,
        CallId,
        CSeq,
        MaxForwards,
        ContentLength,
        Contact,
        Route,
        RecordRoute,
    ];
    for kind in PRIORITY {
        for h in fields(msg, kind) {
            check_field(kind, msg.value_of(h))?;
        }
    }
    for h in msg.headers() {
        if !PRIORITY.contains(&h.kind()) {
            check_field(h.kind(), msg.value_of(h))?;
        }
    }
    Ok(())
}

/// Texts naming the problems of one address header.
struct AddrTexts {
    malformed: &'static str,
    display: &'static str,
    unterminated: &'static str,
    addr_spec: &'static str,
    unbracketed: &'static str,
}

macro_rules! addr_texts {
    ($h:literal) => {
        AddrTexts {
            malformed: concat!("Malformed ", $h),
            display: concat!("Bad display name in ", $h),
            unterminated: concat!("Unterminated quoted string in ", $h),
            addr_spec: concat!("Bad addr-spec in ", $h),
            unbracketed: concat!("URI with headers or comma not enclosed in <> in ", $h),
        }
    };
}

static FROM: AddrTexts = addr_texts!("From");
static TO: AddrTexts = addr_texts!("To");
static CONTACT: AddrTexts = addr_texts!("Contact");
static ROUTE: AddrTexts = addr_texts!("Route");
static RECORD_ROUTE: AddrTexts = addr_texts!("Record-Route");
static REPLY_TO: AddrTexts = addr_texts!("Reply-To");
static REFER_TO: AddrTexts = addr_texts!("Refer-To");
static REFERRED_BY: AddrTexts = addr_texts!("Referred-By");

fn check_field(kind: HeaderKind, v: &str) -> Check {
    use HeaderKind::*;
    match kind {
        Via => check_via_field(v),
        From => check_from_to(v, &FROM),
        To => check_from_to(v, &TO),
        CallId => ok_or(call_id_ok(v), "Malformed Call-ID"),
        CSeq => CSeqValue::parse(v)
            .map(drop)
            .map_err(|_| bad("Malformed CSeq")),
        // RFC 3261 20.22: 0-255
        MaxForwards => ok_or(decimal(v, 255), "Malformed Max-Forwards"),
        ContentLength => ok_or(decimal(v, u64::MAX), "Malformed Content-Length"),
        Contact => check_contact_field(v),
        Route => check_address_list(v, &ROUTE),
        RecordRoute => check_address_list(v, &RECORD_ROUTE),
        ReplyTo => check_address(v, &REPLY_TO, false).map(drop),
        ReferTo => check_address(v, &REFER_TO, false).map(drop),
        ReferredBy => check_address(v, &REFERRED_BY, false).map(drop),
        // RFC 3261 20.19: delta-seconds up to 2**32-1 (RFC 4475 3.1.2.4)
        Expires => ok_or(decimal(v, u64::from(u32::MAX)), "Malformed Expires"),
        MinExpires => ok_or(decimal(v, u64::from(u32::MAX)), "Malformed Min-Expires"),
        RetryAfter => ok_or(retry_after_ok(v), "Malformed Retry-After"),
        Date => ok_or(rfc1123_date_ok(v), "Bad Date"),
        ContentType => ok_or(media_type_ok(v, true), "Malformed Content-Type"),
        Accept => ok_or(
            list_ok(v, true, |e| media_type_ok(e, false)),
            "Malformed Accept",
        ),
        Require => ok_or(list_ok(v, false, is_token), "Malformed Require"),
        ProxyRequire => ok_or(list_ok(v, false, is_token), "Malformed Proxy-Require"),
        Unsupported => ok_or(list_ok(v, false, is_token), "Malformed Unsupported"),
        Supported => ok_or(list_ok(v, true, is_token), "Malformed Supported"),
        Allow => ok_or(list_ok(v, true, is_token), "Malformed Allow"),
        _ => Ok(()),
    }
}

fn ok_or(ok: bool, reason: &'static str) -> Check {
    if ok { Ok(()) } else { Err(bad(reason)) }
}

/// A comma list whose every element passes `elem`; `empty_ok` allows a wholly empty value.
fn list_ok(v: &str, empty_ok: bool, elem: impl Fn(&str) -> bool) -> bool {
    if trim_lws(v).is_empty() {
        return empty_ok;
    }
    split_list(v).all(|(a, b)| v.get(a..b).is_some_and(&elem))
}

/// `1*DIGIT` with a value of at most `max`.
fn decimal(v: &str, max: u64) -> bool {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let significant = v.trim_start_matches('0');
    if significant.len() > 20 {
        return false;
    }
    significant.is_empty() || significant.parse::<u64>().is_ok_and(|n| n <= max)
}

/// RFC 3261 20.42 / 25.1 via-parm, plus RFC 3581 rport. Empty list elements (`,,`) are
/// malformed (RFC 4475 3.1.2.1).
fn check_via_field(v: &str) -> Check {
    const MALFORMED: &str = "Malformed Via";
    for (a, b) in split_list(v) {
        let e = v.get(a..b).unwrap_or("");
        if e.is_empty() {
            return Err(bad(MALFORMED));
        }
        let via = Via::parse(e).map_err(|_| bad(MALFORMED))?;
        if !walk_params(via.params.as_str(), true, via_param_ok) {
            return Err(bad(MALFORMED));
        }
    }
    Ok(())
}

fn via_param_ok(name: &str, value: Option<&str>) -> bool {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("branch") {
        value.is_some_and(is_token)
    } else if is("received") {
        // RFC 3261 via-received is an IPv4 or a bare IPv6 address; RFC 5118 4.5 also accepts
        // the bracketed reference (a valid via-extension).
        value.is_some_and(|v| {
            v.parse::<Ipv6Addr>().is_ok()
                || matches!(Host::parse(v), Ok(Host::Ipv4(_) | Host::Ipv6(_)))
        })
    } else if is("ttl") {
        value.is_some_and(|v| v.len() <= 3 && decimal(v, 255))
    } else if is("maddr") {
        value.is_some_and(|v| Host::parse(v).is_ok())
    } else if is("rport") {
        value.is_none_or(|v| decimal(v, 65535))
    } else {
        !value.is_some_and(|v| v.contains(':') && !v.starts_with('['))
    }
}

/// From and To: an address whose `tag`, when present, is a token (RFC 3261 25.1 tag-param).
fn check_from_to(v: &str, t: &AddrTexts) -> Check {
    let na = check_address(v, t, false)?;
    if let Some(p) = na.params.get("tag")
        && !p.value.is_some_and(is_token)
    {
        return Err(bad(t.malformed));
    }
    Ok(())
}

/// Route and Record-Route: a non-empty list of name-addrs in angle brackets.
fn check_address_list(v: &str, t: &AddrTexts) -> Check {
    for (a, b) in split_list(v) {
        check_address(v.get(a..b).unwrap_or(""), t, true)?;
    }
    Ok(())
}

/// Contact values other than `*` (checked per message): addresses with a delta-seconds
/// `expires` and a qvalue `q` (RFC 3261 20.10, 25.1).
fn check_contact_field(v: &str) -> Check {
    for (a, b) in split_list(v) {
        let e = v.get(a..b).unwrap_or("");
        if e == "*" {
            continue;
        }
        let na = check_address(e, &CONTACT, false)?;
        for p in na.params.iter() {
            let ok = if p.name.eq_ignore_ascii_case("expires") {
                p.value.is_some_and(|x| decimal(x, u64::from(u32::MAX)))
            } else if p.name.eq_ignore_ascii_case("q") {
                p.value.is_some_and(qvalue_ok)
            } else {
                true
            };
            if !ok {
                return Err(bad(CONTACT.malformed));
            }
        }
    }
    Ok(())
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
fn qvalue_ok(v: &str) -> bool {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, f),
        None => (v, ""),
    };
    frac.len() <= 3
        && match int {
            "0" => frac.bytes().all(|b| b.is_ascii_digit()),
            "1" => frac.bytes().all(|b| b == b'0'),
            _ => false,
        }
}

/// One `( name-addr / addr-spec ) *( SEMI generic-param )` value, with the specific problems
/// RFC 4475 exercises named before the core parser gives its general verdict: display names
/// (3.1.2.6, 3.1.2.15), white space inside `<>` (3.1.2.14), and an addr-spec that needs
/// brackets because it holds `?` or `,` (RFC 3261 20.10, RFC 4475 3.1.2.13).
fn check_address<'a>(
    v: &'a str,
    t: &AddrTexts,
    angle_required: bool,
) -> Result<NameAddr<'a>, Fail> {
    let v = trim_lws(v);
    let b = v.as_bytes();
    if b.is_empty() {
        return Err(bad(t.malformed));
    }
    let lt = if b[0] == b'"' {
        let n = quoted_len(b).ok_or(bad(t.unterminated))?;
        if !b.get(..n).is_some_and(quoted_string_ok) {
            return Err(bad(t.display));
        }
        let j = skip_lws(b, n);
        if b.get(j) != Some(&b'<') {
            return Err(bad(t.malformed));
        }
        Some(j)
    } else {
        // A display name holds no ':', an addr-spec starts with "scheme:".
        match (v.find('<'), v.find(':')) {
            (Some(lt), Some(colon)) if lt < colon => Some(lt),
            (Some(lt), None) => Some(lt),
            _ => None,
        }
    };
    match lt {
        Some(lt) => {
            if b[0] != b'"' {
                let dn = v.get(..lt).unwrap_or("");
                if !dn
                    .split(|c: char| c.is_ascii() && is_lws(c as u8))
                    .all(|w| w.is_empty() || is_token(w))
                {
                    return Err(bad(t.display));
                }
            }
            let rest = v.get(lt + 1..).unwrap_or("");
            let Some(gt) = rest.find('>') else {
                return Err(bad(t.malformed));
            };
            let inner = rest.get(..gt).unwrap_or("");
            if inner.is_empty() || inner.bytes().any(is_lws) {
                return Err(bad(t.addr_spec));
            }
        }
        None => {
            if angle_required {
                return Err(bad(t.malformed));
            }
            let end = v.find(';').unwrap_or(v.len());
            let uri = trim_lws(v.get(..end).unwrap_or(""));
            if uri.contains('?') || uri.contains(',') {
                return Err(bad(t.unbracketed));
            }
            if uri.bytes().any(is_lws) {
                return Err(bad(t.addr_spec));
            }
        }
    }
    let na = NameAddr::parse(v).map_err(|_| bad(t.malformed))?;
    if !walk_params(na.params.as_str(), false, |_, _| true) {
        return Err(bad(t.malformed));
    }
    Ok(na)
}

/// A quoted-string (quotes included) whose content is `qdtext` or `quoted-pair`
/// (RFC 3261 25.1): raw control characters must be escaped.
fn quoted_string_ok(q: &[u8]) -> bool {
    let inner = match q {
        [b'"', inner @ .., b'"'] => inner,
        _ => return false,
    };
    let mut i = 0;
    while let Some(&c) = inner.get(i) {
        if c == b'\\' {
            match inner.get(i + 1) {
                Some(&n) if n <= 0x7f && n != b'\r' && n != b'\n' => i += 2,
                _ => return false,
            }
        } else if is_lws(c)
            || c == 0x21
            || (0x23..=0x5b).contains(&c)
            || (0x5d..=0x7e).contains(&c)
            || c >= 0x80
        {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Walks `*( SEMI generic-param )` strictly: every parameter has a token name, and a value
/// that is a token, an IPv6 reference or a valid quoted-string (RFC 3261 25.1 gen-value);
/// `bare_ipv6` also admits an unbracketed IPv6 address (Via received, RFC 3261 25.1 and
/// RFC 5118 4.6). `f` judges each parameter; the walk fails at the first refusal.
fn walk_params(raw: &str, bare_ipv6: bool, mut f: impl FnMut(&str, Option<&str>) -> bool) -> bool {
    let b = raw.as_bytes();
    let mut i = skip_lws(b, 0);
    while i < b.len() {
        if b.get(i) != Some(&b';') {
            return false;
        }
        i = skip_lws(b, i + 1);
        let n0 = i;
        while b.get(i).is_some_and(|&c| is_token_char(c)) {
            i += 1;
        }
        if i == n0 {
            return false;
        }
        let name = raw.get(n0..i).unwrap_or("");
        let mut value = None;
        let j = skip_lws(b, i);
        if b.get(j) == Some(&b'=') {
            let v0 = skip_lws(b, j + 1);
            let mut v1 = v0;
            match b.get(v0) {
                Some(b'"') => {
                    let Some(n) = b.get(v0..).and_then(quoted_len) else {
                        return false;
                    };
                    v1 = v0 + n;
                    if !b.get(v0..v1).is_some_and(quoted_string_ok) {
                        return false;
                    }
                }
                Some(b'[') => {
                    let Some(k) = b.get(v0..).and_then(|s| s.iter().position(|&c| c == b']'))
                    else {
                        return false;
                    };
                    v1 = v0 + k + 1;
                    if raw
                        .get(v0 + 1..v1 - 1)
                        .is_none_or(|a| a.parse::<Ipv6Addr>().is_err())
                    {
                        return false;
                    }
                }
                _ => {
                    while b
                        .get(v1)
                        .is_some_and(|&c| is_token_char(c) || (bare_ipv6 && c == b':'))
                    {
                        v1 += 1;
                    }
                    let tok = raw.get(v0..v1).unwrap_or("");
                    if tok.is_empty() || (tok.contains(':') && tok.parse::<Ipv6Addr>().is_err()) {
                        return false;
                    }
                }
            }
            value = raw.get(v0..v1);
            i = v1;
        }
        if !f(name, value) {
            return false;
        }
        i = skip_lws(b, i);
    }
    true
}

/// `callid = word [ "@" word ]` (RFC 3261 25.1).
fn call_id_ok(v: &str) -> bool {
    fn word(w: &str) -> bool {
        !w.is_empty()
            && w.bytes().all(|c| {
                is_token_char(c)
                    || matches!(
                        c,
                        b'(' | b')'
                            | b'<'
                            | b'>'
                            | b':'
                            | b'\\'
                            | b'"'
                            | b'/'
                            | b'['
                            | b']'
                            | b'?'
                            | b'{'
                            | b'}'
                    )
            })
    }
    match v.split_once('@') {
        Some((a, b)) => word(a) && word(b),
        None => word(v),
    }
}

/// `m-type SLASH m-subtype *( SEMI m-parameter )` (RFC 3261 20.15, 25.1). With
/// `values_required` every parameter needs a value (Content-Type); Accept ranges allow bare
/// accept-params. `*` is a token character, so wildcards pass.
fn media_type_ok(v: &str, values_required: bool) -> bool {
    let b = v.as_bytes();
    let token_end = |mut i: usize| {
        while b.get(i).is_some_and(|&c| is_token_char(c)) {
            i += 1;
        }
        i
    };
    let t1 = token_end(0);
    if t1 == 0 {
        return false;
    }
    let slash = skip_lws(b, t1);
    if b.get(slash) != Some(&b'/') {
        return false;
    }
    let s0 = skip_lws(b, slash + 1);
    let s1 = token_end(s0);
    if s1 == s0 {
        return false;
    }
    walk_params(v.get(s1..).unwrap_or(""), false, |_, value| {
        !values_required || value.is_some()
    })
}

/// `type/subtype` of a media type or range, without parameters and white space.
fn media_essence(v: &str) -> (&str, &str) {
    let essence = v.split(';').next().unwrap_or("");
    let (t, s) = essence.split_once('/').unwrap_or((essence, ""));
    (trim_lws(t), trim_lws(s))
}

/// True when two media types or ranges overlap: equal `type/subtype` (case-insensitive), a
/// `*` on either side matching anything.
fn media_matches(a: &str, b: &str) -> bool {
    let part = |x: &str, y: &str| x == "*" || y == "*" || x.eq_ignore_ascii_case(y);
    let (at, asub) = media_essence(a);
    let (bt, bsub) = media_essence(b);
    part(at, bt) && part(asub, bsub)
}

/// `Retry-After = delta-seconds [ comment ] *( SEMI retry-param )` (RFC 3261 20.33): the
/// delta-seconds must fit 32 bits.
fn retry_after_ok(v: &str) -> bool {
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    let (n, rest) = v.split_at(digits);
    let rest = trim_lws(rest);
    decimal(n, u64::from(u32::MAX))
        && (rest.is_empty() || rest.starts_with('(') || rest.starts_with(';'))
}

/// `rfc1123-date = wkday "," SP date1 SP time SP "GMT"` (RFC 3261 20.17, 25.1), with the
/// day checked against the month.
fn rfc1123_date_ok(v: &str) -> bool {
    const WKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let b = v.as_bytes();
    if b.len() != 29 {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        if d.iter().all(u8::is_ascii_digit) {
            Some(d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
        } else {
            None
        }
    };
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

/// RFC 3261 10.2.2 / 10.3 step 6: `Contact: *` only in a REGISTER, alone, with Expires 0.
fn check_wildcard_contact(msg: &Message) -> Check {
    let mut values = 0usize;
    let mut star = false;
    for h in fields(msg, HeaderKind::Contact) {
        let v = msg.value_of(h);
        for (a, b) in split_list(v) {
            values += 1;
            star |= v.get(a..b) == Some("*");
        }
    }
    if !star {
        return Ok(());
    }
    let expires_zero = first_value(msg, HeaderKind::Expires)
        .is_some_and(|e| !e.is_empty() && e.bytes().all(|c| c == b'0'));
    if msg.method() == Some("REGISTER") && values == 1 && expires_zero {
        Ok(())
    } else {
        Err(bad("Bad wildcard Contact"))
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Body

/// Length of the body the message declares: Content-Length when present (already checked to
/// be a number), else every byte after the empty line (RFC 3261 18.3 for datagrams).
fn body_len(msg: &Message) -> Result<usize, Fail> {
    let present = msg.as_bytes().len().saturating_sub(msg.head_len());
    let Some(v) = first_value(msg, HeaderKind::ContentLength) else {
        return Ok(present);
    };
    match v.parse::<u64>() {
        Ok(n) if n <= present as u64 => Ok(n as usize),
        Ok(_) => Err(bad("Content-Length larger than body")),
        Err(_) => Err(bad("Malformed Content-Length")),
    }
}

/// RFC 3261 18.3 (a datagram shorter than Content-Length is an error; extra octets are
/// ignored) and 20.15 (a body needs a Content-Type).
fn check_body(msg: &Message) -> Check {
    if body_len(msg)? > 0 && !has(msg, HeaderKind::ContentType) {
        return Err(bad("Missing Content-Type for a body"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Transaction layer

/// RFC 4475 3.2.1: a branch that is only the RFC 3261 magic cookie names no transaction.
fn check_branch(msg: &Message) -> Check {
    if let Some(Ok(top)) = msg.vias().next()
        && top.branch() == Some("z9hG4bK")
    {
        return Err(bad("Via branch has no transaction identifier"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. What the element does with a well-formed message

fn request_semantics(msg: &Message, method: &str, uri: &str, opts: &Options<'_>) -> Check {
    let endpoint = opts.role == Role::Endpoint;
    if endpoint
        && let Some(methods) = opts.methods
        && !methods.contains(&method)
    {
        return Err(Fail {
            status: 501,
            reason: "Method not implemented",
        });
    }
    // RFC 3261 8.1.1.5 / 20.16; RFC 4475 3.1.2.17
    if let Some(Ok(cseq)) = msg.cseq()
        && cseq.method != method
    {
        return Err(bad("CSeq method does not match request method"));
    }
    // RFC 3261 8.2.2.1 / 16.3 step 2
    let scheme = uri.split(':').next().unwrap_or("");
    if !opts
        .uri_schemes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        return Err(Fail {
            status: 416,
            reason: "Unsupported URI scheme",
        });
    }
    // RFC 3261 16.3 step 3
    if !endpoint && matches!(msg.max_forwards(), Some(Ok(0))) {
        return Err(Fail {
            status: 483,
            reason: "Max-Forwards exhausted",
        });
    }
    // RFC 3261 8.2.2.3 / 16.3 step 5
    if !unsupported_requirements(msg, opts).is_empty() {
        return Err(Fail {
            status: 420,
            reason: if endpoint {
                "Unsupported option tag in Require"
            } else {
                "Unsupported option tag in Proxy-Require"
            },
        });
    }
    if !endpoint {
        return Ok(());
    }
    if let Some(types) = opts.content_types {
        // RFC 3261 8.2.3
        if body_len(msg)? > 0 {
            let ty = first_value(msg, HeaderKind::ContentType).unwrap_or("");
            if !types.iter().any(|t| media_matches(t, ty)) {
                return Err(Fail {
                    status: 415,
                    reason: "Unsupported media type",
                });
            }
        }
        // RFC 4475 3.3.15: the answer to an INVITE carries a session description
        if method == "INVITE" && has(msg, HeaderKind::Accept) {
            let acceptable = fields(msg, HeaderKind::Accept).any(|h| {
                let v = msg.value_of(h);
                split_list(v).any(|(a, b)| {
                    let range = v.get(a..b).unwrap_or("");
                    !range.is_empty() && types.iter().any(|t| media_matches(range, t))
                })
            });
            if !acceptable {
                return Err(Fail {
                    status: 406,
                    reason: "No acceptable body type",
                });
            }
        }
    }
    // RFC 3261 10.3 step 5, RFC 4475 3.3.4: an address-of-record is a SIP or SIPS URI
    if method == "REGISTER" && !matches!(msg.to(), Some(Ok(to)) if to.uri.is_sip()) {
        return Err(bad("Address-of-record is not a SIP or SIPS URI"));
    }
    Ok(())
}

fn response_semantics(msg: &Message, opts: &Options<'_>) -> Check {
    // RFC 3261 8.1.3.3
    if opts.role == Role::Endpoint && msg.vias().nth(1).is_some() {
        return Err(bad("More than one Via in a response"));
    }
    // RFC 4475 3.3.10: forwarding would go to the broadcast address
    let broadcast = |s: &str| s == "255.255.255.255";
    for via in msg.vias().flatten() {
        if broadcast(via.host.as_str()) || via.received().is_some_and(broadcast) {
            return Err(bad("Broadcast address in Via"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request with every mandatory header; `extra` lines go after them, then `body`.
    fn request(start: &str, extra: &str, body: &str) -> Message {
        let text = format!(
            "{start}\r\nVia: SIP/2.0/UDP host.example.com;branch=z9hG4bKabc\r\nMax-Forwards: 70\r\n\
             From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: x@y\r\n\
             CSeq: 1 {}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            start.split(' ').next().unwrap_or(""),
            body.len()
        );
        Message::parse(text.as_bytes()).expect("test message parses")
    }

    fn invite(extra: &str) -> Message {
        request("INVITE sip:b@example.com SIP/2.0", extra, "")
    }

    fn reject(status: u16, reason: &'static str) -> Verdict {
        Verdict::Reject { status, reason }
    }

    #[test]
    fn a_plain_request_is_ok() {
        let m = invite("");
        assert_eq!(validate(&m), Verdict::Ok);
        assert!(validate(&m).is_ok());
        assert_eq!(validate(&m).status(), 0);
        assert_eq!(validate(&m).reason(), None);
    }

    #[test]
    fn verdict_accessors() {
        let v = reject(416, "Unsupported URI scheme");
        assert!(!v.is_ok());
        assert_eq!(v.status(), 416);
        assert_eq!(v.reason(), Some("Unsupported URI scheme"));
    }

    #[test]
    fn version_other_than_2_0_gets_505() {
        let m = request("OPTIONS sip:b@example.com SIP/3.0", "", "");
        assert_eq!(validate(&m), reject(505, "Unsupported SIP version"));
        let m = request("OPTIONS sip:b@example.com sip/2.0", "", "");
        assert_eq!(validate(&m), Verdict::Ok, "SIP-Version is case-insensitive");
    }

    #[test]
    fn request_uri_problems() {
        let m = request("INVITE sip:b@example.com?Subject=x SIP/2.0", "", "");
        assert_eq!(validate(&m), reject(400, "Request-URI carries headers"));
        let m = request("INVITE sip:b@[2001:db8:::1] SIP/2.0", "", "");
        assert_eq!(validate(&m), reject(400, "Malformed Request-URI"));
        let m = request("INVITE mailto:b@example.com SIP/2.0", "", "");
        assert_eq!(validate(&m), reject(416, "Unsupported URI scheme"));
        let m = request("INVITE tel:+14255550100 SIP/2.0", "", "");
        assert_eq!(validate(&m), Verdict::Ok);
        let opts = Options {
            uri_schemes: &["sip"],
            ..Options::DEFAULT
        };
        assert_eq!(
            validate_with(&m, &opts),
            reject(416, "Unsupported URI scheme")
        );
        let opts = Options {
            uri_schemes: &["SIP", "mailto"],
            ..Options::DEFAULT
        };
        let m = request("INVITE mailto:b@example.com SIP/2.0", "", "");
        assert_eq!(validate_with(&m, &opts), Verdict::Ok);
    }

    #[test]
    fn missing_headers_are_named() {
        let base = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\n\
                    Call-ID: c\r\nCSeq: 1 OPTIONS\r\n";
        for (drop, reason) in [
            ("Via", "Missing Via"),
            ("From", "Missing From"),
            ("To", "Missing To"),
            ("Call-ID", "Missing Call-ID"),
            ("CSeq", "Missing CSeq"),
        ] {
            let head: String = base
                .split_inclusive("\r\n")
                .filter(|l| !l.starts_with(&format!("{drop}:")))
                .collect();
            let text = format!("OPTIONS sip:b@b SIP/2.0\r\n{head}\r\n");
            let m = Message::parse(text.as_bytes()).unwrap();
            assert_eq!(validate(&m), reject(400, reason), "{drop}");
            let resp = format!("SIP/2.0 200 OK\r\n{head}\r\n");
            let m = Message::parse(resp.as_bytes()).unwrap();
            assert_eq!(validate(&m), reject(400, reason), "{drop} in a response");
        }
        let text = format!("OPTIONS sip:b@b SIP/2.0\r\n{base}\r\n");
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(
            validate(&m),
            Verdict::Ok,
            "Max-Forwards is optional by default"
        );
        let opts = Options {
            require_max_forwards: true,
            ..Options::DEFAULT
        };
        assert_eq!(
            validate_with(&m, &opts),
            reject(400, "Missing Max-Forwards")
        );
        let resp = format!("SIP/2.0 200 OK\r\n{base}\r\n");
        let m = Message::parse(resp.as_bytes()).unwrap();
        assert_eq!(
            validate_with(&m, &opts),
            Verdict::Ok,
            "responses carry no Max-Forwards"
        );
    }

    #[test]
    fn duplicates_of_single_valued_headers() {
        let m = invite("Call-ID: other\r\n");
        assert_eq!(
            validate(&m),
            reject(400, "Duplicate single-valued header: Call-ID")
        );
        let m = invite("f: <sip:c@example.com>;tag=2\r\n");
        assert_eq!(
            validate(&m),
            reject(400, "Duplicate single-valued header: From")
        );
        let m = invite("Subject: a\r\nSubject: b\r\n");
        assert_eq!(
            validate(&m),
            reject(400, "Duplicate single-valued header: Subject")
        );
        let m = invite("l: 0\r\n");
        assert_eq!(validate(&m), reject(400, "Several Content-Length values"));
        let m = invite("Supported: a\r\nSupported: b\r\nVia: SIP/2.0/TCP x;branch=z9hG4bK2\r\n");
        assert_eq!(validate(&m), Verdict::Ok, "list headers may repeat");
    }

    #[test]
    fn header_grammar() {
        for (extra, reason) in [
            ("Via: SIP/2.0/UDP h;branch=z9hG4bK1;;\r\n", "Malformed Via"),
            ("Via: SIP/2.0/UDP h;branch=z9hG4bK1,,\r\n", "Malformed Via"),
            ("Via: SIP/2.0/UDP h;branch\r\n", "Malformed Via"),
            ("Via: SIP/2.0/UDP h;branch=1;ttl=256\r\n", "Malformed Via"),
            (
                "Via: SIP/2.0/UDP h;branch=1;received=host.example\r\n",
                "Malformed Via",
            ),
            ("Via: SIP/2.0/UDP h;branch=1;rport=x\r\n", "Malformed Via"),
            (
                "Via: SIP/2.0/UDP h;branch=1;x=\"a\u{1}\"\r\n",
                "Malformed Via",
            ),
            (
                "Contact: <sip:c@h>;expires=4294967296\r\n",
                "Malformed Contact",
            ),
            ("Contact: <sip:c@h>;q=1.5\r\n", "Malformed Contact"),
            ("Contact: <sip:c@h>;q=0.1234\r\n", "Malformed Contact"),
            ("Contact: <sip:c@h>,,<sip:d@h>\r\n", "Malformed Contact"),
            ("Contact: \"A\" sip:c@h\r\n", "Malformed Contact"),
            (
                "Contact: sip:c@h?Subject=x\r\n",
                "URI with headers or comma not enclosed in <> in Contact",
            ),
            (
                "Contact: \"a\u{7}\" <sip:c@h>\r\n",
                "Bad display name in Contact",
            ),
            (
                "Contact: \"a <sip:c@h>\r\n",
                "Unterminated quoted string in Contact",
            ),
            ("Route: sip:p@h;lr\r\n", "Malformed Route"),
            (
                "Record-Route: <sip:p@h;lr>, <sip: q@h>\r\n",
                "Bad addr-spec in Record-Route",
            ),
            (
                "Reply-To: a,b <sip:c@h>\r\n",
                "Bad display name in Reply-To",
            ),
            ("Expires: 4294967296\r\n", "Malformed Expires"),
            ("Expires: -1\r\n", "Malformed Expires"),
            ("Min-Expires: x\r\n", "Malformed Min-Expires"),
            ("Retry-After: 99999999999\r\n", "Malformed Retry-After"),
            ("Retry-After: 5 junk\r\n", "Malformed Retry-After"),
            ("Content-Type: application\r\n", "Malformed Content-Type"),
            (
                "Content-Type: text/plain;charset\r\n",
                "Malformed Content-Type",
            ),
            ("Accept: application/sdp, bad\r\n", "Malformed Accept"),
            ("Require: \r\n", "Malformed Require"),
            ("Proxy-Require: a b\r\n", "Malformed Proxy-Require"),
            ("Unsupported: x,\r\n", "Malformed Unsupported"),
            ("Supported: a/b\r\n", "Malformed Supported"),
            ("Allow: INVITE, \"ACK\"\r\n", "Malformed Allow"),
            ("Date: Sat, 13 Nov 2010 23:29:00 PST\r\n", "Bad Date"),
            ("Date: Sat, 31 Apr 2010 23:29:00 GMT\r\n", "Bad Date"),
            ("Date: Sat, 13 Nov 2010 24:29:00 GMT\r\n", "Bad Date"),
            ("Date: Sat,13 Nov 2010 23:29:00 GMT \r\n", "Bad Date"),
        ] {
            assert_eq!(validate(&invite(extra)), reject(400, reason), "{extra:?}");
        }
        for extra in [
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1;ttl=16;maddr=224.2.0.1;rport;received=[2001:db8::1]\r\n",
            "Via: SIP/2.0/UDP h;branch=1;received=2001:db8::9:255;rport=5060\r\n",
            "Contact: <sip:c@h>;expires=4294967295;q=1.000, sip:d@h;q=0.5\r\n",
            "Contact: caller <sip:c@h>;+sip.instance=\"<urn:uuid:1>\"\r\n",
            "Route: <sip:p@h;lr>, \"P\" <sip:q@h>\r\n",
            "Expires: 0\r\n",
            "Retry-After: 120 (in a meeting);duration=3600\r\n",
            "Date: Sat, 29 Feb 2020 23:29:60 GMT\r\n",
            "Accept: \r\nAllow: \r\nSupported: \r\n",
            "Accept: */*;q=0.5, application/sdp\r\n",
            "Require: 100rel, timer\r\n",
        ] {
            assert_eq!(validate(&invite(extra)), Verdict::Ok, "{extra:?}");
        }
    }

    #[test]
    fn from_to_call_id_cseq_max_forwards() {
        let swap = |name: &str, value: &str| {
            let text = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
                 Max-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: c@d\r\n\
                 CSeq: 1 OPTIONS\r\n\r\n";
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{name}:")))
                .unwrap()
                .to_string();
            let text = text.replace(&line, &format!("{name}: {value}"));
            validate(&Message::parse(text.as_bytes()).unwrap())
        };
        assert_eq!(
            swap("From", "<sip:a@b>;tag=\"x\""),
            reject(400, "Malformed From")
        );
        assert_eq!(
            swap("From", "Bell, A <sip:a@b>;tag=1"),
            reject(400, "Bad display name in From")
        );
        assert_eq!(swap("To", "< sip:b@b>"), reject(400, "Bad addr-spec in To"));
        assert_eq!(
            swap("To", "\"B <sip:b@b>"),
            reject(400, "Unterminated quoted string in To")
        );
        assert_eq!(swap("To", "isbn:2983792873"), Verdict::Ok);
        assert_eq!(swap("To", "sip:b@b ;tag = x"), Verdict::Ok);
        assert_eq!(swap("Call-ID", "a b"), reject(400, "Malformed Call-ID"));
        assert_eq!(swap("Call-ID", "a@b@c"), reject(400, "Malformed Call-ID"));
        assert_eq!(swap("Call-ID", "a(b)<c>:\\\"/[?]{}@d"), Verdict::Ok);
        assert_eq!(
            swap("CSeq", "4294967296 OPTIONS"),
            reject(400, "Malformed CSeq")
        );
        assert_eq!(swap("CSeq", "1 OPTIONS x"), reject(400, "Malformed CSeq"));
        assert_eq!(
            swap("CSeq", "1 INVITE"),
            reject(400, "CSeq method does not match request method")
        );
        assert_eq!(
            swap("CSeq", "1 options"),
            reject(400, "CSeq method does not match request method")
        );
        assert_eq!(
            swap("Max-Forwards", "256"),
            reject(400, "Malformed Max-Forwards")
        );
        assert_eq!(swap("Max-Forwards", "0255"), Verdict::Ok);
        assert_eq!(
            swap("Max-Forwards", "0"),
            reject(483, "Max-Forwards exhausted")
        );
    }

    #[test]
    fn wildcard_contact() {
        let reg = |extra: &str| request("REGISTER sip:example.com SIP/2.0", extra, "");
        assert_eq!(validate(&reg("Contact: *\r\nExpires: 0\r\n")), Verdict::Ok);
        assert_eq!(
            validate(&reg("Contact: *\r\n")),
            reject(400, "Bad wildcard Contact")
        );
        assert_eq!(
            validate(&reg("Contact: *\r\nExpires: 10\r\n")),
            reject(400, "Bad wildcard Contact")
        );
        assert_eq!(
            validate(&reg("Contact: *, <sip:a@b>\r\nExpires: 0\r\n")),
            reject(400, "Bad wildcard Contact")
        );
        assert_eq!(
            validate(&invite("Contact: *\r\nExpires: 0\r\n")),
            reject(400, "Bad wildcard Contact")
        );
    }

    #[test]
    fn content_length_and_body() {
        let text = "MESSAGE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n\
                    To: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n";
        let with = |cl: &str, body: &str| {
            Message::parse(format!("{text}{cl}\r\n{body}").as_bytes()).unwrap()
        };
        assert_eq!(
            validate(&with("Content-Length: 5\r\n", "hello")),
            Verdict::Ok
        );
        assert_eq!(
            validate(&with("Content-Length: 6\r\n", "hello")),
            reject(400, "Content-Length larger than body")
        );
        assert_eq!(
            validate(&with("Content-Length: 2\r\n", "hello")),
            Verdict::Ok,
            "extra octets are ignored"
        );
        assert_eq!(
            validate(&with("", "hello")),
            Verdict::Ok,
            "no Content-Length: the datagram is the body"
        );
        assert_eq!(
            validate(&with("Content-Length: -5\r\n", "hello")),
            reject(400, "Malformed Content-Length")
        );
        assert_eq!(
            validate(&with(
                "Content-Length: 99999999999999999999999\r\n",
                "hello"
            )),
            reject(400, "Malformed Content-Length")
        );
        let untyped = text.replace("Content-Type: text/plain\r\n", "");
        let m =
            Message::parse(format!("{untyped}Content-Length: 5\r\n\r\nhello").as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(400, "Missing Content-Type for a body"));
        let m =
            Message::parse(format!("{untyped}Content-Length: 0\r\n\r\nhello").as_bytes()).unwrap();
        assert_eq!(
            validate(&m),
            Verdict::Ok,
            "octets beyond Content-Length are not a body"
        );
    }

    #[test]
    fn bare_magic_cookie_branch() {
        let text = "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK\r\nFrom: <sip:a@b>;tag=1\r\n\
                    To: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(
            validate(&m),
            reject(400, "Via branch has no transaction identifier")
        );
        let m = Message::parse(text.replace("z9hG4bK", "z9hG4bKx").as_bytes()).unwrap();
        assert_eq!(validate(&m), Verdict::Ok);
        let m = Message::parse(text.replace(";branch=z9hG4bK", "").as_bytes()).unwrap();
        assert_eq!(
            validate(&m),
            Verdict::Ok,
            "RFC 2543 Vias have no branch at all"
        );
    }

    #[test]
    fn max_forwards_zero_depends_on_role() {
        let m = request("OPTIONS sip:b@example.com SIP/2.0", "", "");
        let text = String::from_utf8(m.as_bytes().to_vec())
            .unwrap()
            .replace("Max-Forwards: 70", "Max-Forwards: 0");
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(483, "Max-Forwards exhausted"));
        let endpoint = Options {
            role: Role::Endpoint,
            ..Options::DEFAULT
        };
        assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
    }

    #[test]
    fn require_and_proxy_require() {
        let m = invite("Require: timer, foo\r\nProxy-Require: bar\r\n");
        assert_eq!(validate(&m), Verdict::Ok, "no supported set: not checked");
        let proxy = Options {
            supported: Some(&["timer", "FOO"]),
            ..Options::DEFAULT
        };
        assert_eq!(
            validate_with(&m, &proxy),
            reject(420, "Unsupported option tag in Proxy-Require")
        );
        assert_eq!(unsupported_requirements(&m, &proxy), vec!["bar"]);
        let endpoint = Options {
            role: Role::Endpoint,
            ..proxy
        };
        assert_eq!(
            validate_with(&m, &endpoint),
            Verdict::Ok,
            "foo matches FOO case-insensitively"
        );
        let narrow = Options {
            supported: Some(&["timer"]),
            ..endpoint
        };
        assert_eq!(
            validate_with(&m, &narrow),
            reject(420, "Unsupported option tag in Require")
        );
        assert_eq!(unsupported_requirements(&m, &narrow), vec!["foo"]);
        let cancel = request("CANCEL sip:b@example.com SIP/2.0", "Require: foo\r\n", "");
        assert_eq!(
            validate_with(&cancel, &narrow),
            Verdict::Ok,
            "ignored in CANCEL"
        );
        assert!(unsupported_requirements(&cancel, &narrow).is_empty());
    }

    #[test]
    fn endpoint_methods_and_media() {
        let endpoint = Options {
            role: Role::Endpoint,
            methods: Some(&["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"]),
            content_types: Some(&["application/sdp", "multipart/*"]),
            ..Options::DEFAULT
        };
        let m = request("PUBLISH sip:b@example.com SIP/2.0", "", "");
        assert_eq!(
            validate_with(&m, &endpoint),
            reject(501, "Method not implemented")
        );
        assert_eq!(
            validate(&m),
            Verdict::Ok,
            "a proxy forwards unknown methods"
        );
        let m = request(
            "INVITE sip:b@example.com SIP/2.0",
            "Content-Type: text/plain\r\n",
            "hi",
        );
        assert_eq!(
            validate_with(&m, &endpoint),
            reject(415, "Unsupported media type")
        );
        let m = request(
            "INVITE sip:b@example.com SIP/2.0",
            "Content-Type: Application/SDP\r\n",
            "v=0\r\n",
        );
        assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
        let m = request(
            "INVITE sip:b@example.com SIP/2.0",
            "Content-Type: multipart/mixed;boundary=x\r\n",
            "--x--",
        );
        assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
        let m = invite("Accept: text/html\r\n");
        assert_eq!(
            validate_with(&m, &endpoint),
            reject(406, "No acceptable body type")
        );
        let m = invite("Accept: text/html, application/*\r\n");
        assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
        let m = request(
            "OPTIONS sip:b@example.com SIP/2.0",
            "Accept: text/html\r\n",
            "",
        );
        assert_eq!(
            validate_with(&m, &endpoint),
            Verdict::Ok,
            "406 is only judged for INVITE"
        );
    }

    #[test]
    fn registrar_needs_a_sip_address_of_record() {
        let text = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
                    From: <sip:a@b>;tag=1\r\nTo: tel:+14255550100\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n\r\n";
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(validate(&m), Verdict::Ok);
        let endpoint = Options {
            role: Role::Endpoint,
            ..Options::DEFAULT
        };
        assert_eq!(
            validate_with(&m, &endpoint),
            reject(400, "Address-of-record is not a SIP or SIPS URI")
        );
        let m = Message::parse(text.replace("tel:+14255550100", "<sips:a@b>").as_bytes()).unwrap();
        assert_eq!(validate_with(&m, &endpoint), Verdict::Ok);
    }

    #[test]
    fn responses() {
        let text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP b;branch=z9hG4bK2\r\n\
                    From: <sip:a@b>;tag=1\r\nTo: <sip:b@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n";
        let m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(
            validate(&m),
            Verdict::Ok,
            "CSeq method of a response is not compared"
        );
        let endpoint = Options {
            role: Role::Endpoint,
            ..Options::DEFAULT
        };
        assert_eq!(
            validate_with(&m, &endpoint),
            reject(400, "More than one Via in a response")
        );
        let m = Message::parse(text.replace("UDP b;", "UDP 255.255.255.255;").as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(400, "Broadcast address in Via"));
        let m = Message::parse(
            text.replace("UDP b;", "UDP b;received=255.255.255.255;")
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(validate(&m), reject(400, "Broadcast address in Via"));
        let m = Message::parse(text.replace("SIP/2.0 200", "SIP/2.1 200").as_bytes()).unwrap();
        assert_eq!(validate(&m), reject(505, "Unsupported SIP version"));
    }

    #[test]
    fn grammar_pieces() {
        assert!(qvalue_ok("0") && qvalue_ok("0.") && qvalue_ok("0.999") && qvalue_ok("1.00"));
        assert!(!qvalue_ok("1.001") && !qvalue_ok("2") && !qvalue_ok("") && !qvalue_ok(".5"));
        assert!(decimal("000000000000000000000000000001", 1));
        assert!(!decimal("", 1) && !decimal("+1", 9) && !decimal("10", 9));
        assert!(media_matches("*/*", "text/plain") && media_matches("TEXT/*", "text/plain;a=b"));
        assert!(media_matches("text/plain", "text/*") && media_matches("text/html", "*/*"));
        assert!(!media_matches("text/html", "text/plain") && !media_matches("text/*", "image/*"));
        assert!(quoted_string_ok(b"\"a\\\"\\\x00 \xc3\xa9\""));
        assert!(
            !quoted_string_ok(b"\"\x7f\"")
                && !quoted_string_ok(b"\"a\\\"")
                && !quoted_string_ok(b"\"")
        );
        assert!(rfc1123_date_ok("Sat, 15 Oct 2005 04:44:56 GMT"));
        assert!(rfc1123_date_ok("sat, 15 oct 2005 04:44:56 gmt"));
        assert!(!rfc1123_date_ok("Sat, 15 Oct 2005 04:44:56 GMT\u{e9}"));
        assert!(!rfc1123_date_ok("Xyz, 15 Oct 2005 04:44:56 GMT"));
        assert!(!rfc1123_date_ok("Sat, 29 Feb 2100 04:44:56 GMT"));
    }
}
