//! The mssip side: the same work the C peers do, through mssip's Rust API.

use crate::facts::{ABSENT, Facts};
use mssip::sip::{Message, Params};

fn len(s: Option<&str>) -> u32 {
    s.map_or(0, |s| s.len() as u32)
}

fn count(p: &Params<'_>) -> u32 {
    p.iter().count() as u32
}

/// Parses `bytes`, decodes every header the benchmark asks for, walks the header list, drops
/// the message; the checksum of what was decoded, or `None` when mssip refused something.
#[inline]
pub fn run(bytes: &[u8], f: &mut Facts) -> Option<i64> {
    *f = Facts::default();
    let msg = Message::parse(bytes).ok()?;

    for via in msg.vias() {
        let via = via.ok()?;
        f.vias += 1;
        f.via_params += count(&via.params);
        f.via_host_len += via.host.as_str().len() as u32;
        f.via_port_sum += u32::from(via.port.unwrap_or(0));
        f.via_branch_len += len(via.branch());
    }

    let from = msg.from()?.ok()?;
    f.from_params = count(&from.params);
    f.from_tag_len = len(from.tag());
    f.from_user_len = len(from.uri.user);
    f.from_host_len = len(from.uri.host.as_ref().map(|h| h.as_str()));
    let to = msg.to()?.ok()?;
    f.to_params = count(&to.params);
    f.to_tag_len = len(to.tag());
    f.to_user_len = len(to.uri.user);
    f.to_host_len = len(to.uri.host.as_ref().map(|h| h.as_str()));

    f.call_id_len = len(msg.call_id());
    let cseq = msg.cseq()?.ok()?;
    f.cseq_seq = cseq.seq;
    f.cseq_method_len = cseq.method.len() as u32;

    for contact in msg.contacts() {
        let contact = contact.ok()?;
        f.contacts += 1;
        f.contact_params += count(&contact.params);
        f.contact_uri_params += count(&contact.uri.params);
        f.contact_user_len += len(contact.uri.user);
        f.contact_host_len += len(contact.uri.host.as_ref().map(|h| h.as_str()));
        f.contact_port_sum += u32::from(contact.uri.port.unwrap_or(0));
    }

    f.max_forwards = match msg.max_forwards() {
        Some(n) => n.ok()?,
        None => ABSENT,
    };
    f.content_length = match msg.content_length() {
        Some(n) => u32::try_from(n.ok()?).ok()?,
        None => ABSENT,
    };

    for h in msg.headers() {
        f.headers += 1;
        f.header_bytes += (msg.name_of(h).len() + msg.value_of(h).len()) as u32;
    }

    Some(f.fold())
}
