//! `mssip_result`: the stable numeric outcome of every fallible C call, and its names.
//!
//! Numbers are grouped in blocks per area and never reused: 0 success, 1-99 general
//! (arguments, buffers, panics), 100-199 SIP message parsing and editing, 200-299 stream
//! framing, 300-399 identity, 400-499 registrar / location service / proxy targets, 500-599
//! NAT traversal and connection ids, 600-699 trust headers, 700-799 XML, 800-829 route-set
//! state and key ring (MS-SIPRE 3.6), 830-849 dialog recovery (3.7), 900-949 dial plan,
//! 1000-1049 routing, 1100-1149 around the call (correlation, call context, safe transfer,
//! agent anonymity), 1150-1199 ICE multipart offers (3.15), E911 (3.17) and Exchange UM
//! (MS-OCEXUM), 1200-1249 interworking.

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

use strum::IntoEnumIterator;

use super::boundary::{Failure, catch_value};
use crate::sip::ErrorKind;
use crate::xml::{XmlError, XmlErrorKind};

/// Outcome of a call. `MSSIP_OK` (0) is success; every other value is an error whose
/// number is stable across releases. `mssip_result_str()` names a value and
/// `mssip_last_error()` gives the detailed message of the last failure on the calling thread.
/// Blocks: 1-99 general, 100-199 message parsing and editing, 200-299 stream framing,
/// 300-399 identity, 400-499 registrar and location service, 500-599 NAT traversal,
/// 600-699 trust headers, 700-799 XML, 800-829 route-set state and key ring, 900-949 dial
/// plan, 1000-1049 routing, 1100-1199 around the call, 1200-1249 interworking.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
pub enum mssip_result {
    /// Success.
    MSSIP_OK = 0,
    /// A required pointer argument was NULL.
    MSSIP_E_NULL = 1,
    /// The library hit an internal bug (a Rust panic) and stopped it at the boundary; the
    /// report goes to the `mssip_log_set` callback. Handles used by that call are marked
    /// unusable; free them. A shared handle is then unusable for every thread (calls already
    /// running finish); each reference to it is still freed.
    MSSIP_E_PANIC = 2,
    /// The handle was marked unusable by an earlier `MSSIP_E_PANIC`; it can only be freed.
    MSSIP_E_UNUSABLE = 3,
    /// An argument has a value the call cannot use (e.g. a CR or LF inside a header value,
    /// an unknown enum value, a status code outside 100-699).
    MSSIP_E_INVALID_ARGUMENT = 4,
    /// The caller's buffer is too small; `*out_len` holds the length needed (for text, without
    /// the terminating NUL, so the buffer needs `*out_len + 1` bytes).
    MSSIP_E_BUFFER_TOO_SMALL = 5,
    /// The named header, value, parameter or part does not exist (e.g. an index past the end).
    MSSIP_E_NOT_FOUND = 6,
    /// A string argument is not valid UTF-8.
    MSSIP_E_UTF8 = 7,
    /// The input is empty.
    MSSIP_E_EMPTY = 101,
    /// The input ended before the message was complete (e.g. no empty line after the headers,
    /// or fewer body bytes than Content-Length announces).
    MSSIP_E_INCOMPLETE = 102,
    /// The input (a message, a multipart body, an XML document) crossed one of the configured
    /// `mssip_limits`; `mssip_last_error()` names it.
    MSSIP_E_LIMIT = 103,
    /// The first line is neither a Request-Line nor a Status-Line.
    MSSIP_E_BAD_START_LINE = 104,
    /// The method is not a token.
    MSSIP_E_BAD_METHOD = 105,
    /// The SIP-Version is not `SIP/<digits>.<digits>`.
    MSSIP_E_BAD_VERSION = 106,
    /// The status code is not three digits.
    MSSIP_E_BAD_STATUS_CODE = 107,
    /// A header line has no `name:` or its name is not a token.
    MSSIP_E_BAD_HEADER = 108,
    /// The header section is not UTF-8.
    MSSIP_E_HEADER_NOT_UTF8 = 109,
    /// A URI does not follow its grammar.
    MSSIP_E_BAD_URI = 110,
    /// A header value does not follow its grammar.
    MSSIP_E_BAD_VALUE = 111,
    /// The call needs a request but got a response, or the other way round.
    MSSIP_E_WRONG_KIND = 112,
    /// The byte stream given to a `mssip_framer` cannot be cut into messages any more
    /// (garbage between messages, a message over the limits, a bad Content-Length, or the
    /// stream ended inside a message). Close the connection; `mssip_last_error()` says where.
    MSSIP_E_FRAMING = 200,
    /// An epid is not 1 to 16 `tokenchar` characters (MS-SIPRE 2.2.6).
    MSSIP_E_BAD_EPID = 300,
    /// An address-of-record is not `sip:user@host` (MS-SIPRE 2.2.2).
    MSSIP_E_BAD_AOR = 301,
    /// A `+sip.instance` value is not a `urn:uuid:` URN (MS-SIPRE 2.2.4).
    MSSIP_E_BAD_INSTANCE = 302,
    /// The text is not a user-agent GRUU, or its encoded UUID is malformed (MS-SIPRE 3.4.5.1).
    MSSIP_E_BAD_GRUU = 303,
    /// The operating system's random source failed.
    MSSIP_E_NO_RANDOMNESS = 304,
    /// The registrar was given a message that is not a REGISTER request.
    MSSIP_E_NOT_REGISTER = 400,
    /// No response can be built for the request (it has no To header field): drop it.
    MSSIP_E_UNANSWERABLE = 401,
    /// The registrar's domain is not a host name or address.
    MSSIP_E_BAD_DOMAIN = 402,
    /// The location service holds as many bindings as its limit allows (`max_bindings`).
    MSSIP_E_LOCATION_FULL = 403,
    /// The address-of-record has as many bindings as allowed (`max_bindings_per_aor`).
    MSSIP_E_AOR_FULL = 404,
    /// A host store callback of the location service failed.
    MSSIP_E_LOCATION_BACKEND = 405,
    /// The location service's store cannot do this (a host store has no purge, count or
    /// connection tracking of its own).
    MSSIP_E_LOCATION_UNSUPPORTED = 406,
    /// A binding handed to the location service is incomplete (empty aor, key or contact).
    MSSIP_E_BAD_BINDING = 407,
    /// The Request-URI is not a user or GRUU of the registrar's domain: route it otherwise.
    MSSIP_E_NOT_LOCAL = 408,
    /// A TCP or TLS `mssip_peer` has `conn_id` 0: the connection needs an id (from
    /// `mssip_conn_table_open`) for `ms-received-cid` (MS-SIPRE 3.5.5.1 step 9).
    MSSIP_E_NO_CONN_ID = 500,
    /// The text is not a connection id (1 to 16 hex digits, not 0).
    MSSIP_E_BAD_CONN_ID = 501,
    /// The connection table has handed out every id of its epoch; create a new table with a
    /// larger epoch.
    MSSIP_E_CONN_IDS_EXHAUSTED = 502,
    /// The connection table holds its maximum number of open connections.
    MSSIP_E_CONN_LIMIT = 503,
    /// The host handle is still registered to an open connection; close that one first.
    MSSIP_E_HANDLE_IN_USE = 504,
    /// An `ms-edge-proxy-message-trust` value does not follow its grammar (MS-SIPRE 2.2.14).
    MSSIP_E_BAD_TRUST = 600,
    /// `ms-edge-proxy-message-trust` parameters that break the rules of MS-SIPRE 3.10.1
    /// (e.g. `InternetUser` with `unverified`, or with `ms-source-network`).
    MSSIP_E_TRUST_CONSTRAINT = 601,
    /// An `ms-user-logon-data` value other than `RemoteUser` (MS-SIPRE 2.2.15, 3.11.1).
    MSSIP_E_BAD_LOGON_DATA = 602,
    /// A message carries a trust header field more than once, so it cannot be trusted.
    MSSIP_E_TRUST_REPEATED = 603,
    /// An XML document is not well-formed (unclosed element, text outside the root, bad
    /// attribute, unknown entity, no root element, ...). `mssip_last_error()` gives the byte.
    MSSIP_E_XML_SYNTAX = 700,
    /// An XML document is not UTF-8, or its declaration names another encoding.
    MSSIP_E_XML_ENCODING = 701,
    /// An XML document uses a namespace prefix it does not declare.
    MSSIP_E_XML_NAMESPACE = 702,
    /// An XML document has a document type declaration (DTDs are refused).
    MSSIP_E_XML_DOCTYPE = 703,
    /// An XML document is well-formed but not the document expected (another root element, a
    /// required element or attribute missing, a value out of range).
    MSSIP_E_XML_UNEXPECTED = 704,
    /// A mid-dialog request (or response) carries no routing state this library signed: no
    /// Route / Record-Route / Contact / Via with signed state (MS-SIPRE 3.6).
    MSSIP_E_ROUTE_NO_STATE = 800,
    /// Routing state or its signature parameters are not in the form the library writes.
    MSSIP_E_ROUTE_MALFORMED = 801,
    /// A routing-state signature (`ms-route-sig`, `ms-rrsig`, `ms-internal-info`) does not
    /// verify: changed, forged, truncated or moved to another dialog.
    MSSIP_E_ROUTE_BAD_SIGNATURE = 802,
    /// The key named by `ms-key-info` is not in the ring (never known, or destroyed).
    MSSIP_E_ROUTE_UNKNOWN_KEY = 803,
    /// The key is known but its retention for this use has ended (MS-SIPRE 3.6.2.1, 3.6.6).
    MSSIP_E_ROUTE_KEY_EXPIRED = 804,
    /// The key ring holds no key yet: rotate or import first.
    MSSIP_E_KEYRING_EMPTY = 805,
    /// The key ring holds as many keys as it was allowed.
    MSSIP_E_KEYRING_FULL = 806,
    /// Bytes given to `mssip_keyring_import` are not a key-ring export (format, version,
    /// length or integrity check).
    MSSIP_E_KEYRING_BAD_DATA = 807,
    /// A well-formed XML document that is not a location profile description (MS-SIPRE
    /// 2.2.7): another root, no `Name` or a `Name` that is no phone-context, no `Rule`, a
    /// `Rule` without `Pattern` or `Translation`, an element twice, a bad boolean.
    MSSIP_E_PROFILE_INVALID = 900,
    /// A rule of the profile cannot be honoured (its .NET pattern or replacement is refused);
    /// `mssip_last_error()` names the rule index and the reason. Nothing was loaded.
    MSSIP_E_RULE_REFUSED = 901,
    /// A rule's match took more than the configured `backtrack_limit` steps on the dialed
    /// string and was stopped; `mssip_last_error()` names the rule.
    MSSIP_E_MATCH_LIMIT = 902,
    /// The request is not a SERVICE for a location-profile GRUU of the store's domain (MS-SIPRE
    /// 3.8.5.1): route it otherwise.
    MSSIP_E_NOT_PROFILE_SERVICE = 903,
    /// A host callback of a profile store failed.
    MSSIP_E_PROFILE_BACKEND = 904,
    /// The profile store does not do that: a store on the host's callbacks is filled by the
    /// host itself (no add, remove or set-user through the library).
    MSSIP_E_PROFILE_STORE_UNSUPPORTED = 905,
    /// A routing preamble instance is well-formed XML but against MS-SIPRE 2.2.8 / 3.9 (no
    /// name or version, a repeated member name, a target with neither uri nor application,
    /// ...), or crosses the preamble limits. The callee routes by the default script.
    MSSIP_E_BAD_PREAMBLE = 1000,
    /// The router was given a message that is not an INVITE request.
    MSSIP_E_NOT_INVITE = 1001,
    /// The INVITE lacks a header the router needs to answer it (Via, From, To, Call-ID,
    /// CSeq): route it elsewhere or drop it.
    MSSIP_E_INVITE_UNANSWERABLE = 1002,
    /// The call has no pending branch with that number (never made, or already ended).
    MSSIP_E_UNKNOWN_BRANCH = 1003,
    /// The call has no armed timer with that id (never armed, stopped, or already fired).
    MSSIP_E_UNKNOWN_TIMER = 1004,
    /// The call is over (MSSIP_ACTION_DONE was produced); it takes no more events.
    MSSIP_E_CALL_OVER = 1005,
    /// A host callback returned non-zero; the actions not yet delivered stay queued and are
    /// delivered first by the next call (or drained with mssip_call_next_action).
    MSSIP_E_CALLBACK = 1006,
    /// A call was made on the call from inside one of its own callbacks.
    MSSIP_E_REENTRANT = 1007,
    /// The message's `Ms-Correlation-Id` is not one UUID (MS-SIPRE 2.2.11): its presence is
    /// ignored (3.12.5.2) and the `mssip_log_set` sink was told.
    MSSIP_E_CORRELATION_IGNORED = 1100,
    /// `Ms-Correlation-Id` goes only on an INVITE or REFER request or a final response to
    /// one (MS-SIPRE 3.12.4.1, 3.12.5.1).
    MSSIP_E_NOT_CORRELATABLE = 1101,
    /// Safe transfer: `ms-safe-transfer` is advertised on an INVITE or its 200 OK (MS-SIPRE
    /// 3.14.4); the `Ms-Sensitivity` is read from a REFER and copied into an INVITE (3.14.5).
    MSSIP_E_TRANSFER_WRONG_MESSAGE = 1102,
    /// The REFER has no single Refer-To, or its Refer-To (or the `?headers` of its URI) does
    /// not parse.
    MSSIP_E_BAD_REFER_TO = 1103,
    /// The `Ms-Sensitivity` named in the Refer-To URI is not one of the values of MS-SIPRE
    /// 2.2.9.
    MSSIP_E_BAD_SENSITIVITY = 1104,
    /// Agent anonymity: `Ms-Call-Info` goes on an INVITE or a response to one (MS-SIPRE
    /// 3.16.1.1), `P-Agent-On-Behalf-Of` is checked on an INVITE (2.2.21).
    MSSIP_E_ANONYMITY_NOT_INVITE = 1105,
    /// A call context is well-formed XML but against MS-SIPRE 2.2.19 / 3.13.5.1 (a required
    /// element missing or repeated, a party without uri, the author not a participant, a date
    /// not in UTC, a dataFormat other than text/plain, a repeated mode, ...).
    MSSIP_E_CONTEXT_INVALID = 1106,
    /// Call context is conveyed only in an INVITE, in a single body (MS-SIPRE 3.13.5.1).
    MSSIP_E_CONTEXT_MESSAGE = 1107,
    /// The INVITE holds no session description the UAS can answer with the ICE drafts it
    /// supports (MS-SIPRE 3.15.5.1): answer it with 488.
    MSSIP_E_ICE_NO_OFFER = 1150,
    /// The INVITE is not a multipart ICE offer: there is no ICEv6 description to retry with
    /// after a 415 (MS-SIPRE 3.15.5.2).
    MSSIP_E_ICE_NO_FALLBACK = 1151,
    /// A description handed to the ICE offer builder is not of the ICE draft of its place
    /// (MS-SIPRE 3.15.4.1: ICEv6 first, ICEv19 last).
    MSSIP_E_ICE_WRONG_SDP = 1152,
    /// The request is not an emergency INVITE (no `Priority: emergency`, MS-SIPRE 3.17.5.2).
    MSSIP_E_E911_NOT_EMERGENCY = 1155,
    /// The INVITE carries no `application/pidf+xml` part.
    MSSIP_E_E911_NO_LOCATION = 1156,
    /// Well-formed XML that is not a PIDF-LO (RFC 4119): another root, no `geopriv`, no
    /// `location-info`.
    MSSIP_E_PIDF_LO_INVALID = 1157,
    /// MS-OCEXUM 2.1: messages to or from Exchange UM go over TCP or TLS, and this one would
    /// not.
    MSSIP_E_UM_TRANSPORT = 1160,
    /// `Ms-Exchange-Command: skip-pin` from a caller not authenticated over TLS (MS-OCEXUM
    /// 2.2.1, 3.1), refused as asked: answer 403.
    MSSIP_E_UM_SKIP_PIN_REFUSED = 1161,
    /// An `Ms-Exchange-Command` other than `skip-pin`, or more than one (MS-OCEXUM 2.2.1).
    MSSIP_E_UM_BAD_COMMAND = 1162,
    /// The INVITE is not a Play-On-Phone INVITE (MS-OCEXUM 3.2); `mssip_last_error()` names
    /// the rule it breaks.
    MSSIP_E_UM_NOT_PLAY_ON_PHONE = 1163,
    /// The response is not a 301 / 302 to this INVITE with a Contact to follow.
    MSSIP_E_UM_NOT_REDIRECT = 1164,
    /// A location for an E911 INVITE is refused (MS-SIPRE 2.2.22): no civic element, an empty
    /// value or one with a control character, a country that is not two capital letters, an
    /// untrusted address whose method is not `Manual`, an entity or conference URI that is no
    /// URI; `mssip_last_error()` says which.
    MSSIP_E_E911_BAD_LOCATION = 1165,
    /// A civic address element name that RFC 5139 does not define (names are case-sensitive:
    /// `country`, `A1`, `HNO`, ...).
    MSSIP_E_E911_UNKNOWN_CIVIC = 1166,
    /// A response-code translation rule is refused: a code outside 200-699, a class outside
    /// 2-6, a reason phrase with CR, LF or NUL (the detail names the rule).
    MSSIP_E_TRANSLATION_RULE = 1200,
    /// A multipart body holds no `application/sdp` part with an audio `m=` line: nothing a
    /// peer without multipart could be given.
    MSSIP_E_PLAIN_BODY_NO_SDP = 1210,
    /// The message is not of the kind the call takes: not a 415, not an INVITE with a
    /// multipart body, or a 415 that answers another INVITE (`mssip_last_error()` says which).
    MSSIP_E_PLAIN_BODY_WRONG_MESSAGE = 1211,
    /// The body-dialog table holds as many dialogs as its capacity: forget ended ones.
    MSSIP_E_PLAIN_BODY_DIALOGS_FULL = 1212,
    /// The name is not a fully qualified host name (RFC 1123 labels, at least one dot, not an
    /// IP address); `mssip_last_error()` says why.
    MSSIP_E_BAD_FQDN = 1220,
    /// A bound of an FQDN discipline or a liveness helper (addresses, names, peers) is
    /// reached.
    MSSIP_E_PEER_LIMIT = 1221,
    /// The liveness helper has no peer with that id (never added, or removed).
    MSSIP_E_UNKNOWN_PEER = 1222,
    /// The response answers no probe in flight (late, repeated, or not a probe's): ignore it.
    MSSIP_E_NO_PROBE = 1223,
    /// An `ms-keep-alive` header outside the MS-CONMGMT 2.2.1 grammar, or there more than
    /// once.
    MSSIP_E_BAD_KEEP_ALIVE = 1224,
    /// The request is not an OPTIONS.
    MSSIP_E_NOT_OPTIONS = 1225,
    /// RFC 3261 16.5: the redirect names a target the call already tried (the redirected
    /// Request-URI or a History-Info entry's URI); not followed.
    MSSIP_E_UM_ALREADY_TRIED = 1230,
}

impl mssip_result {
    /// Every value, in numeric order (the order of the declaration above).
    pub fn all() -> impl Iterator<Item = mssip_result> {
        <mssip_result as IntoEnumIterator>::iter()
    }

    /// The value with number `raw`, if there is one. C may hand any integer in an enum
    /// variable, so numbers coming from C are checked here before they become a Rust enum.
    pub fn from_raw(raw: u32) -> Option<mssip_result> {
        mssip_result::all().find(|r| *r as u32 == raw)
    }

    /// The symbolic name, as spelled in `mssip.h` (e.g. `"MSSIP_E_NULL"`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The symbolic name as a C string, for `mssip_result_str`. The table is made once,
    /// from the names of the declaration.
    pub fn c_name(self) -> &'static CStr {
        static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
        let names = NAMES.get_or_init(|| {
            mssip_result::all()
                .map(|r| CString::new(r.name()).unwrap_or_default())
                .collect()
        });
        mssip_result::all()
            .position(|r| r == self)
            .and_then(|i| names.get(i))
            .map_or(c"MSSIP_E_UNKNOWN", CString::as_c_str)
    }
}

/// The stable code for each kind of SIP-layer error. Exhaustive on purpose: a new
/// `ErrorKind` must be given its own number here.
impl From<ErrorKind> for mssip_result {
    fn from(kind: ErrorKind) -> mssip_result {
        match kind {
            ErrorKind::Empty => mssip_result::MSSIP_E_EMPTY,
            ErrorKind::Incomplete => mssip_result::MSSIP_E_INCOMPLETE,
            ErrorKind::LimitExceeded => mssip_result::MSSIP_E_LIMIT,
            ErrorKind::BadStartLine => mssip_result::MSSIP_E_BAD_START_LINE,
            ErrorKind::BadMethod => mssip_result::MSSIP_E_BAD_METHOD,
            ErrorKind::BadVersion => mssip_result::MSSIP_E_BAD_VERSION,
            ErrorKind::BadStatusCode => mssip_result::MSSIP_E_BAD_STATUS_CODE,
            ErrorKind::BadHeader => mssip_result::MSSIP_E_BAD_HEADER,
            ErrorKind::NotUtf8 => mssip_result::MSSIP_E_HEADER_NOT_UTF8,
            ErrorKind::BadUri => mssip_result::MSSIP_E_BAD_URI,
            ErrorKind::BadValue => mssip_result::MSSIP_E_BAD_VALUE,
            ErrorKind::NotFound => mssip_result::MSSIP_E_NOT_FOUND,
            ErrorKind::InvalidArgument => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            ErrorKind::WrongKind => mssip_result::MSSIP_E_WRONG_KIND,
        }
    }
}

/// The stable code for each kind of XML-layer error; a crossed limit is `MSSIP_E_LIMIT`, as
/// for messages. Exhaustive on purpose, like the SIP mapping.
impl From<XmlErrorKind> for mssip_result {
    fn from(kind: XmlErrorKind) -> mssip_result {
        match kind {
            XmlErrorKind::Syntax => mssip_result::MSSIP_E_XML_SYNTAX,
            XmlErrorKind::Encoding => mssip_result::MSSIP_E_XML_ENCODING,
            XmlErrorKind::Namespace => mssip_result::MSSIP_E_XML_NAMESPACE,
            XmlErrorKind::Doctype => mssip_result::MSSIP_E_XML_DOCTYPE,
            XmlErrorKind::Unexpected => mssip_result::MSSIP_E_XML_UNEXPECTED,
            XmlErrorKind::LimitExceeded => mssip_result::MSSIP_E_LIMIT,
        }
    }
}

impl From<XmlError> for Failure {
    fn from(e: XmlError) -> Failure {
        Failure::new(mssip_result::from(e.kind), e.to_string())
    }
}

/// The C spelling of a result number: C passes `mssip_result` as an `int`-sized integer
/// that may hold a value this library does not define, so the Rust side receives the raw
/// number. `cbindgen.toml` renames this type to `mssip_result` in the header.
pub type mssip_result_raw = u32;

/// Returns the symbolic name of `r` (e.g. `"MSSIP_E_NULL"`), or `"MSSIP_E_UNKNOWN"` for a
/// number this library does not define.
///
/// Ownership: the string is static; do not free it. Thread safety: callable from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_result_str(r: mssip_result_raw) -> *const c_char {
    catch_value(c"MSSIP_E_PANIC".as_ptr(), || {
        match mssip_result::from_raw(r) {
            Some(known) => known.c_name().as_ptr(),
            None => c"MSSIP_E_UNKNOWN".as_ptr(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_debug_name_and_round_trips() {
        for r in mssip_result::all() {
            assert_eq!(r.name(), format!("{r:?}"));
            assert_eq!(r.c_name().to_str().unwrap(), r.name());
            assert_eq!(mssip_result::from_raw(r as u32), Some(r));
            // SAFETY: the pointer is a static C string.
            let s = unsafe { CStr::from_ptr(mssip_result_str(r as u32)) };
            assert_eq!(s.to_str().unwrap(), r.name());
        }
        assert!(mssip_result::all().count() > 20);
    }

    #[test]
    fn numbers_are_unique_sorted_and_in_blocks() {
        let nums: Vec<u32> = mssip_result::all().map(|r| r as u32).collect();
        assert!(nums.windows(2).all(|w| w[0] < w[1]));
        for r in mssip_result::all() {
            let n = r as u32;
            let name = format!("{r:?}");
            match n {
                0 => assert_eq!(name, "MSSIP_OK"),
                1..=99 => assert!(name.starts_with("MSSIP_E_")),
                100..=849 | 900..=949 | 1000..=1049 | 1100..=1249 => {
                    assert!(name.starts_with("MSSIP_E_"))
                }
                _ => panic!("{name} = {n} is outside the defined blocks"),
            }
        }
    }

    #[test]
    fn xml_error_kinds_map_to_their_block_and_limits_to_the_limit_code() {
        use XmlErrorKind::*;
        let kinds = [Syntax, Encoding, Namespace, Doctype, Unexpected];
        let mut codes: Vec<u32> = kinds
            .iter()
            .map(|k| mssip_result::from(*k) as u32)
            .collect();
        assert!(codes.iter().all(|c| (700..=799).contains(c)));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
        assert_eq!(
            mssip_result::from(LimitExceeded),
            mssip_result::MSSIP_E_LIMIT
        );
        let f = Failure::from(XmlError::new(Syntax, 9, "element <a> is not closed"));
        assert_eq!(f.code, mssip_result::MSSIP_E_XML_SYNTAX);
        assert!(f.text().contains("at byte 9"));
    }

    #[test]
    fn unknown_numbers_are_named_unknown() {
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let s = unsafe { CStr::from_ptr(mssip_result_str(9999)) };
        assert_eq!(s.to_str().unwrap(), "MSSIP_E_UNKNOWN");
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let s = unsafe { CStr::from_ptr(mssip_result_str(1)) };
        assert_eq!(s.to_str().unwrap(), "MSSIP_E_NULL");
        assert_eq!(mssip_result::from_raw(8), None);
        assert_eq!(mssip_result::from_raw(u32::MAX), None);
    }

    #[test]
    fn sip_error_kinds_map_to_distinct_codes() {
        use ErrorKind::*;
        let kinds = [
            Empty,
            Incomplete,
            LimitExceeded,
            BadStartLine,
            BadMethod,
            BadVersion,
            BadStatusCode,
            BadHeader,
            NotUtf8,
            BadUri,
            BadValue,
            NotFound,
            InvalidArgument,
            WrongKind,
        ];
        let mut codes: Vec<u32> = kinds
            .iter()
            .map(|k| mssip_result::from(*k) as u32)
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
        assert!(!codes.contains(&0));
    }
}
