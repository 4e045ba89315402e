//! The key-ring export format (MS-SIPRE 3.6 keys shared by a pool): fuzzed bytes imported into
//! a ring that holds one key. A refused import changes nothing; an accepted one holds the keys
//! it had and the new ones, and its export imports into an empty ring as the same keys that
//! sign and verify alike.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::routeset::{KeyRing, KeyRingConfig, Usage};

fuzz_target!(|data: &[u8]| {
    let cfg = KeyRingConfig {
        max_keys: 64,
        ..Default::default()
    };
    let ring = KeyRing::new(cfg).unwrap();
    ring.rotate_with(1_000_000, [1; 32]).unwrap();
    let before = ring.keys();
    let now = 1_000_000;
    match ring.import(data, now) {
        Err(_) => assert_eq!(ring.keys(), before),
        Ok(added) => {
            assert!(ring.len() <= before.len() + added);
            let copy = KeyRing::new(cfg).unwrap();
            copy.import(&ring.export(), now).unwrap();
            assert_eq!(copy.keys(), ring.keys());
            let (id, tag) = ring.sign(&[b"x"]).unwrap();
            assert_eq!(copy.sign(&[b"x"]).unwrap(), (id, tag));
            assert!(copy.verify(now, Usage::Dialog, id, &[b"x"], &tag).is_ok());
        }
    }
});
