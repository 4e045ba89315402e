//! `mssip_keyring`: the route-signing keys of MS-SIPRE 3.6 (newest signs, replaced keys verify
//! for their retention), rotated on the host's schedule and shared across the pool as bytes.

use super::boundary::{Failure, guard};
use super::handle::{borrow_shared, free_shared, into_shared_handle, mssip_keyring};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes};
use crate::routeset::{KeyRing, KeyRingConfig, RouteError, SECRET_LEN};

/// The stable code for each route-set error. Exhaustive on purpose: a new variant must be
/// given its own number. Messages name keys by id only, never by secret.
impl From<RouteError> for Failure {
    fn from(e: RouteError) -> Failure {
        let code = match &e {
            RouteError::NoState(_) => mssip_result::MSSIP_E_ROUTE_NO_STATE,
            RouteError::Malformed(_) => mssip_result::MSSIP_E_ROUTE_MALFORMED,
            RouteError::BadSignature => mssip_result::MSSIP_E_ROUTE_BAD_SIGNATURE,
            RouteError::UnknownKey(_) => mssip_result::MSSIP_E_ROUTE_UNKNOWN_KEY,
            RouteError::KeyExpired(_) => mssip_result::MSSIP_E_ROUTE_KEY_EXPIRED,
            RouteError::NoKey => mssip_result::MSSIP_E_KEYRING_EMPTY,
            RouteError::KeyRingFull { .. } => mssip_result::MSSIP_E_KEYRING_FULL,
            RouteError::BadKeyFile(_) => mssip_result::MSSIP_E_KEYRING_BAD_DATA,
            RouteError::BadArgument(_) => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            RouteError::Limit(_) => mssip_result::MSSIP_E_LIMIT,
            RouteError::Edit(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

/// Creates an empty key ring. `response_retention_s`: seconds a replaced key still verifies
/// Via / Record-Route copied into responses (0: 3600, MS-SIPRE 3.6.2.1); `dialog_retention_s`:
/// seconds it verifies route-set URIs (0: 28800); `max_keys`: most keys held (0: 1024, at most
/// 65535). Give it a key with `mssip_keyring_rotate` or `mssip_keyring_import`.
///
/// Ownership: on success `*out` receives a new ring; free it with `mssip_keyring_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (max_keys above 65535); `MSSIP_E_NULL`.
/// Thread safety: the ring is shared; every call may come from any thread at the same time.
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_new(
    response_retention_s: u64,
    dialog_retention_s: u64,
    max_keys: usize,
    out: *mut *mut mssip_keyring,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let d = KeyRingConfig::default();
        let or = |v: u64, dflt: u64| if v == 0 { dflt } else { v };
        let ring = KeyRing::new(KeyRingConfig {
            response_retention_s: or(response_retention_s, d.response_retention_s),
            dialog_retention_s: or(dialog_retention_s, d.dialog_retention_s),
            max_keys: if max_keys == 0 { d.max_keys } else { max_keys },
        })?;
        out.write(into_shared_handle::<mssip_keyring>(ring));
        Ok(())
    })
}

/// Frees a ring; NULL is accepted. Secrets are overwritten as their keys go.
///
/// Thread safety: no other call on `ring` may run at the same time or after.
///
/// # Safety
/// `ring` is NULL or a ring from `mssip_keyring_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_free(ring: *mut mssip_keyring) {
    // SAFETY: caller contract.
    unsafe { free_shared(ring) }
}

/// Starts a new signing key at the host's clock `now_s` (seconds): with a fresh random secret
/// when `secret` is NULL, else with the `secret_len` (32) bytes given. The key it replaces keeps
/// verifying for its retention; keys past every retention are destroyed first.
///
/// Errors: `MSSIP_E_KEYRING_FULL` (max_keys still retained: rotate less often);
/// `MSSIP_E_INVALID_ARGUMENT` (secret_len not 32, or that secret is already in the ring);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Nothing changes on error.
/// Thread safety: callable from any thread at the same time as other calls on the ring.
///
/// # Safety
/// `ring` is NULL or a live ring; `secret` is NULL or readable for `secret_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_rotate(
    ring: *const mssip_keyring,
    now_s: u64,
    secret: *const u8,
    secret_len: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let ring = unsafe { borrow_shared(ring, "ring") }?;
        if secret.is_null() {
            ring.rotate(now_s)?;
            return Ok(());
        }
        // SAFETY: caller contract.
        let s = unsafe { arg_bytes(secret, secret_len, "secret") }?;
        let s: [u8; SECRET_LEN] = s.try_into().map_err(|_| {
            Failure::new(
                mssip_result::MSSIP_E_INVALID_ARGUMENT,
                "secret_len must be 32".to_owned(),
            )
        })?;
        ring.rotate_with(now_s, s)?;
        Ok(())
    })
}

/// Destroys the keys whose every retention has ended at `now_s` (MS-SIPRE 3.6.6) and writes
/// how many went to `*removed` (optional: may be NULL). `*next_s` (optional) receives the time
/// to call again (when the next replaced key's last retention ends), or 0 when no key was
/// replaced.
///
/// Errors: `MSSIP_E_NULL` (ring); `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the ring.
///
/// # Safety
/// `ring` is NULL or a live ring; `removed` and `next_s` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_expire(
    ring: *const mssip_keyring,
    now_s: u64,
    removed: *mut usize,
    next_s: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let ring = unsafe { borrow_shared(ring, "ring") }?;
        let n = ring.expire(now_s);
        // SAFETY: caller contract; NULL means not wanted.
        if let Ok(out) = unsafe { Out::new(removed, "removed") } {
            out.write(n);
        }
        // SAFETY: caller contract; NULL means not wanted.
        if let Ok(out) = unsafe { Out::new(next_s, "next_s") } {
            out.write(ring.next_expiry().unwrap_or(0));
        }
        Ok(())
    })
}

/// Writes the number of keys held to `*count`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the ring.
///
/// # Safety
/// `ring` is NULL or a live ring; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_count(
    ring: *const mssip_keyring,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (ring, count) = unsafe { (borrow_shared(ring, "ring")?, Out::new(count, "count")?) };
        count.write(ring.len());
        Ok(())
    })
}

/// Copies every key into `out` for `mssip_keyring_import` on another member of the pool or
/// after a restart (format 1: "MSKR", a version byte, a key count, per key its start time and
/// secret, then a SHA-1 integrity check). The bytes hold the secrets: store them as the host
/// stores secrets (e.g. a file only the server's user reads). No NUL is appended.
///
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` with the size needed in `*out_len` (pass out = NULL,
/// cap = 0 to ask); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the ring.
///
/// # Safety
/// `ring` is NULL or a live ring; `out` is NULL or writable for `cap` bytes; `out_len` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_export(
    ring: *const mssip_keyring,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (ring, buf) = unsafe {
            (
                borrow_shared(ring, "ring")?,
                OutBuf::new(out, cap, out_len)?,
            )
        };
        buf.put_bytes(&ring.export())
    })
}

/// Adds the keys of an export (`mssip_keyring_export`) that the ring does not hold, all or
/// none, then destroys keys past their retention at `now_s`; `*added` (optional, may be NULL)
/// receives how many were added. The newest key of the union signs from then on.
///
/// Errors: `MSSIP_E_KEYRING_BAD_DATA` (not an export, another version, cut short or changed);
/// `MSSIP_E_KEYRING_FULL`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Nothing changes on error.
/// Thread safety: callable from any thread at the same time as other calls on the ring.
///
/// # Safety
/// `ring` is NULL or a live ring; `data` is readable for `len` bytes; `added` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_keyring_import(
    ring: *const mssip_keyring,
    data: *const u8,
    len: usize,
    now_s: u64,
    added: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (ring, data) = unsafe { (borrow_shared(ring, "ring")?, arg_bytes(data, len, "data")?) };
        let n = ring.import(data, now_s)?;
        // SAFETY: caller contract; NULL means not wanted.
        if let Ok(out) = unsafe { Out::new(added, "added") } {
            out.write(n);
        }
        Ok(())
    })
}
