//! What the typed-access exports share: the header name argument, the lookup of one value by
//! name or header id and index, and the failure of a value that does not parse. Nothing here
//! allocates, failures included.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult};
use super::result::mssip_result;
use crate::sip::list_items::ListItem;
use crate::sip::{HeaderKind, Message, SipError};

/// Reads a required NUL-terminated header (or parameter) name as bytes. Names are matched as
/// ASCII, so only a name with other bytes is checked for UTF-8 (`MSSIP_E_UTF8`).
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn arg_name<'a>(p: *const c_char, arg: &'static str) -> FfiResult<&'a [u8]> {
    if p.is_null() {
        return Err(Failure::fixed(mssip_result::MSSIP_E_NULL, arg_null(arg)));
    }
    // Names are short: one pass finds the NUL and whether every byte before it is ASCII,
    // where `strlen` and a second walk cost more than the lookup they serve.
    let (mut len, mut high) = (0usize, 0u8);
    loop {
        // SAFETY: non-NULL and NUL-terminated per the contract: every byte up to the NUL is
        // readable.
        let c = unsafe { *p.add(len) } as u8;
        if c == 0 {
            break;
        }
        high |= c;
        len += 1;
    }
    // SAFETY: the `len` bytes before the NUL were just read.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) };
    if high >= 0x80 && std::str::from_utf8(bytes).is_err() {
        return Err(Failure::fixed(
            mssip_result::MSSIP_E_UTF8,
            "a name argument is not UTF-8",
        ));
    }
    Ok(bytes)
}

/// The static text for a NULL name argument.
fn arg_null(arg: &'static str) -> &'static str {
    match arg {
        "param" => "param is NULL",
        _ => "name is NULL",
    }
}

/// The `index`-th value of header `name`, or `MSSIP_E_NOT_FOUND`.
#[inline]
pub(crate) fn value_at<'m>(msg: &'m Message, name: &[u8], index: usize) -> FfiResult<&'m str> {
    msg.value_named(name, index)
        .ok_or_else(|| Failure::no_value(name, index))
}

/// Parses the `index`-th value of header `name` into `out` (a name-addr, a Via), found and
/// parsed in one walk where it has its usual form; `MSSIP_E_NOT_FOUND` or the parse error
/// (its offset counting from the start of the value) otherwise, `out` then being partly
/// written.
#[inline(always)]
pub(crate) fn item_named<'m, T: ListItem<'m>>(
    msg: &'m Message,
    name: &[u8],
    index: usize,
    out: &mut T,
) -> FfiResult {
    match msg.item_into(HeaderKind::from_name_bytes(name), name, index, out) {
        None => Err(Failure::no_value(name, index)),
        Some(r) => parsed(name, index, r),
    }
}

/// [`item_named`] for a known header, without a name to match.
#[inline(always)]
pub(crate) fn item_of_kind<'m, T: ListItem<'m>>(
    msg: &'m Message,
    kind: HeaderKind,
    index: usize,
    out: &mut T,
) -> FfiResult {
    debug_assert!(kind != HeaderKind::Other);
    match msg.item_into(kind, b"", index, out) {
        None => Err(Failure::no_value(kind_name(kind), index)),
        Some(r) => parsed(kind_name(kind), index, r),
    }
}

/// Header ids of the C API (`MSSIP_HDR_*`): stable numbers, so a C caller can name a common
/// header without a string to match. Numbers are never reused.
pub(crate) const HEADER_IDS: [(u32, HeaderKind); 24] = [
    (1, HeaderKind::Via),
    (2, HeaderKind::From),
    (3, HeaderKind::To),
    (4, HeaderKind::CallId),
    (5, HeaderKind::CSeq),
    (6, HeaderKind::Contact),
    (7, HeaderKind::MaxForwards),
    (8, HeaderKind::ContentLength),
    (9, HeaderKind::ContentType),
    (10, HeaderKind::Route),
    (11, HeaderKind::RecordRoute),
    (12, HeaderKind::Expires),
    (13, HeaderKind::MinExpires),
    (14, HeaderKind::Supported),
    (15, HeaderKind::Require),
    (16, HeaderKind::ProxyRequire),
    (17, HeaderKind::Allow),
    (18, HeaderKind::UserAgent),
    (19, HeaderKind::Server),
    (20, HeaderKind::Event),
    (21, HeaderKind::SubscriptionState),
    (22, HeaderKind::Authorization),
    (23, HeaderKind::WwwAuthenticate),
    (24, HeaderKind::ProxyAuthorization),
];

/// The header an id names, or `MSSIP_E_INVALID_ARGUMENT`.
#[inline]
pub(crate) fn kind_of_id(id: u32) -> FfiResult<HeaderKind> {
    let i = id.wrapping_sub(1) as usize;
    match HEADER_IDS.get(i) {
        Some(&(n, kind)) if n == id => Ok(kind),
        _ => Err(Failure::fixed(
            mssip_result::MSSIP_E_INVALID_ARGUMENT,
            "id is not one of the MSSIP_HDR_* values",
        )),
    }
}

/// The canonical name of a known header, for error texts.
pub(crate) fn kind_name(kind: HeaderKind) -> &'static [u8] {
    kind.canonical_name().unwrap_or("header").as_bytes()
}

/// The `index`-th value of the header an id names, or `MSSIP_E_NOT_FOUND`.
#[inline]
pub(crate) fn value_of_id(msg: &Message, kind: HeaderKind, index: usize) -> FfiResult<&str> {
    msg.value_of_kind(kind, index)
        .ok_or_else(|| Failure::no_value(kind_name(kind), index))
}

/// A view parsed from value `index` of header `name`, or the parse error with the name, the
/// index and the offset in that value.
#[inline]
pub(crate) fn parsed<T>(name: &[u8], index: usize, r: Result<T, SipError>) -> FfiResult<T> {
    r.map_err(|e| Failure::in_value(name, index, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_place_in_the_table_and_distinct() {
        for (i, (id, kind)) in HEADER_IDS.iter().enumerate() {
            assert_eq!(*id as usize, i + 1);
            assert_eq!(kind_of_id(*id).ok(), Some(*kind));
            assert!(HEADER_IDS[..i].iter().all(|(_, k)| k != kind));
        }
        for id in [0, 25, u32::MAX] {
            assert!(kind_of_id(id).is_err());
        }
    }
    #[test]
    fn names_are_read_to_their_nul_and_checked_only_when_not_ascii() {
        // SAFETY: every pointer is a NUL-terminated literal or NULL.
        unsafe {
            assert_eq!(arg_name(c"Via".as_ptr(), "name").ok(), Some(&b"Via"[..]));
            assert_eq!(arg_name(c"".as_ptr(), "name").ok(), Some(&b""[..]));
            assert_eq!(
                arg_name(c"X-\u{e9}t\u{e9}".as_ptr(), "name").ok(),
                Some("X-\u{e9}t\u{e9}".as_bytes())
            );
            let bad = c"V\xff";
            assert_eq!(
                arg_name(bad.as_ptr(), "name").err().map(|f| f.code),
                Some(mssip_result::MSSIP_E_UTF8)
            );
            assert_eq!(
                arg_name(std::ptr::null(), "name").err().map(|f| f.code),
                Some(mssip_result::MSSIP_E_NULL)
            );
        }
    }
}
