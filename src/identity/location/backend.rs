//! The storage a location service runs on: one trait, so the embedded in-memory store and a
//! host's own store (through C callbacks) are used the same way.

use super::binding::Binding;
use std::fmt;

/// Why the location service could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationError {
    /// The store holds as many bindings as its limit allows (`None`: a host store said so
    /// without giving its limit).
    Full { max: Option<usize> },
    /// The address-of-record has as many bindings as the per-AOR limit allows.
    AorFull { aor: String, max: usize },
    /// The host's store reported a failure.
    Backend(String),
    /// The store cannot do this (e.g. a host store has no purge of its own).
    Unsupported(&'static str),
    /// A binding handed in is not one the service can keep (empty AOR or key, ...).
    Invalid(String),
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocationError::Full { max: Some(max) } => {
                write!(
                    f,
                    "location service full: {max} bindings (max_bindings) reached"
                )
            }
            LocationError::Full { max: None } => f.write_str("location service full"),
            LocationError::AorFull { aor, max } => {
                write!(f, "{aor} already has {max} bindings (max_bindings_per_aor)")
            }
            LocationError::Backend(why) => write!(f, "location store failed: {why}"),
            LocationError::Unsupported(what) => {
                write!(f, "not supported by this location store: {what}")
            }
            LocationError::Invalid(why) => write!(f, "invalid binding: {why}"),
        }
    }
}

impl std::error::Error for LocationError {}

/// A store of bindings, shared by every thread that uses the registrar (so `Send + Sync`, all
/// methods on `&self`).
///
/// `get` and `list` may return expired bindings (a host store need not purge); callers judge
/// liveness with the `now` they pass. A store never loses a binding silently: a `put` it cannot
/// take fails and leaves the store as it was.
pub trait LocationBackend: Send + Sync {
    /// Adds the binding, or replaces the one with the same `aor` and `key`.
    fn put(&self, binding: &Binding) -> Result<(), LocationError>;
    /// The binding of `aor` with `key`.
    fn get(&self, aor: &str, key: &str, now: u64) -> Result<Option<Binding>, LocationError>;
    /// Removes the binding of `aor` with `key`; whether there was one.
    fn remove(&self, aor: &str, key: &str) -> Result<bool, LocationError>;
    /// Every binding of `aor`.
    fn list(&self, aor: &str, now: u64) -> Result<Vec<Binding>, LocationError>;
    /// [`list`](Self::list) written into `out` (what it held is replaced). A store that
    /// holds its bindings in memory writes them over the bindings already in `out`, reusing
    /// their text buffers: the registrar keeps one such list per thread, so a refresh copies
    /// its address-of-record's bindings without allocating. This default goes through `list`;
    /// on a failure `out` is left empty.
    fn list_into(&self, aor: &str, now: u64, out: &mut Vec<Binding>) -> Result<(), LocationError> {
        match self.list(aor, now) {
            Ok(v) => {
                *out = v;
                Ok(())
            }
            Err(e) => {
                out.clear();
                Err(e)
            }
        }
    }
    /// Hands `each` every binding of `aor` live at `now`, in the order `list` gives them. A
    /// lookup reads a few fields of each; a store that can lend its bindings (the in-memory
    /// one) spares the copies `list` makes. This default goes through `list`.
    fn each_live(
        &self,
        aor: &str,
        now: u64,
        each: &mut dyn FnMut(&Binding),
    ) -> Result<(), LocationError> {
        for b in self.list(aor, now)?.iter().filter(|b| b.is_live(now)) {
            each(b);
        }
        Ok(())
    }
    /// Marks the bindings that came in on connection `conn_id` unroutable; how many.
    fn connection_closed(&self, conn_id: u64) -> Result<usize, LocationError>;
    /// Removes every binding expired at `now`; how many.
    fn purge_expired(&self, now: u64) -> Result<usize, LocationError>;
    /// How many bindings the store holds.
    fn count(&self) -> Result<usize, LocationError>;
    /// Most bindings one address-of-record may have.
    fn max_bindings_per_aor(&self) -> usize;

    /// Writes the changes of one REGISTER to the bindings of `aor`, all or nothing (RFC 3261
    /// 10.3): `before` is what the caller read (under its lock on `aor`), `puts` the bindings
    /// to add or replace, `removes` the keys to remove.
    ///
    /// This default does it with `put` and `remove`: replacements, additions, then removals,
    /// and on a failure it undoes what it did, in reverse. Undoing a replacement or an
    /// addition never adds a binding, so it cannot meet a limit; removals come last because
    /// undoing one does. (A request that swaps one binding for another therefore holds one
    /// more binding for a moment: the registrar judges the per-AOR limit on the end result.)
    /// A store that can change an address-of-record's bindings in one step should do that.
    fn apply(
        &self,
        aor: &str,
        before: &[Binding],
        puts: &[Binding],
        removes: &[String],
    ) -> Result<(), LocationError> {
        let old = |key: &str| before.iter().find(|b| b.aor == aor && b.key == key);
        let (replacing, adding): (Vec<&Binding>, Vec<&Binding>) =
            puts.iter().partition(|b| old(&b.key).is_some());
        let mut done: Vec<Undo<'_>> = Vec::new();
        let result = (|| {
            for b in &replacing {
                self.put(b)?;
                done.extend(old(&b.key).map(Undo::Restore));
            }
            for b in &adding {
                self.put(b)?;
                done.push(Undo::Remove(b));
            }
            for key in removes {
                if self.remove(aor, key)? {
                    done.extend(old(key).map(Undo::Restore));
                }
            }
            Ok(())
        })();
        if result.is_err() {
            for undo in done.into_iter().rev() {
                // Undoing puts back what the store held a moment ago; a store that fails
                // even that has already reported its failure through the first error.
                let _ = match undo {
                    Undo::Restore(b) => self.put(b),
                    Undo::Remove(b) => self.remove(&b.aor, &b.key).map(|_| ()),
                };
            }
        }
        result
    }
}

/// One step of [`LocationBackend::apply`] to take back.
enum Undo<'a> {
    Restore(&'a Binding),
    Remove(&'a Binding),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::location::binding::sample;

    /// A host store whose `list` gives `listed`, or fails when it is `None`.
    struct Listing(Option<Vec<Binding>>);

    impl LocationBackend for Listing {
        fn put(&self, _: &Binding) -> Result<(), LocationError> {
            Err(LocationError::Unsupported("put"))
        }
        fn get(&self, _: &str, _: &str, _: u64) -> Result<Option<Binding>, LocationError> {
            Ok(None)
        }
        fn remove(&self, _: &str, _: &str) -> Result<bool, LocationError> {
            Ok(false)
        }
        fn list(&self, _: &str, _: u64) -> Result<Vec<Binding>, LocationError> {
            self.0
                .clone()
                .ok_or_else(|| LocationError::Backend("down".into()))
        }
        fn connection_closed(&self, _: u64) -> Result<usize, LocationError> {
            Ok(0)
        }
        fn purge_expired(&self, _: u64) -> Result<usize, LocationError> {
            Ok(0)
        }
        fn count(&self) -> Result<usize, LocationError> {
            Ok(0)
        }
        fn max_bindings_per_aor(&self) -> usize {
            10
        }
    }

    /// The default `list_into` gives `list`'s bindings, and nothing stale on a failure.
    #[test]
    fn default_list_into_replaces_or_empties() {
        let stale = || vec![sample("sip:old@x", "old", 5, 0)];
        let listed = vec![
            sample("sip:a@x", "k1", 100, 0),
            sample("sip:a@x", "k2", 100, 0),
        ];
        let mut out = stale();
        Listing(Some(listed.clone()))
            .list_into("sip:a@x", 10, &mut out)
            .unwrap();
        assert_eq!(out, listed);
        let mut out = stale();
        let e = Listing(None).list_into("sip:a@x", 10, &mut out);
        assert_eq!(e, Err(LocationError::Backend("down".into())));
        assert!(out.is_empty());
    }
}
