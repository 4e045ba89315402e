//! MS-SIPRE 3.8.4.1 (the user agent's SERVICE) and 3.8.5.1 (the proxy's answer). Section 4
//! prints no SERVICE exchange and no location-profile GRUU, so the requests below are checked
//! against the grammar of 2.2.2 and the rules of 3.8.4.1 field by field.

use std::sync::Arc;

use super::*;
use crate::dialplan::store::{MemoryProfileStore, ProfileUser};
use crate::dialplan::{Dialplan, DialplanConfig, LocationProfile};
use crate::sip::validate::validate;

const REDMOND: &[u8] = include_bytes!("../../tests/data/dialplan/location-profile-redmond.xml");

fn paris() -> Dialplan {
    let xml = format!(
        "<LocationProfileDescription xmlns=\"{}\"><Name>Paris</Name>\
         <Rule><Pattern>^0(\\d{{9}})$</Pattern><Translation>+33$1</Translation></Rule>\
         </LocationProfileDescription>",
        crate::dialplan::NS
    );
    Dialplan::parse(xml.as_bytes(), &DialplanConfig::default()).unwrap()
}

fn aor(s: &str) -> Aor {
    Aor::parse(s).unwrap()
}

fn service() -> ProfileService {
    let store = MemoryProfileStore::new();
    store
        .put_profile(Arc::new(
            Dialplan::parse(REDMOND, &DialplanConfig::default()).unwrap(),
        ))
        .unwrap();
    store.put_profile(Arc::new(paris())).unwrap();
    store
        .put_user(
            &aor("sip:alice@contoso.com"),
            ProfileUser {
                default_profile: Some("Redmond".into()),
            },
        )
        .unwrap();
    store
        .put_user(&aor("sip:bob@contoso.com"), ProfileUser::default())
        .unwrap();
    ProfileService::new("contoso.com", Arc::new(store))
}

fn request(aor_text: &str, choice: ProfileChoice) -> Message {
    let a = aor(aor_text);
    ServiceRequest {
        aor: &a,
        choice,
        via: "SIP/2.0/TLS 192.0.2.10:49152;branch=z9hG4bK-lp-1",
        call_id: "lp-call-1",
        from_tag: "f1",
        cseq: 1,
    }
    .build()
    .unwrap()
}

fn named(name: &str) -> ProfileChoice {
    ProfileChoice::Named(PhoneContext::parse(name).unwrap())
}

/// A SERVICE as another client may write it: Request-URI given as text.
fn raw_service(ruri: &str) -> Message {
    Message::parse(
        format!(
            "SERVICE {ruri} SIP/2.0\r\n\
             Via: SIP/2.0/TLS 192.0.2.10:49152;branch=z9hG4bK-raw\r\n\
             Max-Forwards: 70\r\n\
             From: <sip:alice@contoso.com>;tag=r1\r\n\
             To: <{ruri}>\r\n\
             Call-ID: raw-1\r\n\
             CSeq: 7 SERVICE\r\n\
             Accept: application/ms-location-profile-definition+xml\r\n\
             Content-Length: 0\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap()
}

// ---- 3.8.4.1: the user agent's request --------------------------------------------------

#[test]
fn default_profile_request_byte_for_byte() {
    let m = request("sip:alice@contoso.com", ProfileChoice::Default);
    let expect = "SERVICE sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.10:49152;branch=z9hG4bK-lp-1\r\n\
Max-Forwards: 70\r\n\
From: <sip:alice@contoso.com>;tag=f1\r\n\
To: <sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default>\r\n\
Call-ID: lp-call-1\r\n\
CSeq: 1 SERVICE\r\n\
Accept: application/ms-location-profile-definition+xml\r\n\
Content-Length: 0\r\n\r\n";
    assert_eq!(String::from_utf8_lossy(m.as_bytes()), expect);
}

#[test]
fn request_uri_and_to_are_the_location_profile_gruu_of_the_aor() {
    for (choice, default, pc) in [
        (ProfileChoice::Default, true, None),
        (named("Paris"), false, Some("Paris")),
    ] {
        let m = request("sip:alice@contoso.com", choice);
        let ruri = m.request_uri().unwrap();
        let to = m.to().unwrap().unwrap();
        assert_eq!(to.uri.raw, ruri, "To URI = Request-URI");
        match Gruu::parse(ruri).unwrap() {
            Gruu::LocationProfile {
                aor: a,
                default: d,
                phone_context,
            } => {
                assert_eq!(a.as_str(), "sip:alice@contoso.com");
                assert_eq!(d, default);
                assert_eq!(phone_context.as_ref().map(|p| p.as_str()), pc);
            }
            other => panic!("{other:?}"),
        }
    }
    let m = request("sip:alice@contoso.com", named("Paris"));
    assert_eq!(
        m.request_uri(),
        Some("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context=Paris")
    );
}

#[test]
fn from_is_the_aor_and_accept_the_profile_type() {
    let m = request("sip:alice@contoso.com", named("Redmond"));
    let from = m.from().unwrap().unwrap();
    assert_eq!(from.uri.raw, "sip:alice@contoso.com");
    assert_eq!(from.tag(), Some("f1"));
    assert_eq!(
        m.header("Accept"),
        Some("application/ms-location-profile-definition+xml")
    );
}

#[test]
fn other_fields_follow_rfc_3261() {
    let m = request("sip:alice@contoso.com", ProfileChoice::Default);
    assert!(validate(&m).is_ok(), "{:?}", validate(&m));
    assert_eq!(m.method(), Some("SERVICE"));
    assert_eq!(m.header("CSeq"), Some("1 SERVICE"));
    assert_eq!(m.header("Max-Forwards"), Some("70"));
    assert!(m.body().is_empty());
}

#[test]
fn request_refuses_what_cannot_be_written() {
    let a = aor("sip:alice@contoso.com");
    let base = ServiceRequest {
        aor: &a,
        choice: ProfileChoice::Default,
        via: "SIP/2.0/TCP h;branch=z9hG4bK1",
        call_id: "c",
        from_tag: "t",
        cseq: 1,
    };
    for bad in [
        ServiceRequest {
            via: "a\r\nb",
            ..base.clone()
        },
        ServiceRequest {
            call_id: "c\n",
            ..base.clone()
        },
        ServiceRequest {
            from_tag: "a b",
            ..base.clone()
        },
    ] {
        assert!(bad.build().is_err());
    }
    assert!(base.build().is_ok());
}

// ---- 3.8.5.1: the proxy's answer --------------------------------------------------------

#[test]
fn default_profile_is_the_users_default_with_type_and_document() {
    let s = service();
    let req = request("sip:alice@contoso.com", ProfileChoice::Default);
    let r = s.answer(&req).unwrap();
    assert_eq!(r.status(), Some(200));
    assert_eq!(
        r.content_type(),
        Some("application/ms-location-profile-definition+xml")
    );
    let body = LocationProfile::parse(r.body(), &DialplanConfig::default()).unwrap();
    let want = LocationProfile::parse(REDMOND, &DialplanConfig::default()).unwrap();
    assert_eq!(body, want);
    assert_eq!(r.content_length().unwrap().unwrap(), r.body().len() as u64);
    // RFC 3261 8.2.6: the response belongs to the request.
    assert_eq!(r.header("Via"), req.header("Via"));
    assert_eq!(r.header("CSeq"), Some("1 SERVICE"));
    assert_eq!(r.call_id(), Some("lp-call-1"));
    assert!(r.to().unwrap().unwrap().tag().is_some());
}

#[test]
fn named_profile_comes_from_phone_context() {
    let s = service();
    let r = s
        .answer(&request("sip:alice@contoso.com", named("Paris")))
        .unwrap();
    assert_eq!(r.status(), Some(200));
    let body = LocationProfile::parse(r.body(), &DialplanConfig::default()).unwrap();
    assert_eq!(body.name, "Paris");
    // names compare as domain names do
    let r = s
        .answer(&request("sip:bob@contoso.com", named("PARIS")))
        .unwrap();
    assert_eq!(r.status(), Some(200));
}

#[test]
fn default_wins_over_phone_context() {
    let s = service();
    let req = raw_service(
        "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default;phone-context=Paris",
    );
    let r = s.answer(&req).unwrap();
    let body = LocationProfile::parse(r.body(), &DialplanConfig::default()).unwrap();
    assert_eq!(body.name, "Redmond");
}

#[test]
fn unknown_aor_is_404_before_anything_else() {
    let s = service();
    for choice in [ProfileChoice::Default, named("Paris")] {
        let r = s.answer(&request("sip:carol@contoso.com", choice)).unwrap();
        assert_eq!(r.status(), Some(404));
    }
    // step 1 comes before step 2: an unknown AOR without default/phone-context is 404
    let r = s
        .answer(&raw_service(
            "sip:carol@contoso.com;gruu;opaque=app:locationprofile:get",
        ))
        .unwrap();
    assert_eq!(r.status(), Some(404));
}

#[test]
fn neither_default_nor_phone_context_is_485() {
    let s = service();
    let r = s
        .answer(&raw_service(
            "sip:alice@contoso.com;opaque=app:locationprofile:get;gruu",
        ))
        .unwrap();
    assert_eq!(r.status(), Some(485));
    assert_eq!(r.reason(), Some("Ambiguous"));
    assert!(r.body().is_empty());
}

#[test]
fn unknown_profile_is_404() {
    let s = service();
    let r = s
        .answer(&request("sip:alice@contoso.com", named("Tokyo")))
        .unwrap();
    assert_eq!(r.status(), Some(404));
    assert_eq!(r.reason(), Some("Not Found"));
    // a user without a default profile asking for it
    let r = s
        .answer(&request("sip:bob@contoso.com", ProfileChoice::Default))
        .unwrap();
    assert_eq!(r.status(), Some(404));
    // a default that names a profile the store no longer holds
    s.store().remove_profile("Redmond").unwrap();
    let r = s
        .answer(&request("sip:alice@contoso.com", ProfileChoice::Default))
        .unwrap();
    assert_eq!(r.status(), Some(404));
}

#[test]
fn other_requests_are_not_ours() {
    let s = service();
    let not_ours = |m: &Message| matches!(s.answer(m), Err(ServiceError::NotProfileService(_)));
    // another domain
    assert!(not_ours(&request(
        "sip:alice@fabrikam.com",
        ProfileChoice::Default
    )));
    // not a location-profile GRUU
    assert!(not_ours(&raw_service("sip:alice@contoso.com")));
    assert!(not_ours(&raw_service(
        "sip:alice@contoso.com;gruu;opaque=app:voicemail"
    )));
    // another method
    let m = request("sip:alice@contoso.com", ProfileChoice::Default);
    let text = String::from_utf8_lossy(m.as_bytes()).replace("SERVICE", "OPTIONS");
    assert!(not_ours(&Message::parse(text.as_bytes()).unwrap()));
    // a response
    let resp = s.answer(&m).unwrap();
    assert!(not_ours(&resp));
}

#[test]
fn a_retransmission_gets_the_same_answer() {
    let s = service();
    let m = request("sip:alice@contoso.com", ProfileChoice::Default);
    let a = s.answer(&m).unwrap();
    let b = s.answer(&m).unwrap();
    assert_eq!(a.as_bytes(), b.as_bytes());
    let other = ServiceRequest {
        aor: &aor("sip:alice@contoso.com"),
        choice: ProfileChoice::Default,
        via: "SIP/2.0/TLS 192.0.2.10:49152;branch=z9hG4bK-lp-2",
        call_id: "lp-call-1",
        from_tag: "f1",
        cseq: 2,
    }
    .build()
    .unwrap();
    let c = s.answer(&other).unwrap();
    assert_ne!(
        a.to().unwrap().unwrap().tag(),
        c.to().unwrap().unwrap().tag()
    );
}

#[test]
fn a_failing_store_gets_500() {
    struct Broken;
    impl ProfileStore for Broken {
        fn user(&self, _: &Aor) -> Result<Option<ProfileUser>, StoreError> {
            Err(StoreError::Backend("database down".into()))
        }
        fn profile(&self, _: &str) -> Result<Option<Arc<Dialplan>>, StoreError> {
            Err(StoreError::Backend("database down".into()))
        }
    }
    let s = ProfileService::new("contoso.com", Arc::new(Broken));
    let r = s
        .answer(&request("sip:alice@contoso.com", ProfileChoice::Default))
        .unwrap();
    assert_eq!(r.status(), Some(500));
}

#[test]
fn a_request_without_to_gets_no_answer() {
    let s = service();
    let m = Message::parse(
        b"SERVICE sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default SIP/2.0\r\n\
Via: SIP/2.0/TLS h;branch=z9hG4bK1\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n\
Call-ID: x\r\nCSeq: 1 SERVICE\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    assert!(matches!(s.answer(&m), Err(ServiceError::Response(_))));
}
