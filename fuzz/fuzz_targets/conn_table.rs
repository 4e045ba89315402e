//! The connection table (MS-SIPRE 3.5.1) under a fuzzed sequence of opens, closes and lookups,
//! checked against a plain model: every id handed out is new, a lookup finds exactly the open
//! connections, and the limit holds. Each input byte pair is one operation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::nat::{ConnTable, NatError, format_conn_id, parse_conn_id};
use std::collections::{HashMap, HashSet};

fuzz_target!(|data: &[u8]| {
    let Some((&setup, ops)) = data.split_first() else {
        return;
    };
    let max = usize::from(setup % 16) + 1;
    let table = ConnTable::new(u32::from(setup), max).unwrap();
    let mut open: HashMap<u64, u64> = HashMap::new();
    let mut ever: HashSet<u64> = HashSet::new();
    for op in ops.chunks(2) {
        let arg = u64::from(op.get(1).copied().unwrap_or(0) % 32);
        match op[0] % 4 {
            0 => match table.open(arg) {
                Ok(id) => {
                    assert!(ever.insert(id), "id {id:X} handed out twice");
                    assert!(!open.values().any(|&h| h == arg));
                    assert!(open.len() < max);
                    open.insert(id, arg);
                }
                Err(NatError::HandleInUse { .. }) => assert!(open.values().any(|&h| h == arg)),
                Err(NatError::ConnLimit { .. }) => assert_eq!(open.len(), max),
                Err(e) => panic!("open: {e}"),
            },
            1 => {
                // Close the open connection with that handle, or an id never handed out.
                let id = open
                    .iter()
                    .find(|(_, h)| **h == arg)
                    .map(|(id, _)| *id)
                    .unwrap_or(arg << 40);
                assert_eq!(table.close(id).ok(), open.remove(&id));
            }
            2 => {
                for (id, h) in &open {
                    assert_eq!(table.lookup(*id), Some(*h));
                    assert_eq!(table.conn_id_of(*h), Some(*id));
                }
                for id in ever.iter().filter(|id| !open.contains_key(id)) {
                    assert_eq!(table.lookup(*id), None);
                }
            }
            _ => {
                let id = ever.iter().next().copied().unwrap_or(1);
                assert_eq!(parse_conn_id(&format_conn_id(id)), Ok(id));
            }
        }
        assert_eq!(table.len(), open.len());
    }
});
