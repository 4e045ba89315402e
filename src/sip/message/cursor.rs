//! What a message keeps to answer lookups without walking every field: per header kind the
//! index of its first and last field, and where the last lookup by index stopped.

use super::Header;
use crate::sip::header_name::HeaderKind;
use std::sync::atomic::{AtomicU64, Ordering};

/// The place of a value found by [`Message::value`], for the next lookup to start from: the
/// kind of the header, the index of the value after it, the field it stood in, and where in
/// that field's value the next one starts ([`CURSOR_FIELD_DONE`]: in a later field). Packed
/// in one word, kept in an atomic so that a shared message can keep it too (relaxed loads
/// and stores cost what plain ones do); places too large to pack are not kept.
#[derive(Debug, Default)]
pub(super) struct ValueCursor(AtomicU64);

/// No cursor: no kind has this number.
const NO_CURSOR: u64 = u64::MAX;
/// The next value starts in a later field.
pub(super) const CURSOR_FIELD_DONE: u64 = 0xff_ffff;

impl ValueCursor {
    pub(super) const fn new() -> ValueCursor {
        ValueCursor(AtomicU64::new(NO_CURSOR))
    }

    /// (kind number, next value index, field, position), when a cursor is kept.
    #[inline(always)]
    pub(super) fn get(&self) -> Option<(u8, usize, usize, u64)> {
        let w = self.0.load(Ordering::Relaxed);
        (w != NO_CURSOR).then_some((
            (w >> 56) as u8,
            ((w >> 40) & 0xffff) as usize,
            ((w >> 24) & 0xffff) as usize,
            w & CURSOR_FIELD_DONE,
        ))
    }

    #[inline(always)]
    pub(super) fn set(&self, kind: HeaderKind, index: usize, field: usize, pos: Option<usize>) {
        let pos = pos.map_or(CURSOR_FIELD_DONE, |p| p as u64);
        let w = if index <= 0xffff && field <= 0xffff && pos <= CURSOR_FIELD_DONE {
            (kind as u64) << 56 | (index as u64) << 40 | (field as u64) << 24 | pos
        } else {
            NO_CURSOR
        };
        self.0.store(w, Ordering::Relaxed);
    }

    pub(super) fn clear(&self) {
        self.0.store(NO_CURSOR, Ordering::Relaxed);
    }
}

/// A copy starts without a cursor (it is only a shortcut).
impl Clone for ValueCursor {
    fn clone(&self) -> ValueCursor {
        ValueCursor::new()
    }
}

pub(super) type FirstIndex = [u8; HeaderKind::Other as usize + 1];
/// No field of the kind.
pub(super) const ABSENT: u8 = u8::MAX;
/// Largest index kept as is; later first fields are found from here on.
pub(super) const FIRST_CAP: u8 = u8::MAX - 1;

/// The first- and last-field indexes of `headers`, in one pass: per kind the smallest index
/// (as [`ABSENT`] is larger than any) and the largest below [`FIRST_CAP`] (the last store
/// wins), both without a branch per field; [`FIRST_CAP`] for a field at or past the cap. A
/// kind without fields keeps [`ABSENT`] as its first index and 0 as its last.
pub(super) fn index_kinds(headers: &[Header], first: &mut FirstIndex, last: &mut FirstIndex) {
    *first = [ABSENT; HeaderKind::Other as usize + 1];
    *last = [0; HeaderKind::Other as usize + 1];
    let (exact, capped) = headers.split_at(headers.len().min(usize::from(FIRST_CAP)));
    for (i, h) in (0..FIRST_CAP).zip(exact) {
        let k = h.kind as usize;
        first[k] = first[k].min(i);
        last[k] = i;
    }
    for h in capped {
        let k = h.kind as usize;
        first[k] = first[k].min(FIRST_CAP);
        last[k] = FIRST_CAP;
    }
}
