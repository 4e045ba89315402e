//! Translation with arbitrary rules: the bytes before the first NUL are a .NET pattern, up to
//! the second NUL its replacement, the rest dialed strings (split at NUL). A pattern is
//! loaded or refused with a reason; a loaded rule translates every string within the
//! backtrack limit (a small one here, so a stall would show as a slow input) without a panic,
//! and the result is the same twice and the same as trying each rule in turn gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::dialplan::{Dialplan, DialplanConfig, LocationProfile, ProfileError, Rule};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let (Some(pattern), Some(translation)) = (parts.next(), parts.next()) else {
        return;
    };
    let profile = LocationProfile {
        name: "Fuzz".into(),
        rules: vec![Rule {
            pattern: pattern.into(),
            translation: translation.into(),
            internal_enterprise_extension: None,
            applicable_for_device_dialing: None,
        }],
        external_access_prefix: None,
        optimize_device_dialing: None,
    };
    let config = DialplanConfig {
        backtrack_limit: 20_000,
        max_compiled_size: 1 << 18,
        ..DialplanConfig::default()
    };
    let plan = match Dialplan::compile(profile, &config) {
        Ok(plan) => plan,
        Err(ProfileError::Rule { index, reason }) => {
            assert_eq!(index, 0);
            assert!(!reason.is_empty());
            return;
        }
        Err(e) => panic!("not a rule refusal: {e}"),
    };
    for dialed in parts {
        let first = plan.translate(dialed);
        assert_eq!(first, plan.translate(dialed));
        // the one-pass preselection of rules picks what trying each rule in turn picks
        assert_eq!(first, plan.translate_each_rule(dialed), "{dialed:?}");
        if let Ok(Some(t)) = first {
            let _ = t.uri("Fuzz", Some("contoso.com"));
        }
    }
});
