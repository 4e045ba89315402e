//! The user agent's side of NAT traversal (MS-SIPRE 3.5.4.1): a Contact whose URI carries an
//! IP address, in its host or in `maddr`, gets `proxy=replace`, asking the first server to
//! point it at the address the server sees.

use super::contact::{PROXY, REPLACE};
use crate::sip::{Host, Message, NameAddr, SipError};

/// True when the Contact's URI has an IP address as its host or as its `maddr` value.
pub fn carries_ip_address(contact: &NameAddr<'_>) -> bool {
    let ip_host = matches!(contact.uri.host, Some(Host::Ipv4(_) | Host::Ipv6(_)));
    let ip_maddr = contact.uri.params.value("maddr").is_some_and(|m| {
        let m = m
            .strip_prefix('[')
            .and_then(|m| m.strip_suffix(']'))
            .unwrap_or(m);
        m.parse::<std::net::IpAddr>().is_ok()
    });
    ip_host || ip_maddr
}

/// Adds `proxy=replace` to every Contact value of `msg` that carries an IP address (a
/// `proxy` parameter with another value becomes `replace`); returns how many values changed.
/// `Contact: *` is left alone. A Contact that does not parse is an error and nothing changes.
pub fn add_proxy_replace(msg: &mut Message) -> Result<usize, SipError> {
    let mut todo = Vec::new();
    for (index, value) in msg.values("Contact").enumerate() {
        if value == "*" {
            continue;
        }
        let contact = NameAddr::parse(value)?;
        let has_replace = contact
            .params
            .get(PROXY)
            .is_some_and(|p| p.value.is_some_and(|v| v.eq_ignore_ascii_case(REPLACE)));
        if carries_ip_address(&contact) && !has_replace {
            todo.push(index);
        }
    }
    if !todo.is_empty() {
        // One batch: one rebuild, and all of them or none.
        msg.edit(|e| {
            todo.iter()
                .try_for_each(|&index| e.set_header_param("Contact", index, PROXY, Some(REPLACE)))
        })?;
    }
    Ok(todo.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(contacts: &str) -> Message {
        Message::parse(
            format!(
                "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK1\r\n{contacts}Content-Length: 0\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn an_ip_address_in_host_or_maddr_asks_for_replace() {
        let mut m = msg(
            "Contact: <sip:192.0.2.1:27221;transport=tls>;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n\
Contact: <sip:alice@pc.contoso.com;maddr=192.0.2.1>, <sip:alice@[2001:db8::1]>\r\n\
Contact: <sip:alice@pc.contoso.com>\r\n",
        );
        assert_eq!(add_proxy_replace(&mut m), Ok(3));
        let v: Vec<&str> = m.values("Contact").collect();
        assert_eq!(
            v,
            [
                "<sip:192.0.2.1:27221;transport=tls>;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\";proxy=replace",
                "<sip:alice@pc.contoso.com;maddr=192.0.2.1>;proxy=replace",
                "<sip:alice@[2001:db8::1]>;proxy=replace",
                "<sip:alice@pc.contoso.com>",
            ]
        );
        // A second pass changes nothing.
        assert_eq!(add_proxy_replace(&mut m), Ok(0));
    }

    #[test]
    fn another_value_becomes_replace_and_star_is_left_alone() {
        let mut m = msg("Contact: <sip:10.0.0.1>;proxy=keep\r\n");
        assert_eq!(add_proxy_replace(&mut m), Ok(1));
        assert_eq!(m.header("Contact"), Some("<sip:10.0.0.1>;proxy=replace"));
        let mut m = msg("Contact: *\r\nExpires: 0\r\n");
        assert_eq!(add_proxy_replace(&mut m), Ok(0));
        let mut m = msg("");
        assert_eq!(add_proxy_replace(&mut m), Ok(0));
    }

    #[test]
    fn a_malformed_contact_is_an_error_and_changes_nothing() {
        let mut m = msg("Contact: <sip:10.0.0.1>\r\nContact: <sip:10.0.0.2\r\n");
        let before = m.as_bytes().to_vec();
        assert!(add_proxy_replace(&mut m).is_err());
        assert_eq!(m.as_bytes(), &before[..]);
    }
}
