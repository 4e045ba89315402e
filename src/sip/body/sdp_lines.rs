//! A line editor for SDP bodies (RFC 4566 5): each line is kept, dropped or replaced by the
//! caller; every line it keeps, and every line terminator, stays byte for byte.

/// What becomes of one SDP line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineEdit {
    Keep,
    Drop,
    /// The line's new text, without terminator (the old terminator is kept).
    Replace(String),
}

/// Applies `f` to each line of `body` (the text without its CRLF or LF). Returns the new
/// body, or `None` when `f` changed nothing (the body is then untouched).
pub fn edit_lines(body: &[u8], mut f: impl FnMut(&[u8]) -> LineEdit) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut start = 0;
    while start < body.len() {
        let end = memchr::memchr(b'\n', &body[start..]).map_or(body.len(), |k| start + k + 1);
        let whole = &body[start..end];
        let mut text = whole.strip_suffix(b"\n").unwrap_or(whole);
        text = text.strip_suffix(b"\r").unwrap_or(text);
        let eol = &whole[text.len()..];
        match f(text) {
            LineEdit::Keep => {
                if let Some(o) = out.as_mut() {
                    o.extend_from_slice(whole);
                }
            }
            edit => {
                let o = out.get_or_insert_with(|| body[..start].to_vec());
                if let LineEdit::Replace(new) = edit {
                    o.extend_from_slice(new.as_bytes());
                    o.extend_from_slice(eol);
                }
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_untouched_lines_and_terminators() {
        let body = b"v=0\r\na=x\r\nm=audio 1 RTP/AVP 0\na=y";
        assert_eq!(edit_lines(body, |_| LineEdit::Keep), None);
        let out = edit_lines(body, |l| match l {
            b"a=x" => LineEdit::Drop,
            b"a=y" => LineEdit::Replace("a=z".into()),
            _ => LineEdit::Keep,
        })
        .unwrap();
        assert_eq!(out, b"v=0\r\nm=audio 1 RTP/AVP 0\na=z");
        assert_eq!(edit_lines(b"", |_| LineEdit::Drop), None);
    }
}
