//! Parsed input that owns its bytes: one buffer, and an index that refers into it by byte
//! ranges ([`Span`]) instead of borrows.
//!
//! A value that keeps what it parsed (a multipart body handed to C, an XML document, a call
//! holding its INVITE) must not borrow from a buffer it owns itself: that is a
//! self-referencing struct, which safe Rust cannot express and unsafe code gets wrong. The
//! pattern here is the one [`crate::sip::Message`] follows: the buffer is owned once, the
//! parse records spans, and borrowed views are made on demand from `(buffer, span)`. Such a
//! value moves freely, is `Send`/`Sync` when its index is, and needs no unsafe code.
//!
//! [`Owned::build`] hands the buffer to a function that reads it and returns the index. That
//! function can look at the bytes but cannot keep a borrow of them in the index: the index
//! type is chosen outside it, so the compiler refuses one that borrows.

use std::fmt;
use std::ops::Range;

/// A byte range inside the buffer of an [`Owned`] value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The empty span at offset 0.
    pub const EMPTY: Span = Span { start: 0, end: 0 };

    /// The span `start..end`; an `end` before `start` gives the empty span at `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span that `inner` covers in `outer`, or `None` when `inner` is not a sub-slice of
    /// `outer` (found by address, so equal bytes elsewhere do not match).
    pub fn within(outer: &[u8], inner: &[u8]) -> Option<Span> {
        let base = outer.as_ptr() as usize;
        let at = inner.as_ptr() as usize;
        let start = at.checked_sub(base)?;
        let end = start.checked_add(inner.len())?;
        (end <= outer.len()).then_some(Span { start, end })
    }

    /// [`Span::within`] for text.
    pub fn within_str(outer: &str, inner: &str) -> Option<Span> {
        Span::within(outer.as_bytes(), inner.as_bytes())
    }

    /// First byte.
    pub fn start(self) -> usize {
        self.start
    }

    /// Just past the last byte.
    pub fn end(self) -> usize {
        self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// As a range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Text an index keeps: a span of the buffer when the text stands there as it is, or an
/// owned string when it had to be decoded (an XML entity, a joined run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The text is these bytes of the buffer.
    Span(Span),
    /// The text, decoded.
    Decoded(Box<str>),
}

impl Default for Text {
    fn default() -> Text {
        Text::Span(Span::EMPTY)
    }
}

/// What an [`Owned`] value can hold: raw bytes or UTF-8 text.
pub trait Buffer: sealed::Sealed {
    /// All of it, as bytes.
    fn as_bytes(&self) -> &[u8];
    /// The text in `range`, or `None` when it is outside or not UTF-8 there.
    fn text_at(&self, range: Range<usize>) -> Option<&str>;
}

impl Buffer for [u8] {
    fn as_bytes(&self) -> &[u8] {
        self
    }

    fn text_at(&self, range: Range<usize>) -> Option<&str> {
        std::str::from_utf8(self.get(range)?).ok()
    }
}

impl Buffer for str {
    fn as_bytes(&self) -> &[u8] {
        str::as_bytes(self)
    }

    /// O(1): only the two ends are checked for character boundaries.
    fn text_at(&self, range: Range<usize>) -> Option<&str> {
        self.get(range)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for [u8] {}
    impl Sealed for str {}
}

/// A buffer owned once, with an index of spans into it built by reading it.
///
/// Spans in the index resolve through [`Owned::bytes`] and [`Owned::text`]. A span the index
/// made from this buffer always resolves; a span from elsewhere that falls outside resolves to
/// empty (and fails a debug assertion), never to other memory.
#[derive(Debug, PartialEq, Eq)]
pub struct Owned<I, B: ?Sized + Buffer = [u8]> {
    buf: Box<B>,
    index: I,
}

impl<I: Clone, B: ?Sized + Buffer> Clone for Owned<I, B>
where
    Box<B>: Clone,
{
    fn clone(&self) -> Self {
        Owned {
            buf: self.buf.clone(),
            index: self.index.clone(),
        }
    }
}

impl<I, B: ?Sized + Buffer> Owned<I, B> {
    /// Takes `buf` and builds its index with `read`. `read` sees the buffer; what it returns
    /// may hold spans and owned data, but no borrow of the buffer.
    pub fn build<E>(buf: Box<B>, read: impl FnOnce(&B) -> Result<I, E>) -> Result<Self, E> {
        let index = read(&buf)?;
        Ok(Owned { buf, index })
    }

    /// The whole buffer.
    pub fn buffer(&self) -> &B {
        &self.buf
    }

    /// The index.
    pub fn index(&self) -> &I {
        &self.index
    }

    /// The bytes of `span`.
    pub fn bytes(&self, span: Span) -> &[u8] {
        let got = self.buf.as_bytes().get(span.range());
        debug_assert!(got.is_some(), "span {span} outside the owned buffer");
        got.unwrap_or_default()
    }

    /// The text of `span`. For a `str` buffer this is O(1); for a byte buffer the span is
    /// checked for UTF-8 (spans of text the parse read as UTF-8 always pass).
    pub fn text(&self, span: Span) -> &str {
        let got = self.buf.text_at(span.range());
        debug_assert!(got.is_some(), "span {span} is not text of the owned buffer");
        got.unwrap_or_default()
    }

    /// The text a [`Text`] stands for.
    pub fn resolve<'s>(&'s self, text: &'s Text) -> &'s str {
        match text {
            Text::Span(span) => self.text(*span),
            Text::Decoded(s) => s,
        }
    }

    /// Gives the buffer and the index back.
    pub fn into_parts(self) -> (Box<B>, I) {
        (self.buf, self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of words: where each one stands, and an upper-cased copy of the last one.
    #[derive(Debug)]
    struct Words {
        spans: Vec<Span>,
        shout: Text,
    }

    fn words(text: &str) -> Result<Words, &'static str> {
        let spans: Vec<Span> = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .filter_map(|w| Span::within_str(text, w))
            .collect();
        let last = spans.last().ok_or("no words")?;
        let shout = Text::Decoded(text[last.range()].to_uppercase().into());
        Ok(Words { spans, shout })
    }

    #[test]
    fn the_index_refers_to_the_owned_buffer_and_moves_with_it() {
        let owned = {
            let source = String::from("owned  bytes plus spans");
            Owned::build(source.into_boxed_str(), words).expect("has words")
        };
        let moved = Box::new(owned);
        let owned = &*moved;
        let got: Vec<&str> = owned.index().spans.iter().map(|s| owned.text(*s)).collect();
        assert_eq!(got, ["owned", "bytes", "plus", "spans"]);
        assert_eq!(owned.resolve(&owned.index().shout), "SPANS");
        assert_eq!(owned.resolve(&Text::Span(owned.index().spans[1])), "bytes");
        assert_eq!(owned.bytes(owned.index().spans[2]), b"plus");
    }

    #[test]
    fn a_failed_index_gives_its_error() {
        let e = Owned::build(String::from("   ").into_boxed_str(), words).err();
        assert_eq!(e, Some("no words"));
    }

    #[test]
    fn spans_are_found_by_address_not_by_content() {
        let outer = b"abcabc";
        assert_eq!(Span::within(outer, &outer[3..5]), Some(Span::new(3, 5)));
        assert_eq!(Span::within(outer, &outer[6..]), Some(Span::new(6, 6)));
        let elsewhere = b"abc".to_vec();
        assert_eq!(Span::within(outer, &elsewhere), None);
        assert_eq!(Span::within(&outer[2..], &outer[..1]), None);
        assert_eq!(Span::new(5, 2), Span::new(5, 5));
        assert!(Span::new(5, 2).is_empty());
        assert_eq!(Span::new(2, 5).len(), 3);
    }

    #[test]
    fn byte_buffers_check_text_spans() {
        let owned: Owned<(), [u8]> =
            Owned::build(b"ok\xffno".to_vec().into_boxed_slice(), |_| Ok::<_, ()>(()))
                .expect("builds");
        assert_eq!(owned.text(Span::new(0, 2)), "ok");
        assert_eq!(owned.bytes(Span::new(2, 5)), b"\xffno");
        assert_eq!(owned.buffer().len(), 5);
        let (buf, ()) = owned.into_parts();
        assert_eq!(&buf[..], b"ok\xffno");
    }
}
