//! Errors of the dial plan: a profile that cannot be loaded, a number that cannot be
//! translated.

use std::fmt;

use crate::xml::XmlError;

/// Why a location profile was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    /// Not a well-formed XML document within the limits.
    Xml(XmlError),
    /// Well-formed, but not a location profile description (MS-SIPRE 2.2.7): what and at
    /// which byte.
    Invalid { offset: usize, what: String },
    /// A [`super::DialplanConfig`] bound was crossed: which, the value seen and the maximum.
    Limit {
        what: &'static str,
        value: usize,
        max: usize,
    },
    /// Rule `index` (0-based, document order) cannot be honoured: its pattern or its
    /// translation is refused, with the reason.
    Rule { index: usize, reason: String },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Xml(e) => write!(f, "location profile: {e}"),
            ProfileError::Invalid { offset, what } => {
                write!(f, "location profile: {what} at byte {offset}")
            }
            ProfileError::Limit { what, value, max } => {
                write!(
                    f,
                    "location profile: limit {what} exceeded: {value} > {max}"
                )
            }
            ProfileError::Rule { index, reason } => {
                write!(f, "location profile: rule {index} refused: {reason}")
            }
        }
    }
}

impl std::error::Error for ProfileError {}

impl From<XmlError> for ProfileError {
    fn from(e: XmlError) -> ProfileError {
        ProfileError::Xml(e)
    }
}

/// Why a dialed string could not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslateError {
    /// The dialed string is longer than `max_dialed_len`.
    TooLong { len: usize, max: usize },
    /// Rule `index` took more than `backtrack_limit` steps on this string: the match was
    /// stopped (no later rule was tried).
    MatchLimit { index: usize },
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TranslateError::TooLong { len, max } => {
                write!(
                    f,
                    "dialed string of {len} bytes is over max_dialed_len {max}"
                )
            }
            TranslateError::MatchLimit { index } => write!(
                f,
                "rule {index} stopped: its match took more than backtrack_limit steps"
            ),
        }
    }
}

impl std::error::Error for TranslateError {}
