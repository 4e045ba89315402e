//! `mssip_profile_store`: location profiles by name and each user's default profile (MS-SIPRE
//! 3.8.1.2), in memory or on the host's own store (see `profile_store_callbacks.rs`); the
//! answer to a SERVICE for a location profile (3.8.5.1) and the SERVICE request a user agent
//! sends (3.8.4.1).

use std::ffi::c_char;
use std::sync::Arc;

use super::boundary::{Failure, guard};
use super::handle::{
    borrow, borrow_shared, free_shared, into_handle, into_shared_handle, mssip_dialplan, mssip_msg,
    mssip_profile_store,
};
use super::result::mssip_result;
use super::text::{Out, arg_str, opt_str};
use crate::dialplan::{
    Dialplan, MemoryProfileStore, ProfileChoice, ProfileService, ProfileUser, ServiceError,
    ServiceRequest, StoreError,
};
use crate::ext::{Aor, PhoneContext};

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        let code = match &e {
            StoreError::Backend(_) => mssip_result::MSSIP_E_PROFILE_BACKEND,
            StoreError::Unsupported(_) => mssip_result::MSSIP_E_PROFILE_STORE_UNSUPPORTED,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Failure {
        match e {
            ServiceError::NotProfileService(_) => {
                Failure::new(mssip_result::MSSIP_E_NOT_PROFILE_SERVICE, e.to_string())
            }
            ServiceError::Response(s) => Failure::from(s),
        }
    }
}

fn aor_arg(text: &str) -> Result<Aor, Failure> {
    Aor::parse(text).map_err(|e| Failure::invalid(format!("aor: {e}")))
}

/// Creates an empty in-memory profile store answering for `domain` (e.g. `contoso.com`).
///
/// Ownership: `*out` receives a new store; free it with `mssip_profile_store_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (an empty domain); `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: the store is shared; any number of threads may use it at once.
///
/// # Safety
/// `domain` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_new(
    domain: *const c_char,
    out: *mut *mut mssip_profile_store,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (domain, out) = unsafe { (arg_str(domain, "domain")?, Out::new(out, "out")?) };
        out.write(into_shared_handle::<mssip_profile_store>(new_service(
            domain,
            Arc::new(MemoryProfileStore::new()),
        )?));
        Ok(())
    })
}

/// The service for `domain` on `store`, refusing an empty domain.
pub(crate) fn new_service(
    domain: &str,
    store: Arc<dyn crate::dialplan::ProfileStore>,
) -> Result<ProfileService, Failure> {
    if domain.is_empty() {
        return Err(Failure::invalid("domain is empty"));
    }
    Ok(ProfileService::new(domain, store))
}

/// Frees a profile store (one reference: profiles handed out by it live on). NULL is
/// accepted and ignored.
/// Thread safety: no other thread may be using this reference.
///
/// # Safety
/// `store` is NULL or a store from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_free(store: *mut mssip_profile_store) {
    // SAFETY: caller contract.
    unsafe { free_shared(store) }
}

/// Adds a loaded profile (from `mssip_dialplan_parse`), or replaces the one with the same
/// name (names compare ignoring ASCII case). The store shares the plan: free your handle when
/// you no longer need it.
///
/// Errors: `MSSIP_E_PROFILE_STORE_UNSUPPORTED` (a host store); `MSSIP_E_NULL`.
/// Thread safety: shared.
///
/// # Safety
/// `store` and `plan` are NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_add(
    store: *const mssip_profile_store,
    plan: *const mssip_dialplan,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, plan) =
            unsafe { (borrow_shared(store, "store")?, borrow_shared(plan, "plan")?) };
        store.store().put_profile(Arc::clone(plan))?;
        Ok(())
    })
}

/// Removes the profile called `name`; `*removed` says whether there was one.
///
/// Errors: `MSSIP_E_PROFILE_STORE_UNSUPPORTED` (a host store); `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `name` is NULL or NUL-terminated; `removed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_remove(
    store: *const mssip_profile_store,
    name: *const c_char,
    removed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, name, removed) = unsafe {
            (
                borrow_shared(store, "store")?,
                arg_str(name, "name")?,
                Out::new(removed, "removed")?,
            )
        };
        removed.write(store.store().remove_profile(name)?);
        Ok(())
    })
}

/// Makes `aor` (`sip:alice@contoso.com`) a user of the domain whose default location profile
/// is `default_profile` (NULL: none), replacing what was set. The profile need not be in the
/// store yet.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (`aor` is no address-of-record, or `default_profile`
/// cannot be a phone-context, MS-SIPRE 2.2.7.1); `MSSIP_E_PROFILE_STORE_UNSUPPORTED` (a host
/// store); `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `aor` and `default_profile` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_set_user(
    store: *const mssip_profile_store,
    aor: *const c_char,
    default_profile: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, aor, default_profile) = unsafe {
            (
                borrow_shared(store, "store")?,
                arg_str(aor, "aor")?,
                opt_str(default_profile, "default_profile")?,
            )
        };
        let aor = aor_arg(aor)?;
        if let Some(p) = default_profile
            && !crate::dialplan::is_phone_context(p)
        {
            return Err(Failure::invalid(format!(
                "default_profile {p:?} is not usable as a phone-context"
            )));
        }
        store.store().put_user(
            &aor,
            ProfileUser {
                default_profile: default_profile.map(str::to_owned),
            },
        )?;
        Ok(())
    })
}

/// Removes the user `aor`; `*removed` says whether there was one.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT`; `MSSIP_E_PROFILE_STORE_UNSUPPORTED` (a host store);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `aor` is NULL or NUL-terminated; `removed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_remove_user(
    store: *const mssip_profile_store,
    aor: *const c_char,
    removed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, aor, removed) = unsafe {
            (
                borrow_shared(store, "store")?,
                arg_str(aor, "aor")?,
                Out::new(removed, "removed")?,
            )
        };
        removed.write(store.store().remove_user(&aor_arg(aor)?)?);
        Ok(())
    })
}

fn hand_out(
    plan: Option<Arc<Dialplan>>,
    what: impl FnOnce() -> String,
) -> Result<*mut mssip_dialplan, Failure> {
    plan.map(into_shared_handle::<mssip_dialplan>)
        .ok_or_else(|| Failure::not_found(what()))
}

/// The profile called `name`, to translate with (`mssip_dialplan_translate`).
///
/// Ownership: `*out` receives a new reference; free it with `mssip_dialplan_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (no such profile); `MSSIP_E_PROFILE_BACKEND` (a host callback
/// failed or gave a document that is no profile: `mssip_last_error()` says which);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `name` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_get(
    store: *const mssip_profile_store,
    name: *const c_char,
    out: *mut *mut mssip_dialplan,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, name, out) = unsafe {
            (
                borrow_shared(store, "store")?,
                arg_str(name, "name")?,
                Out::new(out, "out")?,
            )
        };
        let plan = store.store().profile(name)?;
        out.write(hand_out(plan, || format!("no location profile {name}"))?);
        Ok(())
    })
}

/// The default profile of the user `aor`: what a proxy translates the numbers that user
/// dials with.
///
/// Ownership: `*out` receives a new reference; free it with `mssip_dialplan_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (no such user, no default profile, or one the store does not
/// hold); `MSSIP_E_INVALID_ARGUMENT` (`aor` is no address-of-record);
/// `MSSIP_E_PROFILE_BACKEND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `aor` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_default(
    store: *const mssip_profile_store,
    aor: *const c_char,
    out: *mut *mut mssip_dialplan,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, aor, out) = unsafe {
            (
                borrow_shared(store, "store")?,
                arg_str(aor, "aor")?,
                Out::new(out, "out")?,
            )
        };
        let plan = store.store().default_plan(&aor_arg(aor)?)?;
        out.write(hand_out(plan, || {
            format!("no default location profile for {aor}")
        })?);
        Ok(())
    })
}

/// The answer to a SERVICE for a location profile (MS-SIPRE 3.8.5.1): 404 when the AOR of
/// the location-profile GRUU is no user of the store; 485 when the GRUU has neither `default`
/// nor `phone-context`; 404 when the profile it asks for is not held; else 200 with
/// `Content-Type: application/ms-location-profile-definition+xml` and the profile document.
/// A host store whose callback fails gets 500. Send the response back as it is.
///
/// Ownership: `*response` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NOT_PROFILE_SERVICE` (not a SERVICE to a location-profile GRUU of the
/// store's domain: route it as any request); `MSSIP_E_INVALID_ARGUMENT` (the request lacks
/// what a response copies, e.g. a To); `MSSIP_E_NULL`. Thread safety: shared.
///
/// # Safety
/// `store` is NULL or live; `request` is NULL or a live message; `response` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_answer(
    store: *const mssip_profile_store,
    request: *const mssip_msg,
    response: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (store, req, response) = unsafe {
            (
                borrow_shared(store, "store")?,
                borrow(request, "request")?,
                Out::new(response, "response")?,
            )
        };
        let resp = store.answer(req)?;
        response.write(into_handle::<mssip_msg>(resp));
        Ok(())
    })
}

/// The SERVICE request a user agent sends for a location profile (MS-SIPRE 3.8.4.1):
/// Request-URI and To the location-profile GRUU of `aor` (`;gruu;opaque=app:locationprofile:get`
/// with `;default` when `profile` is NULL, else `;phone-context=<profile>`), From `aor` with
/// `from_tag`, `Accept: application/ms-location-profile-definition+xml`, the host's `via`,
/// Max-Forwards 70, `call_id` and `cseq`.
///
/// Ownership: `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (`aor` is no address-of-record, `profile` no
/// phone-context, a value with CR or LF, a tag that is no token); `MSSIP_E_NULL` (any
/// argument but `profile`); `MSSIP_E_UTF8`. Thread safety: callable from any thread.
///
/// # Safety
/// The strings are NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_service_request_new(
    aor: *const c_char,
    profile: *const c_char,
    via: *const c_char,
    call_id: *const c_char,
    from_tag: *const c_char,
    cseq: u32,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (aor, profile, via, call_id, from_tag, out) = unsafe {
            (
                arg_str(aor, "aor")?,
                opt_str(profile, "profile")?,
                arg_str(via, "via")?,
                arg_str(call_id, "call_id")?,
                arg_str(from_tag, "from_tag")?,
                Out::new(out, "out")?,
            )
        };
        let aor = aor_arg(aor)?;
        let choice = match profile {
            None => ProfileChoice::Default,
            Some(p) => ProfileChoice::Named(
                PhoneContext::parse(p).map_err(|e| Failure::invalid(format!("profile: {e}")))?,
            ),
        };
        let msg = ServiceRequest {
            aor: &aor,
            choice,
            via,
            call_id,
            from_tag,
            cseq,
        }
        .build()?;
        out.write(into_handle::<mssip_msg>(msg));
        Ok(())
    })
}
