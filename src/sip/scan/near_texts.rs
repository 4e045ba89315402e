//! Test inputs near valid ones, for the tests that hold a fast path against the general one:
//! every cut of a text, and some bytes put in at every place, in place of the character there,
//! or that character taken out.

/// For each base and each char boundary `i` of it (its end included): `base[..i]`; for each
/// `x` of `inserts`, `base[..i] + x`, `base[..i] + x + base[i..]` and `x` in place of the
/// character at `i`; and the base without that character. An empty insert is allowed.
pub(crate) fn near(bases: &[&str], inserts: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for base in bases {
        for (i, c) in base.char_indices().chain([(base.len(), ' ')]) {
            let (head, here) = base.split_at(i);
            let rest = here.get(c.len_utf8()..).unwrap_or("");
            out.push(head.to_string());
            for x in inserts {
                out.push(format!("{head}{x}"));
                out.push(format!("{head}{x}{here}"));
                out.push(format!("{head}{x}{rest}"));
            }
            if !here.is_empty() {
                out.push(format!("{head}{rest}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_inserts_replaces_and_removes() {
        let got = near(&["ab"], &["x"]);
        for want in [
            "", "a", "ab", "x", "xab", "xb", "b", "ax", "axb", "a", "abx",
        ] {
            assert!(
                got.iter().any(|s| s == want),
                "{want:?} missing from {got:?}"
            );
        }
        // Boundaries of multi-byte characters only.
        assert!(
            near(&["é"], &["x"])
                .iter()
                .all(|s| s.is_char_boundary(s.len()))
        );
        assert!(near(&["é"], &["x"]).contains(&"x".to_string()));
    }
}
