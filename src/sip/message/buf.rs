//! The owned bytes of a message: one `String` when all of it is UTF-8, else the bytes and a
//! checked copy of the header section.

use super::head_scan::bad;
use crate::sip::error::{ErrorKind, Result};
use crate::sip::scan::line_feeds::is_ascii;

/// Longest rest of a message read for ASCII before the UTF-8 check.
const SHORT_BODY: usize = 640;

/// The owned bytes. Nearly every SIP message is UTF-8 throughout and is kept as one `String`
/// (one allocation, text views need no further checks); a message with a non-UTF-8 body also
/// keeps a checked copy of its header section.
#[derive(Debug, Clone)]
pub(super) enum Buf {
    Text(String),
    Binary { bytes: Vec<u8>, head: String },
}

impl Buf {
    pub(super) fn new(v: Vec<u8>, head_len: usize) -> Result<Buf> {
        match String::from_utf8(v) {
            Ok(s) => Ok(Buf::Text(s)),
            Err(e) => {
                let bytes = e.into_bytes();
                match std::str::from_utf8(&bytes[..head_len]) {
                    Ok(h) => {
                        let head = h.to_string();
                        Ok(Buf::Binary { bytes, head })
                    }
                    Err(e) => Err(bad(
                        ErrorKind::NotUtf8,
                        e.valid_up_to(),
                        "header section is not UTF-8",
                    )),
                }
            }
        }
    }

    /// A copy of `bytes` (the one allocation of a parse), whose first `ascii` bytes are known
    /// to be ASCII. The rest is checked with SIMD before copying, so the common all-text
    /// message is checked and copied once each.
    #[cfg(test)]
    pub(super) fn copied(bytes: &[u8], head_len: usize, ascii: usize) -> Result<Buf> {
        Buf::copied_into(Vec::new(), bytes, head_len, ascii)
    }

    /// [`Buf::copied`] into `spare`, whose contents are dropped: its allocation holds the
    /// copy when it is large enough (else it grows, as a new one would be made).
    pub(super) fn copied_into(
        mut spare: Vec<u8>,
        bytes: &[u8],
        head_len: usize,
        ascii: usize,
    ) -> Result<Buf> {
        spare.clear();
        spare.extend_from_slice(bytes);
        let rest = bytes.get(ascii..).unwrap_or(&[]);
        // A short rest (a typical SDP body) is cheaper to read for ASCII than to set up the
        // UTF-8 check for; a long one is read at once by that check.
        let short = rest.len() <= SHORT_BODY;
        if rest.is_empty() || (short && is_ascii(rest)) || simdutf8::basic::from_utf8(rest).is_ok()
        {
            // SAFETY: `spare` holds exactly `bytes` (cleared, then extended with them), whose
            // `[..ascii]` is ASCII and whose `rest` is valid UTF-8; `rest` starts after an
            // ASCII byte, so at a character boundary, and the whole is valid UTF-8.
            return Ok(Buf::Text(unsafe { String::from_utf8_unchecked(spare) }));
        }
        Buf::new(spare, head_len)
    }

    /// The allocation of the bytes, emptied, when its capacity is at most `max` (for the
    /// next message to copy into); the buffer is left empty either way.
    pub(super) fn take_spare(&mut self, max: usize) -> Vec<u8> {
        let mut v = std::mem::replace(self, Buf::Text(String::new())).into_bytes();
        if v.capacity() > max {
            return Vec::new();
        }
        v.clear();
        v
    }

    #[inline]
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Buf::Text(s) => s.as_bytes(),
            Buf::Binary { bytes, .. } => bytes,
        }
    }

    #[inline]
    pub(super) fn head(&self) -> &str {
        match self {
            Buf::Text(s) => s,
            Buf::Binary { head, .. } => head,
        }
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        match self {
            Buf::Text(s) => s.into_bytes(),
            Buf::Binary { bytes, .. } => bytes,
        }
    }
}
