//! `mssip_targets`: where a proxy forks a request for a registered user or GRUU (RFC 3261
//! 16.5, RFC 3327, MS-SIPRE 3.2.5.3, 3.4.5.2), or the response refusing it.

use super::boundary::{Failure, guard};
use super::handle::{
    borrow, borrow_shared, free_handle, into_handle, mssip_msg, mssip_registrar, mssip_targets,
};
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use crate::identity::registrar::response::respond;
use crate::identity::{Target, TargetError, Targets, retarget};

/// The stable code for each target error.
impl From<TargetError> for Failure {
    fn from(e: TargetError) -> Failure {
        let code = match &e {
            TargetError::NotRequest => mssip_result::MSSIP_E_WRONG_KIND,
            TargetError::NotLocal(_) => mssip_result::MSSIP_E_NOT_LOCAL,
        };
        Failure::new(code, e.to_string())
    }
}

/// One destination of a request. Views borrow from the `mssip_targets` list until it is
/// freed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_target {
    /// The new Request-URI: the binding's Contact (with `grid` for a GRUU target).
    pub uri: mssip_str,
    /// Number of Route values to put on top (`mssip_targets_route`): the binding's Path when
    /// the request has no Route left; 0 otherwise.
    pub route_len: usize,
    /// The connection the binding registered over (0 for UDP): send the request there.
    pub conn_id: u64,
    /// The binding's epid; empty when none.
    pub epid: mssip_str,
    /// Add `epid` to the To header (MS-SIPRE 3.2.5.3 step 2); `mssip_targets_request` does.
    pub set_to_epid: bool,
    /// The binding's GRUU; empty when none.
    pub gruu: mssip_str,
}

/// The outcome behind a `mssip_targets` handle.
pub(crate) struct OwnedTargets {
    outcome: Targets,
    /// The To tag of the refusal, chosen by the registrar (empty for a fork).
    to_tag: String,
}

impl OwnedTargets {
    fn fork(&self) -> &[Target] {
        match &self.outcome {
            Targets::Fork(v) => v,
            Targets::Reject(_) => &[],
        }
    }

    fn target(&self, index: usize) -> Result<&Target, Failure> {
        self.fork()
            .get(index)
            .ok_or_else(|| Failure::not_found(format!("no target {index}")))
    }
}

/// Computes where `request` goes at `now_s`: for a Request-URI GRUU, the binding holding it
/// (404 when it is no GRUU of the domain, 480 when none is live and routable), `grid` copied
/// or inserted (MS-SIPRE 3.4.5.2, 4.9); for an address-of-record, its live routable bindings,
/// only those with the To's epid when it has one (MS-SIPRE 3.2.5.3), 480 when none is left.
/// Remove the Route entries that point at this proxy first (RFC 3261 16.4): with no Route
/// left, each target carries its binding's Path as Route.
///
/// Then read `mssip_targets_status`: 0 means fork to the `mssip_targets_count` targets (build
/// each with `mssip_targets_request`); otherwise answer with `mssip_targets_response`.
///
/// Ownership: `*out` receives a new list; free it with `mssip_targets_free`.
/// Errors: `MSSIP_E_NOT_LOCAL` (the Request-URI is not a user or GRUU of the domain: route it
/// otherwise); `MSSIP_E_WRONG_KIND` (a response); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `reg` is shared; the new list is used by one thread at a time.
///
/// # Safety
/// `reg` is NULL or live; `request` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_targets(
    reg: *const mssip_registrar,
    request: *const mssip_msg,
    now_s: u64,
    out: *mut *mut mssip_targets,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (reg, req, out) = unsafe {
            (
                borrow_shared(reg, "reg")?,
                borrow(request, "request")?,
                Out::new(out, "out")?,
            )
        };
        let outcome = reg.targets(req, now_s)?;
        // Only a refusal is answered with a To tag.
        let to_tag = match outcome {
            Targets::Reject(_) => reg.to_tag(req),
            Targets::Fork(_) => String::new(),
        };
        out.write(into_handle::<mssip_targets>(OwnedTargets {
            outcome,
            to_tag,
        }));
        Ok(())
    })
}

/// Frees a targets list. NULL is accepted and ignored.
/// Thread safety: no other thread may be using `targets`.
///
/// # Safety
/// `targets` is NULL or a list from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_free(targets: *mut mssip_targets) {
    // SAFETY: caller contract.
    unsafe { free_handle(targets) }
}

/// Writes 0 into `*status` when the request is to be forked to the targets, or the status of
/// the final response to answer with (404, 480), with `*reason` its reason phrase (an empty
/// view for 0), borrowed from `targets`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `targets` is NULL or live; `status` and `reason` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_status(
    targets: *const mssip_targets,
    status: *mut u16,
    reason: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, status, reason) = unsafe {
            (
                borrow(targets, "targets")?,
                Out::new(status, "status")?,
                Out::new(reason, "reason")?,
            )
        };
        match &t.outcome {
            Targets::Fork(_) => {
                status.write(0);
                reason.write(mssip_str::of(""));
            }
            Targets::Reject(r) => {
                status.write(r.status);
                reason.write(mssip_str::of(&r.reason));
            }
        }
        Ok(())
    })
}

/// Writes the number of targets (0 when the request is refused).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `targets` is NULL or live; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_count(
    targets: *const mssip_targets,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, count) = unsafe { (borrow(targets, "targets")?, Out::new(count, "count")?) };
        count.write(t.fork().len());
        Ok(())
    })
}

/// Writes the `index`-th target (0-based) into `*out`.
///
/// Errors: `MSSIP_E_NOT_FOUND` past the last target; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time.
///
/// # Safety
/// `targets` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_get(
    targets: *const mssip_targets,
    index: usize,
    out: *mut mssip_target,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, out) = unsafe { (borrow(targets, "targets")?, Out::new(out, "out")?) };
        let one = t.target(index)?;
        out.write(mssip_target {
            uri: mssip_str::of(&one.uri),
            route_len: one.route.len(),
            conn_id: one.conn_id,
            epid: mssip_str::of(one.epid.as_deref().unwrap_or("")),
            set_to_epid: one.set_to_epid,
            gruu: mssip_str::of(one.gruu.as_deref().unwrap_or("")),
        });
        Ok(())
    })
}

/// Writes the `route_index`-th Route value of the `index`-th target (a name-addr such as
/// `<sip:edge.contoso.com;lr>`), borrowed from `targets`.
///
/// Errors: `MSSIP_E_NOT_FOUND` past the last target or Route value; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `targets` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_route(
    targets: *const mssip_targets,
    index: usize,
    route_index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, out) = unsafe { (borrow(targets, "targets")?, Out::new(out, "out")?) };
        let r = t.target(index)?.route.get(route_index).ok_or_else(|| {
            Failure::not_found(format!("target {index} has no Route {route_index}"))
        })?;
        out.write(mssip_str::of(r));
        Ok(())
    })
}

/// Builds the copy of `request` that goes to the `index`-th target: Request-URI replaced,
/// the target's Route values on top, the epid added to To when `set_to_epid`. Adding Via,
/// decrementing Max-Forwards and Record-Route remain the proxy's (RFC 3261 16.6).
///
/// Ownership: `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NOT_FOUND` past the last target; `MSSIP_E_LIMIT` (the message would pass
/// its limits); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time for
/// `targets` and `request`.
///
/// # Safety
/// `targets` is NULL or live; `request` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_request(
    targets: *const mssip_targets,
    index: usize,
    request: *const mssip_msg,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, req, out) = unsafe {
            (
                borrow(targets, "targets")?,
                borrow(request, "request")?,
                Out::new(out, "out")?,
            )
        };
        let msg = retarget(req, t.target(index)?)?;
        out.write(into_handle::<mssip_msg>(msg));
        Ok(())
    })
}

/// Builds the final response refusing `request` (the 404 or 480 of `mssip_targets_status`),
/// with a To tag.
///
/// Ownership: `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (the request is to be forked: no response);
/// `MSSIP_E_UNANSWERABLE` (no To header); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time for `targets` and `request`.
///
/// # Safety
/// `targets` is NULL or live; `request` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_targets_response(
    targets: *const mssip_targets,
    request: *const mssip_msg,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (t, req, out) = unsafe {
            (
                borrow(targets, "targets")?,
                borrow(request, "request")?,
                Out::new(out, "out")?,
            )
        };
        let Targets::Reject(r) = &t.outcome else {
            return Err(Failure::not_found("the request is forked: no response"));
        };
        let resp = respond(req, r.status, &r.reason, &t.to_tag, &[])
            .map_err(|e| Failure::new(mssip_result::MSSIP_E_UNANSWERABLE, e.to_string()))?;
        out.write(into_handle::<mssip_msg>(resp));
        Ok(())
    })
}
