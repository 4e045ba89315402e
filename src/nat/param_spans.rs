//! Rewriting a `;name[=value]` list piece by piece: each parameter with the bytes it covers,
//! so the rewriting steps of NAT processing can keep, drop or change one and leave every
//! other byte as it came.

use crate::sip::{Param, Params};
use std::ops::Range;

/// Where `inner`, a slice of `outer`, lies in it; `None` when it is not inside.
pub(crate) fn range_in(outer: &str, inner: &str) -> Option<Range<usize>> {
    let start = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    let end = start.checked_add(inner.len())?;
    (end <= outer.len()).then_some(start..end)
}

/// What to do with one parameter.
pub(crate) enum Keep {
    /// Leave it as written.
    Same,
    /// Remove it (with its `;`).
    Drop,
}

/// Writes to `out` the text of `params` with each parameter treated as `decide` says,
/// followed by `append`, walking the list as [`Params::iter`] does (`Params::placed` gives the
/// bytes each parameter covers). `None` only if a place is not in the list (which the walk
/// never gives).
pub(crate) fn rewrite_params(
    out: &mut String,
    params: &Params<'_>,
    mut decide: impl FnMut(&Param<'_>) -> Keep,
    append: &[(&str, &str)],
) -> Option<()> {
    let raw = params.as_str();
    let mut done = 0;
    for p in params.placed() {
        match decide(&p.param) {
            Keep::Same => {}
            Keep::Drop => {
                out.push_str(raw.get(done..p.span.start)?);
                done = p.span.end;
            }
        }
    }
    out.push_str(raw.get(done..)?);
    for (name, value) in append {
        out.push(';');
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str, decide: impl FnMut(&Param<'_>) -> Keep) -> String {
        let mut out = String::new();
        rewrite_params(&mut out, &Params::new(raw), decide, &[]).unwrap();
        out
    }

    #[test]
    fn keeps_drops_and_changes() {
        let raw = ";transport=tls; maddr=10.0.0.1;lr;proxy=replace;x=\"a;b\"";
        assert_eq!(run(raw, |_| Keep::Same), raw);
        assert_eq!(
            run(raw, |p| if p.name == "proxy" {
                Keep::Drop
            } else {
                Keep::Same
            }),
            ";transport=tls; maddr=10.0.0.1;lr;x=\"a;b\""
        );
        assert_eq!(run(raw, |_| Keep::Drop), "");
        let mut out = String::from("x");
        rewrite_params(
            &mut out,
            &Params::new(""),
            |_| Keep::Same,
            &[("a", "1"), ("b", "2")],
        )
        .unwrap();
        assert_eq!(out, "x;a=1;b=2");
    }

    #[test]
    fn ranges_only_inside() {
        let s = "abcdef";
        assert_eq!(range_in(s, &s[2..4]), Some(2..4));
        assert_eq!(range_in(s, &s[6..]), Some(6..6));
        assert_eq!(range_in(&s[..3], &s[2..5]), None);
        assert_eq!(range_in(&s[3..], &s[..2]), None);
    }
}
