//! The URI parameters of MS-SIPRE 2.2.1 in the URIs printed by MS-SIPRE 4.4-4.6.

use mssip::ext::{MsUriParam, OpaqueValue};
use mssip::sip::Uri;

fn ms_params(uri: &str) -> Vec<MsUriParam> {
    let u = Uri::parse(uri).unwrap();
    u.params
        .iter()
        .filter_map(|p| MsUriParam::parse(p.name, p.value).unwrap_or_else(|e| panic!("{uri}: {e}")))
        .collect()
}

#[test]
fn section_4_4_contact_after_the_proxy() {
    // Printed with spaces after the ';' (a line-wrapping artefact); joined here.
    let p = ms_params(
        "sip:192.168.0.2:1201;transport=tls;ms-opaque=29c344caf9;ms-received-cid=3540900",
    );
    assert_eq!(
        p,
        [
            MsUriParam::MsOpaque("29c344caf9".into()),
            MsUriParam::MsReceivedCid("3540900".into())
        ]
    );
    let text: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["ms-opaque=29c344caf9", "ms-received-cid=3540900"]);
}

#[test]
fn section_4_5_record_routes() {
    let key_info = "mACAAODZiZT_XXbu1V_IAQECAAADZgAAAKQAANMFUpbsXZoVmYcoLP8PT9anIkOw7BnvcFRRkZewoiMYj3B61YacQGTK4TMsKnJXCM86liVZHosw8jUyFf2OXMyOLLv3ZVw477ajvdErKm0E50QybBg8o6e3glwK9rua4xUHwyZ1T6_CkS6TQvpebxXJG5Y8dA40VIzMI11IjAHfRSO9XMZW1lyJnpHoa53vuD1BV1QccxH9ht5dw3sKqKAgSyBT4Bmm3abFJ6nKhZpNlybt6EkVqBD7ArG5dyNPrUlcT8VLOPINVSGwvviWBygEVRfIGauMqIbMooXLq6PMYUAg6TIYfEIdugqRnIYgu_hnihBK6wKjV2w";
    let rr1 = format!(
        "sip:server1.contoso.com:5061;transport=tls;lr;ms-key-info={key_info};ms-route-sig=ga3IN7MltlsglDvxIE_bYt51VbZ3E"
    );
    assert_eq!(
        ms_params(&rr1),
        [
            MsUriParam::MsKeyInfo(key_info.into()),
            MsUriParam::MsRouteSig("ga3IN7MltlsglDvxIE_bYt51VbZ3E".into())
        ]
    );
    assert_eq!(
        ms_params(
            "sip:server2.contoso.com:5061;transport=tls;ms-role-rs-from;lr;ms-route-sig=ec1Fe_32fg1b4iILWFJb5iKqeneps7y6vY9zXAAA"
        ),
        [
            MsUriParam::MsRoleRsFrom,
            MsUriParam::MsRouteSig("ec1Fe_32fg1b4iILWFJb5iKqeneps7y6vY9zXAAA".into())
        ]
    );
}

#[test]
fn section_4_6_route_with_state_opaque() {
    let p = ms_params(
        "sip:server.contoso.com:5061;transport=tls;opaque=state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA;lr;ms-route-sig=aag0AbAT3mK4Ga81sHSyTeZnAETjcrJpFx8YnUbQAA",
    );
    assert_eq!(
        p[0],
        MsUriParam::Opaque(OpaqueValue::State(
            "F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA".into()
        ))
    );
    assert_eq!(
        p[0].to_string(),
        "opaque=state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA"
    );
    assert_eq!(p.len(), 2);
}

#[test]
fn section_4_9_request_uri_with_grid() {
    let p = ms_params(
        "sip:192.0.2.1:18168;transport=tls;ms-opaque=7eacdda82d;ms-received-cid=7C9B00;grid",
    );
    assert_eq!(p.last(), Some(&MsUriParam::Grid(None)));
    assert_eq!(p.len(), 3);
}

#[test]
fn received_takes_addresses_only() {
    assert!(MsUriParam::parse("received", Some("192.168.0.2")).is_ok());
    assert!(MsUriParam::parse("received", Some("2001:db8::5")).is_ok());
    assert!(MsUriParam::parse("received", Some("proxy.contoso.com")).is_err());
    assert!(MsUriParam::parse("received", Some("[2001:db8::5]")).is_err());
    assert!(MsUriParam::parse("received", Some("300.1.1.1")).is_err());
}
