//! The location profile reader (MS-SIPRE 2.2.7): any bytes as a document. What loads writes
//! back (`to_xml`) as a document that loads to the same profile, and every compiled rule
//! translates its own pattern text without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::dialplan::{Dialplan, DialplanConfig, LocationProfile};

fuzz_target!(|data: &[u8]| {
    let config = DialplanConfig::default();
    let Ok(profile) = LocationProfile::parse(data, &config) else {
        return;
    };
    let again = LocationProfile::parse(profile.to_xml().as_bytes(), &config);
    assert_eq!(again.as_ref(), Ok(&profile), "written back differently");
    if let Ok(plan) = Dialplan::compile(profile.clone(), &config) {
        for rule in &profile.rules {
            let _ = plan.translate(&rule.pattern);
        }
    }
});
