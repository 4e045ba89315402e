//! What a client may never send: the trust header fields only the edge server adds
//! (MS-SIPRE 2.2.14: `ms-edge-proxy-message-trust` MUST NOT be added by the client; 2.2.15:
//! a client MUST NOT add `ms-user-logon-data`). The edge strips them from every message it
//! receives from a client, before anything reads them, so none can be forged.

use crate::ext::{EdgeProxyMessageTrust, MsUserLogonData};
use crate::sip::{Message, SipError};

/// The header fields a client cannot be trusted with.
pub const CLIENT_FORBIDDEN: [&str; 2] = [EdgeProxyMessageTrust::NAME, MsUserLogonData::NAME];

/// Removes every `ms-edge-proxy-message-trust` and `ms-user-logon-data` field (names in any
/// case) from a message received from a client; returns how many were removed. On an error
/// the message is left as it was.
pub fn sanitize(msg: &mut Message) -> Result<usize, SipError> {
    let found: usize = CLIENT_FORBIDDEN
        .iter()
        .map(|n| msg.fields_of(n).count())
        .sum();
    if found == 0 {
        return Ok(0);
    }
    let saved = msg.clone();
    for name in CLIENT_FORBIDDEN {
        if let Err(e) = msg.remove_all(name) {
            *msg = saved;
            return Err(e);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_both_in_any_case_and_keeps_the_rest() {
        let text = "INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\n\
MS-EDGE-PROXY-MESSAGE-TRUST: ms-source-type=InternetUser;ms-ep-fqdn=forged;ms-source-verified-user=verified\r\n\
To: <sip:bob@contoso.com>\r\n\
ms-user-logon-data: RemoteUser\r\n\
ms-edge-proxy-message-trust: junk\r\n\
Content-Length: 0\r\n\r\n";
        let mut m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(sanitize(&mut m), Ok(3));
        assert_eq!(
            m.as_bytes(),
            b"INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\n\
To: <sip:bob@contoso.com>\r\n\
Content-Length: 0\r\n\r\n"
        );
        assert_eq!(sanitize(&mut m), Ok(0));
    }
}
