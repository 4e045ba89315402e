//! One pass over a dialed string that tells which rules of a profile can match it, so a
//! translation runs the backtracking engine on the first matching rule only instead of on
//! every rule before it (MS-SIPRE 3.8: rules are tried in document order; the first that
//! matches translates).
//!
//! Whether a pattern matches somewhere in a string does not depend on how the engine chooses
//! among matches, so a finite-automaton search of all the rules at once (regex-automata's
//! multi-pattern meta regex) answers it for every rule it can compile. Rules it cannot
//! (lookaround, backreferences: the backtracking engine's own features) are left out and
//! still run in order; so does every rule for a string with `\n`, where `$` and `\Z` read
//! otherwise.

use regex_automata::meta::Regex;
use regex_automata::{Input, MatchKind, PatternSet};

/// The automaton of the rules that have one.
#[derive(Debug, Clone)]
pub(super) struct RuleSet {
    set: Regex,
    /// For each rule, its pattern in `set`, if it has one.
    slot: Vec<Option<usize>>,
}

/// Which rules can match one string.
pub(super) struct Candidates<'a> {
    rules: &'a RuleSet,
    hits: PatternSet,
}

impl RuleSet {
    /// Builds the set from each rule's pattern (`None` for rules it may not hold), each
    /// within `size_limit` bytes of compiled form. `None` when no rule can be in
    /// it, or the whole set would be too large (every rule then runs on its own).
    pub(super) fn build(patterns: &[Option<&str>], size_limit: usize) -> Option<RuleSet> {
        let config = || {
            Regex::config()
                .match_kind(MatchKind::All)
                .nfa_size_limit(Some(size_limit))
        };
        let mut kept = Vec::new();
        let mut slot = Vec::with_capacity(patterns.len());
        for p in patterns {
            let fits = p.filter(|p| Regex::builder().configure(config()).build(p).is_ok());
            slot.push(fits.map(|p| {
                kept.push(p);
                kept.len() - 1
            }));
        }
        if kept.is_empty() {
            return None;
        }
        // each rule may take `size_limit`, as it may on its own
        let whole = size_limit.saturating_mul(kept.len());
        let set = Regex::builder()
            .configure(config().nfa_size_limit(Some(whole)))
            .build_many(&kept)
            .ok()?;
        Some(RuleSet { set, slot })
    }

    /// The rules of the set that match `dialed` somewhere.
    pub(super) fn candidates(&self, dialed: &str) -> Candidates<'_> {
        let mut hits = PatternSet::new(self.set.pattern_len());
        self.set
            .which_overlapping_matches(&Input::new(dialed), &mut hits);
        Candidates { rules: self, hits }
    }
}

impl Candidates<'_> {
    /// False when rule `index` is in the set and cannot match: it need not run.
    pub(super) fn may_match(&self, index: usize) -> bool {
        match self.rules.slot.get(index).copied().flatten() {
            Some(p) => self
                .hits
                .contains(regex_automata::PatternID::new_unchecked(p)),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automaton_rules_are_preselected_others_always_run() {
        let set = RuleSet::build(
            &[
                Some(r"^7(\d{4})\z"),
                Some(r"^(?=1)\d+\z"),
                None,
                Some(r"^9?(\d{7})\z"),
            ],
            1 << 20,
        )
        .expect("a set");
        let c = set.candidates("95550100");
        assert!(!c.may_match(0));
        assert!(c.may_match(1), "lookahead: not in the set, runs");
        assert!(c.may_match(2), "left out: runs");
        assert!(c.may_match(3));
        let c = set.candidates("70100");
        assert!(c.may_match(0) && !c.may_match(3));
        assert!(RuleSet::build(&[None, Some(r"(a)\1")], 1 << 20).is_none());
    }
}
