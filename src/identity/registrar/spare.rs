//! The list of bindings a REGISTER reads its address-of-record's bindings into, kept on the
//! thread for the next REGISTER: the store writes the bindings over the ones it holds
//! ([`LocationBackend::list_into`]), so a refresh reads its bindings without allocating their
//! texts again.
//!
//! [`LocationBackend::list_into`]: crate::identity::location::LocationBackend::list_into

use crate::identity::location::Binding;
use std::cell::Cell;

/// Most bindings a thread keeps between requests: an address-of-record usually has a few, and
/// a thread holds no more than this after reading a large one.
const SPARE_MAX: usize = 8;

thread_local! {
    static SPARE: Cell<Vec<Binding>> = const { Cell::new(Vec::new()) };
}

/// The list kept on this thread (empty when there is none, or the thread is ending).
pub(super) fn take() -> Vec<Binding> {
    SPARE.try_with(Cell::take).unwrap_or_default()
}

/// Keeps `list` for the next request on this thread; a larger one is cut to [`SPARE_MAX`].
pub(super) fn keep(mut list: Vec<Binding>) {
    list.truncate(SPARE_MAX);
    // A thread that is ending drops it instead.
    let _ = SPARE.try_with(|s| s.set(list));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::location::binding::sample;

    #[test]
    fn kept_list_comes_back_cut_to_the_limit() {
        keep(
            (0..SPARE_MAX + 3)
                .map(|i| sample("sip:a@x", &format!("k{i}"), 10, 0))
                .collect(),
        );
        let got = take();
        assert_eq!(got.len(), SPARE_MAX);
        assert_eq!(got[0].key, "k0");
        assert!(take().is_empty(), "taken once");
    }
}
