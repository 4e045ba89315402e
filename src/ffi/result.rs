//! `mssip_result`: the stable numeric outcome of every fallible C call, and its names.
//!
//! Numbers are grouped in blocks per area and never reused: 0 success, 1-99 general
//! (arguments, buffers, panics), 100-199 SIP message parsing and editing, 200-299 stream
//! framing, 300-399 identity, 400-499 registrar, location service and proxy targets,
//! 500-599 NAT traversal and connection ids, 600-699 trust headers.

use std::ffi::{CStr, c_char};

use super::boundary::catch_value;
use crate::sip::ErrorKind;

/// Outcome of a call. `MSSIP_OK` (0) is success; every other value is an error whose
/// number is stable across releases. `mssip_result_str()` names a value and
/// `mssip_last_error()` gives the detailed message of the last failure on the calling thread.
/// Blocks: 1-99 general, 100-199 message parsing and editing, 200-299 stream framing,
/// 300-399 identity, 400-499 registrar / location service / proxy targets, 500-599 NAT
/// traversal and connection ids, 600-699 trust headers.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum mssip_result {
    /// Success.
    MSSIP_OK = 0,
    /// A required pointer argument was NULL.
    MSSIP_E_NULL = 1,
    /// The library hit an internal bug (a Rust panic) and stopped it at the boundary. Handles
    /// used by that call are marked unusable; free them.
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
    /// The input crossed one of the configured `mssip_limits`; `mssip_last_error()` names it.
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
}

impl mssip_result {
    /// Every value, in numeric order (used by tests and by `from_raw`).
    pub(crate) const ALL: [mssip_result; 44] = [
        mssip_result::MSSIP_OK,
        mssip_result::MSSIP_E_NULL,
        mssip_result::MSSIP_E_PANIC,
        mssip_result::MSSIP_E_UNUSABLE,
        mssip_result::MSSIP_E_INVALID_ARGUMENT,
        mssip_result::MSSIP_E_BUFFER_TOO_SMALL,
        mssip_result::MSSIP_E_NOT_FOUND,
        mssip_result::MSSIP_E_UTF8,
        mssip_result::MSSIP_E_EMPTY,
        mssip_result::MSSIP_E_INCOMPLETE,
        mssip_result::MSSIP_E_LIMIT,
        mssip_result::MSSIP_E_BAD_START_LINE,
        mssip_result::MSSIP_E_BAD_METHOD,
        mssip_result::MSSIP_E_BAD_VERSION,
        mssip_result::MSSIP_E_BAD_STATUS_CODE,
        mssip_result::MSSIP_E_BAD_HEADER,
        mssip_result::MSSIP_E_HEADER_NOT_UTF8,
        mssip_result::MSSIP_E_BAD_URI,
        mssip_result::MSSIP_E_BAD_VALUE,
        mssip_result::MSSIP_E_WRONG_KIND,
        mssip_result::MSSIP_E_FRAMING,
        mssip_result::MSSIP_E_BAD_EPID,
        mssip_result::MSSIP_E_BAD_AOR,
        mssip_result::MSSIP_E_BAD_INSTANCE,
        mssip_result::MSSIP_E_BAD_GRUU,
        mssip_result::MSSIP_E_NO_RANDOMNESS,
        mssip_result::MSSIP_E_NOT_REGISTER,
        mssip_result::MSSIP_E_UNANSWERABLE,
        mssip_result::MSSIP_E_BAD_DOMAIN,
        mssip_result::MSSIP_E_LOCATION_FULL,
        mssip_result::MSSIP_E_AOR_FULL,
        mssip_result::MSSIP_E_LOCATION_BACKEND,
        mssip_result::MSSIP_E_LOCATION_UNSUPPORTED,
        mssip_result::MSSIP_E_BAD_BINDING,
        mssip_result::MSSIP_E_NOT_LOCAL,
        mssip_result::MSSIP_E_NO_CONN_ID,
        mssip_result::MSSIP_E_BAD_CONN_ID,
        mssip_result::MSSIP_E_CONN_IDS_EXHAUSTED,
        mssip_result::MSSIP_E_CONN_LIMIT,
        mssip_result::MSSIP_E_HANDLE_IN_USE,
        mssip_result::MSSIP_E_BAD_TRUST,
        mssip_result::MSSIP_E_TRUST_CONSTRAINT,
        mssip_result::MSSIP_E_BAD_LOGON_DATA,
        mssip_result::MSSIP_E_TRUST_REPEATED,
    ];

    /// The value with number `raw`, if there is one. C may hand any integer in an enum
    /// variable, so numbers coming from C are checked here before they become a Rust enum.
    pub fn from_raw(raw: u32) -> Option<mssip_result> {
        mssip_result::ALL.into_iter().find(|r| *r as u32 == raw)
    }

    /// The symbolic name, as spelled in `mssip.h`.
    pub fn name(self) -> &'static CStr {
        match self {
            mssip_result::MSSIP_OK => c"MSSIP_OK",
            mssip_result::MSSIP_E_NULL => c"MSSIP_E_NULL",
            mssip_result::MSSIP_E_PANIC => c"MSSIP_E_PANIC",
            mssip_result::MSSIP_E_UNUSABLE => c"MSSIP_E_UNUSABLE",
            mssip_result::MSSIP_E_INVALID_ARGUMENT => c"MSSIP_E_INVALID_ARGUMENT",
            mssip_result::MSSIP_E_BUFFER_TOO_SMALL => c"MSSIP_E_BUFFER_TOO_SMALL",
            mssip_result::MSSIP_E_NOT_FOUND => c"MSSIP_E_NOT_FOUND",
            mssip_result::MSSIP_E_UTF8 => c"MSSIP_E_UTF8",
            mssip_result::MSSIP_E_EMPTY => c"MSSIP_E_EMPTY",
            mssip_result::MSSIP_E_INCOMPLETE => c"MSSIP_E_INCOMPLETE",
            mssip_result::MSSIP_E_LIMIT => c"MSSIP_E_LIMIT",
            mssip_result::MSSIP_E_BAD_START_LINE => c"MSSIP_E_BAD_START_LINE",
            mssip_result::MSSIP_E_BAD_METHOD => c"MSSIP_E_BAD_METHOD",
            mssip_result::MSSIP_E_BAD_VERSION => c"MSSIP_E_BAD_VERSION",
            mssip_result::MSSIP_E_BAD_STATUS_CODE => c"MSSIP_E_BAD_STATUS_CODE",
            mssip_result::MSSIP_E_BAD_HEADER => c"MSSIP_E_BAD_HEADER",
            mssip_result::MSSIP_E_HEADER_NOT_UTF8 => c"MSSIP_E_HEADER_NOT_UTF8",
            mssip_result::MSSIP_E_BAD_URI => c"MSSIP_E_BAD_URI",
            mssip_result::MSSIP_E_BAD_VALUE => c"MSSIP_E_BAD_VALUE",
            mssip_result::MSSIP_E_WRONG_KIND => c"MSSIP_E_WRONG_KIND",
            mssip_result::MSSIP_E_FRAMING => c"MSSIP_E_FRAMING",
            mssip_result::MSSIP_E_BAD_EPID => c"MSSIP_E_BAD_EPID",
            mssip_result::MSSIP_E_BAD_AOR => c"MSSIP_E_BAD_AOR",
            mssip_result::MSSIP_E_BAD_INSTANCE => c"MSSIP_E_BAD_INSTANCE",
            mssip_result::MSSIP_E_BAD_GRUU => c"MSSIP_E_BAD_GRUU",
            mssip_result::MSSIP_E_NO_RANDOMNESS => c"MSSIP_E_NO_RANDOMNESS",
            mssip_result::MSSIP_E_NOT_REGISTER => c"MSSIP_E_NOT_REGISTER",
            mssip_result::MSSIP_E_UNANSWERABLE => c"MSSIP_E_UNANSWERABLE",
            mssip_result::MSSIP_E_BAD_DOMAIN => c"MSSIP_E_BAD_DOMAIN",
            mssip_result::MSSIP_E_LOCATION_FULL => c"MSSIP_E_LOCATION_FULL",
            mssip_result::MSSIP_E_AOR_FULL => c"MSSIP_E_AOR_FULL",
            mssip_result::MSSIP_E_LOCATION_BACKEND => c"MSSIP_E_LOCATION_BACKEND",
            mssip_result::MSSIP_E_LOCATION_UNSUPPORTED => c"MSSIP_E_LOCATION_UNSUPPORTED",
            mssip_result::MSSIP_E_BAD_BINDING => c"MSSIP_E_BAD_BINDING",
            mssip_result::MSSIP_E_NOT_LOCAL => c"MSSIP_E_NOT_LOCAL",
            mssip_result::MSSIP_E_NO_CONN_ID => c"MSSIP_E_NO_CONN_ID",
            mssip_result::MSSIP_E_BAD_CONN_ID => c"MSSIP_E_BAD_CONN_ID",
            mssip_result::MSSIP_E_CONN_IDS_EXHAUSTED => c"MSSIP_E_CONN_IDS_EXHAUSTED",
            mssip_result::MSSIP_E_CONN_LIMIT => c"MSSIP_E_CONN_LIMIT",
            mssip_result::MSSIP_E_HANDLE_IN_USE => c"MSSIP_E_HANDLE_IN_USE",
            mssip_result::MSSIP_E_BAD_TRUST => c"MSSIP_E_BAD_TRUST",
            mssip_result::MSSIP_E_TRUST_CONSTRAINT => c"MSSIP_E_TRUST_CONSTRAINT",
            mssip_result::MSSIP_E_BAD_LOGON_DATA => c"MSSIP_E_BAD_LOGON_DATA",
            mssip_result::MSSIP_E_TRUST_REPEATED => c"MSSIP_E_TRUST_REPEATED",
        }
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
        }
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
            Some(known) => known.name().as_ptr(),
            None => c"MSSIP_E_UNKNOWN".as_ptr(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_debug_name_and_round_trips() {
        for r in mssip_result::ALL {
            assert_eq!(r.name().to_str().unwrap(), format!("{r:?}"));
            assert_eq!(mssip_result::from_raw(r as u32), Some(r));
        }
    }

    #[test]
    fn numbers_are_unique_sorted_and_in_blocks() {
        let nums: Vec<u32> = mssip_result::ALL.iter().map(|r| *r as u32).collect();
        assert!(nums.windows(2).all(|w| w[0] < w[1]));
        for r in mssip_result::ALL {
            let n = r as u32;
            let name = format!("{r:?}");
            match n {
                0 => assert_eq!(name, "MSSIP_OK"),
                1..=99 => assert!(name.starts_with("MSSIP_E_")),
                100..=699 => assert!(name.starts_with("MSSIP_E_")),
                _ => panic!("{name} = {n} is outside the defined blocks"),
            }
        }
    }

    #[test]
    fn unknown_numbers_are_named_unknown() {
        let s = unsafe { CStr::from_ptr(mssip_result_str(9999)) };
        assert_eq!(s.to_str().unwrap(), "MSSIP_E_UNKNOWN");
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
