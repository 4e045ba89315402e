//! Best-of-runs wall-clock timing of one parse function on one message.

use std::hint::black_box;
use std::time::Instant;

/// How much to run: a warm-up, then `runs` timed runs of `iters` calls each.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub warmup: u32,
    pub iters: u32,
    pub runs: u32,
}

/// Nanoseconds per call of the fastest run. The best run is the one least disturbed by the
/// rest of the machine, which is what a comparison between parsers wants.
pub fn best_ns_per_call(plan: Plan, msg: &[u8], mut call: impl FnMut(&[u8]) -> Option<i64>) -> f64 {
    for _ in 0..plan.warmup {
        black_box(call(black_box(msg)));
    }
    let mut best = f64::INFINITY;
    for _ in 0..plan.runs {
        let t = Instant::now();
        for _ in 0..plan.iters {
            black_box(call(black_box(msg)));
        }
        let ns = t.elapsed().as_nanos() as f64 / f64::from(plan.iters.max(1));
        best = best.min(ns);
    }
    best
}
