//! Building a parsed view inside the `Result` that is returned. Views such as a Message, a URI or
//! a name-addr are large; building one in a local and returning it would copy it, and such
//! copies of freshly written structs were a measurable part of decoding.

use crate::sip::error::Result;

/// Returns `Ok` of what `blank` makes, after `fill` wrote the parsed fields into it, or the
/// error `fill` gave. `blank` is a function so that even the starting value is made in place.
#[inline(always)]
pub(crate) fn parse_in_place<T>(
    blank: impl FnOnce() -> T,
    fill: impl FnOnce(&mut T) -> Result<()>,
) -> Result<T> {
    let mut out = Ok(blank());
    if let Ok(v) = &mut out
        && let Err(e) = fill(v)
    {
        out = Err(e);
    }
    out
}
