//! The routing preamble reader (MS-SIPRE 2.2.8, 3.9): any bytes as one instance, and as a
//! second instance next to a valid one. What must hold: a refused instance leaves the callee
//! on the default script, an accepted one has unique member names and bounded lists and
//! waits, and aggregation is total (never a panic, always a script whose timers are bounded).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::routing::{Callee, Instance, PreambleLimits, Script};

const VALID: &[u8] = br#"<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" name="rtcdefault" version="2"><preamble><list name="team"><target uri="sip:a@contoso.com"/></list><flags name="clientflags" value="team_ring"/></preamble></routing>"#;

fuzz_target!(|data: &[u8]| {
    let limits = PreambleLimits::default();
    let parsed = Instance::parse(data, &limits);
    let mut callee = Callee::new("sip:bob@contoso.com").unwrap();
    let added = callee.add_preamble(data);
    assert_eq!(parsed.is_ok(), added.is_ok());
    match parsed {
        Ok(inst) => {
            let names: Vec<_> = inst.unique_members().collect();
            for (k, n) in names.iter().enumerate() {
                assert!(!names[k + 1..].contains(n), "{n:?} twice");
            }
            for (k, l) in inst.lists.iter().enumerate() {
                assert!(l.targets.len() <= limits.max_targets);
                assert!(!inst.lists[k + 1..].iter().any(|o| o.name == l.name));
            }
            assert!(inst.waits.iter().all(|(_, s)| *s <= limits.max_wait_s));
            let two = [Instance::parse(VALID, &limits).unwrap(), inst];
            let s = Script::aggregate(&two, &limits);
            assert!(s.total_s() <= limits.max_wait_s.max(20));
            assert!(s.team.len() <= limits.max_targets);
        }
        Err(_) => assert_eq!(callee.script().version, None),
    }
    let s = callee.script();
    assert!(s.user_s() <= limits.max_wait_s.max(15) && s.team2_s() <= limits.max_wait_s);
});
