//! The framer under arbitrary splits: the same stream cut into any chunks gives the same
//! messages, keep-alives and error as in one push, never holds more than the size limit, and
//! every framed message parses the same from the framer's bytes as from a copy.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::limits::Limits;
use mssip::sip::framer::{Frame, Framer};
use mssip::sip::{Message, SipError};

type Outcome = (Vec<Result<Frame, SipError>>, Result<(), SipError>);

fn run(stream: &[u8], cuts: &[std::ops::Range<usize>], limits: Limits) -> Outcome {
    let mut f = Framer::new(limits);
    let mut items = Vec::new();
    for r in cuts {
        let pushed = f.push(&stream[r.clone()]);
        assert!(f.buffered() <= limits.max_message_size);
        items.extend(&mut f);
        if pushed.is_err() {
            break;
        }
    }
    let finished = f.finish();
    items.extend(&mut f);
    (items, finished)
}

fuzz_target!(|data: &[u8]| {
    let [sel, k, rest @ ..] = data else {
        return;
    };
    let limits = match sel % 4 {
        0 => Limits::default(),
        n => Limits {
            max_message_size: 48 + usize::from(*sel) * 4 * usize::from(n),
            max_line_length: 12 + usize::from(*sel),
            max_headers: 1 + usize::from(sel % 16),
            ..Limits::default()
        },
    };
    let k = usize::from(k % 16).min(rest.len());
    let (spec, stream) = rest.split_at(k);
    let whole = run(stream, &mssip_fuzz::chunks(&[], stream.len()), limits);
    let split = run(stream, &mssip_fuzz::chunks(spec, stream.len()), limits);
    assert_eq!(whole, split, "chunks {spec:?}");
    let bytewise = run(stream, &mssip_fuzz::chunks(&[1], stream.len()), limits);
    assert_eq!(whole, bytewise);
    let f = Framer::new(limits);
    for item in whole.0 {
        if let Ok(Frame::Message(bytes)) = item {
            let copied = Message::parse_with(&bytes, &limits).map(|m| m.as_bytes().to_vec());
            let owned = f.message_from(bytes).map(|m| m.as_bytes().to_vec());
            assert_eq!(copied, owned);
        }
    }
});
