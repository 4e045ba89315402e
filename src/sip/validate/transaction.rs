//! What the transaction layer needs of a message it matches: a branch that names a
//! transaction.

use super::seen::Seen;
use super::verdict::{Check, bad};

/// RFC 4475 3.2.1: a branch that is only the RFC 3261 magic cookie names no transaction.
/// (The top Via as the Via checks parsed it.)
pub(super) fn check_branch(seen: &Seen<'_>) -> Check {
    if seen.top_branch == Some(Some("z9hG4bK")) {
        return Err(bad("Via branch has no transaction identifier"));
    }
    Ok(())
}
