//! What a user agent with recovery enabled writes into its requests: the
//! `Ms-Dialog-Route-Set-Update` option tag on every request of the dialog (MS-SIPRE 3.7.4.1,
//! 2.2.18), and the target refresh of the recovery procedure (3.7.5.3.4 step 1): a Contact as
//! 2.2.1.2 describes and neither Record-Route nor Route.

use crate::ext::MsUriParam;
use crate::sip::scan::trim_lws;
use crate::sip::{ErrorKind, Message, Result, SipError, Uri};

/// The option tag of MS-SIPRE 2.2.18.
pub const OPTION_TAG: &str = "Ms-Dialog-Route-Set-Update";

/// True when a `Supported` value of `msg` lists `Ms-Dialog-Route-Set-Update` (option tags
/// compare case-insensitively, RFC 3261 19.2).
pub fn has_option_tag(msg: &Message) -> bool {
    msg.values("Supported")
        .any(|v| trim_lws(v).eq_ignore_ascii_case(OPTION_TAG))
}

/// Adds the option tag in a `Supported` header unless one is there already.
pub fn add_option_tag(msg: &mut Message) -> Result<()> {
    if has_option_tag(msg) {
        return Ok(());
    }
    msg.add_header("Supported", OPTION_TAG)
}

/// Turns `msg` (a target refresh the host built: UPDATE or re-INVITE for an INVITE dialog,
/// SUBSCRIBE for a subscription) into the recovery request of MS-SIPRE 3.7.5.3.4: Contact set
/// to `contact_uri` (a SIP URI whose MS-SIPRE 2.2.1 parameters, such as `gruu` and
/// `opaque=user:epid:`, follow their grammar), every Record-Route and Route removed, and the
/// option tag present. The message is unchanged on error.
pub fn prepare_recovery_refresh(msg: &mut Message, contact_uri: &str) -> Result<()> {
    let bad = |what| SipError::new(ErrorKind::InvalidArgument, 0, what);
    if !msg.is_request() {
        return Err(bad("a recovery refresh is a request"));
    }
    let uri = Uri::parse(contact_uri).map_err(|_| bad("Contact is not a URI"))?;
    if uri.host.is_none() {
        return Err(bad("Contact is not a SIP URI"));
    }
    for p in uri.params.iter() {
        MsUriParam::parse(p.name, p.value)
            .map_err(|_| bad("Contact parameter outside MS-SIPRE 2.2.1"))?;
    }
    let contact = format!("<{contact_uri}>");
    msg.edit(|e| {
        while e.count("Contact") > 0 {
            e.remove_header("Contact", 0)?;
        }
        e.add_header("Contact", &contact)?;
        while e.count("Record-Route") > 0 {
            e.remove_header("Record-Route", 0)?;
        }
        while e.count("Route") > 0 {
            e.remove_header("Route", 0)?;
        }
        Ok(())
    })?;
    add_option_tag(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UPDATE: &str = "UPDATE sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA SIP/2.0\r\n\
Route: <sip:server.contoso.com:5061;transport=tls;lr>\r\n\
Record-Route: <sip:x.contoso.com;lr>\r\n\
From: sip:Bob@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Alice@contoso.com;epid=01010101;tag=01010101\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
Cseq: 4 UPDATE\r\n\
Contact: <sip:192.0.2.1:27221;transport=tls>\r\n\
Content-Length: 0\r\n\r\n";

    #[test]
    fn the_recovery_refresh_of_example_4_6() {
        let mut m = Message::parse(UPDATE.as_bytes()).unwrap();
        assert!(!has_option_tag(&m));
        prepare_recovery_refresh(
            &mut m,
            "sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA",
        )
        .unwrap();
        // MS-SIPRE 4.6: no route set, the GRUU as Contact, the option tag.
        assert_eq!(m.count("Route"), 0);
        assert_eq!(m.count("Record-Route"), 0);
        assert_eq!(
            m.value("Contact", 0),
            Some("<sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA>")
        );
        assert_eq!(m.count("Contact"), 1);
        assert_eq!(m.value("Supported", 0), Some("Ms-Dialog-Route-Set-Update"));
        assert!(has_option_tag(&m));
        // Twice changes nothing more.
        let once = m.as_bytes().to_vec();
        add_option_tag(&mut m).unwrap();
        assert_eq!(m.as_bytes(), &once[..]);
    }

    #[test]
    fn option_tag_is_found_in_lists_and_any_case() {
        let with = |s: &str| {
            let t = UPDATE.replace(
                "Content-Length",
                &format!("Supported: {s}\r\nContent-Length"),
            );
            has_option_tag(&Message::parse(t.as_bytes()).unwrap())
        };
        assert!(with("gruu-10, ms-dialog-route-set-update"));
        assert!(with("MS-DIALOG-ROUTE-SET-UPDATE"));
        assert!(!with("gruu-10"));
        assert!(!with("Ms-Dialog-Route-Set-Updates"));
    }

    #[test]
    fn refuses_bad_contacts_and_responses() {
        let mut m = Message::parse(UPDATE.as_bytes()).unwrap();
        let before = m.as_bytes().to_vec();
        for c in [
            "not a uri",
            "tel:+14255550100",
            "sip:a@b;ms-role-rs-to=x",
            "sip:a@b;gruu=1",
        ] {
            assert!(prepare_recovery_refresh(&mut m, c).is_err(), "{c}");
            assert_eq!(m.as_bytes(), &before[..]);
        }
        let mut resp = Message::response_to(&m, 200, None, None).unwrap();
        assert!(prepare_recovery_refresh(&mut resp, "sip:a@b;gruu").is_err());
    }
}
