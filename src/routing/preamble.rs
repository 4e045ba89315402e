//! One published routing preamble instance (MS-SIPRE 2.2.8, Appendix A), read through the
//! XML layer and checked per instance as MS-SIPRE 3.9 asks: names of the members follow
//! `refname-type`, list names are unique in the instance, the names of the other member
//! kinds are unique per kind. Unknown elements and attributes are ignored (2.2.8).

use super::error::PreambleError;
use crate::limits::Limits;
use crate::xml::{Document, Element};

/// The namespace of routing preambles (Appendix A).
pub const NS: &str = "http://schemas.microsoft.com/02/2006/sip/routing";

/// Bounds on one preamble beyond the XML limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreambleLimits {
    /// XML size, depth, element and attribute bounds.
    pub xml: Limits,
    /// Most `target` elements in one `list`. Default 64.
    pub max_targets: usize,
    /// Most published instances aggregated for one callee. Default 16.
    pub max_instances: usize,
    /// Largest `wait` honoured, in seconds; longer waits are cut to it (2.2.8.5: 0-1200).
    pub max_wait_s: u32,
}

impl PreambleLimits {
    pub const DEFAULT: PreambleLimits = PreambleLimits {
        xml: Limits::DEFAULT,
        max_targets: 64,
        max_instances: 16,
        max_wait_s: 1200,
    };
}

impl Default for PreambleLimits {
    fn default() -> Self {
        PreambleLimits::DEFAULT
    }
}

/// The member kinds whose names must be unique per kind (3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberKind {
    Flags,
    Wait,
    Time,
    TimePeriod,
}

/// A `list` of target URIs (2.2.8.3). Targets with only an `application` attribute, or a
/// `uri` that is not a `sip:`, `sips:` or `tel:` URI, cannot be rung and are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub name: String,
    pub targets: Vec<String>,
}

/// One instance as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// `routing/@name`.
    pub name: String,
    /// `routing/@version`.
    pub version: i64,
    /// `flags` elements: name and value.
    pub flags: Vec<(String, String)>,
    /// `wait` elements: name and seconds (cut to `max_wait_s`).
    pub waits: Vec<(String, u32)>,
    pub lists: Vec<List>,
    /// Names of the `time` and `timeperiod` members (read for uniqueness only: no script
    /// rule of 3.9.5 uses them).
    pub others: Vec<(MemberKind, String)>,
}

/// `refname-type`: `[A-Za-z0-9_]+` (Appendix A).
fn is_refname(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn member_name<'d>(e: &Element<'d>) -> Result<&'d str, PreambleError> {
    let name = e
        .attribute("name")
        .ok_or_else(|| PreambleError::invalid(e.offset(), "a preamble member has no name"))?;
    if !is_refname(name) {
        return Err(PreambleError::invalid(
            e.offset(),
            "a member name is not [A-Za-z0-9_]+",
        ));
    }
    Ok(name)
}

/// True for a URI a proxy can send an INVITE to.
pub(crate) fn routable_uri(s: &str) -> bool {
    match crate::sip::Uri::parse(s) {
        Ok(u) => u.is_sip() || u.scheme == crate::sip::Scheme::Tel,
        Err(_) => false,
    }
}

impl Instance {
    /// Reads and checks one instance.
    pub fn parse(xml: &[u8], limits: &PreambleLimits) -> Result<Instance, PreambleError> {
        let doc = Document::parse(xml, &limits.xml)?;
        let root = doc.root();
        if !root.is(NS, "routing") {
            return Err(PreambleError::invalid(
                root.offset(),
                "the root is not <routing> in the routing namespace",
            ));
        }
        // 2.2.8: name and version are both mandatory.
        let name = root
            .attribute("name")
            .ok_or_else(|| PreambleError::invalid(root.offset(), "<routing> has no name"))?;
        let version = root
            .attribute("version")
            .ok_or_else(|| PreambleError::invalid(root.offset(), "<routing> has no version"))?;
        let version: i64 = version.trim().parse().map_err(|_| {
            PreambleError::invalid(root.offset(), "<routing> version is not an integer")
        })?;
        let mut preambles = root.children_named(NS, "preamble");
        let preamble = preambles
            .next()
            .ok_or_else(|| PreambleError::invalid(root.offset(), "<routing> has no <preamble>"))?;
        if preambles.next().is_some() {
            return Err(PreambleError::invalid(
                root.offset(),
                "<routing> has more than one <preamble>",
            ));
        }
        let mut inst = Instance {
            name: name.to_string(),
            version,
            flags: Vec::new(),
            waits: Vec::new(),
            lists: Vec::new(),
            others: Vec::new(),
        };
        for member in preamble.children() {
            if member.namespace() != Some(NS) {
                continue; // 2.2.8: unknown elements are ignored.
            }
            match member.local_name() {
                "flags" => {
                    let n = member_name(&member)?;
                    let value = member.attribute("value").ok_or_else(|| {
                        PreambleError::invalid(member.offset(), "<flags> has no value")
                    })?;
                    inst.unique(MemberKind::Flags, n, member.offset())?;
                    inst.flags.push((n.to_string(), value.to_string()));
                }
                "wait" => {
                    let n = member_name(&member)?;
                    let secs = member.attribute("seconds").ok_or_else(|| {
                        PreambleError::invalid(member.offset(), "<wait> has no seconds")
                    })?;
                    let secs = parse_seconds(secs, limits.max_wait_s).ok_or_else(|| {
                        PreambleError::invalid(
                            member.offset(),
                            "<wait> seconds is not a non-negative integer",
                        )
                    })?;
                    inst.unique(MemberKind::Wait, n, member.offset())?;
                    inst.waits.push((n.to_string(), secs));
                }
                "time" | "timeperiod" => {
                    let kind = if member.local_name() == "time" {
                        MemberKind::Time
                    } else {
                        MemberKind::TimePeriod
                    };
                    let n = member_name(&member)?;
                    inst.unique(kind, n, member.offset())?;
                    inst.others.push((kind, n.to_string()));
                }
                "list" => {
                    let n = member_name(&member)?;
                    // 3.9: list names are unique within one instance.
                    if inst.lists.iter().any(|l| l.name == n) {
                        return Err(PreambleError::invalid(
                            member.offset(),
                            "two lists of one name in one instance",
                        ));
                    }
                    let targets = read_targets(&member, limits)?;
                    inst.lists.push(List {
                        name: n.to_string(),
                        targets,
                    });
                }
                _ => {}
            }
        }
        Ok(inst)
    }

    fn unique(&self, kind: MemberKind, name: &str, at: usize) -> Result<(), PreambleError> {
        if self.has_member(kind, name) {
            return Err(PreambleError::invalid(
                at,
                "two members of one kind share a name",
            ));
        }
        Ok(())
    }

    /// True when the instance has a member of `kind` named `name`.
    pub fn has_member(&self, kind: MemberKind, name: &str) -> bool {
        match kind {
            MemberKind::Flags => self.flags.iter().any(|(n, _)| n == name),
            MemberKind::Wait => self.waits.iter().any(|(n, _)| n == name),
            _ => self.others.iter().any(|(k, n)| *k == kind && n == name),
        }
    }

    /// The member names of the kinds that must be unique, with their kind.
    pub fn unique_members(&self) -> impl Iterator<Item = (MemberKind, &str)> {
        self.flags
            .iter()
            .map(|(n, _)| (MemberKind::Flags, n.as_str()))
            .chain(
                self.waits
                    .iter()
                    .map(|(n, _)| (MemberKind::Wait, n.as_str())),
            )
            .chain(self.others.iter().map(|(k, n)| (*k, n.as_str())))
    }
}

/// `xs:nonNegativeInteger`, cut to `max`.
fn parse_seconds(s: &str, max: u32) -> Option<u32> {
    let s = s.trim();
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 9 {
        return Some(max);
    }
    Some(trimmed.parse::<u32>().unwrap_or(0).min(max))
}

fn read_targets(list: &Element<'_>, limits: &PreambleLimits) -> Result<Vec<String>, PreambleError> {
    let mut out = Vec::new();
    for (i, t) in list.children_named(NS, "target").enumerate() {
        if i >= limits.max_targets {
            return Err(PreambleError::TooManyTargets {
                max: limits.max_targets,
            });
        }
        let uri = t.attribute("uri").map(str::trim);
        // 2.2.8.2: at least one of uri and application.
        if uri.is_none() && t.attribute("application").is_none() {
            return Err(PreambleError::invalid(
                t.offset(),
                "<target> has neither uri nor application",
            ));
        }
        if let Some(u) = uri.filter(|u| routable_uri(u)) {
            out.push(u.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(members: &str) -> String {
        format!(
            r#"<routing xmlns="{NS}" name="rtcdefault" version="2"><preamble>{members}</preamble></routing>"#
        )
    }

    fn parse(s: &str) -> Result<Instance, PreambleError> {
        Instance::parse(s.as_bytes(), &PreambleLimits::default())
    }

    #[test]
    fn reads_the_4_7_documents() {
        let block = parse(include_str!("../../tests/data/routing/preamble-block.xml")).unwrap();
        assert_eq!(block.name, "rtcdefault");
        assert_eq!(block.version, 1);
        assert_eq!(block.flags, vec![("clientflags".into(), "block".into())]);
        let team = parse(include_str!(
            "../../tests/data/routing/preamble-team-ring.xml"
        ))
        .unwrap();
        assert_eq!(team.version, 2);
        assert_eq!(team.lists[0].name, "team");
        assert_eq!(
            team.lists[0].targets,
            vec!["sip:Alice@contoso.com", "sip:Bob@contoso.com"]
        );
        assert_eq!(
            team.waits,
            vec![("user".to_string(), 10), ("team2".to_string(), 10)]
        );
    }

    #[test]
    fn name_and_version_are_mandatory() {
        let e = parse(&format!(
            r#"<routing xmlns="{NS}" version="1"><preamble/></routing>"#
        ));
        assert!(matches!(e, Err(PreambleError::Invalid { .. })));
        let e = parse(&format!(
            r#"<routing xmlns="{NS}" name="rtcdefault"><preamble/></routing>"#
        ));
        assert!(e.is_err());
        let e = parse(&format!(
            r#"<routing xmlns="{NS}" name="rtcdefault" version="one"><preamble/></routing>"#
        ));
        assert!(e.is_err());
        assert!(parse(&format!(r#"<routing xmlns="{NS}" name="a" version="1"/>"#)).is_err());
        assert!(parse(r#"<routing name="a" version="1"><preamble/></routing>"#).is_err());
    }

    #[test]
    fn list_names_are_unique_per_instance_and_other_names_per_kind() {
        assert!(parse(&doc(r#"<list name="team"/><list name="team"/>"#)).is_err());
        assert!(
            parse(&doc(
                r#"<wait name="total" seconds="1"/><wait name="total" seconds="2"/>"#
            ))
            .is_err()
        );
        assert!(
            parse(&doc(
                r#"<flags name="a" value="x"/><flags name="a" value="y"/>"#
            ))
            .is_err()
        );
        // Same name, different kinds: allowed.
        assert!(
            parse(&doc(
                r#"<flags name="a" value="x"/><wait name="a" seconds="2"/><list name="a"/>"#
            ))
            .is_ok()
        );
        assert!(parse(&doc(r#"<wait name="bad-name" seconds="1"/>"#)).is_err());
        assert!(parse(&doc(r#"<wait name="total"/>"#)).is_err());
        assert!(parse(&doc(r#"<wait name="total" seconds="-1"/>"#)).is_err());
        assert!(parse(&doc(r#"<flags name="clientflags"/>"#)).is_err());
    }

    #[test]
    fn unknown_elements_and_attributes_are_ignored() {
        let i = parse(&doc(
            r#"<extra name="x"/><wait name="total" seconds="18" other="1"/>
               <list name="forwardto"><target uri="sip:a@b" x:y="1" xmlns:x="urn:x"/></list>
               <time name="t" range="x"/>"#,
        ))
        .unwrap();
        assert_eq!(i.waits, vec![("total".to_string(), 18)]);
        assert_eq!(i.lists[0].targets, vec!["sip:a@b"]);
        assert!(i.has_member(MemberKind::Time, "t"));
    }

    #[test]
    fn targets_and_waits_are_bounded() {
        let i = parse(&doc(r#"<wait name="total" seconds="99999999999999"/>"#)).unwrap();
        assert_eq!(i.waits[0].1, 1200);
        assert!(parse(&doc(r#"<list name="team"><target/></list>"#)).is_err());
        let i = parse(&doc(
            r#"<list name="team"><target application="x"/><target uri="not a uri"/></list>"#,
        ))
        .unwrap();
        assert!(i.lists[0].targets.is_empty());
        let many: String = (0..65)
            .map(|k| format!(r#"<target uri="sip:u{k}@h"/>"#))
            .collect();
        assert_eq!(
            parse(&doc(&format!(r#"<list name="team">{many}</list>"#))),
            Err(PreambleError::TooManyTargets { max: 64 })
        );
        let deep = format!("{}{}", "<a>".repeat(40), "</a>".repeat(40));
        assert!(matches!(parse(&doc(&deep)), Err(PreambleError::Xml(_))));
    }
}
