//! The HMAC-SHA1 keys that sign routing state (MS-SIPRE 3.6.2.1, 3.6.5.1, 3.6.6): the newest
//! key signs; a key that a newer one replaced keeps verifying until its retention ends,
//! counted from the moment it was replaced (the last moment it could sign). The retention
//! depends on what the signature protects: [`Usage::Response`] (Via and Record-Route copied
//! from a request into its responses, 1 hour by default) or [`Usage::Dialog`] (URIs kept in
//! the dialog route set, 8 hours by default). Time is the host's clock in seconds.
//!
//! Shared across threads (`&self` methods, a `parking_lot` lock inside). Secrets never leave
//! through `Debug`, `Display` or an error: keys are named by their public [`KeyId`].

use super::error::RouteError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use parking_lot::RwLock;
use sha1::{Digest, Sha1};
use std::fmt;

/// The HMAC of a signature: HMAC-SHA1 (FIPS 198a), 20 bytes.
pub type Tag = [u8; 20];

/// Bytes of a key's secret.
pub const SECRET_LEN: usize = 32;

/// The public name of a key, written as `ms-key-info` (11 base64url characters): the first 8
/// bytes of SHA-1 over a label and the secret, so members of a pool name a key alike and the id
/// tells nothing of the secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    fn of_secret(secret: &[u8; SECRET_LEN]) -> KeyId {
        let d = Sha1::new()
            .chain_update(b"mssip route key id\0")
            .chain_update(secret)
            .finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&d[..8]);
        KeyId(id)
    }

    /// Reads the `ms-key-info` text form.
    pub fn parse(s: &str) -> Result<KeyId, RouteError> {
        let mut id = [0u8; 8];
        match URL_SAFE_NO_PAD.decode_slice(s, &mut id) {
            Ok(8) if s.len() == 11 => Ok(KeyId(id)),
            _ => Err(RouteError::Malformed("ms-key-info is not a key id")),
        }
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&URL_SAFE_NO_PAD.encode(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// What a signature protects, which sets how long a replaced key still verifies it
/// (MS-SIPRE 3.6.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Via and Record-Route copied from a request into its responses.
    Response,
    /// URIs kept in the dialog route set and sent back as Route.
    Dialog,
}

/// Retention times and size of a key ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRingConfig {
    /// Seconds a replaced key verifies [`Usage::Response`] signatures: 3600 by default (the
    /// SHOULD of 3.6.2.1: no earlier than 1 hour).
    pub response_retention_s: u64,
    /// Seconds a replaced key verifies [`Usage::Dialog`] signatures: 28800 by default (no
    /// earlier than 8 hours).
    pub dialog_retention_s: u64,
    /// Most keys held at once: 1024 by default.
    pub max_keys: usize,
}

impl Default for KeyRingConfig {
    fn default() -> KeyRingConfig {
        KeyRingConfig {
            response_retention_s: 3600,
            dialog_retention_s: 8 * 3600,
            max_keys: 1024,
        }
    }
}

impl KeyRingConfig {
    fn retention(&self, usage: Usage) -> u64 {
        match usage {
            Usage::Response => self.response_retention_s,
            Usage::Dialog => self.dialog_retention_s,
        }
    }

    fn longest(&self) -> u64 {
        self.response_retention_s.max(self.dialog_retention_s)
    }
}

/// One key: its secret, when it began to sign, and the HMAC state keyed with it.
struct Key {
    id: KeyId,
    created_s: u64,
    secret: [u8; SECRET_LEN],
    mac: Hmac<Sha1>,
}

impl Key {
    fn new(secret: [u8; SECRET_LEN], created_s: u64) -> Key {
        let mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        Key {
            id: KeyId::of_secret(&secret),
            created_s,
            secret,
            mac,
        }
    }

    fn mac_of(&self, parts: &[&[u8]]) -> Hmac<Sha1> {
        let mut m = self.mac.clone();
        for p in parts {
            m.update(p);
        }
        m
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        for b in self.secret.iter_mut() {
            // SAFETY: `b` is a valid, aligned, exclusive reference into our own array; the
            // volatile write only keeps the compiler from dropping the wipe.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

/// One key's id and keyed HMAC state, taken from the ring by [`KeyRing::signer`].
pub struct Signer {
    id: KeyId,
    mac: Hmac<Sha1>,
}

impl Signer {
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// HMAC-SHA1 over the concatenation of `parts`.
    pub fn sign(&self, parts: &[&[u8]]) -> Tag {
        let mut m = self.mac.clone();
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signer({})", self.id)
    }
}

/// The keys, oldest first (by start time, then id).
#[derive(Default)]
struct Keys(Vec<Key>);

impl Keys {
    /// When the key at `i` was replaced (the start of the next one); `None` for the newest.
    fn replaced_at(&self, i: usize) -> Option<u64> {
        self.0.get(i + 1).map(|k| k.created_s)
    }

    fn insert(&mut self, key: Key) -> bool {
        if self.0.iter().any(|k| k.id == key.id) {
            return false;
        }
        let at = self
            .0
            .partition_point(|k| (k.created_s, k.id) < (key.created_s, key.id));
        self.0.insert(at, key);
        true
    }

    /// Drops every key past its longest retention at `now_s`; how many went.
    fn expire(&mut self, now_s: u64, longest: u64) -> usize {
        let mut gone = 0;
        // Keys go oldest first: key i is gone once the key after it started `longest` ago.
        while self.0.len() > 1 && self.0[1].created_s.saturating_add(longest) <= now_s {
            self.0.remove(0);
            gone += 1;
        }
        gone
    }
}

/// A set of route-signing keys shared by every thread of a proxy and, through
/// [`KeyRing::export`] / [`KeyRing::import`], by every member of its pool.
pub struct KeyRing {
    config: KeyRingConfig,
    keys: RwLock<Keys>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.keys.read();
        let ids: Vec<(KeyId, u64)> = keys.0.iter().map(|k| (k.id, k.created_s)).collect();
        f.debug_struct("KeyRing")
            .field("config", &self.config)
            .field("keys (id, start)", &ids)
            .finish()
    }
}

const FILE_MAGIC: &[u8; 4] = b"MSKR";
const FILE_VERSION: u8 = 1;
const FILE_HEAD: usize = 4 + 1 + 2;
const FILE_KEY: usize = 8 + SECRET_LEN;
const FILE_CHECK: usize = 20;

impl KeyRing {
    /// An empty ring; [`KeyRing::rotate`] gives it its first key.
    pub fn new(config: KeyRingConfig) -> Result<KeyRing, RouteError> {
        if config.max_keys == 0 || config.max_keys > u16::MAX as usize {
            return Err(RouteError::BadArgument("max_keys must be 1 to 65535"));
        }
        Ok(KeyRing {
            config,
            keys: RwLock::new(Keys::default()),
        })
    }

    pub fn config(&self) -> &KeyRingConfig {
        &self.config
    }

    /// Starts a new signing key with a fresh random secret at `now_s`; the key it replaces
    /// keeps verifying for its retention. Keys past their retention are dropped first.
    pub fn rotate(&self, now_s: u64) -> Result<KeyId, RouteError> {
        let mut secret = [0u8; SECRET_LEN];
        getrandom::fill(&mut secret)
            .map_err(|_| RouteError::BadArgument("the system gave no random bytes"))?;
        self.rotate_with(now_s, secret)
    }

    /// As [`KeyRing::rotate`], with the secret given (e.g. from the host's own key store).
    /// A start time not after the newest key's is moved to one second after it, so the new
    /// key always signs (and a clock set back cannot shorten a retention).
    pub fn rotate_with(&self, now_s: u64, secret: [u8; SECRET_LEN]) -> Result<KeyId, RouteError> {
        let mut keys = self.keys.write();
        keys.expire(now_s, self.config.longest());
        if keys.0.len() >= self.config.max_keys {
            return Err(RouteError::KeyRingFull {
                max: self.config.max_keys,
            });
        }
        let start = keys
            .0
            .last()
            .map_or(now_s, |k| now_s.max(k.created_s.saturating_add(1)));
        let key = Key::new(secret, start);
        let id = key.id;
        if !keys.insert(key) {
            return Err(RouteError::BadArgument(
                "this secret is already in the ring",
            ));
        }
        Ok(id)
    }

    /// Signs the concatenation of `parts` with the newest key.
    pub fn sign(&self, parts: &[&[u8]]) -> Result<(KeyId, Tag), RouteError> {
        let signer = self.signer()?;
        Ok((signer.id, signer.sign(parts)))
    }

    /// The newest key's id with its keyed HMAC state, for a signature whose input names the
    /// key (the ring may rotate meanwhile; the signer keeps the key it was given).
    pub fn signer(&self) -> Result<Signer, RouteError> {
        let keys = self.keys.read();
        let key = keys.0.last().ok_or(RouteError::NoKey)?;
        Ok(Signer {
            id: key.id,
            mac: key.mac.clone(),
        })
    }

    /// Checks `tag` over `parts` with key `id`, in constant time. Fails with `UnknownKey`
    /// when the ring has no such key, `KeyExpired` when it was replaced longer ago than the
    /// retention of `usage` (even if it is still held for a longer use), `BadSignature` when
    /// the tag differs (a shorter or longer tag never matches).
    pub fn verify(
        &self,
        now_s: u64,
        usage: Usage,
        id: KeyId,
        parts: &[&[u8]],
        tag: &[u8],
    ) -> Result<(), RouteError> {
        let keys = self.keys.read();
        let i = keys
            .0
            .iter()
            .position(|k| k.id == id)
            .ok_or_else(|| RouteError::UnknownKey(id.to_string()))?;
        if let Some(replaced) = keys.replaced_at(i)
            && replaced.saturating_add(self.config.retention(usage)) <= now_s
        {
            return Err(RouteError::KeyExpired(id.to_string()));
        }
        keys.0[i]
            .mac_of(parts)
            .verify_slice(tag)
            .map_err(|_| RouteError::BadSignature)
    }

    /// Destroys the keys whose every retention has ended at `now_s` (MS-SIPRE 3.6.6); how many.
    pub fn expire(&self, now_s: u64) -> usize {
        self.keys.write().expire(now_s, self.config.longest())
    }

    /// The time (host clock, seconds) at which the oldest replaced key's last retention ends:
    /// when to call [`KeyRing::expire`] next. `None` while no key was replaced.
    pub fn next_expiry(&self) -> Option<u64> {
        let keys = self.keys.read();
        keys.replaced_at(0)
            .map(|t| t.saturating_add(self.config.longest()))
    }

    /// The id of the signing key, if any.
    pub fn newest(&self) -> Option<KeyId> {
        self.keys.read().0.last().map(|k| k.id)
    }

    /// The ids of all keys held, oldest first, with the time each began to sign.
    pub fn keys(&self) -> Vec<(KeyId, u64)> {
        self.keys
            .read()
            .0
            .iter()
            .map(|k| (k.id, k.created_s))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.keys.read().0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every key as bytes for [`KeyRing::import`] on another member of the pool (or after a
    /// restart). Format 1: `MSKR`, version byte `01`, the key count (2 bytes big endian), per
    /// key its start time (8 bytes big endian) and secret (32 bytes), then SHA-1 over all
    /// bytes before it. The bytes hold the secrets: store them as the host stores secrets.
    pub fn export(&self) -> Vec<u8> {
        let keys = self.keys.read();
        let mut out = Vec::with_capacity(FILE_HEAD + keys.0.len() * FILE_KEY + FILE_CHECK);
        out.extend_from_slice(FILE_MAGIC);
        out.push(FILE_VERSION);
        out.extend_from_slice(&(keys.0.len() as u16).to_be_bytes());
        for k in &keys.0 {
            out.extend_from_slice(&k.created_s.to_be_bytes());
            out.extend_from_slice(&k.secret);
        }
        let check = Sha1::digest(&out);
        out.extend_from_slice(&check);
        out
    }

    /// Adds the keys of an export that the ring does not hold yet, all or none, then drops
    /// keys past their retention at `now_s`; returns how many were added. The newest key of
    /// the union signs from then on. Refuses bytes in another format, of another version,
    /// cut short or changed (the check does not match), and a union larger than `max_keys`.
    pub fn import(&self, bytes: &[u8], now_s: u64) -> Result<usize, RouteError> {
        let bad = RouteError::BadKeyFile;
        if bytes.len() < FILE_HEAD + FILE_CHECK {
            return Err(bad("too short"));
        }
        if &bytes[..4] != FILE_MAGIC {
            return Err(bad("not a key ring export"));
        }
        if bytes[4] != FILE_VERSION {
            return Err(bad("unknown version"));
        }
        let count = u16::from_be_bytes([bytes[5], bytes[6]]) as usize;
        if bytes.len() != FILE_HEAD + count * FILE_KEY + FILE_CHECK {
            return Err(bad("length does not match the key count"));
        }
        let (body, check) = bytes.split_at(bytes.len() - FILE_CHECK);
        if Sha1::digest(body).as_slice() != check {
            return Err(bad("integrity check failed"));
        }
        let incoming: Vec<Key> = body[FILE_HEAD..]
            .chunks_exact(FILE_KEY)
            .map(|c| {
                let mut t = [0u8; 8];
                t.copy_from_slice(&c[..8]);
                let mut secret = [0u8; SECRET_LEN];
                secret.copy_from_slice(&c[8..]);
                Key::new(secret, u64::from_be_bytes(t))
            })
            .collect();
        let mut keys = self.keys.write();
        let fresh: Vec<Key> = incoming
            .into_iter()
            .filter(|k| keys.0.iter().all(|h| h.id != k.id))
            .collect();
        let mut ids: Vec<KeyId> = fresh.iter().map(|k| k.id).collect();
        ids.sort();
        ids.dedup();
        if ids.len() != fresh.len() {
            return Err(bad("a key is listed twice"));
        }
        if keys.0.len() + fresh.len() > self.config.max_keys {
            return Err(RouteError::KeyRingFull {
                max: self.config.max_keys,
            });
        }
        let added = fresh.len();
        for k in fresh {
            keys.insert(k);
        }
        keys.expire(now_s, self.config.longest());
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: u64 = 3600;

    fn ring() -> KeyRing {
        KeyRing::new(KeyRingConfig::default()).unwrap()
    }

    fn secret(n: u8) -> [u8; SECRET_LEN] {
        [n; SECRET_LEN]
    }

    #[test]
    fn hmac_sha1_is_the_rfc_2202_one() {
        // RFC 2202 test case 2 through the same keyed-state path, for a 4-byte key.
        let mac = <Hmac<Sha1> as KeyInit>::new_from_slice(b"Jefe").unwrap();
        let mut m = mac.clone();
        m.update(b"what do ya want ");
        m.update(b"for nothing?");
        let out: Tag = m.finalize().into_bytes().into();
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    #[test]
    fn newest_signs_and_older_keys_verify_until_their_retention() {
        let r = ring();
        assert_eq!(r.sign(&[b"x"]), Err(RouteError::NoKey));
        let k1 = r.rotate_with(1000, secret(1)).unwrap();
        let (id, tag) = r.sign(&[b"da", b"ta"]).unwrap();
        assert_eq!(id, k1);
        let v = |now, usage, parts: &[&[u8]], tag: &[u8]| r.verify(now, usage, k1, parts, tag);
        assert_eq!(v(1000, Usage::Dialog, &[b"data"], &tag), Ok(()));
        // Still the newest: no retention runs.
        assert_eq!(v(1000 + 100 * H, Usage::Response, &[b"data"], &tag), Ok(()));
        let k2 = r.rotate_with(2000, secret(2)).unwrap();
        assert_eq!(r.sign(&[b"data"]).unwrap().0, k2);
        assert_eq!(r.newest(), Some(k2));
        // Replaced at 2000: response use ends at 2000 + 1 h, dialog use at 2000 + 8 h.
        assert_eq!(v(2000 + H - 1, Usage::Response, &[b"data"], &tag), Ok(()));
        assert_eq!(
            v(2000 + H, Usage::Response, &[b"data"], &tag),
            Err(RouteError::KeyExpired(k1.to_string()))
        );
        assert_eq!(v(2000 + 8 * H - 1, Usage::Dialog, &[b"data"], &tag), Ok(()));
        assert_eq!(
            v(2000 + 8 * H, Usage::Dialog, &[b"data"], &tag),
            Err(RouteError::KeyExpired(k1.to_string()))
        );
        assert_eq!(r.next_expiry(), Some(2000 + 8 * H));
        assert_eq!(r.expire(2000 + 8 * H - 1), 0);
        assert_eq!(r.expire(2000 + 8 * H), 1);
        assert_eq!(
            v(2000 + 8 * H, Usage::Dialog, &[b"data"], &tag),
            Err(RouteError::UnknownKey(k1.to_string()))
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r.next_expiry(), None);
    }

    #[test]
    fn forged_truncated_or_changed_tags_never_verify() {
        let r = ring();
        let k = r.rotate_with(0, secret(3)).unwrap();
        let (_, tag) = r.sign(&[b"route"]).unwrap();
        assert_eq!(r.verify(0, Usage::Dialog, k, &[b"route"], &tag), Ok(()));
        assert_eq!(
            r.verify(0, Usage::Dialog, k, &[b"routf"], &tag),
            Err(RouteError::BadSignature)
        );
        for n in 0..tag.len() {
            assert_eq!(
                r.verify(0, Usage::Dialog, k, &[b"route"], &tag[..n]),
                Err(RouteError::BadSignature)
            );
            let mut t = tag;
            t[n] ^= 1;
            assert_eq!(
                r.verify(0, Usage::Dialog, k, &[b"route"], &t),
                Err(RouteError::BadSignature)
            );
        }
        let mut longer = tag.to_vec();
        longer.push(0);
        assert_eq!(
            r.verify(0, Usage::Dialog, k, &[b"route"], &longer),
            Err(RouteError::BadSignature)
        );
        // Another ring's key of the same id cannot exist; a made-up id is unknown.
        let other = KeyId([9; 8]);
        assert_eq!(
            r.verify(0, Usage::Dialog, other, &[b"route"], &tag),
            Err(RouteError::UnknownKey(other.to_string()))
        );
    }

    #[test]
    fn key_ids_read_back_and_refuse_other_text() {
        let id = KeyId::of_secret(&secret(4));
        let s = id.to_string();
        assert_eq!(s.len(), 11);
        assert_eq!(KeyId::parse(&s), Ok(id));
        for bad in ["", "abc", "AAAAAAAAAAAA", "AAAAAAAAAA=", "AAAAAAAAA+A"] {
            assert!(KeyId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_stay_out_of_debug_and_errors() {
        let r = ring();
        let s = [0xA5u8; SECRET_LEN];
        let id = r.rotate_with(5, s).unwrap();
        let dbg = format!("{r:?}");
        assert!(dbg.contains(&id.to_string()));
        let hex: String = s.iter().map(|b| format!("{b:02x}")).collect();
        let b64 = URL_SAFE_NO_PAD.encode(s);
        let dec: String = s.iter().map(|b| format!("{b}, ")).collect();
        for leak in [&hex[..16], &b64[..16], &dec[..20], "165, 165"] {
            assert!(!dbg.contains(leak), "{dbg}");
        }
        let errs = [
            r.rotate_with(6, s).unwrap_err(),
            r.import(b"MSKR", 0).unwrap_err(),
            r.verify(0, Usage::Dialog, id, &[b"x"], &[0; 20])
                .unwrap_err(),
        ];
        for e in errs {
            let t = format!("{e} {e:?}");
            assert!(!t.contains(&hex[..16]) && !t.contains(&b64[..16]) && !t.contains("165"));
        }
    }

    #[test]
    fn rotation_keeps_order_and_bounds() {
        let r = KeyRing::new(KeyRingConfig {
            max_keys: 2,
            ..Default::default()
        })
        .unwrap();
        r.rotate_with(100, secret(1)).unwrap();
        // A clock set back still gives a key that signs.
        let k2 = r.rotate_with(50, secret(2)).unwrap();
        assert_eq!(r.newest(), Some(k2));
        assert_eq!(r.keys()[1], (k2, 101));
        // Keys started in the same second still sign in the order they came.
        let same = ring();
        for n in 0..20 {
            let k = same.rotate_with(7, secret(n)).unwrap();
            assert_eq!(same.newest(), Some(k));
        }
        assert_eq!(
            r.rotate_with(101, secret(3)),
            Err(RouteError::KeyRingFull { max: 2 })
        );
        // Once the first key's retention ends it makes room.
        assert!(r.rotate_with(101 + 8 * H, secret(3)).is_ok());
        assert_eq!(r.len(), 2);
        assert!(r.rotate(100 + 8 * H + 1).is_err() || r.len() == 2);
        assert!(
            KeyRing::new(KeyRingConfig {
                max_keys: 0,
                ..Default::default()
            })
            .is_err()
        );
        let fresh = ring();
        let a = fresh.rotate(0).unwrap();
        let b = fresh.rotate(0).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn export_import_shares_keys_across_a_pool() {
        let a = ring();
        let k1 = a.rotate_with(10, secret(1)).unwrap();
        let b = ring();
        assert_eq!(b.import(&a.export(), 10), Ok(1));
        let (_, tag) = a.sign(&[b"x"]).unwrap();
        assert_eq!(b.verify(10, Usage::Dialog, k1, &[b"x"], &tag), Ok(()));
        assert_eq!(b.sign(&[b"x"]).unwrap(), (k1, tag));
        // A rotates; B learns the new key and signs with it; importing again adds nothing.
        let k2 = a.rotate_with(20, secret(2)).unwrap();
        assert_eq!(b.import(&a.export(), 20), Ok(1));
        assert_eq!(b.newest(), Some(k2));
        assert_eq!(b.import(&a.export(), 20), Ok(0));
        assert_eq!(b.keys(), a.keys());
        // Keys past their retention are not brought back.
        let c = ring();
        assert_eq!(c.import(&a.export(), 20 + 8 * H), Ok(2));
        assert_eq!(c.len(), 1);
        let empty = ring().export();
        assert_eq!(empty.len(), FILE_HEAD + FILE_CHECK);
        assert_eq!(ring().import(&empty, 0), Ok(0));
    }

    #[test]
    fn the_format_is_as_documented() {
        // What fuzz/seed.sh writes by hand: one key started at 1000000, secret 32 x 'A'.
        let mut b = b"MSKR\x01\x00\x01".to_vec();
        b.extend_from_slice(&1_000_000u64.to_be_bytes());
        b.extend_from_slice(&[b'A'; SECRET_LEN]);
        let check = Sha1::digest(&b);
        b.extend_from_slice(&check);
        let r = ring();
        assert_eq!(r.import(&b, 1_000_000), Ok(1));
        assert_eq!(r.keys()[0].1, 1_000_000);
        assert_eq!(r.export(), b);
    }

    #[test]
    fn import_refuses_other_bytes_and_changes_nothing() {
        let a = ring();
        a.rotate_with(1, secret(1)).unwrap();
        a.rotate_with(2, secret(2)).unwrap();
        let good = a.export();
        let b = ring();
        let e = |bytes: &[u8]| b.import(bytes, 2).unwrap_err();
        for cut in 0..good.len() {
            assert!(
                matches!(e(&good[..cut]), RouteError::BadKeyFile(_)),
                "{cut}"
            );
        }
        for i in 0..good.len() {
            let mut x = good.clone();
            x[i] ^= 0x40;
            assert!(matches!(e(&x), RouteError::BadKeyFile(_)), "{i}");
        }
        let mut v2 = good.clone();
        v2[4] = 2;
        assert_eq!(e(&v2), RouteError::BadKeyFile("unknown version"));
        let mut twice = good[..FILE_HEAD].to_vec();
        twice[6] = 2;
        twice.extend_from_slice(&good[FILE_HEAD..FILE_HEAD + FILE_KEY]);
        twice.extend_from_slice(&good[FILE_HEAD..FILE_HEAD + FILE_KEY]);
        let check = Sha1::digest(&twice);
        twice.extend_from_slice(&check);
        assert_eq!(e(&twice), RouteError::BadKeyFile("a key is listed twice"));
        let small = KeyRing::new(KeyRingConfig {
            max_keys: 1,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            small.import(&good, 2),
            Err(RouteError::KeyRingFull { max: 1 })
        );
        assert!(b.is_empty() && small.is_empty());
    }
}
