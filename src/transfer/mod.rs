//! Safe call transfer (MS-SIPRE 3.14): a user agent advertises `ms-safe-transfer` in its
//! INVITE and 200 OK, and when a REFER in that dialog names an `Ms-Sensitivity` in the
//! `?headers` of its Refer-To URI, the INVITE it triggers carries that `Ms-Sensitivity`, so
//! the transfer target's forwarding and voice mail stay out of it.
//!
//! ```
//! use mssip::ext::MsSensitivity;
//! use mssip::sip::Message;
//! use mssip::transfer;
//!
//! let refer = Message::parse(b"REFER sip:alice@contoso.com SIP/2.0\r\n\
//! Via: SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK1\r\nFrom: <sip:bob@contoso.com>;tag=1\r\n\
//! To: <sip:alice@contoso.com>;tag=2\r\nCall-ID: c1\r\nCSeq: 7 REFER\r\n\
//! Refer-To: <sip:carol@contoso.com?Ms-Sensitivity=normal-no-diversion>\r\n\
//! Content-Length: 0\r\n\r\n").unwrap();
//! let mut invite = Message::parse(b"INVITE sip:carol@contoso.com SIP/2.0\r\n\
//! Via: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK2\r\nFrom: <sip:alice@contoso.com>;tag=3\r\n\
//! To: <sip:carol@contoso.com>\r\nCall-ID: c2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").unwrap();
//! let copied = transfer::copy_sensitivity(&refer, &mut invite).unwrap();
//! assert_eq!(copied, Some(MsSensitivity::NormalNoDiversion));
//! assert_eq!(invite.header("Ms-Sensitivity"), Some("normal-no-diversion"));
//! ```

mod advertise;
mod error;
mod refer_to;
mod triggered;

pub use advertise::{OPTION_TAG, advertise, is_advertised};
pub use error::TransferError;
pub use refer_to::{ReferToSensitivity, refer_to_sensitivity};
pub use triggered::copy_sensitivity;
