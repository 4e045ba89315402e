//! Reading and building multipart bodies.

use super::media_type::is_mime_token;
use super::*;

#[test]
fn delimiter_search() {
    let body = b"x--bb\r\n--bbX\r\n--bb \t\r\nA--bb--";
    let f = memchr::memmem::Finder::new(b"--bb");
    // "--bb" after x is not at a line start; "--bbX" is content; the third is a delimiter.
    assert_eq!(find_delimiter(body, &f, 4, 0), Some((14, false, 22)));
    assert_eq!(find_delimiter(body, &f, 4, 15), None);
    let body = b"--bb--  \r\nepilogue";
    assert_eq!(find_delimiter(body, &f, 4, 0), Some((0, true, 10)));
}

#[test]
fn line_end_before_delimiter() {
    assert_eq!(before_line_end(b"ab\r\n--", 4, 0), 2);
    assert_eq!(before_line_end(b"ab\n--", 3, 0), 2);
    assert_eq!(before_line_end(b"ab--", 2, 0), 2);
    assert_eq!(before_line_end(b"\r\n--", 2, 2), 2);
}

#[test]
fn mime_tokens() {
    assert!(is_mime_token("pidf+xml"));
    assert!(!is_mime_token("a/b"));
    assert!(!is_mime_token(""));
    assert!(!is_mime_token("a b"));
}
