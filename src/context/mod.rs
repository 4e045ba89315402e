//! Call context (MS-SIPRE 2.2.19, 3.13, Appendix C): the notes about a call that an INVITE
//! carries as an `application/ms-conversation-context+xml` body. [`ConversationContext`]
//! holds one; [`ConversationContext::parse`] reads and checks a document (every MUST of
//! 3.13.5.1, under explicit [`ContextConfig`] limits), [`ConversationContext::to_xml`] writes
//! one in the layout of the 4.11 example, and [`from_invite`] finds the one body of an INVITE.
//!
//! ```
//! use mssip::context::{ContextConfig, ConversationContext, Party};
//!
//! let cc = ConversationContext::new(
//!     Party::new("sip:alice@contoso.com"),
//!     Party::new("sip:marco@contoso.com"),
//!     vec![Party::new("sip:alice@contoso.com")],
//!     "2008-09-03T21:34:55.831063Z",
//!     "a4f266f1a6914acb99cddef15659e38c",
//!     "Bob is calling.",
//! ).unwrap();
//! let xml = cc.to_xml(&ContextConfig::DEFAULT).unwrap();
//! let back = ConversationContext::parse(xml.as_bytes(), &ContextConfig::DEFAULT).unwrap();
//! assert_eq!(back, cc);
//! ```

mod body;
mod config;
mod date;
mod error;
mod model;
mod parse;
mod validate;
mod write;

pub use body::from_invite;
pub use config::ContextConfig;
pub use date::is_utc_date_time;
pub use error::ContextError;
pub use model::{ConversationContext, KNOWN_MODES, Party};

/// The namespace of the call context schema (Appendix C).
pub const NS: &str = "http://schemas.microsoft.com/2008/03/sip/conversationContext";

/// The MIME type of a call context body (MS-SIPRE 2.2.19, 3.13.5.1).
pub const CONTENT_TYPE: &str = "application/ms-conversation-context+xml";

/// The only `dataFormat` value (MS-SIPRE 2.2.19.8).
pub const DATA_FORMAT: &str = "text/plain";

#[cfg(test)]
mod tests;
