//! The headers a proxy reads on every message, as typed views and numbers.

use super::Message;
use super::cursor::{ABSENT, FIRST_CAP};
use super::numbers::{delta_seconds, out_of_range, parse_decimal};
use crate::sip::cseq::CSeq;
use crate::sip::error::Result;
use crate::sip::header_name::HeaderKind;
use crate::sip::list_items::FieldsItems;
use crate::sip::name_addr::NameAddr;
use crate::sip::via::Via;

impl Message {
    /// The Via values, top first, each parsed on demand.
    #[inline]
    pub fn vias(&self) -> impl Iterator<Item = Result<Via<'_>>> + '_ {
        let values = self
            .fields_of_kind(HeaderKind::Via)
            .map(|h| self.value_of(h));
        FieldsItems::<_, Via>::new(values, false)
    }

    #[inline(always)]
    pub(super) fn first_of_kind(&self, kind: HeaderKind) -> Option<&str> {
        match self.first[kind as usize] {
            // Below the cap the index is exact: that field is the first of the kind.
            i if i < FIRST_CAP => self.headers.get(usize::from(i)).map(|h| self.value_of(h)),
            ABSENT => None,
            _ => self.first_of_kind_past_cap(kind),
        }
    }

    /// [`Message::first_of_kind`] when the first field of `kind` lies past what the index
    /// keeps exact: a search from the cap on, kept out of line as it is rare.
    #[inline(never)]
    fn first_of_kind_past_cap(&self, kind: HeaderKind) -> Option<&str> {
        self.fields_of_kind(kind).next().map(|h| self.value_of(h))
    }

    /// The From header, parsed.
    #[inline]
    pub fn from(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::From).map(NameAddr::parse)
    }

    /// The To header, parsed.
    #[inline]
    pub fn to(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::To).map(NameAddr::parse)
    }

    /// The Call-ID value.
    #[inline]
    pub fn call_id(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::CallId)
    }

    /// The CSeq header, parsed.
    #[inline]
    pub fn cseq(&self) -> Option<Result<CSeq<'_>>> {
        self.first_of_kind(HeaderKind::CSeq).map(CSeq::parse)
    }

    /// True when a Contact value is `*` (REGISTER removing every binding).
    pub fn is_contact_star(&self) -> bool {
        self.fields_of_kind(HeaderKind::Contact)
            .flat_map(|h| self.field_values(h, true))
            .any(|v| v == "*")
    }

    /// The Contact values, parsed; a `*` value is skipped (see [`Message::is_contact_star`]).
    #[inline]
    pub fn contacts(&self) -> impl Iterator<Item = Result<NameAddr<'_>>> + '_ {
        let values = self
            .fields_of_kind(HeaderKind::Contact)
            .map(|h| self.value_of(h));
        FieldsItems::<_, NameAddr>::new(values, true)
    }

    /// Max-Forwards as a number.
    #[inline]
    pub fn max_forwards(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::MaxForwards).map(|v| {
            let n = parse_decimal(v, "Max-Forwards: expected 1*DIGIT")?;
            u32::try_from(n).map_err(|_| out_of_range("Max-Forwards: out of range"))
        })
    }

    /// Expires as a number of seconds (RFC 3261 20.19: `delta-seconds`, at most 2**32-1).
    #[inline]
    pub fn expires(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::Expires)
            .map(|v| delta_seconds(v, "Expires: expected 1*DIGIT"))
    }

    /// Min-Expires as a number of seconds (RFC 3261 20.23).
    #[inline]
    pub fn min_expires(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::MinExpires)
            .map(|v| delta_seconds(v, "Min-Expires: expected 1*DIGIT"))
    }

    /// Content-Length as a number.
    #[inline]
    pub fn content_length(&self) -> Option<Result<u64>> {
        self.first_of_kind(HeaderKind::ContentLength)
            .map(|v| parse_decimal(v, "Content-Length: expected 1*DIGIT"))
    }

    /// The Content-Type value as written.
    pub fn content_type(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::ContentType)
    }
}
