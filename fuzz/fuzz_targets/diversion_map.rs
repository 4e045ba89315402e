//! History-Info <-> Diversion (RFC 6044) on fuzzed messages. Nothing panics; a message
//! that maps gets header fields added and nothing else changed (the head up to its blank
//! line and the body are as they were), parses, and maps no further; Diversion mapped to
//! History-Info maps back to as many Diversion values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::interwork::diversion::diversion_values;
use mssip::interwork::{diversion_to_history, history_to_diversion};
use mssip::sip::Message;

fn check_added_only(before: &Message, after: &Message) {
    let cut = before.head_len() - 2;
    assert_eq!(&after.as_bytes()[..cut], &before.as_bytes()[..cut]);
    assert_eq!(after.body(), before.body());
    assert!(Message::parse(after.as_bytes()).is_ok());
}

fuzz_target!(|data: &[u8]| {
    let Ok(m) = Message::parse(data) else {
        return;
    };
    if !m.as_bytes()[..m.head_len()].ends_with(b"\r\n\r\n") {
        return;
    }
    if let Ok(Some(d)) = history_to_diversion(&m) {
        check_added_only(&m, &d);
        assert!(matches!(history_to_diversion(&d), Ok(None)));
    }
    if let Ok(Some(h)) = diversion_to_history(&m) {
        check_added_only(&m, &h);
        assert!(matches!(diversion_to_history(&h), Ok(None)));
        let mut hi_only = h.clone();
        if hi_only.remove_all("Diversion").is_ok() {
            let added = h.count("History-Info") - 1;
            assert_eq!(diversion_values(&hi_only).map(|v| v.len()).ok(), Some(added));
        }
    }
});
