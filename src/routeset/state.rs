//! The dialog state a proxy carries in its Record-Route URI (MS-SIPRE 3.6.3): what it needs to
//! route the dialog's later requests, packed into bytes and written as the base64url (RFC 4648
//! section 5, the RFC 3548 section 4 alphabet 3.6.3 names) value of `opaque=state:` (2.2.1).
//!
//! Bytes, version 1: `01`, a presence byte (bit 0 connection id, 1 binding, 2 caller, 3
//! callee, 4 data), then the fields present in that order: the connection id as 8 bytes big
//! endian, each text as one length byte and UTF-8, the data as a 2-byte big-endian length and
//! its bytes. Nothing else may follow.

use super::error::RouteError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const VERSION: u8 = 1;
const CONN: u8 = 1;
const BINDING: u8 = 2;
const CALLER: u8 = 4;
const CALLEE: u8 = 8;
const DATA: u8 = 16;

/// What a proxy remembers about a dialog, inside the dialog's route set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteState {
    /// The connection (MS-SIPRE 3.5 `ms-received-cid`) toward the endpoint this proxy serves.
    pub conn_id: Option<u64>,
    /// The registration binding the dialog relies on (the host's own key for it).
    pub binding: Option<String>,
    /// The identity of the endpoint that created the dialog (UAC).
    pub caller: Option<String>,
    /// The identity of the endpoint the dialog was created toward (UAS).
    pub callee: Option<String>,
    /// Whatever else the host attaches; opaque to the library.
    pub data: Vec<u8>,
}

/// Bounds on state read from the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateLimits {
    /// Most bytes of packed state (before base64url): 512 by default.
    pub max_state: usize,
}

impl Default for StateLimits {
    fn default() -> StateLimits {
        StateLimits { max_state: 512 }
    }
}

fn malformed(what: &'static str) -> RouteError {
    RouteError::Malformed(what)
}

impl RouteState {
    /// The packed bytes (version 1). Fails when a text is longer than 255 bytes or the data
    /// longer than 65535.
    pub fn to_bytes(&self) -> Result<Vec<u8>, RouteError> {
        let mut out = Vec::with_capacity(16 + self.data.len());
        out.push(VERSION);
        out.push(0);
        let mut flags = 0;
        if let Some(c) = self.conn_id {
            flags |= CONN;
            out.extend_from_slice(&c.to_be_bytes());
        }
        for (bit, text) in [
            (BINDING, &self.binding),
            (CALLER, &self.caller),
            (CALLEE, &self.callee),
        ] {
            if let Some(t) = text {
                let len = u8::try_from(t.len()).map_err(|_| {
                    RouteError::BadArgument("a state text is longer than 255 bytes")
                })?;
                flags |= bit;
                out.push(len);
                out.extend_from_slice(t.as_bytes());
            }
        }
        if !self.data.is_empty() {
            let len = u16::try_from(self.data.len())
                .map_err(|_| RouteError::BadArgument("state data is longer than 65535 bytes"))?;
            flags |= DATA;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&self.data);
        }
        out[1] = flags;
        Ok(out)
    }

    /// Reads packed bytes; refuses an unknown version or flag, a short field, bad UTF-8 or
    /// bytes left over.
    pub fn from_bytes(b: &[u8]) -> Result<RouteState, RouteError> {
        let (&version, rest) = b.split_first().ok_or(malformed("empty state"))?;
        if version != VERSION {
            return Err(malformed("unknown state version"));
        }
        let (&flags, mut rest) = rest.split_first().ok_or(malformed("state ends early"))?;
        if flags & !(CONN | BINDING | CALLER | CALLEE | DATA) != 0 {
            return Err(malformed("unknown state field"));
        }
        let mut take = |n: usize| -> Result<&[u8], RouteError> {
            if rest.len() < n {
                return Err(malformed("state ends early"));
            }
            let (head, tail) = rest.split_at(n);
            rest = tail;
            Ok(head)
        };
        let mut st = RouteState::default();
        if flags & CONN != 0 {
            let mut c = [0u8; 8];
            c.copy_from_slice(take(8)?);
            st.conn_id = Some(u64::from_be_bytes(c));
        }
        for bit in [BINDING, CALLER, CALLEE] {
            if flags & bit == 0 {
                continue;
            }
            let len = take(1)?[0] as usize;
            let text = std::str::from_utf8(take(len)?)
                .map_err(|_| malformed("state text is not UTF-8"))?
                .to_owned();
            match bit {
                BINDING => st.binding = Some(text),
                CALLER => st.caller = Some(text),
                _ => st.callee = Some(text),
            }
        }
        if flags & DATA != 0 {
            let l = take(2)?;
            let len = u16::from_be_bytes([l[0], l[1]]) as usize;
            if len == 0 {
                return Err(malformed("empty state data is written as absent"));
            }
            st.data = take(len)?.to_vec();
        }
        if !rest.is_empty() {
            return Err(malformed("bytes after the state"));
        }
        Ok(st)
    }

    /// The value after `opaque=state:`: the packed bytes in base64url without padding.
    pub fn encode(&self, limits: &StateLimits) -> Result<String, RouteError> {
        let mut out = String::new();
        self.encode_into(limits, &mut out)?;
        Ok(out)
    }

    /// [`RouteState::encode`] appended to `out`.
    pub fn encode_into(&self, limits: &StateLimits, out: &mut String) -> Result<(), RouteError> {
        let b = self.to_bytes()?;
        if b.len() > limits.max_state {
            return Err(RouteError::Limit("packed state is longer than max_state"));
        }
        URL_SAFE_NO_PAD.encode_string(b, out);
        Ok(())
    }

    /// Reads the value after `opaque=state:`.
    pub fn decode(s: &str, limits: &StateLimits) -> Result<RouteState, RouteError> {
        let b = decode_b64(s, limits.max_state, "state is not base64url")?;
        RouteState::from_bytes(&b)
    }
}

/// Decodes base64url without padding, refusing text that would give more than `max` bytes.
pub(crate) fn decode_b64(s: &str, max: usize, what: &'static str) -> Result<Vec<u8>, RouteError> {
    if s.len() > max.div_ceil(3) * 4 {
        return Err(RouteError::Limit("encoded value is longer than its limit"));
    }
    let b = URL_SAFE_NO_PAD.decode(s).map_err(|_| malformed(what))?;
    if b.len() > max {
        return Err(RouteError::Limit("encoded value is longer than its limit"));
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> RouteState {
        RouteState {
            conn_id: Some(0x0000_0001_0000_002A),
            binding: Some("alice@contoso.com;urn:uuid:0a".into()),
            caller: Some("sip:alice@contoso.com".into()),
            callee: Some("sip:bob@contoso.com".into()),
            data: vec![0, 1, 2, 255],
        }
    }

    #[test]
    fn round_trips_every_shape() {
        let l = StateLimits::default();
        for st in [
            RouteState::default(),
            full(),
            RouteState {
                conn_id: Some(7),
                ..Default::default()
            },
            RouteState {
                callee: Some(String::new()),
                ..Default::default()
            },
        ] {
            let enc = st.encode(&l).unwrap();
            // base64url: every character is a paramchar (RFC 3261 25.1), so it fits a pvalue.
            assert!(
                crate::ext::pvalue::is_pvalue(&enc) || enc.len() <= 3,
                "{enc}"
            );
            assert_eq!(RouteState::decode(&enc, &l).unwrap(), st);
        }
        assert_eq!(RouteState::default().to_bytes().unwrap(), vec![1, 0]);
        assert_eq!(
            RouteState {
                conn_id: Some(0x2A),
                ..Default::default()
            }
            .encode(&l)
            .unwrap(),
            "AQEAAAAAAAAAKg"
        );
    }

    #[test]
    fn refuses_what_it_did_not_write() {
        let good = full().to_bytes().unwrap();
        for cut in 0..good.len() {
            assert!(RouteState::from_bytes(&good[..cut]).is_err(), "cut {cut}");
        }
        let mut extra = good.clone();
        extra.push(0);
        assert_eq!(
            RouteState::from_bytes(&extra),
            Err(malformed("bytes after the state"))
        );
        assert_eq!(
            RouteState::from_bytes(&[2, 0]),
            Err(malformed("unknown state version"))
        );
        assert_eq!(
            RouteState::from_bytes(&[1, 0x20]),
            Err(malformed("unknown state field"))
        );
        assert_eq!(
            RouteState::from_bytes(&[1, BINDING, 1, 0xFF]),
            Err(malformed("state text is not UTF-8"))
        );
        assert_eq!(
            RouteState::from_bytes(&[1, DATA, 0, 0]),
            Err(malformed("empty state data is written as absent"))
        );
        let l = StateLimits::default();
        assert!(matches!(
            RouteState::decode("AQ=A", &l),
            Err(RouteError::Malformed(_))
        ));
        assert!(matches!(
            RouteState::decode("A", &l),
            Err(RouteError::Malformed(_))
        ));
        // MS-SIPRE 4.6 prints a product's own state ("F:T:Ci.D1100:Ti...."): ':' and '.' are
        // not base64url, so it is not state this library wrote.
        assert!(RouteState::decode("F:T:Ci.D1100:Ti.dyHFp3e3J0mXFhCDvmsQ7QAA", &l).is_err());
    }

    #[test]
    fn limits_hold_both_ways() {
        let small = StateLimits { max_state: 8 };
        assert!(matches!(full().encode(&small), Err(RouteError::Limit(_))));
        let enc = full().encode(&StateLimits::default()).unwrap();
        assert!(matches!(
            RouteState::decode(&enc, &small),
            Err(RouteError::Limit(_))
        ));
        let long = RouteState {
            caller: Some("x".repeat(256)),
            ..Default::default()
        };
        assert!(matches!(long.to_bytes(), Err(RouteError::BadArgument(_))));
        let big = RouteState {
            data: vec![0; 65536],
            ..Default::default()
        };
        assert!(matches!(big.to_bytes(), Err(RouteError::BadArgument(_))));
    }
}
