//! The user agent's side of a 415 to a multipart INVITE, for the whole dialog. MS-SIPRE
//! 3.15.5.2 retries the INVITE with one description; RFC 3261 8.1.3.5 retries with what the
//! peer accepts. Once a peer has refused multipart in a dialog, every later body of that
//! dialog (re-INVITE, UPDATE, PRACK, ACK, and the answers in 1xx / 2xx) goes single-part too.
//!
//! Sans-IO: the host names each dialog by a key of its own (a number it keeps with the
//! dialog), hands the messages in and sends what comes out. The table is bounded: at
//! capacity a new dialog is refused ([`PlainBodyError::DialogsFull`]) until the host forgets
//! ended ones.

use std::collections::HashSet;

use super::plain_body::{BodyOptions, PlainBodyError, reduce_body};
use crate::sip::Message;
use crate::sip::body::multipart::MediaType;
use crate::sip::next_attempt::next_attempt;

/// The dialogs whose bodies go single-part, by the host's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDialogs {
    single: HashSet<u64>,
    capacity: usize,
}

impl BodyDialogs {
    /// The capacity of [`BodyDialogs::default`].
    pub const DEFAULT_CAPACITY: usize = 4096;

    /// An empty table that holds at most `capacity` dialogs.
    pub fn new(capacity: usize) -> BodyDialogs {
        BodyDialogs {
            single: HashSet::new(),
            capacity,
        }
    }

    /// How many dialogs are held.
    pub fn len(&self) -> usize {
        self.single.len()
    }

    /// True when no dialog is held.
    pub fn is_empty(&self) -> bool {
        self.single.is_empty()
    }

    /// True when dialog `key` sends its bodies single-part.
    pub fn is_single(&self, key: u64) -> bool {
        self.single.contains(&key)
    }

    /// Marks dialog `key` single-part (for a host that learned it otherwise).
    ///
    /// Errors: [`PlainBodyError::DialogsFull`] for a new key at capacity.
    pub fn mark_single(&mut self, key: u64) -> Result<(), PlainBodyError> {
        if !self.single.contains(&key) && self.single.len() >= self.capacity {
            return Err(PlainBodyError::DialogsFull(self.capacity));
        }
        self.single.insert(key);
        Ok(())
    }

    /// Forgets dialog `key` (it ended); returns whether it was held.
    pub fn forget(&mut self, key: u64) -> bool {
        self.single.remove(&key)
    }

    /// After `response`, a 415 to the multipart `invite` of dialog `key`: the INVITE to send
    /// instead (CSeq one higher, the same Call-ID, From and To, no top Via: the host adds its
    /// own with a new branch, RFC 3261 8.1.3.5), its body the one description a plain peer can
    /// use (the rules of [`reduce_body`]; location parts are never kept, the peer refused
    /// multipart). The dialog is then remembered as single-part.
    ///
    /// Errors: [`PlainBodyError::WrongMessage`] when `response` is not a 415, `invite` not an
    /// INVITE with a multipart body, or the 415 does not answer it (Call-ID, CSeq);
    /// [`PlainBodyError::DialogsFull`]; those of [`reduce_body`]. Nothing is remembered on
    /// error.
    pub fn on_415(
        &mut self,
        key: u64,
        invite: &Message,
        response: &Message,
        opts: &BodyOptions,
    ) -> Result<Message, PlainBodyError> {
        if response.status() != Some(415) {
            return Err(PlainBodyError::WrongMessage("the response is not a 415"));
        }
        if invite.method() != Some("INVITE") {
            return Err(PlainBodyError::WrongMessage("the request is not an INVITE"));
        }
        let multipart = invite
            .content_type()
            .and_then(|ct| MediaType::parse(ct).ok())
            .is_some_and(|m| m.is_multipart());
        if !multipart {
            return Err(PlainBodyError::WrongMessage(
                "the INVITE has no multipart body: the 415 is not about multipart",
            ));
        }
        let answers = invite.call_id().is_some()
            && invite.call_id() == response.call_id()
            && seq(invite).is_some()
            && seq(invite) == seq(response);
        if !answers {
            return Err(PlainBodyError::WrongMessage(
                "the 415 does not answer this INVITE (Call-ID or CSeq differ)",
            ));
        }
        if !self.single.contains(&key) && self.single.len() >= self.capacity {
            return Err(PlainBodyError::DialogsFull(self.capacity));
        }
        let next = next_attempt(invite)?;
        let retry = reduce_body(&next, &single_part(opts))?.ok_or(PlainBodyError::NoSdp(
            "the INVITE's multipart body leaves nothing to send alone",
        ))?;
        self.single.insert(key);
        Ok(retry)
    }

    /// `msg`, about to be sent in dialog `key`, with its body reduced when the dialog is
    /// single-part; `None` when nothing changes (a dialog not held, a body with nothing to
    /// reduce).
    ///
    /// Errors: those of [`reduce_body`].
    pub fn outgoing(
        &self,
        key: u64,
        msg: &Message,
        opts: &BodyOptions,
    ) -> Result<Option<Message>, PlainBodyError> {
        if !self.is_single(key) {
            return Ok(None);
        }
        reduce_body(msg, &single_part(opts))
    }
}

/// The CSeq number and method of `m`, when it has a well-formed CSeq.
fn seq(m: &Message) -> Option<(u32, &str)> {
    m.cseq().and_then(|c| c.ok()).map(|c| (c.seq, c.method))
}

impl Default for BodyDialogs {
    fn default() -> BodyDialogs {
        BodyDialogs::new(BodyDialogs::DEFAULT_CAPACITY)
    }
}

/// The options of a dialog whose peer refused multipart: never a multipart again.
fn single_part(opts: &BodyOptions) -> BodyOptions {
    BodyOptions {
        keep_location: false,
        ..*opts
    }
}
