//! Which ICE draft a session description follows (MS-SIPRE 3.15, [MS-SDPEXT]).
//!
//! The two drafts write candidates differently. ICE draft 6 (`a=candidate:` foundation,
//! component, password, transport, q-value, address, port) carries the password on every
//! candidate; ICE draft 19 (foundation, component, transport, priority, address, port, `typ`,
//! type, ...) names the candidate type after `typ` and gives the credentials in `a=ice-ufrag`
//! and `a=ice-pwd`. An SDP with neither has no ICE.

use crate::sip::body::sdp::{Attribute, Sdp};

/// The ICE draft of one session description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IceVersion {
    /// No ICE: no candidate and no ICE credentials (an RFC 3264 offer).
    None,
    /// ICE draft 6 candidates ([IETF DRAFT-ICENAT-06]).
    V6,
    /// ICE draft 19 candidates or credentials ([IETF DRAFT-ICENAT-19]).
    V19,
}

/// The ICE draft `sdp` follows. Any ICE draft 19 sign (`a=ice-ufrag`, `a=ice-pwd`, a
/// candidate with `typ` as its seventh field) makes it [`IceVersion::V19`]; otherwise any
/// candidate makes it [`IceVersion::V6`]. Lines the SDP reader cannot read are skipped, so
/// reading never fails.
pub fn ice_version(sdp: &[u8]) -> IceVersion {
    let parsed = Sdp::parse(sdp);
    let attributes = parsed
        .session_attributes()
        .iter()
        .chain(parsed.media().iter().flat_map(|m| m.attributes.iter()));
    let mut version = IceVersion::None;
    for a in attributes {
        match attribute_version(a) {
            IceVersion::V19 => return IceVersion::V19,
            IceVersion::V6 => version = IceVersion::V6,
            IceVersion::None => {}
        }
    }
    version
}

fn attribute_version(a: &Attribute<'_>) -> IceVersion {
    match a.name {
        "ice-ufrag" | "ice-pwd" => IceVersion::V19,
        "candidate" => {
            let seventh = a.value.and_then(|v| v.split_ascii_whitespace().nth(6));
            if seventh.is_some_and(|t| t.eq_ignore_ascii_case("typ")) {
                IceVersion::V19
            } else {
                IceVersion::V6
            }
        }
        _ => IceVersion::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

    fn sdp(lines: &str) -> Vec<u8> {
        format!("{HEAD}{lines}").into_bytes()
    }

    #[test]
    fn draft_6_candidates_carry_a_password_and_no_typ() {
        let s = sdp("a=candidate:1Lh4oR2N 1 gKxsnl/9hhaK8j1Bc2tp4g UDP 0.830 10.0.0.1 5000\r\n");
        assert_eq!(ice_version(&s), IceVersion::V6);
    }

    #[test]
    fn draft_19_is_known_by_typ_or_by_its_credentials() {
        let s = sdp("a=candidate:1 1 UDP 2130706431 10.0.0.1 5000 typ host\r\n");
        assert_eq!(ice_version(&s), IceVersion::V19);
        assert_eq!(ice_version(&sdp("a=ice-ufrag:wdB3lg\r\n")), IceVersion::V19);
        assert_eq!(ice_version(&sdp("a=ice-pwd:x\r\n")), IceVersion::V19);
        // A draft 19 sign wins over draft 6 looking lines before it.
        let s = sdp("a=candidate:a 1 p UDP 0.5 10.0.0.1 5000\r\na=ice-ufrag:u\r\n");
        assert_eq!(ice_version(&s), IceVersion::V19);
    }

    #[test]
    fn no_candidate_is_no_ice_and_garbage_never_fails() {
        assert_eq!(
            ice_version(&sdp("a=rtpmap:0 PCMU/8000\r\n")),
            IceVersion::None
        );
        assert_eq!(ice_version(b""), IceVersion::None);
        assert_eq!(ice_version(b"\xff\xfe garbage\r\n=\r\n"), IceVersion::None);
        // A session-level candidate counts as well.
        let s = b"v=0\r\na=candidate:1 1 UDP 1 10.0.0.1 1 typ host\r\n";
        assert_eq!(ice_version(s), IceVersion::V19);
    }
}
