//! Bounds on a location profile and on the work its rules may do, and how `\d` reads.

/// Limits applied when a profile is loaded and when a number is translated.
/// `DialplanConfig::default()` suits profiles fetched from a server or read from files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialplanConfig {
    /// Largest profile document, in bytes. Default 64 KiB.
    pub max_document_size: usize,
    /// Deepest element nesting in the document (the root is depth 1; a profile needs 3).
    /// Default 8.
    pub max_depth: usize,
    /// Most `Rule` elements. Default 256.
    pub max_rules: usize,
    /// Longest `Pattern` or `Translation`, in bytes. Default 1024.
    pub max_pattern_len: usize,
    /// Longest dialed string accepted by a translation, in bytes. Default 256.
    pub max_dialed_len: usize,
    /// Most backtracking steps one rule may take on one dialed string; past it the
    /// translation fails with [`super::TranslateError::MatchLimit`]. Default 100 000.
    pub backtrack_limit: usize,
    /// Largest compiled form of one rule's pattern, in bytes. Default 1 MiB.
    pub max_compiled_size: usize,
    /// `\d` matches `[0-9]` only (as .NET's ECMAScript option) instead of every Unicode
    /// decimal digit (.NET's default). Default false.
    pub ascii_digits: bool,
}

impl DialplanConfig {
    pub const DEFAULT: DialplanConfig = DialplanConfig {
        max_document_size: 64 * 1024,
        max_depth: 8,
        max_rules: 256,
        max_pattern_len: 1024,
        max_dialed_len: 256,
        backtrack_limit: 100_000,
        max_compiled_size: 1 << 20,
        ascii_digits: false,
    };
}

impl Default for DialplanConfig {
    fn default() -> Self {
        DialplanConfig::DEFAULT
    }
}
