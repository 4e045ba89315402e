//! The routing script a call runs: the aggregate of a callee's valid preamble instances
//! (MS-SIPRE 3.9), reduced to the flags, waits and lists the server acts on (3.9.5.1.1 -
//! 3.9.5.1.4), or the default script (3.9.3) when there is no usable preamble.

use super::preamble::{Instance, MemberKind, PreambleLimits};

/// The flags of `clientflags` the server acts on (3.9.5.1.2); every other flag is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Flags(u16);

impl Flags {
    pub const BLOCK: Flags = Flags(1);
    pub const WORK_HOURS: Flags = Flags(1 << 1);
    pub const FORWARD_IMMEDIATE: Flags = Flags(1 << 2);
    pub const SIMULTANEOUS_RING: Flags = Flags(1 << 3);
    pub const ENABLECF: Flags = Flags(1 << 4);
    pub const DELEGATE_RING: Flags = Flags(1 << 5);
    pub const TEAM_RING: Flags = Flags(1 << 6);
    pub const SKIP_PRIMARY: Flags = Flags(1 << 7);
    pub const FORWARD_AUDIO_APP_INVITES: Flags = Flags(1 << 8);
    pub const E911ACTIVE: Flags = Flags(1 << 9);

    /// Flags applicable only when the routing version is 2 (3.9.5.1.2).
    const VERSION_2: Flags = Flags(
        Flags::DELEGATE_RING.0
            | Flags::TEAM_RING.0
            | Flags::SKIP_PRIMARY.0
            | Flags::FORWARD_AUDIO_APP_INVITES.0,
    );

    /// Flags whose "Working hours only" column says No (3.9.5.1.2): the ones still in force
    /// outside working hours.
    pub const ALWAYS: Flags = Flags(Flags::BLOCK.0 | Flags::WORK_HOURS.0 | Flags::E911ACTIVE.0);

    pub fn contains(self, f: Flags) -> bool {
        self.0 & f.0 == f.0
    }

    pub fn with(self, f: Flags) -> Flags {
        Flags(self.0 | f.0)
    }

    pub fn only(self, keep: Flags) -> Flags {
        Flags(self.0 & keep.0)
    }

    fn from_word(w: &str) -> Option<Flags> {
        Some(match w {
            "block" => Flags::BLOCK,
            "work_hours" => Flags::WORK_HOURS,
            "forward_immediate" => Flags::FORWARD_IMMEDIATE,
            "simultaneous_ring" => Flags::SIMULTANEOUS_RING,
            "enablecf" => Flags::ENABLECF,
            "delegate_ring" => Flags::DELEGATE_RING,
            "team_ring" => Flags::TEAM_RING,
            "skip_primary" => Flags::SKIP_PRIMARY,
            "forward_audio_app_invites" => Flags::FORWARD_AUDIO_APP_INVITES,
            "e911active" => Flags::E911ACTIVE,
            _ => return None,
        })
    }

    /// The flags named in a `clientflags` value (white-space separated; others ignored).
    pub fn parse(value: &str) -> Flags {
        value
            .split_ascii_whitespace()
            .filter_map(Flags::from_word)
            .fold(Flags::default(), Flags::with)
    }
}

/// Wait defaults (3.9.2).
pub const DEFAULT_SCRIPT_WAIT_S: u32 = 20;
pub const DEFAULT_TOTAL_S: u32 = 15;
pub const DEFAULT_USER_S: u32 = 15;
pub const DEFAULT_TEAM2_S: u32 = 0;
pub const CALL_FORWARDING_S: u32 = 60;

/// Why a callee routes by the default script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultReason {
    /// No instance was published.
    NoPreamble,
    /// An instance was refused (2.2.8 / 3.9 checks), or instances contradict each other.
    Invalid,
    /// The aggregate's name and version match no installed script (3.9.5.1.1).
    Unmatched,
}

/// What a call runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// `Some(1 | 2)` for an `rtcdefault` preamble; `None` for the default script.
    pub version: Option<u8>,
    /// Why the default script, when it is.
    pub default_reason: Option<DefaultReason>,
    pub flags: Flags,
    total: Option<u32>,
    user: Option<u32>,
    team2: Option<u32>,
    /// First target of `forwardto` (3.9.5.1.4: only the first is used).
    pub forwardto: Option<String>,
    /// First target of `simultaneous_ring`.
    pub simultaneous_ring: Option<String>,
    pub team: Vec<String>,
    pub delegates: Vec<String>,
    pub breakthrough: Vec<String>,
}

impl Script {
    /// The default script (3.9.3): ring the registered endpoints 20 s, then voice mail.
    pub fn default_script(reason: DefaultReason) -> Script {
        Script {
            version: None,
            default_reason: Some(reason),
            flags: Flags::default(),
            total: None,
            user: None,
            team2: None,
            forwardto: None,
            simultaneous_ring: None,
            team: Vec::new(),
            delegates: Vec::new(),
            breakthrough: Vec::new(),
        }
    }

    /// The registered endpoints timer (3.9.2.1): `total`, 15 s when a preamble has none,
    /// 20 s with no preamble.
    pub fn total_s(&self) -> u32 {
        match self.version {
            None => DEFAULT_SCRIPT_WAIT_S,
            Some(_) => self.total.unwrap_or(DEFAULT_TOTAL_S),
        }
    }

    /// The primary user timer (3.9.2.3): `user`, default 15 s.
    pub fn user_s(&self) -> u32 {
        self.user.unwrap_or(DEFAULT_USER_S)
    }

    /// The secondary target timer (3.9.2.4): `team2`, default 0 s.
    pub fn team2_s(&self) -> u32 {
        self.team2.unwrap_or(DEFAULT_TEAM2_S)
    }

    /// Aggregates the valid instances of one callee (3.9): lists of one name merged, the
    /// highest version; names of the other members unique per kind across the instances;
    /// `rtcdefault` version 1 or 2 (3.9.5.1.1), else the default script.
    pub fn aggregate(instances: &[Instance], limits: &PreambleLimits) -> Script {
        if instances.is_empty() {
            return Script::default_script(DefaultReason::NoPreamble);
        }
        let mut seen: Vec<(MemberKind, &str)> = Vec::new();
        for inst in instances {
            for m in inst.unique_members() {
                if seen.contains(&m) {
                    return Script::default_script(DefaultReason::Invalid);
                }
                seen.push(m);
            }
        }
        let name = &instances[0].name;
        if instances.iter().any(|i| &i.name != name) || name != "rtcdefault" {
            return Script::default_script(DefaultReason::Unmatched);
        }
        let version = instances.iter().map(|i| i.version).max().unwrap_or(0);
        let version = match version {
            1 => 1u8,
            2 => 2u8,
            _ => return Script::default_script(DefaultReason::Unmatched),
        };
        let v2 = version == 2;
        let mut s = Script {
            version: Some(version),
            ..Script::default_script(DefaultReason::NoPreamble)
        };
        s.default_reason = None;
        let list = |name: &str| -> Vec<String> {
            let mut all: Vec<String> = instances
                .iter()
                .flat_map(|i| i.lists.iter().filter(|l| l.name == name))
                .flat_map(|l| l.targets.iter().cloned())
                .collect();
            all.truncate(limits.max_targets);
            all
        };
        let wait = |name: &str| -> Option<u32> {
            instances
                .iter()
                .flat_map(|i| i.waits.iter())
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
        };
        for inst in instances {
            for (n, v) in &inst.flags {
                // 3.9.5.1.2: only `clientflags`.
                if n == "clientflags" {
                    s.flags = s.flags.with(Flags::parse(v));
                }
            }
        }
        if !v2 {
            s.flags = Flags(s.flags.0 & !Flags::VERSION_2.0);
        }
        s.total = wait("total");
        s.forwardto = list("forwardto").into_iter().next();
        s.simultaneous_ring = list("simultaneous_ring").into_iter().next();
        if v2 {
            s.user = wait("user");
            s.team2 = wait("team2");
            s.team = list("team");
            s.delegates = list("delegates");
            s.breakthrough = list("breakthrough");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::preamble::NS;

    fn inst(version: u32, members: &str) -> Instance {
        let xml = format!(
            r#"<routing xmlns="{NS}" name="rtcdefault" version="{version}"><preamble>{members}</preamble></routing>"#
        );
        Instance::parse(xml.as_bytes(), &PreambleLimits::default()).unwrap()
    }

    fn corpus(name: &str) -> Instance {
        let path = format!("{}/tests/data/routing/{name}", env!("CARGO_MANIFEST_DIR"));
        Instance::parse(&std::fs::read(path).unwrap(), &PreambleLimits::default()).unwrap()
    }

    fn agg(i: &[Instance]) -> Script {
        Script::aggregate(i, &PreambleLimits::default())
    }

    #[test]
    fn the_4_7_documents() {
        // 4.7.1
        let s = agg(&[corpus("preamble-block.xml")]);
        assert_eq!(s.version, Some(1));
        assert!(s.flags.contains(Flags::BLOCK));
        // 4.7.2
        let s = agg(&[corpus("preamble-simultaneous-ring.xml")]);
        assert!(
            s.flags.contains(
                Flags::WORK_HOURS
                    .with(Flags::SIMULTANEOUS_RING)
                    .with(Flags::ENABLECF)
            )
        );
        assert!(!s.flags.contains(Flags::FORWARD_IMMEDIATE));
        assert_eq!(s.total_s(), 18);
        assert_eq!(
            s.forwardto.as_deref(),
            Some("sip:+14255550199@contoso.com;user=phone")
        );
        assert_eq!(
            s.simultaneous_ring.as_deref(),
            Some("sip:+14255550100@contoso.com;user=phone")
        );
        // 4.7.3
        let s = agg(&[corpus("preamble-call-forward.xml")]);
        assert!(
            s.flags
                .contains(Flags::FORWARD_IMMEDIATE.with(Flags::ENABLECF))
        );
        // 4.7.4: version 2; minSupportedClientVersion ignored (2.2.8).
        let s = agg(&[corpus("preamble-team-ring.xml")]);
        assert_eq!(s.version, Some(2));
        assert!(s.flags.contains(Flags::TEAM_RING));
        assert_eq!(s.team, vec!["sip:Alice@contoso.com", "sip:Bob@contoso.com"]);
        assert_eq!((s.user_s(), s.team2_s()), (10, 10));
    }

    #[test]
    fn defaults_of_the_timers() {
        // 3.9.2.1: 20 s without preamble, 15 s with a preamble lacking `total`.
        assert_eq!(agg(&[]).total_s(), 20);
        assert_eq!(agg(&[]).default_reason, Some(DefaultReason::NoPreamble));
        let s = agg(&[inst(2, "")]);
        assert_eq!((s.total_s(), s.user_s(), s.team2_s()), (15, 15, 0));
    }

    #[test]
    fn aggregation_merges_lists_and_takes_the_highest_version() {
        let a = inst(
            1,
            r#"<list name="team"><target uri="sip:a@h"/></list><flags name="clientflags" value="team_ring"/>"#,
        );
        let b = inst(
            2,
            r#"<list name="team"><target uri="sip:b@h"/></list><wait name="user" seconds="3"/>"#,
        );
        let s = agg(&[a, b]);
        assert_eq!(s.version, Some(2));
        assert_eq!(s.team, vec!["sip:a@h", "sip:b@h"]);
        assert!(s.flags.contains(Flags::TEAM_RING));
        assert_eq!(s.user_s(), 3);
    }

    #[test]
    fn repeated_names_across_instances_fall_back_to_the_default_script() {
        let a = inst(1, r#"<wait name="total" seconds="3"/>"#);
        let b = inst(1, r#"<wait name="total" seconds="4"/>"#);
        let s = agg(&[a, b]);
        assert_eq!(s.version, None);
        assert_eq!(s.default_reason, Some(DefaultReason::Invalid));
        assert_eq!(s.total_s(), 20);
    }

    #[test]
    fn unmatched_name_or_version_falls_back() {
        let x = Instance::parse(
            format!(r#"<routing xmlns="{NS}" name="custom" version="1"><preamble/></routing>"#)
                .as_bytes(),
            &PreambleLimits::default(),
        )
        .unwrap();
        assert_eq!(agg(&[x]).default_reason, Some(DefaultReason::Unmatched));
        assert_eq!(
            agg(&[inst(3, "")]).default_reason,
            Some(DefaultReason::Unmatched)
        );
    }

    #[test]
    fn version_1_ignores_the_version_2_members() {
        let s = agg(&[inst(
            1,
            r#"<flags name="clientflags" value="team_ring delegate_ring skip_primary forward_audio_app_invites e911active"/>
               <list name="team"><target uri="sip:a@h"/></list><wait name="user" seconds="3"/>"#,
        )]);
        assert_eq!(s.flags, Flags::E911ACTIVE);
        assert!(s.team.is_empty());
        assert_eq!(s.user_s(), 15);
    }

    #[test]
    fn only_clientflags_and_known_flags_count() {
        let s = agg(&[inst(
            1,
            r#"<flags name="other" value="block"/><flags name="clientflags" value="enablecf bogus"/>"#,
        )]);
        assert_eq!(s.flags, Flags::ENABLECF);
    }

    #[test]
    fn only_the_first_forwardto_and_simultaneous_ring_target() {
        let s = agg(&[inst(
            1,
            r#"<list name="forwardto"><target uri="sip:a@h"/><target uri="sip:b@h"/></list>"#,
        )]);
        assert_eq!(s.forwardto.as_deref(), Some("sip:a@h"));
    }
}
