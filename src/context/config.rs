//! Bounds on a call context document.

/// Limits applied when a call context is read or written. Every bound is checked and a
/// document over one is refused with [`super::ContextError::Limit`] or the XML layer's limit
/// error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextConfig {
    /// Largest document in bytes. Default 16384.
    pub max_document_size: usize,
    /// Deepest element nesting (the root is depth 1; a participant's `uri` is depth 4).
    /// Default 6.
    pub max_depth: usize,
    /// Most `participant` elements. Default 64.
    pub max_participants: usize,
    /// Most `mode` elements. Default 8.
    pub max_modes: usize,
    /// Longest text of one element other than `contextData`, in bytes. Default 1024.
    pub max_field_len: usize,
    /// Longest `contextData`, in bytes. Default 8192.
    pub max_context_data_len: usize,
}

impl ContextConfig {
    pub const DEFAULT: ContextConfig = ContextConfig {
        max_document_size: 16 * 1024,
        max_depth: 6,
        max_participants: 64,
        max_modes: 8,
        max_field_len: 1024,
        max_context_data_len: 8 * 1024,
    };
}

impl Default for ContextConfig {
    fn default() -> Self {
        ContextConfig::DEFAULT
    }
}
