//! Helpers shared by the fuzz targets: how an input is cut into its parts.

/// A message and the bytes after it: the first two bytes (little-endian) give the message's
/// length, capped at what is there. `None` for an input shorter than two bytes.
pub fn split_message(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = data.split_first_chunk::<2>()?;
    let n = usize::from(u16::from_le_bytes(*len)).min(rest.len());
    Some(rest.split_at(n))
}

/// Cut points for a stream of `len` bytes, read from `spec`: each byte is the length of the
/// next chunk (0 stands for 256), so the same stream can be cut any number of ways.
pub fn chunks(spec: &[u8], len: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut sizes = spec
        .iter()
        .map(|&b| if b == 0 { 256 } else { usize::from(b) })
        .cycle();
    while at < len {
        let n = if spec.is_empty() {
            len
        } else {
            sizes.next().unwrap_or(len)
        };
        let end = (at + n).min(len);
        out.push(at..end);
        at = end;
    }
    out
}
