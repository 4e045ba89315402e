//! Route-set state (MS-SIPRE 3.6): a SIP message read for signed state in its Route,
//! Record-Route, Contact and Via with a fixed key ring (no panic, and nothing unsigned
//! verifies), the first bytes also decoded as packed state (what decodes encodes back to the
//! same state), and, when the message is a request, a Record-Route signed into it that must
//! read back from the request and from its 200 and fail once any byte of it changes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::routeset::{
    KeyRing, KeyRingConfig, RecordRouteSpec, RouteState, StateLimits, read_contact,
    read_record_route, read_route, read_top_via,
};
use mssip::sip::Message;

fuzz_target!(|data: &[u8]| {
    let lim = StateLimits::default();
    if let Ok(st) = RouteState::from_bytes(data) {
        assert_eq!(RouteState::from_bytes(&st.to_bytes().unwrap()).unwrap(), st);
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(st) = RouteState::decode(text, &lim)
    {
        assert_eq!(RouteState::decode(&st.encode(&lim).unwrap(), &lim).unwrap(), st);
    }
    let Ok(mut msg) = Message::parse(data) else {
        return;
    };
    let ring = KeyRing::new(KeyRingConfig::default()).unwrap();
    ring.rotate_with(100, [0x5a; 32]).unwrap();
    // Nothing in fuzzed input was signed with this ring's secret.
    assert!(read_route(&msg, &ring, 100, &lim).is_err());
    assert!(read_record_route(&msg, &ring, 100, &lim).is_err());
    assert!(read_contact(&msg, &ring, 100, &lim).is_err());
    assert!(read_top_via(&msg, &ring, 100, &lim).is_err());
    if !msg.is_request() {
        return;
    }
    let state = RouteState {
        conn_id: Some(u64::from(data.len() as u32)),
        binding: Some("b".into()),
        ..Default::default()
    };
    let spec = RecordRouteSpec {
        host: "p.example.com".into(),
        state: state.clone(),
        ..Default::default()
    };
    if spec.insert(&mut msg, &ring, &lim).is_err() {
        return;
    }
    let (found, i) = read_record_route(&msg, &ring, 100, &lim).expect("signed Record-Route");
    assert_eq!((found.state, i), (state.clone(), 0));
    if let Ok(ok) = Message::response_to(&msg, 200, None, Some("t")) {
        if ok.count("Record-Route") > 0 {
            assert_eq!(read_record_route(&ok, &ring, 100, &lim).unwrap().0.state, state);
        }
    }
    // Any one byte of the signed value changed: it no longer verifies as this state.
    let rr = msg.value("Record-Route", 0).unwrap().to_owned();
    let k = data.len() % rr.len();
    let mut b = rr.into_bytes();
    b[k] = if b[k] == b'x' { b'y' } else { b'x' };
    if let Ok(changed) = String::from_utf8(b)
        && msg.replace_value("Record-Route", 0, &changed).is_ok()
    {
        assert!(read_record_route(&msg, &ring, 100, &lim).is_err());
    }
});
