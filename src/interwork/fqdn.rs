//! FQDN discipline: Lync and Skype for Business ignore a Record-Route whose host is an IP
//! address, and Microsoft peers refuse a Contact without a fully qualified name. The proxy's
//! own Record-Route, top Via and Contact are rewritten to its configured FQDN, and requests
//! that come back to the FQDN form (Request-URI or top Route) are recognised as the proxy's
//! own so that the host routes them (pops the route, RFC 3261 16.4).
//!
//! Only the host part of the proxy's own values changes; the port, parameters and every other
//! value stay byte for byte, and a message with nothing of the proxy's comes back untouched.

use parking_lot::RwLock;

use super::liveness_error::PeerError;
use crate::sip::Message;
use crate::sip::name_addr::NameAddr;
pub use crate::sip::peer::Transport;
use crate::sip::uri::{Host, Scheme, Uri};
use crate::sip::via::Via;

/// Most characters of a host name (RFC 1123 2.1, RFC 1035 2.3.4 without the trailing dot).
pub const MAX_FQDN_LEN: usize = 253;

/// Checks that `name` is a fully qualified host name: RFC 1123 2.1 labels (1-63 letters,
/// digits and hyphens, no hyphen at either end), at least two labels, a last label that is
/// not all digits (so no IPv4 address), at most [`MAX_FQDN_LEN`] characters. One trailing dot
/// (the absolute form) is allowed; the name without it is returned.
pub fn validate_fqdn(name: &str) -> Result<&str, PeerError> {
    let bad = |why: &str| Err(PeerError::BadFqdn(why.to_string()));
    let n = name.strip_suffix('.').unwrap_or(name);
    if n.is_empty() {
        return bad("empty");
    }
    if n.len() > MAX_FQDN_LEN {
        return bad("longer than 253 characters");
    }
    if n.starts_with('[') || n.contains(':') {
        return bad("an IPv6 address");
    }
    let labels: Vec<&str> = n.split('.').collect();
    if labels.len() < 2 {
        return bad("no dot: not fully qualified");
    }
    for l in &labels {
        if l.is_empty() {
            return bad("an empty label");
        }
        if l.len() > 63 {
            return bad("a label longer than 63 characters");
        }
        if !l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            return bad("a label with a character other than a letter, digit or hyphen");
        }
        if l.starts_with('-') || l.ends_with('-') {
            return bad("a label that starts or ends with a hyphen");
        }
    }
    if labels
        .last()
        .is_some_and(|l| l.bytes().all(|c| c.is_ascii_digit()))
    {
        return bad("an IPv4 address (the last label is all digits)");
    }
    Ok(n)
}

/// The port a URI without one means on `t` (RFC 3263 4.2: 5060, 5061 for TLS).
pub fn default_port(t: Transport) -> u16 {
    match t {
        Transport::Tls => 5061,
        _ => 5060,
    }
}

/// The transport a `transport` parameter or Via transport names, case-insensitive.
pub fn transport_named(s: &str) -> Option<Transport> {
    [Transport::Udp, Transport::Tcp, Transport::Tls]
        .into_iter()
        .find(|t| t.is_named(s))
}

/// One address the proxy listens on, as it writes it in its own values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnAddress {
    /// An IPv4 address or an IPv6 reference with brackets, as written in URIs.
    pub host: String,
    pub port: u16,
    pub transport: Transport,
}

/// Bounds of a [`FqdnDiscipline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FqdnConfig {
    /// Most own addresses. Default 64.
    pub max_addresses: usize,
    /// Most names (the FQDN and its aliases). Default 16.
    pub max_names: usize,
}

impl FqdnConfig {
    pub const DEFAULT: FqdnConfig = FqdnConfig {
        max_addresses: 64,
        max_names: 16,
    };
}

impl Default for FqdnConfig {
    fn default() -> FqdnConfig {
        FqdnConfig::DEFAULT
    }
}

/// Where a request names the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnTarget {
    /// The top Route (loose routing: the host pops it, RFC 3261 16.4).
    TopRoute,
    /// The Request-URI, with no Route naming the proxy (strict routing or a request to the
    /// proxy itself).
    RequestUri,
}

/// How a URI names the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnForm {
    /// By one of its addresses (the index in [`FqdnDiscipline::addresses`]).
    Address(usize),
    /// By its FQDN or an alias (the index in [`FqdnDiscipline::names`]; 0 is the FQDN).
    Name(usize),
}

/// What the proxy calls itself. The addresses and names sit behind a `parking_lot` lock, so
/// one value may be shared by every thread of the host; aliases and addresses may be added
/// while it is in use.
#[derive(Debug)]
pub struct FqdnDiscipline {
    config: FqdnConfig,
    inner: RwLock<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Lower case, without a trailing dot; `[0]` is the FQDN written into values.
    names: Vec<String>,
    addresses: Vec<OwnAddress>,
}

/// The port a URI means and the transport it names (`sips:` is TLS), if any.
fn uri_port_transport(uri: &Uri<'_>) -> (u16, Option<Transport>) {
    let t = uri
        .params
        .value("transport")
        .and_then(transport_named)
        .or(matches!(uri.scheme, Scheme::Sips).then_some(Transport::Tls));
    let port = uri
        .port
        .unwrap_or_else(|| default_port(t.unwrap_or(Transport::Udp)));
    (port, t)
}

fn same_transport(a: Option<Transport>, b: Transport) -> bool {
    a.is_none_or(|a| a == b)
}

/// `s` with `host` (a subslice of it) replaced by `new`.
fn splice_host(s: &str, host: &str, new: &str) -> Option<String> {
    let off = (host.as_ptr() as usize).checked_sub(s.as_ptr() as usize)?;
    let end = off.checked_add(host.len())?;
    if end > s.len() {
        return None;
    }
    Some(format!("{}{new}{}", &s[..off], &s[end..]))
}

impl FqdnDiscipline {
    /// A discipline for `fqdn` (checked by [`validate_fqdn`]) with no addresses yet.
    pub fn new(fqdn: &str, config: FqdnConfig) -> Result<FqdnDiscipline, PeerError> {
        if config.max_addresses == 0 || config.max_names == 0 {
            return Err(PeerError::Invalid(
                "fqdn config: bounds must be above 0".into(),
            ));
        }
        let n = validate_fqdn(fqdn)?.to_ascii_lowercase();
        Ok(FqdnDiscipline {
            config,
            inner: RwLock::new(Inner {
                names: vec![n],
                addresses: Vec::new(),
            }),
        })
    }

    /// The FQDN written into the proxy's values (lower case).
    pub fn fqdn(&self) -> String {
        self.inner.read().names[0].clone()
    }

    /// The names the proxy answers to: the FQDN first, then the aliases.
    pub fn names(&self) -> Vec<String> {
        self.inner.read().names.clone()
    }

    /// The proxy's own addresses, in the order added.
    pub fn addresses(&self) -> Vec<OwnAddress> {
        self.inner.read().addresses.clone()
    }

    /// Adds an address the proxy listens on and writes into its values: an IPv4 address or an
    /// IPv6 reference (`[2001:db8::1]`; a bare IPv6 address gets its brackets). Adding one
    /// that is there already does nothing. Refused: a host name (that is what aliases are
    /// for), port 0, more than `max_addresses`.
    pub fn add_address(
        &self,
        host: &str,
        port: u16,
        transport: Transport,
    ) -> Result<(), PeerError> {
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        match Host::parse(&host) {
            Ok(Host::Ipv4(_)) | Ok(Host::Ipv6(_)) => {}
            _ => {
                return Err(PeerError::Invalid(format!(
                    "own address: {host:?} is not an IP address"
                )));
            }
        }
        if port == 0 {
            return Err(PeerError::Invalid("own address: port 0".into()));
        }
        let a = OwnAddress {
            host,
            port,
            transport,
        };
        let mut inner = self.inner.write();
        if inner.addresses.iter().any(|b| {
            b.port == a.port
                && b.transport == a.transport
                && Host::parse(&b.host).ok() == Host::parse(&a.host).ok()
        }) {
            return Ok(());
        }
        if inner.addresses.len() >= self.config.max_addresses {
            return Err(PeerError::Limit("own addresses (max_addresses)"));
        }
        inner.addresses.push(a);
        Ok(())
    }

    /// Adds another name requests may come back to (a pool FQDN, an old name), checked by
    /// [`validate_fqdn`]. Adding one that is there already does nothing; more than
    /// `max_names` names (the FQDN included) is refused.
    pub fn add_alias(&self, name: &str) -> Result<(), PeerError> {
        let n = validate_fqdn(name)?.to_ascii_lowercase();
        let mut inner = self.inner.write();
        if inner.names.contains(&n) {
            return Ok(());
        }
        if inner.names.len() >= self.config.max_names {
            return Err(PeerError::Limit("names (max_names)"));
        }
        inner.names.push(n);
        Ok(())
    }

    /// Whether `uri` names the proxy, and how. By address: the host is one of its addresses
    /// (compared by value), the port (written, else the default of the URI's transport) is
    /// that address's port, and a transport the URI names (`transport=`, `sips:`) is that
    /// address's. By name: the host is the FQDN or an alias (any case, a trailing dot
    /// allowed) and the port and transport are those of one of the addresses; with no address
    /// added, the default port of the URI's transport.
    pub fn own_form(&self, uri: &Uri<'_>) -> Option<OwnForm> {
        if !uri.is_sip() {
            return None;
        }
        let host = uri.host?;
        let (port, t) = uri_port_transport(uri);
        let inner = self.inner.read();
        match host {
            Host::Name(n) => {
                let n = n.strip_suffix('.').unwrap_or(n);
                let k = inner.names.iter().position(|m| m.eq_ignore_ascii_case(n))?;
                let port_ok = if inner.addresses.is_empty() {
                    port == default_port(t.unwrap_or(Transport::Udp))
                } else {
                    inner
                        .addresses
                        .iter()
                        .any(|a| a.port == port && same_transport(t, a.transport))
                };
                port_ok.then_some(OwnForm::Name(k))
            }
            _ => inner
                .addresses
                .iter()
                .position(|a| {
                    a.port == port
                        && same_transport(t, a.transport)
                        && Host::parse(&a.host).is_ok_and(|h| h.same_as(&host))
                })
                .map(OwnForm::Address),
        }
    }

    /// Whether `uri` names the proxy by an address or by a name (see [`Self::own_form`]).
    pub fn is_own_uri(&self, uri: &Uri<'_>) -> bool {
        self.own_form(uri).is_some()
    }

    /// [`Self::is_own_uri`] on text; a URI that does not parse is not the proxy's.
    pub fn is_own_uri_str(&self, uri: &str) -> bool {
        Uri::parse(uri).is_ok_and(|u| self.is_own_uri(&u))
    }

    /// Whether the request `msg` is addressed to the proxy: its top Route names it (by
    /// address or name), else its Request-URI does when it has no Route at all. `None` for a
    /// response, or a request for someone else.
    pub fn recognise(&self, msg: &Message) -> Option<OwnTarget> {
        let ruri = msg.request_uri()?;
        if let Some(route) = msg.value("Route", 0) {
            return NameAddr::parse(route)
                .is_ok_and(|na| self.is_own_uri(&na.uri))
                .then_some(OwnTarget::TopRoute);
        }
        self.is_own_uri_str(ruri).then_some(OwnTarget::RequestUri)
    }

    /// A URI host that is one of the proxy's addresses, to write as the FQDN.
    fn rewritable(&self, uri: &Uri<'_>) -> bool {
        !matches!(uri.host, Some(Host::Name(_))) && self.is_own_uri(uri)
    }

    /// Rewrites the proxy's own values in `msg` to its FQDN: the top Via when its sent-by is
    /// one of the proxy's addresses (only the top one: the Via the proxy added), and every
    /// Record-Route and Contact value whose URI is one of them. Only the host changes; the
    /// port, parameters and all other bytes stay. Returns whether anything changed.
    pub fn rewrite(&self, msg: &mut Message) -> Result<bool, PeerError> {
        let fqdn = self.fqdn();
        let mut edits: Vec<(&'static str, usize, String)> = Vec::new();
        if let Some(v) = msg.value("Via", 0)
            && let Ok(via) = Via::parse(v)
            && !matches!(via.host, Host::Name(_))
        {
            let t = transport_named(via.transport);
            let port = via
                .port
                .unwrap_or_else(|| default_port(t.unwrap_or(Transport::Udp)));
            let inner = self.inner.read();
            let own = inner.addresses.iter().any(|a| {
                a.port == port
                    && same_transport(t, a.transport)
                    && Host::parse(&a.host).is_ok_and(|h| h.same_as(&via.host))
            });
            drop(inner);
            if own && let Some(new) = splice_host(v, via.host.as_str(), &fqdn) {
                edits.push(("Via", 0, new));
            }
        }
        for name in ["Record-Route", "Contact"] {
            for (i, v) in msg.values(name).enumerate() {
                let Ok(na) = NameAddr::parse(v) else {
                    continue;
                };
                if self.rewritable(&na.uri)
                    && let Some(new) = splice_host(v, na.uri.host_str(), &fqdn)
                {
                    edits.push((name, i, new));
                }
            }
        }
        if edits.is_empty() {
            return Ok(false);
        }
        msg.edit(|e| {
            for (name, i, new) in &edits {
                e.replace_value(name, *i, new)?;
            }
            Ok(())
        })?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discipline() -> FqdnDiscipline {
        let d = FqdnDiscipline::new("PBX.Example.NET", FqdnConfig::DEFAULT).unwrap();
        d.add_address("192.0.2.10", 5060, Transport::Udp).unwrap();
        d.add_address("192.0.2.10", 5060, Transport::Tcp).unwrap();
        d.add_address("192.0.2.10", 5061, Transport::Tls).unwrap();
        d.add_address("2001:db8::10", 5061, Transport::Tls).unwrap();
        d
    }

    const INVITE: &str = "INVITE sip:alice@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKpbx1\r\n\
Via: SIP/2.0/TLS 198.51.100.7:5061;branch=z9hG4bKua;received=198.51.100.7\r\n\
Record-Route: <sip:192.0.2.10:5061;transport=tls;lr>\r\n\
Record-Route: <sip:198.51.100.9;lr>\r\n\
Max-Forwards: 69\r\n\
From: <sip:+14255550100@pbx.example.net>;tag=1\r\n\
To: <sip:alice@contoso.com>\r\n\
Call-ID: c1\r\n\
CSeq: 1 INVITE\r\n\
Contact: <sip:+14255550100@192.0.2.10:5061;transport=tls>\r\n\
Content-Length: 0\r\n\r\n";

    #[test]
    fn validates_fqdns() {
        assert_eq!(validate_fqdn("pbx.example.net").unwrap(), "pbx.example.net");
        assert_eq!(
            validate_fqdn("pbx.example.net.").unwrap(),
            "pbx.example.net"
        );
        assert!(validate_fqdn("a-b.c0").is_ok());
        for bad in [
            "",
            ".",
            "pbx",
            "192.0.2.1",
            "[2001:db8::1]",
            "2001:db8::1",
            "-pbx.example.net",
            "pbx-.example.net",
            "pbx..example.net",
            "pbx_1.example.net",
            "pbx.example.net..",
            "p b.example.net",
        ] {
            assert!(
                matches!(validate_fqdn(bad), Err(PeerError::BadFqdn(_))),
                "{bad}"
            );
        }
        let long_label = format!("{}.net", "a".repeat(64));
        assert!(validate_fqdn(&long_label).is_err());
        let long = format!("{}net", "abcdefghi.".repeat(26));
        assert!(long.len() > 253 && validate_fqdn(&long).is_err());
        assert!(FqdnDiscipline::new("10.0.0.1", FqdnConfig::DEFAULT).is_err());
    }

    #[test]
    fn rewrites_only_the_proxys_own_values() {
        let d = discipline();
        let mut m = Message::parse(INVITE.as_bytes()).unwrap();
        assert!(d.rewrite(&mut m).unwrap());
        let expect = INVITE
            .replace(
                "Via: SIP/2.0/TLS 192.0.2.10:5061;",
                "Via: SIP/2.0/TLS pbx.example.net:5061;",
            )
            .replace(
                "<sip:192.0.2.10:5061;transport=tls;lr>",
                "<sip:pbx.example.net:5061;transport=tls;lr>",
            )
            .replace(
                "+14255550100@192.0.2.10:5061;transport=tls>",
                "+14255550100@pbx.example.net:5061;transport=tls>",
            );
        assert_eq!(String::from_utf8_lossy(m.as_bytes()), expect);
        // A second pass has nothing left to change.
        assert!(!d.rewrite(&mut m).unwrap());
        assert_eq!(String::from_utf8_lossy(m.as_bytes()), expect);
    }

    #[test]
    fn others_values_and_lower_vias_stay() {
        let d = discipline();
        // Our address as a lower Via (a response on its way back) and a foreign top Via.
        let resp = "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKua\r\n\
Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKpbx\r\n\
Record-Route: <sip:198.51.100.9;lr>\r\n\
From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\
Contact: <sip:c@192.0.2.10:5070>\r\n\
Content-Length: 0\r\n\r\n";
        let mut m = Message::parse(resp.as_bytes()).unwrap();
        assert!(!d.rewrite(&mut m).unwrap());
        assert_eq!(m.as_bytes(), resp.as_bytes());
    }

    #[test]
    fn ipv6_and_default_ports() {
        let d = discipline();
        let req = "OPTIONS sip:x@example.com SIP/2.0\r\n\
Via: SIP/2.0/TLS [2001:db8::10];branch=z9hG4bK6\r\n\
Record-Route: <sips:[2001:DB8:0::10];lr>, <sip:192.0.2.10;lr>\r\n\
From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\
Content-Length: 0\r\n\r\n";
        let mut m = Message::parse(req.as_bytes()).unwrap();
        assert!(d.rewrite(&mut m).unwrap());
        let expect = req
            .replace("TLS [2001:db8::10];", "TLS pbx.example.net;")
            .replace("<sips:[2001:DB8:0::10];lr>", "<sips:pbx.example.net;lr>")
            .replace("<sip:192.0.2.10;lr>", "<sip:pbx.example.net;lr>");
        assert_eq!(String::from_utf8_lossy(m.as_bytes()), expect);
    }

    #[test]
    fn own_uris_in_both_forms() {
        let d = discipline();
        for own in [
            "sip:192.0.2.10",
            "sip:192.0.2.10:5060;transport=tcp",
            "sip:192.0.2.10:5061;transport=TLS",
            "sips:192.0.2.10",
            "sip:[2001:db8::10]:5061;transport=tls",
            "sip:pbx.example.net;lr",
            "sip:PBX.EXAMPLE.NET.:5060",
            "sips:pbx.example.net",
            "sip:pbx.example.net:5061;transport=tls;lr",
        ] {
            assert!(d.is_own_uri_str(own), "{own}");
        }
        for other in [
            "sip:192.0.2.11",
            "sip:192.0.2.10:5070",
            "sip:192.0.2.10:5061;transport=udp",
            "sip:[2001:db8::10]",
            "sip:pbx2.example.net",
            "sip:pbx.example.net:5062",
            "tel:+14255550100",
            "not a uri",
        ] {
            assert!(!d.is_own_uri_str(other), "{other}");
        }
        assert_eq!(
            d.own_form(&Uri::parse("sip:pbx.example.net").unwrap()),
            Some(OwnForm::Name(0))
        );
        d.add_alias("pool.Example.net").unwrap();
        assert_eq!(
            d.own_form(&Uri::parse("sip:POOL.example.net:5061;transport=tls").unwrap()),
            Some(OwnForm::Name(1))
        );
        assert_eq!(
            d.own_form(&Uri::parse("sip:192.0.2.10:5061;transport=tls").unwrap()),
            Some(OwnForm::Address(2))
        );
    }

    #[test]
    fn no_addresses_means_default_ports() {
        let d = FqdnDiscipline::new("pbx.example.net", FqdnConfig::DEFAULT).unwrap();
        assert!(d.is_own_uri_str("sip:pbx.example.net"));
        assert!(d.is_own_uri_str("sip:pbx.example.net:5061;transport=tls"));
        assert!(!d.is_own_uri_str("sip:pbx.example.net:5070"));
    }

    #[test]
    fn recognises_requests_coming_back() {
        let d = discipline();
        let with_route = |route: &str, ruri: &str| {
            let route = if route.is_empty() {
                String::new()
            } else {
                format!("Route: {route}\r\n")
            };
            Message::parse(
                format!(
                    "BYE {ruri} SIP/2.0\r\nVia: SIP/2.0/TLS 10.1.1.1;branch=z9hG4bK1\r\n{route}\
From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 2 BYE\r\n\
Content-Length: 0\r\n\r\n"
                )
                .as_bytes(),
            )
            .unwrap()
        };
        let m = with_route(
            "<sip:Pbx.Example.Net:5061;transport=tls;lr>, <sip:gw.example.com;lr>",
            "sip:bob@10.9.9.9",
        );
        assert_eq!(d.recognise(&m), Some(OwnTarget::TopRoute));
        let m = with_route("<sip:gw.example.com;lr>", "sip:pbx.example.net");
        assert_eq!(d.recognise(&m), None);
        let m = with_route("", "sip:pbx.example.net;transport=tcp");
        assert_eq!(d.recognise(&m), Some(OwnTarget::RequestUri));
        let m = with_route("", "sip:bob@10.9.9.9");
        assert_eq!(d.recognise(&m), None);
        let resp = Message::parse(
            b"SIP/2.0 200 OK\r\nRoute: <sip:pbx.example.net;lr>\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(d.recognise(&resp), None);
    }

    #[test]
    fn bounds_and_refusals() {
        let cfg = FqdnConfig {
            max_addresses: 2,
            max_names: 2,
        };
        let d = FqdnDiscipline::new("pbx.example.net", cfg).unwrap();
        d.add_address("192.0.2.1", 5060, Transport::Udp).unwrap();
        d.add_address("192.0.2.1", 5060, Transport::Udp).unwrap();
        d.add_address("192.0.2.2", 5060, Transport::Udp).unwrap();
        assert_eq!(
            d.add_address("192.0.2.3", 5060, Transport::Udp),
            Err(PeerError::Limit("own addresses (max_addresses)"))
        );
        assert!(
            d.add_address("pbx.example.net", 5060, Transport::Udp)
                .is_err()
        );
        assert!(d.add_address("192.0.2.1", 0, Transport::Udp).is_err());
        d.add_alias("a.example.net").unwrap();
        d.add_alias("A.example.net").unwrap();
        assert!(matches!(
            d.add_alias("b.example.net"),
            Err(PeerError::Limit(_))
        ));
        assert!(matches!(d.add_alias("b"), Err(PeerError::BadFqdn(_))));
        assert_eq!(d.names(), vec!["pbx.example.net", "a.example.net"]);
        assert!(
            FqdnDiscipline::new(
                "pbx.example.net",
                FqdnConfig {
                    max_addresses: 0,
                    max_names: 1
                }
            )
            .is_err()
        );
    }
}
