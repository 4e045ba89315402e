//! `mssip_binding`: the C view of one location service record, both ways (read from a
//! `mssip_bindings` list, handed in by a host store), and the `mssip_bindings` list.

use std::mem::{offset_of, size_of};

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, free_handle, mssip_bindings};
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use crate::identity::Binding;
use crate::identity::LocationError;

/// One binding of a contact to an address-of-record (RFC 3261 10, MS-SIPRE 3.2.5.2, 3.3.5.1,
/// 3.4.5.1). Text fields are `mssip_str` views: an empty view (len 0, ptr may be NULL when
/// handed in) means "none" for `epid`, `instance` and `gruu`. Times are the host's clock in
/// seconds, as passed to every call as `now_s`.
///
/// Views written by the library borrow from the handle or call that produced them. A binding
/// handed in (`mssip_location_put`, `mssip_binding_sink_add`) is copied during the call.
///
/// Growth: a binding the caller fills in starts from `mssip_binding_default()`, which sets
/// `struct_size`; bindings the library writes carry it too, and may be handed back as they are.
/// Later versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_binding {
    /// Size of this struct as the program was built, set by `mssip_binding_default()`.
    pub struct_size: usize,
    /// Canonical address-of-record, `sip:user@domain`.
    pub aor: mssip_str,
    /// Tells the bindings of one address-of-record apart (the `+sip.instance` URN in lower
    /// case, or the Contact URI).
    pub key: mssip_str,
    /// The Contact URI as registered (after NAT processing): where requests go.
    pub contact: mssip_str,
    /// The epid of the REGISTER's From; empty when none.
    pub epid: mssip_str,
    /// The `+sip.instance` URN; empty when none.
    pub instance: mssip_str,
    /// The user-agent GRUU minted for the binding; empty when none.
    pub gruu: mssip_str,
    /// The Path values (RFC 3327), `path_len` of them in order; NULL when `path_len` is 0.
    pub path: *const mssip_str,
    /// Number of entries in `path`.
    pub path_len: usize,
    /// Call-ID of the REGISTER that last wrote the binding.
    pub call_id: mssip_str,
    /// CSeq number of that REGISTER.
    pub cseq: u32,
    /// When the binding expires (host clock, seconds); live while `expires_at > now_s`.
    pub expires_at: u64,
    /// The host's connection id the REGISTER came in on (0 for UDP).
    pub conn_id: u64,
    /// False once the connection was reported closed (`mssip_location_connection_closed`).
    pub routable: bool,
}

/// Reads a `mssip_str` handed in: NULL with length 0 is empty.
///
/// # Safety
/// `s.ptr` is NULL or readable for `s.len` bytes for `'a`.
pub(crate) unsafe fn str_in<'a>(s: mssip_str, what: &str) -> FfiResult<&'a str> {
    if s.ptr.is_null() {
        if s.len == 0 {
            return Ok("");
        }
        return Err(Failure::null(what));
    }
    // SAFETY: caller contract.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            mssip_result::MSSIP_E_UTF8,
            format!("{what} is not UTF-8 (at byte {})", e.valid_up_to()),
        )
    })
}

fn optional(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn view(s: &Option<String>) -> mssip_str {
    mssip_str::of(s.as_deref().unwrap_or(""))
}

// SAFETY: repr(C), `struct_size` first; the other fields are views (pointer and length),
// integers, a pointer and a `bool`, valid for any bytes C stores in them.
unsafe impl SizedStruct for mssip_binding {
    const NAME: &'static str = "mssip_binding";
    const FIRST_SIZE: usize = offset_of!(mssip_binding, routable) + size_of::<bool>();
    fn defaults() -> mssip_binding {
        let empty = mssip_str::of("");
        mssip_binding {
            struct_size: size_of::<mssip_binding>(),
            aor: empty,
            key: empty,
            contact: empty,
            epid: empty,
            instance: empty,
            gruu: empty,
            path: std::ptr::null(),
            path_len: 0,
            call_id: empty,
            cseq: 0,
            expires_at: 0,
            conn_id: 0,
            routable: true,
        }
    }
}

impl mssip_binding {
    /// A copy of the binding at `p` (read by the growth rule).
    ///
    /// # Safety
    /// `p` is NULL or readable for its `struct_size` bytes; every view in it is
    /// NULL-with-length-0 or readable; `path` is NULL or readable for `path_len` views.
    pub(crate) unsafe fn copy_in(p: *const mssip_binding) -> FfiResult<Binding> {
        // SAFETY: caller contract.
        let b = unsafe { read_sized(p, "binding") }?;
        // SAFETY: caller contract, for each field.
        unsafe { b.to_binding() }
    }

    /// # Safety
    /// As for [`mssip_binding::copy_in`], for the views of `self`.
    unsafe fn to_binding(self) -> FfiResult<Binding> {
        // SAFETY: caller contract, for each field.
        let (aor, key, contact, epid, instance, gruu, call_id) = unsafe {
            (
                str_in(self.aor, "binding.aor")?,
                str_in(self.key, "binding.key")?,
                str_in(self.contact, "binding.contact")?,
                str_in(self.epid, "binding.epid")?,
                str_in(self.instance, "binding.instance")?,
                str_in(self.gruu, "binding.gruu")?,
                str_in(self.call_id, "binding.call_id")?,
            )
        };
        let path = if self.path_len == 0 {
            Vec::new()
        } else if self.path.is_null() {
            return Err(Failure::null("binding.path"));
        } else {
            // SAFETY: caller contract.
            let views = unsafe { std::slice::from_raw_parts(self.path, self.path_len) };
            let mut v = Vec::with_capacity(views.len());
            for (i, p) in views.iter().enumerate() {
                // SAFETY: caller contract.
                v.push(unsafe { str_in(*p, &format!("binding.path[{i}]")) }?.to_owned());
            }
            v
        };
        if aor.is_empty() || key.is_empty() || contact.is_empty() {
            return Err(Failure::new(
                mssip_result::MSSIP_E_BAD_BINDING,
                "binding: aor, key and contact must not be empty",
            ));
        }
        Ok(Binding {
            aor: aor.to_owned(),
            key: key.to_owned(),
            contact: contact.to_owned(),
            epid: optional(epid),
            instance: optional(instance),
            gruu: optional(gruu),
            path,
            call_id: call_id.to_owned(),
            cseq: self.cseq,
            expires_at: self.expires_at,
            conn_id: self.conn_id,
            routable: self.routable,
        })
    }

    /// Views of `b`, with `path` pointing at `path_views` (both must outlive the result).
    pub(crate) fn of(b: &Binding, path_views: &[mssip_str]) -> mssip_binding {
        mssip_binding {
            struct_size: size_of::<mssip_binding>(),
            aor: mssip_str::of(&b.aor),
            key: mssip_str::of(&b.key),
            contact: mssip_str::of(&b.contact),
            epid: view(&b.epid),
            instance: view(&b.instance),
            gruu: view(&b.gruu),
            path: if path_views.is_empty() {
                std::ptr::null()
            } else {
                path_views.as_ptr()
            },
            path_len: path_views.len(),
            call_id: mssip_str::of(&b.call_id),
            cseq: b.cseq,
            expires_at: b.expires_at,
            conn_id: b.conn_id,
            routable: b.routable,
        }
    }
}

/// The views of a binding's Path values.
pub(crate) fn path_views(b: &Binding) -> Vec<mssip_str> {
    b.path.iter().map(|p| mssip_str::of(p)).collect()
}

/// Bindings copied out of a location service, with the Path views `mssip_binding` points at.
pub(crate) struct OwnedBindings {
    list: Vec<Binding>,
    paths: Vec<Vec<mssip_str>>,
}

// SAFETY: the views in `paths` point into the Strings of `list`, owned by the same value and
// never changed after `new`; moving the whole to another thread keeps them valid.
unsafe impl Send for OwnedBindings {}

impl OwnedBindings {
    pub(crate) fn new(list: Vec<Binding>) -> OwnedBindings {
        let paths = list.iter().map(path_views).collect();
        OwnedBindings { list, paths }
    }
}

/// The stable code for each location service error.
impl From<LocationError> for Failure {
    fn from(e: LocationError) -> Failure {
        let code = match &e {
            LocationError::Full { .. } => mssip_result::MSSIP_E_LOCATION_FULL,
            LocationError::AorFull { .. } => mssip_result::MSSIP_E_AOR_FULL,
            LocationError::Backend(_) => mssip_result::MSSIP_E_LOCATION_BACKEND,
            LocationError::Unsupported(_) => mssip_result::MSSIP_E_LOCATION_UNSUPPORTED,
            LocationError::Invalid(_) => mssip_result::MSSIP_E_BAD_BINDING,
        };
        Failure::new(code, e.to_string())
    }
}

/// Writes the number of bindings in `bindings` into `*count`.
///
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `bindings` is NULL or a live list; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_bindings_count(
    bindings: *const mssip_bindings,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (b, count) = unsafe { (borrow(bindings, "bindings")?, Out::new(count, "count")?) };
        count.write(b.list.len());
        Ok(())
    })
}

/// Writes the `index`-th binding (0-based) of `bindings` into `*out`. Its views (and the
/// `path` array) borrow from `bindings` until it is freed.
///
/// Errors: `MSSIP_E_NOT_FOUND` past the last binding; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time.
///
/// # Safety
/// `bindings` is NULL or a live list; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_bindings_get(
    bindings: *const mssip_bindings,
    index: usize,
    out: *mut mssip_binding,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (b, out) = unsafe { (borrow(bindings, "bindings")?, Out::new(out, "out")?) };
        let (one, paths) = b
            .list
            .get(index)
            .zip(b.paths.get(index))
            .ok_or_else(|| Failure::not_found(format!("no binding {index}")))?;
        out.write(mssip_binding::of(one, paths));
        Ok(())
    })
}

/// Writes an empty binding into `*out` (empty views, no Path, routable, everything else 0)
/// with `struct_size` set: the start of a binding to hand to `mssip_location_put` or
/// `mssip_binding_sink_add`.
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_binding_default(out: *mut mssip_binding) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_binding::defaults());
        Ok(())
    })
}

/// Frees a bindings list. NULL is accepted and ignored.
/// Thread safety: no other thread may be using `bindings`.
///
/// # Safety
/// `bindings` is NULL or a list from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_bindings_free(bindings: *mut mssip_bindings) {
    // SAFETY: caller contract.
    unsafe { free_handle(bindings) }
}
