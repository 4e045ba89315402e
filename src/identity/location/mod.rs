//! The location service (RFC 3261 10, MS-SIPRE 3.2.5.2, 3.3.5.1, 3.4.5.1): bindings of
//! contacts to addresses-of-record, kept by the registrar and read by the proxy.
//!
//! [`Location`] is the one type the registrar and the C handle use. It runs on a
//! [`LocationBackend`]: the embedded [`MemoryLocation`], or a host's own store.

pub mod backend;
pub mod binding;
pub mod memory;

pub use backend::{LocationBackend, LocationError};
pub use binding::Binding;
pub use memory::{LocationLimits, MemoryLocation};

use parking_lot::{Mutex, MutexGuard};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// Number of locks that serialize REGISTER processing per address-of-record.
const AOR_LOCKS: usize = 64;

/// A location service shared by registrars and proxies on any number of threads.
///
/// Besides the store it holds the locks that make one REGISTER's read-decide-write on an
/// address-of-record atomic against another REGISTER for the same address-of-record (RFC 3261
/// 10.3: a request's binding changes are committed together or not at all).
pub struct Location {
    backend: Box<dyn LocationBackend>,
    locks: Vec<Mutex<()>>,
    hasher: RandomState,
}

impl Location {
    /// A service on the embedded in-memory store.
    pub fn memory(limits: LocationLimits) -> Location {
        Location::with_backend(Box::new(MemoryLocation::new(limits)))
    }

    /// A service on `backend`.
    pub fn with_backend(backend: Box<dyn LocationBackend>) -> Location {
        Location {
            backend,
            locks: (0..AOR_LOCKS).map(|_| Mutex::new(())).collect(),
            hasher: RandomState::new(),
        }
    }

    /// The store.
    pub fn backend(&self) -> &dyn LocationBackend {
        self.backend.as_ref()
    }

    /// Holds off other writers of `aor` until the guard is dropped.
    pub fn lock_aor(&self, aor: &str) -> MutexGuard<'_, ()> {
        let i = self.hasher.hash_one(aor) as usize % AOR_LOCKS;
        self.locks[i].lock()
    }

    /// Hands `each` the live bindings of `aor` without copying them where the store lends
    /// them ([`LocationBackend::each_live`]).
    pub fn each_live(
        &self,
        aor: &str,
        now: u64,
        each: &mut dyn FnMut(&Binding),
    ) -> Result<(), LocationError> {
        self.backend.each_live(aor, now, &mut |b| {
            if b.aor == aor {
                each(b);
            }
        })
    }

    /// The live bindings of `aor` at `now`.
    pub fn live(&self, aor: &str, now: u64) -> Result<Vec<Binding>, LocationError> {
        let mut v = self.backend.list(aor, now)?;
        v.retain(|b| b.aor == aor && b.is_live(now));
        Ok(v)
    }
}

impl Default for Location {
    fn default() -> Self {
        Location::memory(LocationLimits::DEFAULT)
    }
}
