//! The XML layer shared by the feature modules that read XML bodies: routing preambles
//! (MS-SIPRE 3.9), location profiles (3.8), conversation context (3.13), PIDF-LO (3.17).
//!
//! [`Document::parse`] reads a whole document with quick-xml's namespace-aware reader,
//! bounded by [`crate::Limits`] (size, depth, element and attribute counts), refusing DTDs
//! and entities other than the predefined ones, and places every error at its byte offset.
//! The document owns its text once ([`crate::owned`]); [`Element`] and [`Attribute`] views
//! borrow from it. Feature readers walk it by namespace and local name:
//!
//! ```
//! use mssip::xml::Document;
//! use mssip::Limits;
//!
//! const NS: &str = "http://schemas.microsoft.com/02/2006/sip/routing";
//! let doc = Document::parse(
//!     br#"<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" version="1">
//!           <preamble><wait name="total" seconds="18"/></preamble></routing>"#,
//!     &Limits::default(),
//! )?;
//! let root = doc.root();
//! assert!(root.is(NS, "routing"));
//! let wait = root.required_child(NS, "preamble")?.required_child(NS, "wait")?;
//! assert_eq!(wait.attribute("seconds"), Some("18"));
//! # Ok::<(), mssip::xml::XmlError>(())
//! ```

mod document;
mod error;
mod reader;
mod writer;

pub use document::{Attribute, Children, Document, Element};
pub use error::{XmlError, XmlErrorKind};
pub use writer::XmlWriter;
