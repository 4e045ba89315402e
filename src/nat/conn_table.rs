//! The host's open connections by connection id: the reverse map that tells the host which of
//! its connections a `ms-received-cid` found in a Via, Contact, Record-Route, Path or Route
//! names (MS-SIPRE 3.5, 3.5.1), and the source of those ids.
//!
//! Thread-safe (one `parking_lot` lock), so a host may open, close and look up connections
//! from several threads. The host names each connection with a handle of its own (a socket,
//! a slot index: any `u64`); ids come from a [`ConnIdSource`], so an id is never reused, and a
//! closed connection's id finds nothing afterwards.

use super::conn_id_source::ConnIdSource;
use super::error::NatError;
use parking_lot::RwLock;
use std::collections::HashMap;

/// Open connections, by id and by host handle.
#[derive(Debug)]
pub struct ConnTable {
    max: usize,
    state: RwLock<State>,
}

#[derive(Debug)]
struct State {
    ids: ConnIdSource,
    by_id: HashMap<u64, u64>,
    by_handle: HashMap<u64, u64>,
}

impl ConnTable {
    /// The default bound on open connections.
    pub const DEFAULT_MAX: usize = 100_000;

    /// An empty table for a run with epoch `epoch` (see [`ConnIdSource`]) holding at most
    /// `max_connections` open connections (at least 1).
    pub fn new(epoch: u32, max_connections: usize) -> Result<ConnTable, NatError> {
        if max_connections == 0 {
            return Err(NatError::BadOption("max_connections must be at least 1"));
        }
        Ok(ConnTable {
            max: max_connections,
            state: RwLock::new(State {
                ids: ConnIdSource::new(epoch),
                by_id: HashMap::new(),
                by_handle: HashMap::new(),
            }),
        })
    }

    /// Records a newly accepted (or opened) connection with the host's `handle` and returns its
    /// new connection id, the value to put in `Peer::conn_id` for what arrives on it.
    ///
    /// Refused when the handle is still open (close the old connection first), when the table
    /// is full, or when the run has used up its ids; nothing changes then.
    pub fn open(&self, handle: u64) -> Result<u64, NatError> {
        let mut s = self.state.write();
        if let Some(&conn_id) = s.by_handle.get(&handle) {
            return Err(NatError::HandleInUse { handle, conn_id });
        }
        if s.by_id.len() >= self.max {
            return Err(NatError::ConnLimit { max: self.max });
        }
        let id = s.ids.next_id()?;
        s.by_id.insert(id, handle);
        s.by_handle.insert(handle, id);
        Ok(id)
    }

    /// Forgets a closed connection; returns the host handle it had.
    pub fn close(&self, conn_id: u64) -> Result<u64, NatError> {
        let mut s = self.state.write();
        let handle = s
            .by_id
            .remove(&conn_id)
            .ok_or(NatError::UnknownConn(conn_id))?;
        s.by_handle.remove(&handle);
        Ok(handle)
    }

    /// The host handle of the open connection `conn_id`, if it is still open.
    pub fn lookup(&self, conn_id: u64) -> Option<u64> {
        self.state.read().by_id.get(&conn_id).copied()
    }

    /// The connection id of the open connection with host handle `handle`.
    pub fn conn_id_of(&self, handle: u64) -> Option<u64> {
        self.state.read().by_handle.get(&handle).copied()
    }

    /// How many connections are open.
    pub fn len(&self) -> usize {
        self.state.read().by_id.len()
    }

    /// True when no connection is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most open connections allowed.
    pub fn max_connections(&self) -> usize {
        self.max
    }

    /// The epoch this table hands ids out in.
    pub fn epoch(&self) -> u32 {
        self.state.read().ids.epoch()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn open_lookup_close() {
        let t = ConnTable::new(7, 10).unwrap();
        assert!(t.is_empty());
        let a = t.open(100).unwrap();
        let b = t.open(101).unwrap();
        assert_ne!(a, b);
        assert_eq!(ConnIdSource::epoch_of(a), 7);
        assert_eq!(t.lookup(a), Some(100));
        assert_eq!(t.lookup(b), Some(101));
        assert_eq!(t.conn_id_of(101), Some(b));
        assert_eq!(t.len(), 2);
        assert_eq!(t.close(a), Ok(100));
        assert_eq!(t.lookup(a), None);
        assert_eq!(t.conn_id_of(100), None);
        assert_eq!(t.close(a), Err(NatError::UnknownConn(a)));
        assert_eq!((t.epoch(), t.max_connections(), t.len()), (7, 10, 1));
    }

    #[test]
    fn a_reused_handle_gets_a_new_id_and_the_old_id_finds_nothing() {
        // MS-SIPRE 3.5.1: a new connection from the same far end (and here even the same host
        // handle) must not be taken for the old one.
        let t = ConnTable::new(1, 10).unwrap();
        let old = t.open(5).unwrap();
        assert_eq!(
            t.open(5),
            Err(NatError::HandleInUse {
                handle: 5,
                conn_id: old
            })
        );
        t.close(old).unwrap();
        let new = t.open(5).unwrap();
        assert_ne!(new, old);
        assert_eq!(t.lookup(old), None);
        assert_eq!(t.lookup(new), Some(5));
    }

    #[test]
    fn the_limit_refuses_and_changes_nothing() {
        let t = ConnTable::new(1, 2).unwrap();
        let a = t.open(1).unwrap();
        t.open(2).unwrap();
        assert_eq!(t.open(3), Err(NatError::ConnLimit { max: 2 }));
        assert_eq!(t.len(), 2);
        assert_eq!(t.conn_id_of(3), None);
        t.close(a).unwrap();
        assert!(t.open(3).is_ok());
        assert!(matches!(ConnTable::new(1, 0), Err(NatError::BadOption(_))));
    }

    #[test]
    fn threads_share_one_table_and_ids_stay_unique() {
        let t = Arc::new(ConnTable::new(3, 100_000).unwrap());
        let handles: Vec<_> = (0..4u64)
            .map(|k| {
                let t = Arc::clone(&t);
                std::thread::spawn(move || {
                    (0..1000u64)
                        .map(|i| {
                            let id = t.open(k * 10_000 + i).unwrap();
                            assert_eq!(t.lookup(id), Some(k * 10_000 + i));
                            id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<u64> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 4000);
        assert_eq!(t.len(), 4000);
    }
}
