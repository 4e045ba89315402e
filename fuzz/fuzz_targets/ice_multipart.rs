//! The multipart ICE picker (MS-SIPRE 3.15). The input is a SIP message, read as an INVITE
//! whose body is an offer. For every set of supported drafts the pick is a description of the
//! body of the draft it claims and of a draft the UAS supports, and never a worse one than a
//! wider support gets; a retry after a 415 holds an ICEv6 description alone, without
//! `ms-proxy-2007fallback`; the two descriptions picked rebuild into an offer that picks them
//! again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::ice::{
    IceOffer, IceSupport, IceVersion, SdpPart, ice_version, pick_offer_in, retry_invite,
};
use mssip::sip::Message;
use mssip::sip::body::multipart::Disposition;

fn within(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    inner.is_empty() || (i >= o && i + inner.len() <= o + outer.len())
}

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = Message::parse(data) else {
        return;
    };
    let mut picks = Vec::new();
    for (v19, v6) in [(true, true), (true, false), (false, true), (false, false)] {
        let picked = pick_offer_in(&msg, IceSupport { v19, v6 });
        if let Ok(p) = &picked {
            assert!(within(msg.body(), p.sdp));
            assert_eq!(p.version, ice_version(p.sdp));
            if p.part.is_some() {
                assert!(p.version != IceVersion::V19 || v19);
                assert!(p.version != IceVersion::V6 || v6);
            }
        }
        picks.push(picked.ok().map(|p| (p.version, p.sdp.to_vec())));
    }
    // A UAS that supports both drafts gets ICEv19 whenever one supporting only draft 19 does.
    if let Some((IceVersion::V19, _)) = &picks[1] {
        assert_eq!(picks[0].as_ref().map(|p| p.0), Some(IceVersion::V19));
    }
    if let Ok(retry) = retry_invite(&msg) {
        assert_eq!(ice_version(retry.body()), IceVersion::V6);
        // The parameter is gone; a value that merely contains its name stays.
        assert!(!retry.fields("Content-Disposition").any(|d| {
            Disposition::parse(d).is_ok_and(|d| d.has("ms-proxy-2007fallback"))
        }));
        assert!(Message::parse(retry.as_bytes()).is_ok());
    }
    if let (Some((IceVersion::V19, v19)), Some((IceVersion::V6, v6))) = (&picks[0], &picks[2]) {
        if let Ok(built) = IceOffer::new(SdpPart::new(v6), SdpPart::new(v19)).build() {
            let inv = mssip::sip::builder::RequestBuilder::new("INVITE", "sip:b@h")
                .header("CSeq", "1 INVITE")
                .body(&built.content_type, &built.body)
                .build();
            if let Ok(inv) = inv {
                let both = IceSupport { v19: true, v6: true };
                let again = pick_offer_in(&inv, both).expect("a built offer is picked");
                assert_eq!(again.sdp, v19.as_slice());
            }
        }
    }
});
