//! Explicit, configurable bounds on what the library accepts from the wire.
//!
//! Every parser takes a [`Limits`]; when input crosses one of them the error names the
//! [`Limit`] that was hit, the value seen and the maximum allowed.

use std::fmt;

/// Bounds applied to untrusted input. `Limits::default()` suits a PBX facing the Internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest whole message (start line + headers + body), in bytes. Default 64 KiB.
    pub max_message_size: usize,
    /// Most header fields (lines) in one message. Default 256.
    pub max_headers: usize,
    /// Longest single line (start line or header field, folded lines joined). Default 8 KiB.
    pub max_line_length: usize,
    /// Deepest nesting of multipart bodies. Default 8.
    pub max_nesting_depth: usize,
    /// Most parts in one multipart body. Default 64.
    pub max_parts: usize,
    /// Largest XML document accepted by the XML readers. Default 64 KiB.
    pub max_xml_size: usize,
    /// Deepest element nesting in an XML document (the root element is depth 1). Default 32.
    pub max_xml_depth: usize,
    /// Most elements in one XML document. Default 4096.
    pub max_xml_elements: usize,
    /// Most attributes on one XML element (namespace declarations included). Default 64.
    pub max_xml_attributes: usize,
}

impl Limits {
    /// The defaults: 64 KiB message, 256 headers, 8 KiB line, multipart nesting depth 8,
    /// 64 parts, 64 KiB XML with elements nested 32 deep, 4096 elements and 64 attributes
    /// on an element.
    pub const DEFAULT: Limits = Limits {
        max_message_size: 64 * 1024,
        max_headers: 256,
        max_line_length: 8 * 1024,
        max_nesting_depth: 8,
        max_parts: 64,
        max_xml_size: 64 * 1024,
        max_xml_depth: 32,
        max_xml_elements: 4096,
        max_xml_attributes: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Names one of the [`Limits`], so an error can say which bound was crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    MessageSize,
    Headers,
    LineLength,
    NestingDepth,
    Parts,
    XmlSize,
    XmlDepth,
    XmlElements,
    XmlAttributes,
}

impl Limit {
    /// The field name in [`Limits`].
    pub fn name(self) -> &'static str {
        match self {
            Limit::MessageSize => "max_message_size",
            Limit::Headers => "max_headers",
            Limit::LineLength => "max_line_length",
            Limit::NestingDepth => "max_nesting_depth",
            Limit::Parts => "max_parts",
            Limit::XmlSize => "max_xml_size",
            Limit::XmlDepth => "max_xml_depth",
            Limit::XmlElements => "max_xml_elements",
            Limit::XmlAttributes => "max_xml_attributes",
        }
    }

    /// The configured maximum for this limit in `limits`.
    pub fn max_in(self, limits: &Limits) -> usize {
        match self {
            Limit::MessageSize => limits.max_message_size,
            Limit::Headers => limits.max_headers,
            Limit::LineLength => limits.max_line_length,
            Limit::NestingDepth => limits.max_nesting_depth,
            Limit::Parts => limits.max_parts,
            Limit::XmlSize => limits.max_xml_size,
            Limit::XmlDepth => limits.max_xml_depth,
            Limit::XmlElements => limits.max_xml_elements,
            Limit::XmlAttributes => limits.max_xml_attributes,
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
