//! Exchange UM's redirect followed by a proxy: UM answers the INVITE it gets with a 301 / 302
//! whose Contact names one of its worker processes (TCP 5065-5067 in deployments); the proxy
//! in front of it recurses on the 3xx (RFC 3261 16.5, 16.6) instead of passing it upstream,
//! so the caller sees one call that the worker answers.
//!
//! [`crate::exchange_um::follow_redirect`] is the user agent's way (RFC 3261 8.1.3.4: a new
//! request, CSeq one higher). A proxy's is another, and this file does it:
//!
//! * **A new branch of the same call.** The next INVITE is the INVITE as the proxy forwarded
//!   it to UM, its own top Via removed (the host puts a Via with a new branch on it, RFC 3261
//!   16.6 item 8), the Request-URI the Contact's URI without `?headers` (16.5: the Contact
//!   joins the target set), everything else as it was: the same Call-ID, From, To and the
//!   same CSeq number, since every branch of a proxy copies the request of its one server
//!   transaction (16.6 item 1); raising the CSeq is only for a UAC (8.1.3.4).
//!   Route and Record-Route stay as they were: a Route the host pushed to reach UM (16.6
//!   item 6) and its own Record-Route for the UM side are the host's to replace.
//! * **Only TCP or TLS** (MS-OCEXUM 2.1): a Contact naming UDP is refused; one naming no
//!   transport is reached the way UM was (TLS for a `sips:` URI).
//! * **Not twice** (RFC 3261 16.5): a Contact that is the Request-URI just redirected, or the
//!   URI of a History-Info entry (targets this call already tried), is refused.
//! * **History-Info across the redirect** (RFC 7044), when the INVITE carries History-Info:
//!   the entry of the redirected target (the last one whose URI is the INVITE's Request-URI)
//!   gets `Reason=SIP;cause=302` (301) in its URI (RFC 7044 9.4 / 10.3: the response that
//!   ended the request to that target), and a new entry for the worker follows it as its
//!   sibling (the next request this proxy forwarded from the same one, RFC 7044 10.3
//!   indexing) tagged `rc=<that entry's index>`: the Request-URI changed, the target user
//!   did not (RFC 7044 9.3; the worker is the same mailbox service). When no entry names the
//!   redirected target (the host wrote none for its branch to UM), one is added for it, with
//!   the Reason, as the child of the last entry, and the worker's as its sibling. An INVITE
//!   without History-Info gets none.
//! * **Diversion kept, none added.** The Diversion values travel byte for byte; the redirect
//!   writes no new one. RFC 5806 1 and 4: a Diversion names a party that diverted the call to
//!   another user; UM's redirect sends it to another process of the same voice-mail service,
//!   and UM picks the mailbox from the top Diversion (the user whose voice mail this is): a
//!   Diversion naming UM itself would make it the mailbox. For the same reason the RFC 6044
//!   mapping ([`crate::interwork::history_to_diversion`]) reads an entry that a later `rc`
//!   entry retargeted as no diversion, so the History-Info written here maps to the same
//!   Diversion as before the redirect.
//! * **The worker pinned.** The worker's 200 Contact becomes the call's remote target (RFC
//!   3261 12.1.2, 12.2.1.1), so re-INVITEs and BYE go to the worker by their Request-URI;
//!   what the Request-URI does not say is the transport (a Contact without `transport=` means
//!   UDP to RFC 3263, which UM does not take). [`UmPin`] is what the host keeps per call:
//!   [`UmPin::covers`] tells whether a request belongs to the call (Call-ID and either tag,
//!   RFC 3261 12), and [`UmPin::transport`] the transport to reach the worker over.

use std::fmt;

use crate::ext::history_info::{HiEntryBuilder, escape_hvalue};
use crate::sip::peer::Transport;
use crate::sip::{Message, NameAddr, SipError, Uri};

/// Most History-Info entries looked through; an INVITE with more is refused as the RFC 6044
/// mapping refuses it.
pub const MAX_ENTRIES: usize = super::diversion::MAX_ENTRIES;

/// Why a response cannot be followed as UM's redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UmFollowError {
    /// Not a 301 / 302, not to this INVITE (Call-ID, CSeq), or without a usable Contact.
    NotRedirect(&'static str),
    /// MS-OCEXUM 2.1: the worker would be reached over UDP.
    Transport(Transport),
    /// RFC 3261 16.5: the Contact is a target this call already tried.
    AlreadyTried,
    /// A malformed message, or an edit over the limits.
    Sip(SipError),
}

impl fmt::Display for UmFollowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UmFollowError::NotRedirect(w) => f.write_str(w),
            UmFollowError::Transport(t) => write!(
                f,
                "Exchange UM is reached over TCP or TLS (MS-OCEXUM 2.1), not {t}"
            ),
            UmFollowError::AlreadyTried => {
                f.write_str("the redirect names a target this call already tried (RFC 3261 16.5)")
            }
            UmFollowError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for UmFollowError {}

impl From<SipError> for UmFollowError {
    fn from(e: SipError) -> UmFollowError {
        UmFollowError::Sip(e)
    }
}

/// What the host keeps so the call's later requests reach the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UmPin {
    /// The call's Call-ID.
    pub call_id: String,
    /// The caller's From tag.
    pub from_tag: String,
    /// The worker's URI (the followed INVITE's Request-URI).
    pub worker: String,
    /// TCP or TLS: how the worker, and the call's later requests to it, are reached.
    pub transport: Transport,
}

impl UmPin {
    /// The pin of a followed INVITE (what [`follow_um_redirect`] returns with it): its
    /// Call-ID, From tag and Request-URI, and the transport to the worker. A host that keeps
    /// the INVITE of its branch anyway rebuilds the pin from it.
    pub fn of(invite: &Message, transport: Transport) -> UmPin {
        let from_tag = match invite.from() {
            Some(Ok(f)) => f.tag().unwrap_or("").to_owned(),
            _ => String::new(),
        };
        UmPin {
            call_id: invite.call_id().unwrap_or("").to_owned(),
            from_tag,
            worker: invite.request_uri().unwrap_or("").to_owned(),
            transport,
        }
    }

    /// True when `msg` belongs to the pinned call: the same Call-ID, and the caller's tag as
    /// its From tag (requests from the caller, responses to them) or as its To tag (the
    /// worker's requests, such as its BYE) (RFC 3261 12: a dialog is its Call-ID and tags).
    pub fn covers(&self, msg: &Message) -> bool {
        let tag_of = |na: Option<crate::sip::Result<NameAddr<'_>>>| {
            na.and_then(|r| r.ok())
                .and_then(|n| n.tag().map(str::to_owned))
        };
        msg.call_id() == Some(self.call_id.as_str())
            && (tag_of(msg.from()).as_deref() == Some(self.from_tag.as_str())
                || tag_of(msg.to()).as_deref() == Some(self.from_tag.as_str()))
    }
}

/// The next branch: the INVITE for the worker and its pin.
#[derive(Debug, Clone)]
pub struct UmBranch {
    /// The INVITE to send, without a top Via: the host adds its own, with a new branch.
    pub invite: Message,
    pub pin: UmPin,
}

/// Follows `response`, UM's 301 / 302 to `sent` (the INVITE as the proxy forwarded it, its
/// own Via on top), as a new branch of the same call; `arrived_over` is the transport UM was
/// reached over, used when the Contact names none. See the module for the rules.
///
/// Errors: [`UmFollowError::NotRedirect`], [`UmFollowError::Transport`],
/// [`UmFollowError::AlreadyTried`], [`UmFollowError::Sip`] (a malformed CSeq, Contact or
/// History-Info count over [`MAX_ENTRIES`], an edit over the limits). `sent` is never
/// changed.
pub fn follow_um_redirect(
    sent: &Message,
    response: &Message,
    arrived_over: Transport,
) -> Result<UmBranch, UmFollowError> {
    let code = match response.status() {
        Some(c @ (301 | 302)) => c,
        _ => return Err(UmFollowError::NotRedirect("not a 301 or 302 response")),
    };
    if sent.method() != Some("INVITE") {
        return Err(UmFollowError::NotRedirect("the request is not an INVITE"));
    }
    let cseq = |m: &Message| match m.cseq() {
        Some(Ok(c)) => Some((c.seq, c.method.to_owned())),
        _ => None,
    };
    let same_call = sent.call_id().is_some() && response.call_id() == sent.call_id();
    if !same_call || cseq(sent).is_none() || cseq(response) != cseq(sent) {
        return Err(UmFollowError::NotRedirect(
            "the response does not answer this INVITE (Call-ID or CSeq)",
        ));
    }
    let contact = response
        .contacts()
        .next()
        .ok_or(UmFollowError::NotRedirect("the redirect has no Contact"))??;
    let transport = worker_transport(&contact.uri, arrived_over)?;
    let worker = contact.uri.raw.split('?').next().unwrap_or(contact.uri.raw);
    let here = sent.request_uri().unwrap_or("");
    let entries: Vec<&str> = sent.values("History-Info").collect();
    if entries.len() > MAX_ENTRIES {
        return Err(SipError::new(
            crate::sip::ErrorKind::LimitExceeded,
            0,
            "more History-Info entries than looked through",
        )
        .into());
    }
    let tried = std::iter::once(here).chain(entries.iter().filter_map(|e| entry_uri(e)));
    if tried.into_iter().any(|t| same_target(t, worker)) {
        return Err(UmFollowError::AlreadyTried);
    }
    let mut next = sent.clone();
    next.set_request_uri(worker)?;
    let history = history_edit(&entries, here, worker, code);
    next.edit(|e| {
        if e.count("Via") > 0 {
            e.remove_value("Via", 0)?;
        }
        if let Some((changed, added)) = &history {
            if let Some((at, redirected)) = changed {
                e.replace_value("History-Info", *at, redirected)?;
            }
            added
                .iter()
                .try_for_each(|a| e.add_header("History-Info", a))?;
        }
        Ok(())
    })?;
    Ok(UmBranch {
        pin: UmPin::of(&next, transport),
        invite: next,
    })
}

/// The transport the Contact's URI names, else the one UM was reached over; never UDP.
fn worker_transport(uri: &Uri<'_>, arrived_over: Transport) -> Result<Transport, UmFollowError> {
    let named = if uri.scheme_str().eq_ignore_ascii_case("sips") {
        Some(Transport::Tls)
    } else if let Some(t) = uri.params.value("transport") {
        let known = [Transport::Tcp, Transport::Tls, Transport::Udp];
        Some(
            known
                .into_iter()
                .find(|k| k.is_named(t))
                .ok_or(UmFollowError::NotRedirect(
                    "the Contact names a transport that is not TCP or TLS",
                ))?,
        )
    } else {
        None
    };
    match named.unwrap_or(arrived_over) {
        Transport::Udp => Err(UmFollowError::Transport(Transport::Udp)),
        t => Ok(t),
    }
}

/// The URI of a History-Info entry, without `?headers`.
fn entry_uri(entry: &str) -> Option<&str> {
    let start = entry.find('<')? + 1;
    let end = start + entry[start..].find('>')?;
    let uri = &entry[start..end];
    Some(uri.split('?').next().unwrap_or(uri))
}

/// Same target: the same scheme, user, host (RFC 3261 19.1.4 comparison) and port.
fn same_target(a: &str, b: &str) -> bool {
    match (Uri::parse(a), Uri::parse(b)) {
        (Ok(a), Ok(b)) => {
            a.scheme_str().eq_ignore_ascii_case(b.scheme_str())
                && a.user == b.user
                && a.port == b.port
                && match (&a.host, &b.host) {
                    (Some(x), Some(y)) => x.same_as(y),
                    (x, y) => x.is_none() && y.is_none(),
                }
        }
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// The History-Info edit: the entry of the redirected target with the Reason (`Some((value
/// index, new text))` when the INVITE has one to change), and the entries to add after the
/// last field. The redirected target's entry is the last whose URI is the Request-URI; when
/// none is (the host wrote none for its branch to UM), one is added as the child of the last
/// entry with an index (RFC 7044 10.1: every forwarded request has its entry), then the
/// worker's. Nothing when the INVITE has no History-Info, or no entry has an index.
type HistoryEdit = (Option<(usize, String)>, Vec<String>);

fn history_edit(entries: &[&str], here: &str, worker: &str, code: u16) -> Option<HistoryEdit> {
    let reason = if code == 301 {
        "SIP;cause=301;text=\"Moved Permanently\""
    } else {
        "SIP;cause=302;text=\"Moved Temporarily\""
    };
    let found = entries
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| entry_uri(e).is_some_and(|u| same_target(u, here)));
    let Some((at, entry)) = found else {
        let last = entries
            .iter()
            .rev()
            .find_map(|e| NameAddr::parse(e).ok()?.params.value("index"))?;
        let index = format!("{last}.1");
        let redirected = HiEntryBuilder {
            uri: here,
            index: &index,
            reason: Some(reason),
            ..Default::default()
        };
        let added = format!("<{worker}>;index={last}.2;rc={index}");
        return Some((None, vec![redirected.to_text(), added]));
    };
    let na = NameAddr::parse(entry).ok()?;
    let index = na.params.value("index")?;
    let redirected = if na.uri.raw.contains("Reason=") || na.uri.raw.contains("reason=") {
        entry.trim().to_owned()
    } else {
        let close = entry.find('>')?;
        let join = if na.uri.headers.is_some() { '&' } else { '?' };
        format!(
            "{}{join}Reason={}{}",
            entry[..close].trim_start(),
            escape_hvalue(reason),
            entry[close..].trim_end()
        )
    };
    let sibling = next_sibling(index, entries);
    let added = format!("<{worker}>;index={sibling};rc={index}");
    Some((Some((at, redirected)), vec![added]))
}

/// The index after `index` at its level (`1.1` -> `1.2`) that no entry uses yet.
fn next_sibling(index: &str, entries: &[&str]) -> String {
    let (parent, last) = match index.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, index),
    };
    let mut n: u64 = last.parse().unwrap_or(0);
    loop {
        n = n.saturating_add(1);
        let candidate = match parent {
            Some(p) => format!("{p}.{n}"),
            None => n.to_string(),
        };
        let used = entries.iter().any(|e| {
            NameAddr::parse(e)
                .ok()
                .and_then(|na| na.params.value("index").map(|i| i == candidate))
                .unwrap_or(false)
        });
        if !used || n == u64::MAX {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests;
