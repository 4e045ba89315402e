//! A location profile whose rules are compiled, ready to translate dialed numbers
//! (MS-SIPRE 3.8): the first rule whose pattern matches gives the number its translation
//! yields.
//!
//! Semantics of one rule, as .NET's `Regex.Match(dialed)` followed by
//! `Match.Result(translation)`: the leftmost match of the pattern in the dialed string (the
//! engine backtracks as .NET's does), and the translation expanded for it; the result is the
//! expansion alone (`` $` `` and `$'` bring in the text around the match when a rule wants
//! it). Rules are tried in document order.

use fancy_regex::{Captures, Regex, RegexBuilder};

use super::config::DialplanConfig;
use super::dotnet_pattern::{self, PatternOptions};
use super::dotnet_replacement::{CaptureSpans, Replacement};
use super::error::{ProfileError, TranslateError};
use super::profile::LocationProfile;
use super::rule_set::RuleSet;
use super::translated::Translated;

/// One compiled rule.
#[derive(Debug, Clone)]
struct CompiledRule {
    /// For dialed strings without `\n`.
    plain: Regex,
    /// For dialed strings with `\n`, when `$` or `\Z` make them differ.
    newline: Option<Regex>,
    replacement: Replacement,
    internal: bool,
}

/// A loaded location profile: the description and its compiled rules.
#[derive(Debug, Clone)]
pub struct Dialplan {
    profile: LocationProfile,
    rules: Vec<CompiledRule>,
    /// Which rules can match a string without `\n`, found in one pass.
    set: Option<RuleSet>,
    config: DialplanConfig,
}

impl CaptureSpans for Captures<'_, str> {
    fn span(&self, index: usize) -> Option<(usize, usize)> {
        self.get(index).map(|m| (m.start(), m.end()))
    }
}

fn build(pattern: &str, config: &DialplanConfig) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .backtrack_limit(config.backtrack_limit)
        .delegate_size_limit(config.max_compiled_size)
        .delegate_dfa_size_limit(config.max_compiled_size)
        .build()
        .map_err(|e| format!("the pattern engine refuses it: {e}"))
}

impl Dialplan {
    /// Parses, validates and compiles a location profile document (see
    /// [`LocationProfile::parse`] and [`Dialplan::compile`]).
    pub fn parse(xml: &[u8], config: &DialplanConfig) -> Result<Dialplan, ProfileError> {
        Dialplan::compile(LocationProfile::parse(xml, config)?, config)
    }

    /// Compiles every rule once. A rule whose pattern or translation cannot be honoured
    /// refuses the profile with [`ProfileError::Rule`], its index and the reason.
    pub fn compile(
        profile: LocationProfile,
        config: &DialplanConfig,
    ) -> Result<Dialplan, ProfileError> {
        if profile.rules.len() > config.max_rules {
            return Err(ProfileError::Limit {
                what: "max_rules",
                value: profile.rules.len(),
                max: config.max_rules,
            });
        }
        let options = PatternOptions {
            ascii_digits: config.ascii_digits,
        };
        let mut rules = Vec::with_capacity(profile.rules.len());
        let mut plain = Vec::with_capacity(profile.rules.len());
        for (index, rule) in profile.rules.iter().enumerate() {
            let refuse = |reason: String| ProfileError::Rule { index, reason };
            for (what, text) in [
                ("pattern", &rule.pattern),
                ("translation", &rule.translation),
            ] {
                if text.len() > config.max_pattern_len {
                    return Err(refuse(format!(
                        "{what} of {} bytes is over max_pattern_len {}",
                        text.len(),
                        config.max_pattern_len
                    )));
                }
            }
            let rust = dotnet_pattern::translate(&rule.pattern, options)
                .map_err(|e| refuse(format!("pattern: {e}")))?;
            // A rule with lookaround or backreferences does not compile as an automaton and
            // stays out of the set.
            plain.push(rust.plain.clone());
            let plain_re = build(&rust.plain, config).map_err(refuse)?;
            let newline = match &rust.newline {
                Some(p) => Some(build(p, config).map_err(refuse)?),
                None => None,
            };
            let replacement = Replacement::parse(&rule.translation, &rust.groups)
                .map_err(|e| refuse(format!("translation: {e}")))?;
            rules.push(CompiledRule {
                plain: plain_re,
                newline,
                replacement,
                internal: rule.internal_enterprise_extension == Some(true),
            });
        }
        let patterns: Vec<Option<&str>> = plain.iter().map(|p| Some(p.as_str())).collect();
        let set = RuleSet::build(&patterns, config.max_compiled_size);
        Ok(Dialplan {
            profile,
            rules,
            set,
            config: *config,
        })
    }

    /// The profile description.
    pub fn profile(&self) -> &LocationProfile {
        &self.profile
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.profile.name
    }

    /// Translates `dialed` with the first rule that matches; `Ok(None)` when none does.
    pub fn translate(&self, dialed: &str) -> Result<Option<Translated>, TranslateError> {
        self.translate_with(dialed, true)
    }

    /// As [`Dialplan::translate`], running every rule in turn (no one-pass preselection):
    /// what the preselection must agree with (the `dialplan_translate` fuzz target checks).
    #[doc(hidden)]
    pub fn translate_each_rule(&self, dialed: &str) -> Result<Option<Translated>, TranslateError> {
        self.translate_with(dialed, false)
    }

    fn translate_with(
        &self,
        dialed: &str,
        preselect: bool,
    ) -> Result<Option<Translated>, TranslateError> {
        if dialed.len() > self.config.max_dialed_len {
            return Err(TranslateError::TooLong {
                len: dialed.len(),
                max: self.config.max_dialed_len,
            });
        }
        let has_newline = dialed.contains('\n');
        let candidates = match &self.set {
            Some(set) if preselect && !has_newline => Some(set.candidates(dialed)),
            _ => None,
        };
        for (index, rule) in self.rules.iter().enumerate() {
            if candidates.as_ref().is_some_and(|c| !c.may_match(index)) {
                continue;
            }
            let re = match (&rule.newline, has_newline) {
                (Some(re), true) => re,
                _ => &rule.plain,
            };
            let caps = re
                .captures(dialed)
                .map_err(|_| TranslateError::MatchLimit { index })?;
            if let Some(caps) = caps {
                let mut number = String::with_capacity(dialed.len() + 16);
                rule.replacement.expand(dialed, &caps, &mut number);
                return Ok(Some(Translated {
                    rule: index,
                    number,
                    internal: rule.internal,
                }));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
