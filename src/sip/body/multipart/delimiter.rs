//! Finding the delimiter lines between body parts (RFC 2046 5.1.1).

/// Finds the next delimiter line at or after `from`: `--boundary` at the start of a line,
/// then either `--` (close delimiter) or optional transport padding and the line end
/// (RFC 2046 5.1.1). Returns where the dash-boundary starts, whether it closes, and where the
/// next part (or the epilogue) starts. A bare LF is accepted as a line end.
pub(super) fn find_delimiter(
    body: &[u8],
    finder: &memchr::memmem::Finder<'_>,
    dash_len: usize,
    from: usize,
) -> Option<(usize, bool, usize)> {
    let mut search = from;
    loop {
        let at = search + finder.find(body.get(search..)?)?;
        search = at + 1;
        let line_start = at == 0 || body.get(at - 1) == Some(&b'\n');
        if !line_start {
            continue;
        }
        let after = at + dash_len;
        let rest = body.get(after..).unwrap_or_default();
        if rest.starts_with(b"--") {
            // Close delimiter; whatever follows on its line and after is the epilogue.
            let mut next = after + 2;
            if let Some(p) = memchr::memchr(b'\n', body.get(next..).unwrap_or_default()) {
                let padding = body.get(next..next + p).unwrap_or_default();
                if padding.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r')) {
                    next += p + 1;
                }
            } else if rest
                .get(2..)
                .unwrap_or_default()
                .iter()
                .all(|&b| matches!(b, b' ' | b'\t'))
            {
                next = body.len();
            }
            return Some((at, true, next));
        }
        let pad = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let tail = rest.get(pad..).unwrap_or_default();
        if tail.starts_with(b"\r\n") {
            return Some((at, false, after + pad + 2));
        }
        if tail.starts_with(b"\n") {
            return Some((at, false, after + pad + 1));
        }
        // `--boundary` followed by other text is content, not a delimiter.
    }
}

/// The end of the content before a delimiter at `at`: the CRLF (or LF) before the
/// dash-boundary belongs to the delimiter. Never before `floor`.
pub(super) fn before_line_end(body: &[u8], at: usize, floor: usize) -> usize {
    let mut end = at;
    if end > 0 && body.get(end - 1) == Some(&b'\n') {
        end -= 1;
        if end > 0 && body.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
    }
    end.max(floor)
}
