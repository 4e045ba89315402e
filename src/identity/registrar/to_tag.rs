//! The registrar's To tags (RFC 3261 8.2.6.2, 19.3): the same for a retransmission of a
//! request, different across requests, and unguessable without the registrar's secret. A
//! keyed pseudo-random function of what identifies the request gives all three: SipHash-2-4
//! under a random 128-bit key, written as 16 hex digits (64 bits, where 19.3 asks for at
//! least 32 random bits). It costs a few hundred instructions where a cryptographic digest
//! of the same bytes costs thousands, on every response.

use crate::sip::{Message, NameAddr};

/// SipHash-2-4 over a stream of byte slices.
pub(crate) struct SipHash24 {
    v: [u64; 4],
    tail: u64,
    ntail: usize,
    len: usize,
}

impl SipHash24 {
    pub(crate) fn new(key: &[u8; 16]) -> SipHash24 {
        let mut k0 = [0u8; 8];
        let mut k1 = [0u8; 8];
        k0.copy_from_slice(&key[..8]);
        k1.copy_from_slice(&key[8..]);
        let (k0, k1) = (u64::from_le_bytes(k0), u64::from_le_bytes(k1));
        SipHash24 {
            v: [
                k0 ^ 0x736f_6d65_7073_6575,
                k1 ^ 0x646f_7261_6e64_6f6d,
                k0 ^ 0x6c79_6765_6e65_7261,
                k1 ^ 0x7465_6462_7974_6573,
            ],
            tail: 0,
            ntail: 0,
            len: 0,
        }
    }

    #[inline(always)]
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }

    fn block(&mut self, m: u64) {
        self.v[3] ^= m;
        Self::round(&mut self.v);
        Self::round(&mut self.v);
        self.v[0] ^= m;
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        let mut rest = bytes;
        while self.ntail != 0 && !rest.is_empty() {
            self.tail |= u64::from(rest[0]) << (8 * self.ntail);
            self.ntail = (self.ntail + 1) % 8;
            rest = &rest[1..];
            if self.ntail == 0 {
                let m = std::mem::take(&mut self.tail);
                self.block(m);
            }
        }
        if self.ntail != 0 {
            // All of `bytes` went into the tail.
            return;
        }
        let mut chunks = rest.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.block(u64::from_le_bytes(w));
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            self.tail |= u64::from(b) << (8 * i);
        }
        self.ntail = chunks.remainder().len();
    }

    pub(crate) fn finish(mut self) -> u64 {
        let m = self.tail | ((self.len as u64 & 0xff) << 56);
        self.block(m);
        self.v[2] ^= 0xff;
        for _ in 0..4 {
            Self::round(&mut self.v);
        }
        self.v[0] ^ self.v[1] ^ self.v[2] ^ self.v[3]
    }
}

/// The To tag of the responses to `req` under `key`: Call-ID, CSeq and From tag, hashed.
pub(crate) fn to_tag(key: &[u8; 16], req: &Message) -> String {
    let from = req.from().and_then(Result::ok);
    to_tag_of(key, req, from.as_ref().and_then(NameAddr::tag))
}

/// [`to_tag`] of `req` whose From tag is `from_tag` (read from From by the caller).
pub(crate) fn to_tag_of(key: &[u8; 16], req: &Message, from_tag: Option<&str>) -> String {
    let parts = [
        req.call_id().unwrap_or("").as_bytes(),
        &[0],
        req.header("CSeq").unwrap_or("").as_bytes(),
        &[0],
        from_tag.unwrap_or("").as_bytes(),
    ];
    // The parts gathered into one run when they fit, so the hash takes whole words rather
    // than the bytes around each cut one by one (the hash of the run is that of the parts).
    let mut run = [0u8; 256];
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut h = SipHash24::new(key);
    if len <= run.len() {
        let mut at = 0;
        for p in parts {
            run[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        h.write(&run[..len]);
    } else {
        parts.iter().for_each(|p| h.write(p));
    }
    let d = h.finish();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits: [u8; 16] = std::array::from_fn(|k| HEX[((d >> (4 * (15 - k))) & 0xf) as usize]);
    digits.iter().map(|&c| char::from(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(key: &[u8; 16], parts: &[&[u8]]) -> u64 {
        let mut h = SipHash24::new(key);
        for p in parts {
            h.write(p);
        }
        h.finish()
    }

    /// The test vectors of the SipHash paper (Aumasson, Bernstein 2012, appendix A): key
    /// 00..0f, message 00..0e, and the empty message.
    #[test]
    fn paper_vectors() {
        let key: [u8; 16] = std::array::from_fn(|i| i as u8);
        let msg: Vec<u8> = (0u8..15).collect();
        assert_eq!(hash(&key, &[&msg]), 0xa129_ca61_49be_45e5);
        assert_eq!(hash(&key, &[]), 0x726f_db47_dd0e_0e31);
    }

    /// The tag is the hash of Call-ID, CSeq and From tag with a 0 after the first two, as 16
    /// hex digits, whether the parts fit the gathering run or not.
    #[test]
    fn the_tag_hashes_the_three_parts() {
        let key: [u8; 16] = std::array::from_fn(|i| (i * 3) as u8);
        for call_id in ["c1", &"x".repeat(300)] {
            let text = format!(
                "REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
                 From: <sip:a@x>;tag=ft\r\nTo: <sip:a@x>\r\nCall-ID: {call_id}\r\n\
                 CSeq: 7 REGISTER\r\n\r\n"
            );
            let m = Message::parse(text.as_bytes()).unwrap();
            let parts: [&[u8]; 5] = [call_id.as_bytes(), &[0], b"7 REGISTER", &[0], b"ft"];
            let want = format!("{:016x}", hash(&key, &parts));
            assert_eq!(to_tag(&key, &m), want);
            assert_eq!(to_tag_of(&key, &m, Some("ft")), want);
        }
    }

    /// Any cut of the input into slices hashes as the whole.
    #[test]
    fn slices_hash_as_the_whole() {
        let key: [u8; 16] = std::array::from_fn(|i| (i * 7) as u8);
        let msg: Vec<u8> = (0u8..40).collect();
        let whole = hash(&key, &[&msg]);
        for a in 0..msg.len() {
            for b in a..msg.len() {
                assert_eq!(hash(&key, &[&msg[..a], &msg[a..b], &msg[b..]]), whole);
            }
        }
        assert_ne!(hash(&[0; 16], &[&msg]), whole, "the key counts");
    }
}
