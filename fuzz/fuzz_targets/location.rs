//! The in-memory location service against a plain model (a map from address-of-record and
//! key to binding): each input byte group is one operation (put, get, remove, list,
//! connection closed, purge, a REGISTER's apply) on 3 AORs, 4 keys and 3 connections, with a
//! clock that moves forward, under small limits (5 bindings, 3 per AOR). Every answer and
//! every count must be the model's: the limits hold, a refused change changes nothing, and
//! no binding is lost or comes back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::identity::location::{
    Binding, LocationBackend, LocationError, LocationLimits, MemoryLocation,
};
use std::collections::BTreeMap;

const LIMITS: LocationLimits = LocationLimits {
    max_bindings: 5,
    max_bindings_per_aor: 3,
};
const AORS: [&str; 3] = [
    "sip:a@contoso.com",
    "sip:b@contoso.com",
    "sip:c@contoso.com",
];
const KEYS: [&str; 4] = ["k0", "k1", "k2", "k3"];

type Model = BTreeMap<(String, String), Binding>;

struct World {
    store: MemoryLocation,
    model: Model,
    /// The latest clock value the store was shown (it purges at that time when full).
    last_now: u64,
    now: u64,
}

fn binding(aor: &str, key: &str, expires_at: u64, conn_id: u64, tag: u8) -> Binding {
    Binding {
        aor: aor.to_owned(),
        key: key.to_owned(),
        contact: format!("sip:{key}-{tag}@192.0.2.1"),
        epid: None,
        instance: None,
        gruu: None,
        path: Vec::new(),
        call_id: "c".to_owned(),
        cseq: u32::from(tag),
        expires_at,
        conn_id,
        routable: true,
    }
}

impl World {
    fn saw(&mut self, now: u64) {
        self.last_now = self.last_now.max(now);
    }

    fn of_aor(&self, aor: &str) -> Vec<&Binding> {
        self.model.values().filter(|b| b.aor == aor).collect()
    }

    fn purge_model(&mut self, now: u64) -> usize {
        let before = self.model.len();
        self.model.retain(|_, b| b.is_live(now));
        before - self.model.len()
    }

    fn put(&mut self, b: Binding) {
        let k = (b.aor.clone(), b.key.clone());
        let got = self.store.put(&b);
        if self.model.contains_key(&k) {
            assert_eq!(got, Ok(()), "replacing a binding");
            self.model.insert(k, b);
            return;
        }
        if self.of_aor(&b.aor).len() >= LIMITS.max_bindings_per_aor {
            assert!(matches!(got, Err(LocationError::AorFull { .. })), "{got:?}");
            return;
        }
        if self.model.len() >= LIMITS.max_bindings {
            self.purge_model(self.last_now);
        }
        if self.model.len() >= LIMITS.max_bindings {
            assert!(matches!(got, Err(LocationError::Full { .. })), "{got:?}");
            return;
        }
        assert_eq!(got, Ok(()));
        self.model.insert(k, b);
    }

    fn apply(&mut self, aor: &str, puts: Vec<Binding>, removes: Vec<String>) {
        let before: Vec<Binding> = self.of_aor(aor).into_iter().cloned().collect();
        let got = self.store.apply(aor, &before, &puts, &removes);
        let old_len = before.len();
        let mut end: BTreeMap<String, Binding> =
            before.into_iter().map(|b| (b.key.clone(), b)).collect();
        end.retain(|k, _| !removes.contains(k));
        for b in &puts {
            end.insert(b.key.clone(), b.clone());
        }
        let grows = end.len().saturating_sub(old_len);
        if grows > 0 && end.len() > LIMITS.max_bindings_per_aor {
            assert!(matches!(got, Err(LocationError::AorFull { .. })), "{got:?}");
            return;
        }
        if grows > 0 && self.model.len() + grows > LIMITS.max_bindings {
            self.purge_model(self.last_now);
            // Purging may have dropped expired bindings of this AOR: judged again on them.
            let before: Vec<Binding> = self.of_aor(aor).into_iter().cloned().collect();
            let old_len = before.len();
            end = before.into_iter().map(|b| (b.key.clone(), b)).collect();
            end.retain(|k, _| !removes.contains(k));
            for b in &puts {
                end.insert(b.key.clone(), b.clone());
            }
            let grows = end.len().saturating_sub(old_len);
            if grows > 0 && end.len() > LIMITS.max_bindings_per_aor {
                assert!(matches!(got, Err(LocationError::AorFull { .. })), "{got:?}");
                return;
            }
            if grows > 0 && self.model.len() + grows > LIMITS.max_bindings {
                assert!(matches!(got, Err(LocationError::Full { .. })), "{got:?}");
                return;
            }
        }
        assert_eq!(got, Ok(()), "apply within the limits");
        self.model.retain(|(a, _), _| a != aor);
        for (k, b) in end {
            self.model.insert((aor.to_owned(), k), b);
        }
    }

    /// The store holds exactly the model's bindings.
    fn agree(&mut self) {
        assert_eq!(self.store.count().unwrap(), self.model.len(), "count");
        for aor in AORS {
            // Read at time 0 (nothing expires then), so reading changes nothing.
            let mut got = self.store.list(aor, 0).unwrap();
            got.sort_by(|a, b| a.key.cmp(&b.key));
            let want: Vec<Binding> = self.of_aor(aor).into_iter().cloned().collect();
            assert_eq!(got, want, "bindings of {aor}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut w = World {
        store: MemoryLocation::new(LIMITS),
        model: Model::new(),
        last_now: 0,
        now: 100,
    };
    for op in data.chunks(4) {
        let [code, a, b, c] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0));
        let aor = AORS[usize::from(a) % AORS.len()];
        let key = KEYS[usize::from(b) % KEYS.len()];
        let conn = u64::from(c % 4);
        w.now += u64::from(code >> 5);
        let now = w.now;
        match code % 8 {
            0 | 1 => w.put(binding(aor, key, now + u64::from(c % 16), conn, b)),
            2 => {
                w.saw(now);
                let got = w.store.get(aor, key, now).unwrap();
                let want = w
                    .model
                    .get(&(aor.to_owned(), key.to_owned()))
                    .filter(|x| x.is_live(now))
                    .cloned();
                assert_eq!(got, want, "get");
            }
            3 => {
                let got = w.store.remove(aor, key).unwrap();
                assert_eq!(
                    got,
                    w.model.remove(&(aor.to_owned(), key.to_owned())).is_some()
                );
            }
            4 => {
                w.saw(now);
                let mut got = w.store.list(aor, now).unwrap();
                got.sort_by(|x, y| x.key.cmp(&y.key));
                w.model.retain(|(a, _), x| a != aor || x.is_live(now));
                let want: Vec<Binding> = w.of_aor(aor).into_iter().cloned().collect();
                assert_eq!(got, want, "list");
            }
            5 => {
                let got = w.store.connection_closed(conn).unwrap();
                let mut n = 0;
                for x in w.model.values_mut() {
                    if conn != 0 && x.conn_id == conn && x.routable {
                        x.routable = false;
                        n += 1;
                    }
                }
                assert_eq!(got, n, "connection closed");
            }
            6 => {
                w.saw(now);
                let got = w.store.purge_expired(now).unwrap();
                assert_eq!(got, w.purge_model(now), "purge");
            }
            _ => {
                // A REGISTER's changes: up to two puts and one removal, from the bits of c.
                let mut puts = Vec::new();
                for (i, k) in KEYS.iter().enumerate().take(2 + usize::from(c & 1)) {
                    if b >> i & 1 != 0 {
                        puts.push(binding(aor, k, now + u64::from(c >> 4), conn, c));
                    }
                }
                let removes = if c & 2 != 0 {
                    vec![key.to_owned()]
                } else {
                    Vec::new()
                };
                w.apply(aor, puts, removes);
            }
        }
        w.agree();
    }
});
