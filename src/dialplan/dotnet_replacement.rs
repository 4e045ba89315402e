//! .NET replacement patterns (MC-RegEx "Substitutions", as named by MS-SIPRE 2.2.7.2): parsed
//! once against the groups of the rule's pattern, expanded for each match.
//!
//! Tokens: `$number` and `${number}`, `${name}`, `$$` (a `$`), `$&` (the match), `` $` `` (the
//! input before the match), `$'` (the input after it), `$+` (the highest-numbered group, as
//! .NET's implementation takes it), `$_` (the whole input). As in .NET (outside ECMAScript
//! mode): `$number` takes every digit that follows, and when no group has that number the
//! whole token is literal text (`$12` with 3 groups writes `$12`); a `$` that starts no token
//! (`$x`, `${nosuch}`, a `$` at the end) is a literal `$`. `\` has no meaning. A group that
//! took no part in the match writes nothing.

use std::fmt;

use super::dotnet_pattern::GroupTable;

/// A replacement pattern that .NET refuses: a group number above `Int32.MaxValue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacementError {
    /// Byte offset in the replacement pattern.
    pub offset: usize,
    pub reason: String,
}

impl fmt::Display for ReplacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

impl std::error::Error for ReplacementError {}

/// One piece of a parsed replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text of the pattern, `start..end`.
    Text(usize, usize),
    /// A `$` written literally (`$$` or an unrecognized `$`).
    Dollar,
    /// A .NET group number, resolved to its Rust capture index.
    Group(usize),
    Before,
    After,
    Input,
}

/// A parsed replacement pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    text: String,
    pieces: Vec<Piece>,
}

/// What an expansion reads: the input and the spans of the Rust captures.
pub trait CaptureSpans {
    /// Byte range in the input of Rust capture `index`, if it took part in the match.
    fn span(&self, index: usize) -> Option<(usize, usize)>;
}

/// .NET's `int.MaxValue` bound on group numbers.
const MAX_GROUP: u64 = i32::MAX as u64;

impl Replacement {
    /// Parses `text` against the groups of its pattern.
    pub fn parse(text: &str, groups: &GroupTable) -> Result<Replacement, ReplacementError> {
        let b = text.as_bytes();
        let mut pieces = Vec::new();
        let mut lit = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'$' {
                i += 1;
                continue;
            }
            let (piece, next) = token(text, i, groups)?;
            let Some(piece) = piece else {
                // Not a token: the `$` stays in the literal run.
                i += 1;
                continue;
            };
            if lit < i {
                pieces.push(Piece::Text(lit, i));
            }
            pieces.push(piece);
            i = next;
            lit = next;
        }
        if lit < b.len() {
            pieces.push(Piece::Text(lit, b.len()));
        }
        Ok(Replacement {
            text: text.to_string(),
            pieces,
        })
    }

    /// The replacement as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Appends the expansion for one match of `input` (Rust capture 0 is the match).
    pub fn expand(&self, input: &str, caps: &impl CaptureSpans, out: &mut String) {
        let whole = caps.span(0).unwrap_or((0, 0));
        for piece in &self.pieces {
            match piece {
                Piece::Text(a, b) => out.push_str(&self.text[*a..*b]),
                Piece::Dollar => out.push('$'),
                Piece::Group(g) => {
                    if let Some((a, b)) = caps.span(*g) {
                        out.push_str(&input[a..b]);
                    }
                }
                Piece::Before => out.push_str(&input[..whole.0]),
                Piece::After => out.push_str(&input[whole.1..]),
                Piece::Input => out.push_str(input),
            }
        }
    }
}

/// The token starting with the `$` at `at`, and where it ends; `None` when the `$` starts no
/// token and is literal.
fn token(
    text: &str,
    at: usize,
    groups: &GroupTable,
) -> Result<(Option<Piece>, usize), ReplacementError> {
    let b = text.as_bytes();
    let mut i = at + 1;
    let angled = b.get(i) == Some(&b'{');
    if angled {
        i += 1;
    }
    let Some(&c) = b.get(i) else {
        return Ok((None, at + 1));
    };
    if c.is_ascii_digit() {
        let start = i;
        let mut n: u64 = 0;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            n = n * 10 + u64::from(d - b'0');
            if n > MAX_GROUP {
                return Err(ReplacementError {
                    offset: start,
                    reason: "capture group numbers must be at most 2147483647".into(),
                });
            }
            i += 1;
        }
        if angled {
            if b.get(i) != Some(&b'}') {
                return Ok((None, at + 1));
            }
            i += 1;
        }
        return Ok(match groups.rust_index(n as usize) {
            Some(r) => (Some(Piece::Group(r)), i),
            None => (None, at + 1),
        });
    }
    if angled {
        let rest = &text[i..];
        let len: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if len == 0 || b.get(i + len) != Some(&b'}') {
            return Ok((None, at + 1));
        }
        let name = &rest[..len];
        return Ok(
            match groups.number_of(name).and_then(|n| groups.rust_index(n)) {
                Some(r) => (Some(Piece::Group(r)), i + len + 1),
                None => (None, at + 1),
            },
        );
    }
    let piece = match c {
        b'$' => Piece::Dollar,
        b'&' => Piece::Group(0),
        b'`' => Piece::Before,
        b'\'' => Piece::After,
        b'+' => Piece::Group(groups.rust_index(groups.last()).unwrap_or(0)),
        b'_' => Piece::Input,
        _ => return Ok((None, at + 1)),
    };
    Ok((Some(piece), i + 1))
}

#[cfg(test)]
#[path = "dotnet_replacement_tests.rs"]
mod tests;
