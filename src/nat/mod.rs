//! NAT and firewall traversal (MS-SIPRE 3.5).
//!
//! A server that faces user agents behind NATs rewrites what they send so that messages can
//! reach them back over the connection they opened:
//!
//! - [`process`]: steps 1 to 10 of MS-SIPRE 3.5.5.1 for every Contact with `proxy=replace`
//!   ([`contact`]), and the Via stamp of requests ([`via_stamp`]), with a [`Verdict`];
//!   [`reject_response`] is the 400 for a rejected request;
//! - [`ConnTable`]: connection ids that never repeat, not even across restarts
//!   ([`ConnIdSource`], MS-SIPRE 3.5.1), and the map back from an id to the host's connection;
//!   [`conn_id`] reads and writes them as the messages carry them;
//! - [`add_proxy_replace`]: the user agent's side (MS-SIPRE 3.5.4.1).

pub mod conn_id;
pub mod conn_id_source;
pub mod conn_table;
pub mod contact;
pub mod error;
mod param_spans;
mod peer_text;
pub mod process;
pub mod reject;
mod rewrite;
pub mod ua_contact;
mod unfold;
pub mod verdict;
pub mod via_stamp;

pub use conn_id::{format_conn_id, parse_conn_id, uri_conn_id, via_conn_id};
pub use conn_id_source::ConnIdSource;
pub use conn_table::ConnTable;
pub use error::NatError;
pub use process::{NatOptions, process};
pub use reject::{answer, reject_response};
pub use ua_contact::add_proxy_replace;
pub use verdict::{Rejection, Verdict};
