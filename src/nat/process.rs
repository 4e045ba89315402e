//! NAT processing of a received message at a server (MS-SIPRE 3.5.5.1): steps 1 to 10 for
//! every Contact that carries the `proxy` parameter, and the Via stamp of requests. Messages
//! are checked first and rewritten only when they pass, in one step.

use super::contact::{ProxyParam, proxy_params, rewrite_contact};
use super::error::NatError;
use super::peer_text::PeerText;
use super::rewrite::{Edit, apply};
use super::unfold::{is_folded, unfold};
use super::verdict::{Rejection, Verdict};
use super::via_stamp::{stamp_params, stamp_via};
use crate::sip::peer::Peer;
use crate::sip::{Message, NameAddr};
use smallvec::SmallVec;

/// What the host tells NAT processing beyond the peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NatOptions<'a> {
    /// For a response: it did not come straight from the user agent (it came from another
    /// server), so this server is not the first hop after the user agent and a Contact with
    /// `proxy` makes it discard the response (MS-SIPRE 3.5.5.1 step 1). The Via count cannot
    /// tell this for a response, the host can: a response that arrives over the connection
    /// the host sent the request to a user agent on came straight from it. Ignored for
    /// requests, where the Via count decides. Default false.
    pub response_relayed: bool,
    /// Leave the topmost Via of requests as it is (the stamp is a SHOULD). Default false.
    pub skip_via_stamp: bool,
    /// A proxy's Record-Route value (`<sip:proxy.example.com;transport=tls;lr>`), inserted into
    /// a dialog-creating request (INVITE, SUBSCRIBE, REFER, NOTIFY outside a dialog) that has
    /// a Contact with `proxy`, as MS-SIPRE 3.5.5.1 step 10 requires of a proxy. `None` for a
    /// registrar, or a host that record-routes on its own. Default `None`.
    pub record_route: Option<&'a str>,
}

impl NatOptions<'_> {
    /// The defaults: responses taken as coming straight from the user agent, Via stamped, no
    /// Record-Route inserted.
    pub const DEFAULT: NatOptions<'static> = NatOptions {
        response_relayed: false,
        skip_via_stamp: false,
        record_route: None,
    };
}

impl Default for NatOptions<'_> {
    fn default() -> Self {
        NatOptions::DEFAULT
    }
}

/// Methods whose out-of-dialog requests create a dialog (RFC 3261 12.1, RFC 6665, RFC 3515).
fn creates_dialog(method: &str) -> bool {
    ["INVITE", "SUBSCRIBE", "REFER", "NOTIFY"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// MS-SIPRE 3.5.5.1 step 10 applies: a dialog-creating request outside a dialog.
fn starts_dialog(msg: &Message) -> bool {
    let outside = match msg.to() {
        Some(Ok(to)) => to.tag().is_none(),
        _ => false,
    };
    msg.method().is_some_and(creates_dialog) && outside
}

/// Runs NAT processing on `msg`, received from `peer`, and rewrites it when it is to be
/// forwarded:
///
/// - every Contact value is read; one that carries `proxy` goes through steps 1 to 9 (a
///   request with more than one Via, or a response the host says was relayed, is refused:
///   step 1) and, in a dialog-creating request, step 10 when `opts.record_route` is given;
/// - a request gets the Via stamp on its topmost Via (unless `opts.skip_via_stamp`).
///
/// A refused request comes back as [`Verdict::Reject`] (answer it with
/// [`super::reject_response`]), a refused response or ACK as [`Verdict::Discard`]; the message
/// is then unchanged. An error means the work could not be done (a TCP or TLS peer without a
/// connection id, a bad option, or an edit that would cross the message's limits); the
/// message is unchanged then too.
pub fn process(msg: &mut Message, peer: &Peer, opts: &NatOptions<'_>) -> Result<Verdict, NatError> {
    if peer.transport.is_connection() && peer.conn_id == 0 {
        return Err(NatError::NoConnId);
    }
    if let Some(rr) = opts.record_route
        && (NameAddr::parse(rr).is_err() || rr.contains(['\r', '\n', '\0']))
    {
        return Err(NatError::BadOption("record_route is not a name-addr"));
    }
    let is_request = msg.is_request();
    // An ACK is never answered (RFC 3261 17.2.1, 17.2.3): a refused ACK is dropped.
    let answerable = is_request && msg.method() != Some("ACK");
    let refuse = |why| Ok(Verdict::refuse(answerable, why));
    let text = PeerText::new(peer);
    let mut edits: SmallVec<[Edit; 3]> = SmallVec::new();
    // The field whose whole value each edit replaces, when it is one (for the one-copy path).
    let mut fields: SmallVec<[Option<usize>; 4]> = SmallVec::new();

    let (top_via, one_via) = {
        let mut vias = msg.values("Via");
        (vias.next(), vias.next().is_none())
    };
    if is_request && !opts.skip_via_stamp {
        let Some(top) = top_via else {
            return refuse(Rejection::NoVia);
        };
        match stamp_via(top, &text) {
            // A value folded over lines keeps its line breaks: only the stamped parameters
            // are written, one by one.
            Ok(_) if is_folded(top) => {
                fields.push(None);
                edits.push(Edit::SetParams {
                    name: "Via",
                    index: 0,
                    set: stamp_params(&text),
                });
            }
            Ok(value) => {
                fields.push(whole_field(msg, top));
                edits.push(Edit::Replace {
                    name: "Via",
                    index: 0,
                    value,
                });
            }
            Err(why) => return refuse(why),
        }
    }

    let mut any_proxy = false;
    for (index, written) in msg.values("Contact").enumerate() {
        if written == "*" {
            continue;
        }
        // A Contact folded over lines is read and rewritten without its line breaks (the
        // white space after each stays, so it reads the same, RFC 3261 7.3.1): its URI is
        // rewritten whole, and a value put in whole may not carry them.
        let value = unfold(written);
        let value = value.as_ref();
        let Ok(contact) = NameAddr::parse(value) else {
            return refuse(Rejection::MalformedContact);
        };
        let (proxy, proxy_spans) = proxy_params(&contact);
        if proxy == ProxyParam::Absent {
            continue;
        }
        // Step 1.
        let first_hop = if is_request {
            one_via
        } else {
            !opts.response_relayed
        };
        if !first_hop {
            return refuse(Rejection::NotFirstHop);
        }
        // Step 2.
        if proxy == ProxyParam::Other {
            return refuse(Rejection::ProxyNotReplace);
        }
        match rewrite_contact(value, &contact, &proxy_spans, peer, &text) {
            Ok(value) => {
                fields.push(whole_field(msg, written));
                edits.push(Edit::Replace {
                    name: "Contact",
                    index,
                    value,
                });
            }
            Err(why) => return refuse(why),
        }
        any_proxy = true;
    }

    // Step 10.
    if let Some(rr) = opts.record_route
        && any_proxy
        && is_request
        && starts_dialog(msg)
    {
        fields.push(None);
        edits.push(Edit::Prepend {
            name: "Record-Route",
            value: rr.to_owned(),
        });
    }
    if !replace_in_place(msg, &edits, &fields) {
        apply(msg, &edits)?;
    }
    Ok(Verdict::Forward)
}

/// The index of the field whose whole value is `value` (a slice of `msg`), if there is one.
fn whole_field(msg: &Message, value: &str) -> Option<usize> {
    let start = (value.as_ptr() as usize).checked_sub(msg.as_bytes().as_ptr() as usize)?;
    let end = start + value.len();
    msg.headers()
        .iter()
        .position(|h| h.value_range() == (start..end))
}

/// The usual case in one copy of the message: every edit replaces the whole value of one
/// unfolded field (`fields[k]` for `edits[k]`, [`Message::splice_whole_values`]). False when
/// it does not apply, and the general edits do the work (and name any fault).
fn replace_in_place(msg: &mut Message, edits: &[Edit], fields: &[Option<usize>]) -> bool {
    let mut whole: SmallVec<[(usize, &str); 4]> = SmallVec::new();
    for (edit, field) in edits.iter().zip(fields) {
        let (Edit::Replace { value, .. }, Some(field)) = (edit, field) else {
            return false;
        };
        whole.push((*field, value));
    }
    if whole.len() != edits.len() {
        return false;
    }
    whole.sort_unstable_by_key(|&(field, _)| field);
    msg.splice_whole_values(&whole)
}
