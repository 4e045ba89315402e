//! One record of the location service: what a registrar learned from a REGISTER about one
//! endpoint of an address-of-record (RFC 3261 10.3, MS-SIPRE 3.2.5.2, 3.3.5.1, 3.4.5.1).

/// A binding of a contact to an address-of-record.
///
/// Times are the host's clock in seconds (the `now_s` passed to every call): a binding is live
/// while `expires_at > now`.
#[derive(Debug, PartialEq, Eq)]
pub struct Binding {
    /// The canonical address-of-record, `sip:user@domain` (RFC 3261 10.3 step 5).
    pub aor: String,
    /// Tells the bindings of one address-of-record apart: the `+sip.instance` URN in lower
    /// case when the Contact had one, otherwise the Contact URI as first registered.
    pub key: String,
    /// The Contact URI as registered, after the host's NAT processing rewrote it (MS-SIPRE
    /// 3.5): where requests for this binding go.
    pub contact: String,
    /// The epid of the From header of the REGISTER (MS-SIPRE 3.2.5.2).
    pub epid: Option<String>,
    /// The `+sip.instance` URN of the Contact, as written (MS-SIPRE 3.3.5.1).
    pub instance: Option<String>,
    /// The user-agent GRUU the registrar minted for this binding (MS-SIPRE 3.4.5.1), in the
    /// form of MS-SIPRE 4.3.
    pub gruu: Option<String>,
    /// The Path header values of the REGISTER, in order (RFC 3327 5.3): the Route a request
    /// to this binding takes.
    pub path: Vec<String>,
    /// Call-ID of the REGISTER that last wrote the binding (RFC 3261 10.3 step 7).
    pub call_id: String,
    /// CSeq number of that REGISTER.
    pub cseq: u32,
    /// When the binding expires, on the host's clock.
    pub expires_at: u64,
    /// The host's identifier of the connection the REGISTER came in on (0 for UDP).
    pub conn_id: u64,
    /// False once the host reported that connection closed: the binding cannot be reached
    /// until the endpoint registers again (the Routable flag MS-SIPRE 3.7.5.2 checks).
    pub routable: bool,
}

/// Written out so that `clone_from` reuses the text buffers of the binding it overwrites (a
/// refresh in the location store writes a binding over its older self).
impl Clone for Binding {
    fn clone(&self) -> Binding {
        Binding {
            aor: self.aor.clone(),
            key: self.key.clone(),
            contact: self.contact.clone(),
            epid: self.epid.clone(),
            instance: self.instance.clone(),
            gruu: self.gruu.clone(),
            path: self.path.clone(),
            call_id: self.call_id.clone(),
            cseq: self.cseq,
            expires_at: self.expires_at,
            conn_id: self.conn_id,
            routable: self.routable,
        }
    }

    fn clone_from(&mut self, b: &Binding) {
        self.aor.clone_from(&b.aor);
        self.key.clone_from(&b.key);
        self.contact.clone_from(&b.contact);
        self.epid.clone_from(&b.epid);
        self.instance.clone_from(&b.instance);
        self.gruu.clone_from(&b.gruu);
        self.path.clone_from(&b.path);
        self.call_id.clone_from(&b.call_id);
        self.cseq = b.cseq;
        self.expires_at = b.expires_at;
        self.conn_id = b.conn_id;
        self.routable = b.routable;
    }
}

impl Binding {
    /// Not yet expired at `now`.
    pub fn is_live(&self, now: u64) -> bool {
        self.expires_at > now
    }

    /// Live and reachable: a request can be sent to it.
    pub fn is_usable(&self, now: u64) -> bool {
        self.is_live(now) && self.routable
    }

    /// Seconds left at `now` (0 once expired).
    pub fn remaining(&self, now: u64) -> u64 {
        self.expires_at.saturating_sub(now)
    }
}

/// A binding for tests: `contact` is `sip:<key>`, epid, instance, GRUU and Path empty.
#[cfg(test)]
pub(crate) fn sample(aor: &str, key: &str, expires_at: u64, conn_id: u64) -> Binding {
    Binding {
        aor: aor.into(),
        key: key.into(),
        contact: format!("sip:{key}"),
        epid: None,
        instance: None,
        gruu: None,
        path: vec![],
        call_id: "c".into(),
        cseq: 1,
        expires_at,
        conn_id,
        routable: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liveness_follows_the_host_clock() {
        let mut b = sample("sip:alice@contoso.com", "192.0.2.1", 100, 7);
        assert!(b.is_live(99) && b.is_usable(99));
        assert!(!b.is_live(100));
        assert_eq!(b.remaining(40), 60);
        assert_eq!(b.remaining(400), 0);
        b.routable = false;
        assert!(b.is_live(99) && !b.is_usable(99));
    }
}
