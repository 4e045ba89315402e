//! The embedded location store: bindings in memory, sharded by address-of-record behind
//! `parking_lot` locks, expired lazily on the host's clock.
//!
//! A lookup hashes the address-of-record to one shard and one entry, so its cost does not
//! grow with the number of bindings held. Only [`MemoryLocation::purge_expired`] (and a `put`
//! that meets the total limit, which purges first) walks the whole store.

use super::backend::{LocationBackend, LocationError};
use super::binding::Binding;
use parking_lot::RwLock;
use smallvec::SmallVec;
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Bounds of the in-memory store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocationLimits {
    /// Most bindings in the store. Default 250,000.
    pub max_bindings: usize,
    /// Most bindings of one address-of-record. Default 32.
    pub max_bindings_per_aor: usize,
}

impl LocationLimits {
    pub const DEFAULT: LocationLimits = LocationLimits {
        max_bindings: 250_000,
        max_bindings_per_aor: 32,
    };
}

impl Default for LocationLimits {
    fn default() -> Self {
        LocationLimits::DEFAULT
    }
}

/// Number of shards: enough that threads registering different users rarely wait on each
/// other.
const SHARDS: usize = 16;

#[derive(Default)]
struct Shard {
    /// Bindings by address-of-record.
    aors: HashMap<String, Vec<Binding>>,
    /// Addresses-of-record (of this shard) with a routable binding on a connection. A set:
    /// one connection may carry many (the bindings that came through another proxy).
    by_conn: HashMap<u64, HashSet<String>>,
}

impl Shard {
    /// Forgets that `aor` has a binding on `conn` unless one of its bindings still does.
    fn unlink_conn(&mut self, aor: &str, conn: u64) {
        if conn == 0 {
            return;
        }
        let still = self
            .aors
            .get(aor)
            .is_some_and(|v| v.iter().any(|b| b.conn_id == conn && b.routable));
        if still {
            return;
        }
        if let Some(set) = self.by_conn.get_mut(&conn) {
            set.remove(aor);
            if set.is_empty() {
                self.by_conn.remove(&conn);
            }
        }
    }

    fn link_conn(&mut self, aor: &str, conn: u64) {
        if conn == 0 {
            return;
        }
        let set = self.by_conn.entry(conn).or_default();
        if !set.contains(aor) {
            set.insert(aor.to_owned());
        }
    }

    /// The usual refresh: when every binding of `puts` replaces one `aor` holds, writes them
    /// over those in place (reusing their text buffers) and keeps the connection index right;
    /// otherwise changes nothing and says false. The count of bindings stays, so no limit can
    /// be crossed. What [`MemoryLocation::apply`]'s general path would do: every other binding
    /// of `aor` keeps its place and its connection entry (a routable binding on a connection
    /// always has one).
    fn refresh_in_place(&mut self, aor: &str, puts: &[Binding]) -> bool {
        let Some(list) = self.aors.get_mut(aor) else {
            return false;
        };
        if !puts.iter().all(|b| list.iter().any(|o| o.key == b.key)) {
            return false;
        }
        // A binding routable on the same connection before and after keeps its entry as it
        // is: only the others are unlinked and linked again.
        let mut old_conns: SmallVec<[u64; 4]> = SmallVec::new();
        let mut new_conns: SmallVec<[u64; 4]> = SmallVec::new();
        for b in puts {
            if let Some(o) = list.iter_mut().find(|o| o.key == b.key) {
                if !(o.routable && b.routable && o.conn_id == b.conn_id) {
                    old_conns.push(o.conn_id);
                    if b.routable {
                        new_conns.push(b.conn_id);
                    }
                }
                o.clone_from(b);
            }
        }
        for c in old_conns {
            self.unlink_conn(aor, c);
        }
        for c in new_conns {
            self.link_conn(aor, c);
        }
        true
    }

    /// Drops the expired bindings of `aor`; how many.
    fn expire_aor(&mut self, aor: &str, now: u64) -> usize {
        let Some(list) = self.aors.get_mut(aor) else {
            return 0;
        };
        let before = list.len();
        let mut conns: Vec<u64> = Vec::new();
        list.retain(|b| {
            let keep = b.is_live(now);
            if !keep {
                conns.push(b.conn_id);
            }
            keep
        });
        let removed = before - list.len();
        if list.is_empty() {
            self.aors.remove(aor);
        }
        for c in conns {
            self.unlink_conn(aor, c);
        }
        removed
    }
}

/// The embedded in-memory location store (thread-safe).
pub struct MemoryLocation {
    shards: Vec<RwLock<Shard>>,
    hasher: RandomState,
    total: AtomicUsize,
    /// The latest `now` seen, so a `put` that meets the total limit can purge first.
    last_now: AtomicU64,
    limits: LocationLimits,
}

impl MemoryLocation {
    pub fn new(limits: LocationLimits) -> MemoryLocation {
        MemoryLocation {
            shards: (0..SHARDS).map(|_| RwLock::new(Shard::default())).collect(),
            hasher: RandomState::new(),
            total: AtomicUsize::new(0),
            last_now: AtomicU64::new(0),
            limits,
        }
    }

    pub fn limits(&self) -> LocationLimits {
        self.limits
    }

    fn shard(&self, aor: &str) -> &RwLock<Shard> {
        let h = self.hasher.hash_one(aor) as usize;
        &self.shards[h % SHARDS]
    }

    fn saw(&self, now: u64) {
        self.last_now.fetch_max(now, Ordering::Relaxed);
    }

    /// Takes one place under the total limit, purging expired bindings once if it is reached.
    fn reserve(&self) -> Result<(), LocationError> {
        let take = || {
            self.total
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                    (t < self.limits.max_bindings).then_some(t + 1)
                })
                .is_ok()
        };
        if take() {
            return Ok(());
        }
        self.purge_expired(self.last_now.load(Ordering::Relaxed))?;
        if take() {
            return Ok(());
        }
        Err(LocationError::Full {
            max: Some(self.limits.max_bindings),
        })
    }

    fn release(&self, n: usize) {
        self.total.fetch_sub(n, Ordering::AcqRel);
    }
}

impl Default for MemoryLocation {
    fn default() -> Self {
        MemoryLocation::new(LocationLimits::DEFAULT)
    }
}

fn check(binding: &Binding) -> Result<(), LocationError> {
    if binding.aor.is_empty() || binding.key.is_empty() || binding.contact.is_empty() {
        return Err(LocationError::Invalid(
            "aor, key and contact must not be empty".into(),
        ));
    }
    Ok(())
}

impl LocationBackend for MemoryLocation {
    fn put(&self, binding: &Binding) -> Result<(), LocationError> {
        check(binding)?;
        let mut shard = self.shard(&binding.aor).write();
        let existing = shard
            .aors
            .get(&binding.aor)
            .and_then(|v| v.iter().position(|b| b.key == binding.key));
        match existing {
            Some(i) => {
                let list = shard.aors.get_mut(&binding.aor).expect("entry just found");
                let old = std::mem::replace(&mut list[i], binding.clone());
                shard.unlink_conn(&binding.aor, old.conn_id);
            }
            None => {
                let have = shard.aors.get(&binding.aor).map_or(0, Vec::len);
                if have >= self.limits.max_bindings_per_aor {
                    return Err(LocationError::AorFull {
                        aor: binding.aor.clone(),
                        max: self.limits.max_bindings_per_aor,
                    });
                }
                // Purging takes every shard's lock: let go of this one meanwhile.
                drop(shard);
                self.reserve()?;
                shard = self.shard(&binding.aor).write();
                let list = shard.aors.entry(binding.aor.clone()).or_default();
                if list.len() >= self.limits.max_bindings_per_aor {
                    self.release(1);
                    return Err(LocationError::AorFull {
                        aor: binding.aor.clone(),
                        max: self.limits.max_bindings_per_aor,
                    });
                }
                match list.iter_mut().find(|b| b.key == binding.key) {
                    // Written by another thread while the lock was let go.
                    Some(b) => {
                        *b = binding.clone();
                        self.release(1);
                    }
                    None => list.push(binding.clone()),
                }
            }
        }
        if binding.routable {
            shard.link_conn(&binding.aor, binding.conn_id);
        }
        Ok(())
    }

    fn get(&self, aor: &str, key: &str, now: u64) -> Result<Option<Binding>, LocationError> {
        self.saw(now);
        let shard = self.shard(aor).read();
        Ok(shard
            .aors
            .get(aor)
            .and_then(|v| v.iter().find(|b| b.key == key && b.is_live(now)))
            .cloned())
    }

    fn remove(&self, aor: &str, key: &str) -> Result<bool, LocationError> {
        let mut shard = self.shard(aor).write();
        let Some(list) = shard.aors.get_mut(aor) else {
            return Ok(false);
        };
        let Some(i) = list.iter().position(|b| b.key == key) else {
            return Ok(false);
        };
        let old = list.swap_remove(i);
        if list.is_empty() {
            shard.aors.remove(aor);
        }
        shard.unlink_conn(aor, old.conn_id);
        drop(shard);
        self.release(1);
        Ok(true)
    }

    fn each_live(
        &self,
        aor: &str,
        now: u64,
        each: &mut dyn FnMut(&Binding),
    ) -> Result<(), LocationError> {
        self.saw(now);
        let shard = self.shard(aor).read();
        if let Some(v) = shard.aors.get(aor) {
            for b in v.iter().filter(|b| b.is_live(now)) {
                each(b);
            }
        }
        Ok(())
    }

    fn list(&self, aor: &str, now: u64) -> Result<Vec<Binding>, LocationError> {
        let mut out = Vec::new();
        self.list_into(aor, now, &mut out)?;
        Ok(out)
    }

    /// The live usual case under the read lock, copied with `clone_from` over what `out`
    /// holds; expired bindings are cleared first, as `list` does.
    fn list_into(&self, aor: &str, now: u64, out: &mut Vec<Binding>) -> Result<(), LocationError> {
        self.saw(now);
        {
            let shard = self.shard(aor).read();
            match shard.aors.get(aor) {
                None => {
                    out.clear();
                    return Ok(());
                }
                Some(v) if v.iter().all(|b| b.is_live(now)) => {
                    out.clone_from(v);
                    return Ok(());
                }
                Some(_) => {}
            }
        }
        let mut shard = self.shard(aor).write();
        let removed = shard.expire_aor(aor, now);
        match shard.aors.get(aor) {
            Some(v) => out.clone_from(v),
            None => out.clear(),
        }
        drop(shard);
        self.release(removed);
        Ok(())
    }

    fn connection_closed(&self, conn_id: u64) -> Result<usize, LocationError> {
        if conn_id == 0 {
            return Ok(0);
        }
        let mut n = 0;
        for shard in &self.shards {
            let mut shard = shard.write();
            let Some(aors) = shard.by_conn.remove(&conn_id) else {
                continue;
            };
            for aor in aors {
                for b in shard.aors.get_mut(&aor).into_iter().flatten() {
                    if b.conn_id == conn_id && b.routable {
                        b.routable = false;
                        n += 1;
                    }
                }
            }
        }
        Ok(n)
    }

    fn purge_expired(&self, now: u64) -> Result<usize, LocationError> {
        self.saw(now);
        let mut n = 0;
        for shard in &self.shards {
            let mut shard = shard.write();
            let expired: Vec<String> = shard
                .aors
                .iter()
                .filter(|(_, v)| v.iter().any(|b| !b.is_live(now)))
                .map(|(a, _)| a.clone())
                .collect();
            for aor in expired {
                n += shard.expire_aor(&aor, now);
            }
        }
        self.release(n);
        Ok(n)
    }

    fn count(&self) -> Result<usize, LocationError> {
        Ok(self.total.load(Ordering::Acquire))
    }

    fn max_bindings_per_aor(&self) -> usize {
        self.limits.max_bindings_per_aor
    }

    /// In one step under the shard's lock: the limits are judged on the bindings the
    /// address-of-record ends with, and nothing changes when they are crossed.
    fn apply(
        &self,
        aor: &str,
        _before: &[Binding],
        puts: &[Binding],
        removes: &[String],
    ) -> Result<(), LocationError> {
        for b in puts {
            check(b)?;
            if b.aor != aor {
                return Err(LocationError::Invalid(format!(
                    "binding of {} written as part of {aor}",
                    b.aor
                )));
            }
        }
        let mut purged = false;
        loop {
            let mut shard = self.shard(aor).write();
            if removes.is_empty() && shard.refresh_in_place(aor, puts) {
                return Ok(());
            }
            let mut list = shard.aors.get(aor).cloned().unwrap_or_default();
            let old_len = list.len();
            let old_conns: Vec<u64> = list.iter().map(|b| b.conn_id).collect();
            list.retain(|b| !removes.contains(&b.key));
            for b in puts {
                match list.iter_mut().find(|o| o.key == b.key) {
                    Some(o) => *o = b.clone(),
                    None => list.push(b.clone()),
                }
            }
            let grows = list.len().saturating_sub(old_len);
            if grows > 0 && list.len() > self.limits.max_bindings_per_aor {
                return Err(LocationError::AorFull {
                    aor: aor.to_owned(),
                    max: self.limits.max_bindings_per_aor,
                });
            }
            let max = self.limits.max_bindings;
            let reserved = grows == 0
                || self
                    .total
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                        (t + grows <= max).then_some(t + grows)
                    })
                    .is_ok();
            if !reserved {
                if purged {
                    return Err(LocationError::Full { max: Some(max) });
                }
                // Purging takes every shard's lock: let go of this one, then judge again.
                drop(shard);
                self.purge_expired(self.last_now.load(Ordering::Relaxed))?;
                purged = true;
                continue;
            }
            let shrinks = old_len.saturating_sub(list.len());
            let new_conns: Vec<(u64, bool)> =
                list.iter().map(|b| (b.conn_id, b.routable)).collect();
            if list.is_empty() {
                shard.aors.remove(aor);
            } else {
                shard.aors.insert(aor.to_owned(), list);
            }
            for c in old_conns {
                shard.unlink_conn(aor, c);
            }
            for (c, routable) in new_conns {
                if routable {
                    shard.link_conn(aor, c);
                }
            }
            drop(shard);
            self.release(shrinks);
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::binding::sample as binding;
    use super::*;

    #[test]
    fn put_get_list_remove() {
        let m = MemoryLocation::default();
        m.put(&binding("sip:a@x", "k1", 100, 1)).unwrap();
        m.put(&binding("sip:a@x", "k2", 100, 2)).unwrap();
        m.put(&binding("sip:b@x", "k1", 100, 1)).unwrap();
        assert_eq!(m.count().unwrap(), 3);
        assert_eq!(m.list("sip:a@x", 0).unwrap().len(), 2);
        let mut b = binding("sip:a@x", "k1", 200, 1);
        b.cseq = 2;
        m.put(&b).unwrap();
        assert_eq!(m.count().unwrap(), 3);
        assert_eq!(m.get("sip:a@x", "k1", 0).unwrap(), Some(b));
        assert!(m.remove("sip:a@x", "k1").unwrap());
        assert!(!m.remove("sip:a@x", "k1").unwrap());
        assert!(!m.remove("sip:none@x", "k1").unwrap());
        assert_eq!(m.count().unwrap(), 2);
        assert_eq!(m.get("sip:a@x", "k1", 0).unwrap(), None);
        assert!(m.put(&binding("", "k", 1, 0)).is_err());
    }

    /// The lent walk gives what `list` gives, live bindings only; the trait's default (what a
    /// host store gets) agrees.
    #[test]
    fn each_live_lends_the_live_bindings_in_order() {
        struct ThroughList(MemoryLocation);
        impl LocationBackend for ThroughList {
            fn put(&self, b: &Binding) -> Result<(), LocationError> {
                self.0.put(b)
            }
            fn get(&self, a: &str, k: &str, n: u64) -> Result<Option<Binding>, LocationError> {
                self.0.get(a, k, n)
            }
            fn remove(&self, a: &str, k: &str) -> Result<bool, LocationError> {
                self.0.remove(a, k)
            }
            fn list(&self, a: &str, n: u64) -> Result<Vec<Binding>, LocationError> {
                self.0.list(a, n)
            }
            fn connection_closed(&self, c: u64) -> Result<usize, LocationError> {
                self.0.connection_closed(c)
            }
            fn purge_expired(&self, n: u64) -> Result<usize, LocationError> {
                self.0.purge_expired(n)
            }
            fn count(&self) -> Result<usize, LocationError> {
                self.0.count()
            }
            fn max_bindings_per_aor(&self) -> usize {
                self.0.max_bindings_per_aor()
            }
        }
        let m = MemoryLocation::default();
        m.put(&binding("sip:a@x", "k1", 100, 1)).unwrap();
        m.put(&binding("sip:a@x", "k2", 50, 2)).unwrap();
        m.put(&binding("sip:a@x", "k3", 100, 3)).unwrap();
        m.put(&binding("sip:b@x", "k1", 100, 4)).unwrap();
        let keys = |store: &dyn LocationBackend, aor: &str, now: u64| {
            let mut keys = Vec::new();
            store
                .each_live(aor, now, &mut |b| keys.push(b.key.clone()))
                .unwrap();
            keys
        };
        assert_eq!(keys(&m, "sip:a@x", 10), ["k1", "k2", "k3"]);
        assert_eq!(keys(&m, "sip:a@x", 60), ["k1", "k3"]);
        assert_eq!(keys(&m, "sip:c@x", 10), Vec::<String>::new());
        let listed: Vec<String> = m
            .list("sip:a@x", 60)
            .unwrap()
            .into_iter()
            .map(|b| b.key)
            .collect();
        assert_eq!(keys(&m, "sip:a@x", 60), listed);
        let host = ThroughList(m);
        assert_eq!(keys(&host, "sip:a@x", 60), ["k1", "k3"]);
        assert_eq!(keys(&host, "sip:b@x", 60), ["k1"]);
    }

    /// `list_into` gives what `list` gives, whatever `out` held, and writes over the
    /// bindings already there instead of allocating their texts again.
    #[test]
    fn list_into_writes_over_what_out_holds() {
        let m = MemoryLocation::default();
        m.put(&binding("sip:a@x", "k1", 100, 1)).unwrap();
        m.put(&binding("sip:a@x", "k2", 50, 2)).unwrap();
        let keys = |v: &[Binding]| v.iter().map(|b| b.key.clone()).collect::<Vec<_>>();
        // Longer than the list: cut to it.
        let mut out: Vec<Binding> = (0..4)
            .map(|i| binding("sip:old@x", &format!("a-much-longer-key-{i}"), 1, 0))
            .collect();
        let buffer = out[0].contact.as_ptr();
        m.list_into("sip:a@x", 10, &mut out).unwrap();
        assert_eq!(out, m.list("sip:a@x", 10).unwrap());
        assert_eq!(keys(&out), ["k1", "k2"]);
        assert_eq!(
            out[0].contact.as_ptr(),
            buffer,
            "the text buffer was reused"
        );
        // Shorter: grown to it.
        let mut out = vec![binding("sip:old@x", "z", 1, 0)];
        m.list_into("sip:a@x", 10, &mut out).unwrap();
        assert_eq!(keys(&out), ["k1", "k2"]);
        // An expired binding is dropped from the store as `list` drops it.
        m.list_into("sip:a@x", 60, &mut out).unwrap();
        assert_eq!(keys(&out), ["k1"]);
        assert_eq!(m.count().unwrap(), 1);
        // An address-of-record without bindings: empty.
        m.list_into("sip:none@x", 60, &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn expired_bindings_vanish_on_the_host_clock() {
        let m = MemoryLocation::default();
        m.put(&binding("sip:a@x", "k1", 100, 0)).unwrap();
        m.put(&binding("sip:a@x", "k2", 50, 0)).unwrap();
        m.put(&binding("sip:b@x", "k1", 10, 0)).unwrap();
        assert_eq!(m.get("sip:a@x", "k2", 50).unwrap(), None);
        assert_eq!(m.list("sip:a@x", 60).unwrap().len(), 1);
        assert_eq!(m.count().unwrap(), 2);
        assert_eq!(m.purge_expired(60).unwrap(), 1);
        assert_eq!(m.count().unwrap(), 1);
        assert_eq!(m.purge_expired(1000).unwrap(), 1);
        assert_eq!(m.count().unwrap(), 0);
    }

    #[test]
    fn limits_refuse_and_keep_what_is_there() {
        let m = MemoryLocation::new(LocationLimits {
            max_bindings: 3,
            max_bindings_per_aor: 2,
        });
        m.put(&binding("sip:a@x", "k1", 100, 0)).unwrap();
        m.put(&binding("sip:a@x", "k2", 100, 0)).unwrap();
        assert_eq!(
            m.put(&binding("sip:a@x", "k3", 100, 0)),
            Err(LocationError::AorFull {
                aor: "sip:a@x".into(),
                max: 2
            })
        );
        // Replacing an existing key is not an addition.
        m.put(&binding("sip:a@x", "k2", 300, 0)).unwrap();
        m.put(&binding("sip:b@x", "k1", 20, 0)).unwrap();
        assert_eq!(
            m.put(&binding("sip:c@x", "k1", 100, 0)),
            Err(LocationError::Full { max: Some(3) })
        );
        assert_eq!(m.count().unwrap(), 3);
        assert_eq!(m.list("sip:a@x", 0).unwrap().len(), 2);
        // Once the clock has passed b's expiry, the full store makes room by purging.
        assert_eq!(m.list("sip:a@x", 30).unwrap().len(), 2);
        m.put(&binding("sip:c@x", "k1", 100, 0)).unwrap();
        assert_eq!(m.count().unwrap(), 3);
        assert!(m.list("sip:b@x", 30).unwrap().is_empty());
    }

    #[test]
    fn closing_a_connection_makes_its_bindings_unroutable() {
        let m = MemoryLocation::default();
        m.put(&binding("sip:a@x", "k1", 100, 7)).unwrap();
        m.put(&binding("sip:a@x", "k2", 100, 8)).unwrap();
        m.put(&binding("sip:b@x", "k1", 100, 7)).unwrap();
        assert_eq!(m.connection_closed(7).unwrap(), 2);
        assert_eq!(m.connection_closed(7).unwrap(), 0);
        assert_eq!(m.connection_closed(0).unwrap(), 0);
        let a = m.list("sip:a@x", 0).unwrap();
        assert!(a.iter().all(|b| b.routable == (b.conn_id == 8)));
        // Registering again over a new connection makes it routable again.
        m.put(&binding("sip:a@x", "k1", 100, 9)).unwrap();
        assert!(m.get("sip:a@x", "k1", 0).unwrap().unwrap().routable);
        assert_eq!(m.connection_closed(9).unwrap(), 1);
        // A binding moved off a connection is not touched when the old one closes.
        m.put(&binding("sip:a@x", "k2", 100, 10)).unwrap();
        assert_eq!(m.connection_closed(8).unwrap(), 0);
    }

    #[test]
    fn threads_share_the_store() {
        let m = std::sync::Arc::new(MemoryLocation::default());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let m = m.clone();
                std::thread::spawn(move || {
                    for i in 0..200 {
                        m.put(&binding(&format!("sip:u{i}@x"), &format!("k{t}"), 100, 0))
                            .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(m.count().unwrap(), 800);
        assert_eq!(m.list("sip:u5@x", 0).unwrap().len(), 4);
    }

    /// A refresh that only replaces bindings is written in place: the store ends as the
    /// general path leaves it, the connection index included.
    #[test]
    fn refresh_in_place_keeps_the_connection_index() {
        let m = MemoryLocation::default();
        let (a, b) = (
            binding("sip:a@x", "k1", 100, 7),
            binding("sip:a@x", "k2", 100, 7),
        );
        m.apply("sip:a@x", &[], &[a.clone(), b.clone()], &[])
            .unwrap();
        let mut a2 = a.clone();
        a2.conn_id = 9;
        a2.expires_at = 300;
        a2.contact = "sip:k1-moved".into();
        a2.path = vec!["<sip:p;lr>".into()];
        m.apply(
            "sip:a@x",
            &[a.clone(), b.clone()],
            std::slice::from_ref(&a2),
            &[],
        )
        .unwrap();
        assert_eq!(m.list("sip:a@x", 0).unwrap(), vec![a2.clone(), b.clone()]);
        assert_eq!(m.count().unwrap(), 2);
        // k2 still on 7, k1 now on 9.
        assert_eq!(m.connection_closed(9).unwrap(), 1);
        assert_eq!(m.connection_closed(7).unwrap(), 1);
        // Moving the last binding off a connection unlinks it.
        let m = MemoryLocation::default();
        m.apply("sip:a@x", &[], std::slice::from_ref(&a), &[])
            .unwrap();
        m.apply(
            "sip:a@x",
            std::slice::from_ref(&a),
            std::slice::from_ref(&a2),
            &[],
        )
        .unwrap();
        assert_eq!(m.connection_closed(7).unwrap(), 0);
        assert_eq!(m.connection_closed(9).unwrap(), 1);
        // A put of a new key is not a refresh: the general path adds it.
        m.apply("sip:a@x", &[], &[a2.clone(), b.clone()], &[])
            .unwrap();
        assert_eq!(m.count().unwrap(), 2);
    }

    #[test]
    fn a_refresh_on_the_same_connection_keeps_its_entry() {
        let m = MemoryLocation::default();
        let a = binding("sip:a@x", "k1", 100, 7);
        m.apply("sip:a@x", &[], std::slice::from_ref(&a), &[])
            .unwrap();
        let mut a2 = a.clone();
        a2.expires_at = 400;
        a2.cseq += 1;
        m.apply(
            "sip:a@x",
            std::slice::from_ref(&a),
            std::slice::from_ref(&a2),
            &[],
        )
        .unwrap();
        assert_eq!(m.list("sip:a@x", 0).unwrap(), vec![a2.clone()]);
        assert_eq!(m.connection_closed(7).unwrap(), 1, "still linked to 7");
        // Made unroutable by a refresh on the same connection: unlinked; routable again:
        // linked.
        let mut a3 = a2.clone();
        a3.routable = false;
        m.apply(
            "sip:a@x",
            std::slice::from_ref(&a2),
            std::slice::from_ref(&a3),
            &[],
        )
        .unwrap();
        assert_eq!(m.connection_closed(7).unwrap(), 0);
        m.apply(
            "sip:a@x",
            std::slice::from_ref(&a3),
            std::slice::from_ref(&a2),
            &[],
        )
        .unwrap();
        assert_eq!(m.connection_closed(7).unwrap(), 1);
        assert_eq!(m.connection_closed(7).unwrap(), 0);
    }

    #[test]
    fn clone_from_copies_every_field() {
        let mut a = binding("sip:a@x", "k1", 100, 7);
        let mut b = binding("sip:b@y", "other", 5, 1);
        b.epid = Some("01010101".into());
        b.instance = Some("<urn:uuid:x>".into());
        b.gruu = Some("sip:b@y;gruu;opaque=z".into());
        b.path = vec!["<sip:p;lr>".into()];
        b.cseq = 9;
        b.routable = false;
        a.clone_from(&b);
        assert_eq!(a, b);
        assert_eq!(b.clone(), b);
    }
}
