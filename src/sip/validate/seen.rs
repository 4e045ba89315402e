//! The views the checks parse on their way through a message, kept for a caller that reads
//! the same fields next (a registrar reads From, To, CSeq, the Contacts and the Request-URI
//! of every REGISTER), so that nothing is parsed twice.

use crate::sip::cseq::CSeq;
use crate::sip::name_addr::NameAddr;
use crate::sip::params::Param;
use crate::sip::uri::Uri;
use smallvec::SmallVec;

/// What [`validate_seen`](super::validate_seen) parsed. Complete only when the verdict is
/// [`Verdict::Ok`](super::Verdict::Ok): the checks stop at the first problem. The views borrow
/// from the message and are the ones the checks judged, so they are those the typed accessors
/// of [`Message`](crate::sip::Message) give for a valid message.
#[derive(Debug, Clone, Default)]
pub struct Seen<'m> {
    /// The Request-URI of a request.
    pub request_uri: Option<Uri<'m>>,
    /// The (only) From value.
    pub from: Option<NameAddr<'m>>,
    /// The (only) To value.
    pub to: Option<NameAddr<'m>>,
    /// The (only) CSeq value.
    pub cseq: Option<CSeq<'m>>,
    /// Every Contact value other than `*`, in message order.
    pub contacts: SmallVec<[SeenContact<'m>; 2]>,
    /// Whether a Contact value is `*`.
    pub contact_star: bool,
    /// The number of Contact values, `*` included.
    pub(super) contact_values: usize,
    /// The branch of the top Via value, once the Via fields were checked.
    pub(super) top_branch: Option<Option<&'m str>>,
}

/// A Contact value as the checks read it: the address, and the first `expires` and
/// `+sip.instance` among its header parameters (names in any case), found on the walk
/// that checks every `expires` and `q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeenContact<'m> {
    pub addr: NameAddr<'m>,
    pub expires: Option<Param<'m>>,
    pub instance: Option<Param<'m>>,
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Role, validate_seen, validate_with};
    use crate::sip::Message;
    use crate::sip::uri::Uri;

    /// The views kept are those the typed accessors give, and keeping them changes no
    /// verdict.
    #[test]
    fn the_views_kept_are_the_accessors_views() {
        let text = "REGISTER sip:contoso.com SIP/2.0\r\n\
            Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK7, SIP/2.0/UDP h;branch=z9hG4bK8\r\n\
            From: \"A, b\" <sip:alice@contoso.com>;tag=1;epid=0a\r\n\
            To:  <sip:alice@contoso.com> \r\n\
            Call-ID: c\r\nCSeq: 4 REGISTER\r\n\
            Contact: <sip:a@192.0.2.1;lr>;x=\"a,b\";q=0.5, \"Bob\" <sip:b@h>;+SIP.Instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\";+sip.instance=x\r\n\
            Contact: sip:c@h;expires=30\r\n\
            Content-Length: 0\r\n\r\n";
        let m = Message::parse(text.as_bytes()).unwrap();
        let opts = Options {
            role: Role::Endpoint,
            ..Options::DEFAULT
        };
        let (verdict, seen) = validate_seen(&m, &opts);
        assert!(verdict.is_ok(), "{verdict:?}");
        assert_eq!(verdict, validate_with(&m, &opts));
        assert_eq!(seen.from, Some(m.from().unwrap().unwrap()));
        assert_eq!(seen.to, Some(m.to().unwrap().unwrap()));
        assert_eq!(seen.cseq, Some(m.cseq().unwrap().unwrap()));
        let contacts: Vec<_> = m.contacts().map(Result::unwrap).collect();
        let kept: Vec<_> = seen.contacts.iter().map(|c| c.addr).collect();
        assert_eq!(kept, contacts);
        assert_eq!(contacts.len(), 3);
        for (c, s) in contacts.iter().zip(&seen.contacts) {
            assert_eq!(s.expires, c.params.get("expires"));
            assert_eq!(s.instance, c.params.get("+sip.instance"));
        }
        assert_eq!(seen.contacts[2].expires.and_then(|p| p.value), Some("30"));
        assert_eq!(
            seen.contacts[1].instance.and_then(|p| p.value),
            Some("\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"")
        );
        assert!(!seen.contact_star);
        assert_eq!(seen.contact_values, 3);
        assert_eq!(
            seen.request_uri,
            Some(Uri::parse(m.request_uri().unwrap()).unwrap())
        );
        assert_eq!(seen.top_branch, Some(Some("z9hG4bK7")));
    }

    #[test]
    fn a_wildcard_is_counted_not_kept() {
        let text = "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
            From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:a@contoso.com>\r\nCall-ID: c\r\n\
            CSeq: 1 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n";
        let m = Message::parse(text.as_bytes()).unwrap();
        let (verdict, seen) = validate_seen(&m, &Options::DEFAULT);
        assert!(verdict.is_ok(), "{verdict:?}");
        assert!(seen.contact_star && seen.contacts.is_empty());
        assert_eq!(seen.contact_values, 1);
    }
}
