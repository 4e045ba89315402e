//! Batched edits give the same bytes as the same edits made one by one: random edit sequences
//! (seeded, so every run is the same) over every message of the corpus and the torture tests
//! that parses.

#[path = "common/parsed_messages.rs"]
mod parsed_messages;

#[path = "common/edit_ops.rs"]
mod edit_ops;

use mssip::sip::Message;
use parsed_messages::messages;

/// xorshift64*: a small seeded generator, so a failure replays.
struct Rng(u64);

impl Rng {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| {
                self.0 ^= self.0 >> 12;
                self.0 ^= self.0 << 25;
                self.0 ^= self.0 >> 27;
                (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
            })
            .collect()
    }
}

#[test]
fn batch_gives_the_bytes_of_one_by_one() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (name, m) in messages() {
        for round in 0..60 {
            let len = 4 + round % 40;
            let ops = edit_ops::decode(&rng.bytes(len));
            let outcome = std::panic::catch_unwind(|| edit_ops::check(&m, &ops));
            assert!(outcome.is_ok(), "{name}, round {round}: {ops:?}");
        }
    }
}

/// The usual NAT rewrite of a REGISTER, in one batch and one by one.
#[test]
fn nat_rewrite_in_one_batch() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/register-nat.sip"
    );
    let m = Message::parse(&std::fs::read(path).unwrap()).unwrap();
    use edit_ops::Op::*;
    let s = |x: &str| x.to_string();
    let ops = [
        SetHeaderParam(s("Via"), 0, s("received"), Some(s("198.51.100.7"))),
        SetHeaderParam(s("Via"), 0, s("ms-received-port"), Some(s("38012"))),
        SetHeaderParam(s("Via"), 0, s("ms-received-cid"), Some(s("1A2B00"))),
        SetUriParam(s("Contact"), 0, s("ms-received-cid"), Some(s("1A2B00"))),
    ];
    edit_ops::check(&m, &ops);
    let mut batch = m.clone();
    batch
        .edit(|e| ops.iter().try_for_each(|op| edit_ops::make_in_batch(e, op)))
        .unwrap();
    let via = batch.vias().next().unwrap().unwrap();
    assert_eq!(via.received(), Some("198.51.100.7"));
    assert_eq!(via.params.value("ms-received-cid"), Some("1A2B00"));
    assert_ne!(batch.as_bytes(), m.as_bytes());
}
