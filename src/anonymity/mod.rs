//! Agent anonymity (MS-SIPRE 2.2.20, 2.2.21, 3.16): a server endpoint that anonymizes a call
//! (for example a back-to-back agent) marks its outgoing INVITEs and responses with
//! `Ms-Call-Info: Rgs.Anonymization`; a client that calls on behalf of another identity names
//! it in `P-Agent-On-Behalf-Of`, and the server checks through the host that the requestor of
//! `P-Asserted-Identity` may do so, declining with 403 otherwise.
//!
//! ```
//! use mssip::anonymity::{self, OnBehalf};
//! use mssip::sip::Message;
//!
//! let invite = Message::parse(b"INVITE sip:Bob@contoso.com SIP/2.0\r\n\
//! Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:Alice@contoso.com>;tag=1\r\n\
//! To: <sip:Bob@contoso.com>\r\nCall-ID: c1\r\nCSeq: 4 INVITE\r\n\
//! P-Agent-On-Behalf-Of: sip:Helpdesk@contoso.com\r\n\
//! P-Asserted-Identity: <sip:Alice@contoso.com>\r\nContent-Length: 0\r\n\r\n").unwrap();
//! let verdict = anonymity::check_on_behalf(&invite, |r| {
//!     r.requestor == "sip:Alice@contoso.com" && r.on_behalf_of == "sip:Helpdesk@contoso.com"
//! }).unwrap();
//! assert!(matches!(verdict, OnBehalf::Permitted { .. }));
//! let mut ok = Message::response_to(&invite, 200, None, Some("9")).unwrap();
//! anonymity::mark_anonymized(&mut ok).unwrap();
//! assert!(anonymity::is_anonymized(&ok));
//! ```

mod error;
mod mark;
mod on_behalf;

pub use error::AnonymityError;
pub use mark::{is_anonymized, mark_anonymized};
pub use on_behalf::{
    OnBehalf, OnBehalfRequest, P_AGENT_ON_BEHALF_OF, check_on_behalf, set_on_behalf_of,
};
