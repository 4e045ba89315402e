//! RFC 3261 core. Knows nothing Microsoft.
//!
//! A [`Message`] owns its bytes once; headers are spans into them. Typed views ([`Via`],
//! [`NameAddr`], [`Uri`], [`CSeq`], [`Params`]) are parsed on demand and borrow from the buffer.

pub mod body;
pub mod builder;
pub mod cseq;
pub mod edit;
pub mod error;
pub mod framer;
pub mod header_name;
pub mod header_params;
pub(crate) mod list_items;
pub mod message;
pub mod name_addr;
pub mod next_attempt;
pub mod params;
pub mod peer;
pub mod priority;
pub mod scan;
pub mod status;
pub mod supported;
#[cfg(test)]
pub(crate) mod test_messages;
pub mod uri;
pub mod uri_eq;
pub mod uri_headers;
pub mod validate;
pub mod via;

pub use cseq::CSeq;
pub use edit::Edits;
pub use error::{ErrorKind, Result, SipError};
pub use header_name::HeaderKind;
pub use message::{Header, Message, StartLine};
pub use name_addr::NameAddr;
pub use params::{Param, Params};
pub use uri::{Host, Scheme, Uri};
pub use via::Via;
