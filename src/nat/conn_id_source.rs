//! A source of connection ids that never hands out the same value twice, not even across a
//! restart of the host (MS-SIPRE 3.5.1: the counter that tells a new connection from an old one
//! with the same address, port and transport must not come round again while transactions,
//! dialogs or location-service records made from the old one live on).
//!
//! Sans-IO: the library keeps nothing on disk and reads no clock. The host passes an *epoch*,
//! a number larger than the epoch of every earlier run of this server: a boot counter it
//! stores and increments at each start, or its clock in seconds at start (fine while restarts
//! are more than a second apart and the clock is not set back). An id is the epoch in its high
//! 32 bits and a per-run counter, starting at 1, in its low 32 bits, so ids of two runs never
//! meet and no id is 0 (which stands for "no connection"). Servers of a pool whose
//! location-service records carry connection ids need epochs no other member uses too (the
//! stored boot counter times the pool size plus the member's number, for instance).

use super::error::NatError;

/// Hands out the connection ids of one run of the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnIdSource {
    epoch: u32,
    /// Ids handed out so far in this run.
    issued: u32,
}

impl ConnIdSource {
    /// A source for a run with epoch `epoch` (see the module documentation).
    pub fn new(epoch: u32) -> ConnIdSource {
        ConnIdSource { epoch, issued: 0 }
    }

    /// The epoch of this run.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// How many ids this run has handed out.
    pub fn issued(&self) -> u32 {
        self.issued
    }

    /// A new id, never handed out before by this run or by a run with a smaller epoch. After
    /// 2^32 - 1 ids the run is exhausted.
    pub fn next_id(&mut self) -> Result<u64, NatError> {
        let n = self
            .issued
            .checked_add(1)
            .ok_or(NatError::ConnIdsExhausted { epoch: self.epoch })?;
        self.issued = n;
        Ok((u64::from(self.epoch) << 32) | u64::from(n))
    }

    /// The epoch an id was handed out in.
    pub fn epoch_of(id: u64) -> u32 {
        (id >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_never_zero() {
        let mut s = ConnIdSource::new(0);
        let ids: Vec<u64> = (0..1000).map(|_| s.next_id().unwrap()).collect();
        assert_eq!(ids[0], 1);
        assert!(!ids.contains(&0));
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        assert_eq!(s.issued(), 1000);
    }

    #[test]
    fn a_restart_with_a_larger_epoch_never_repeats_an_id() {
        // Run 1 hands out many ids; run 2 (the next boot) starts again from its own counter.
        let mut run1 = ConnIdSource::new(41);
        let first: HashSet<u64> = (0..5000).map(|_| run1.next_id().unwrap()).collect();
        let mut run2 = ConnIdSource::new(42);
        for _ in 0..5000 {
            let id = run2.next_id().unwrap();
            assert!(!first.contains(&id));
            assert_eq!(ConnIdSource::epoch_of(id), 42);
        }
        // The clock in seconds at start works as an epoch too.
        let mut by_clock = ConnIdSource::new(1_700_000_000);
        assert_eq!(by_clock.next_id().unwrap(), (1_700_000_000u64 << 32) | 1);
    }

    #[test]
    fn an_exhausted_run_refuses_instead_of_wrapping() {
        let mut s = ConnIdSource {
            epoch: 9,
            issued: u32::MAX - 1,
        };
        assert_eq!(s.next_id(), Ok((9u64 << 32) | u64::from(u32::MAX)));
        assert_eq!(s.next_id(), Err(NatError::ConnIdsExhausted { epoch: 9 }));
        assert_eq!(s.next_id(), Err(NatError::ConnIdsExhausted { epoch: 9 }));
        let mut top = ConnIdSource::new(u32::MAX);
        assert_eq!(top.next_id().unwrap() >> 32, u64::from(u32::MAX));
    }
}
