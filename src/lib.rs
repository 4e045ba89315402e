//! # mssip
//!
//! Microsoft's SIP dialect for hosts that already have a SIP stack: the MS-SIPRE routing
//! extensions and the MS-OCEXUM unified-messaging extensions, as a sans-IO Rust library with a
//! C ABI (`include/mssip.h`).
//!
//! Layers, from the bottom up (dependencies point down only):
//!
//! * [`sip`]: RFC 3261 messages, knowing nothing Microsoft: parsing into spans over one owned
//!   buffer, typed views parsed on demand, surgical edits, builders, stream framing, multipart
//!   bodies, SDP, strict validation.
//! * [`ext`]: the typed grammar of the Microsoft headers and parameters (MS-SIPRE 2.2).
//! * feature modules such as [`identity`] (MS-SIPRE 3.2-3.4).
//! * `ffi`: the C ABI; no protocol logic lives there.
//!
//! The library never opens a socket, starts a thread, sleeps or reads the clock.

pub mod anonymity;
pub mod context;
pub mod correlation;
pub mod dialplan;
pub mod e911;
pub mod edge;
pub mod exchange_um;
pub mod ext;
pub mod ffi;
pub mod ice;
pub mod identity;
pub mod interwork;
pub mod limits;
pub mod log;
pub mod nat;
pub mod owned;
pub mod recovery;
pub mod routeset;
pub mod routing;
pub mod sip;
pub mod transfer;
pub mod xml;

pub use limits::{Limit, Limits};

/// The library version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
