//! Edits, single and batched: a message (its length in the first two bytes) and edits decoded
//! from the bytes after it, made one by one and in one batch. Both must agree, a failed edit
//! must change nothing, and a set parameter must read back as exactly what was asked for.
#![no_main]

#[path = "../../tests/common/edit_ops.rs"]
mod edit_ops;

use libfuzzer_sys::fuzz_target;
use mssip::sip::Message;

fuzz_target!(|data: &[u8]| {
    let Some((msg, ops)) = mssip_fuzz::split_message(data) else {
        return;
    };
    let Ok(m) = Message::parse(msg) else {
        return;
    };
    edit_ops::check(&m, &edit_ops::decode(ops));
});
