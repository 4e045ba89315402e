//! The one place that says which Rust type stands behind each opaque C handle and how the
//! handle owns it (the `Castable` idea of rustls-ffi), and the only code that turns handle
//! pointers into Rust references.
//!
//! Two ownership kinds, chosen per C type by [`Castable::Ownership`]:
//!
//! * [`Boxed`]: a `Box<Handle<T>>`, used by one thread at a time (a message, a framer, a
//!   call). `_new`/`_parse` create it with [`into_handle`], calls borrow it with [`borrow`] or
//!   [`borrow_mut`], `_free` drops it with [`free_handle`]. `T: Send`, since C may hand the
//!   handle from one thread to the next.
//! * [`Shared`]: an `Arc<Handle<T>>` with `T: Send + Sync`, used from several threads at once
//!   (a registrar, a location service, a key ring, a router). The Rust type has `&self`
//!   methods and locks inside (`parking_lot`, which does not poison). [`into_shared_handle`]
//!   hands out the first reference, [`clone_shared`] another, [`borrow_shared`] lends the
//!   value to one call (only ever as `&T`), and [`free_shared`] drops one reference; the value
//!   goes with the last.
//!
//! Each handle carries an "unusable" flag, set by the panic boundary when a call that borrowed
//! it panicked (its state may be half-updated). For a shared handle the flag is seen by every
//! thread: calls already running finish, later calls get `MSSIP_E_UNUSABLE`, and each
//! reference still has to be freed.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::boundary::{Failure, FfiResult, catch_value, note_touched};
use super::result::mssip_result;
use crate::nat::ConnTable;
use crate::sip::Message;
use crate::sip::body::owned_multipart::OwnedMultipart;
use crate::sip::framer::Framer;

/// Ownership kind of a handle used by one thread at a time: a `Box`.
pub(crate) struct Boxed;

/// Ownership kind of a handle shared by several threads: an `Arc`, the value `Send + Sync`.
pub(crate) struct Shared;

/// Links an opaque C type to the Rust value it stands for and to how the handle owns it.
pub(crate) trait Castable {
    /// [`Boxed`] or [`Shared`].
    type Ownership;
    /// The Rust value owned by the handle.
    type RustType;
}

/// What a handle pointer really points to (inside a `Box` or an `Arc`).
pub(crate) struct Handle<T> {
    unusable: AtomicBool,
    value: T,
}

impl<T> Handle<T> {
    fn new(value: T) -> Handle<T> {
        Handle {
            unusable: AtomicBool::new(false),
            value,
        }
    }

    /// The value, unless a panic left the handle unusable; notes the borrow so that a panic in
    /// the running call marks it.
    #[inline]
    fn usable(&self, arg: &str) -> FfiResult<&T> {
        if self.unusable.load(Ordering::Acquire) {
            return Err(unusable(arg));
        }
        note_touched(&self.unusable);
        Ok(&self.value)
    }
}

/// The failure of a call on a handle that a panic left unusable.
#[cold]
#[inline(never)]
fn unusable(arg: &str) -> Failure {
    Failure::new(
        mssip_result::MSSIP_E_UNUSABLE,
        format!("{arg} was left unusable by an earlier internal error; free it"),
    )
}

/// A parsed or built SIP message (request or response). Created by `mssip_msg_parse`,
/// `mssip_msg_parse_with_limits`, the builders and the framer; freed by `mssip_msg_free`.
/// Thread safety: one thread at a time; different messages are independent.
pub struct mssip_msg {
    _private: [u8; 0],
}

impl Castable for mssip_msg {
    type Ownership = Boxed;
    type RustType = Message;
}

/// Cuts the byte stream of one TCP or TLS connection into messages and keep-alives.
/// Created by `mssip_framer_new` / `mssip_framer_new_with_limits`; freed by
/// `mssip_framer_free`. Thread safety: one thread at a time (one framer per connection).
pub struct mssip_framer {
    _private: [u8; 0],
}

impl Castable for mssip_framer {
    type Ownership = Boxed;
    type RustType = Framer;
}

/// A parsed multipart body (any `multipart` subtype, nested levels included) that owns a
/// copy of its bytes. Created by `mssip_multipart_parse` / `mssip_multipart_parse_body`; freed by
/// `mssip_multipart_free`. Thread safety: one thread at a time.
pub struct mssip_multipart {
    _private: [u8; 0],
}

impl Castable for mssip_multipart {
    type Ownership = Boxed;
    type RustType = OwnedMultipart;
}

/// The host's open connections by connection id (MS-SIPRE 3.5): hands out ids that never
/// repeat and maps them back to the host's own connection handles. Created by
/// `mssip_conn_table_new`; freed by `mssip_conn_table_free`. Thread safety: shared; every
/// call may come from any thread at the same time (the table locks inside).
pub struct mssip_conn_table {
    _private: [u8; 0],
}

impl Castable for mssip_conn_table {
    type Ownership = Shared;
    type RustType = ConnTable;
}

/// The route-signing keys of MS-SIPRE 3.6 (newest signs, replaced keys verify for their
/// retention). Created by `mssip_keyring_new`; freed by `mssip_keyring_free`. Thread safety:
/// shared; every call may come from any thread at the same time (the ring locks inside).
pub struct mssip_keyring {
    _private: [u8; 0],
}

impl Castable for mssip_keyring {
    type Ownership = Shared;
    type RustType = crate::routeset::KeyRing;
}

/// A registrar for one domain (MS-SIPRE 3.2-3.4, 3.7.5.2) with its location service.
/// Created by `mssip_registrar_new` / `mssip_registrar_new_with`; freed by
/// `mssip_registrar_free`. Thread safety: shared; any number of threads may call it at once.
pub struct mssip_registrar {
    _private: [u8; 0],
}

impl Castable for mssip_registrar {
    type Ownership = Shared;
    type RustType = crate::identity::Registrar;
}

/// A loaded location profile (MS-SIPRE 3.8): its description and its compiled rules.
/// Created by `mssip_dialplan_parse` / `mssip_dialplan_parse_with`; freed by
/// `mssip_dialplan_free`. Thread safety: read-only once made, so any number of threads may
/// translate with it at once.
pub struct mssip_dialplan {
    _private: [u8; 0],
}

impl Castable for mssip_dialplan {
    type Ownership = Shared;
    /// Shared with the profile stores holding it, hence its own `Arc`.
    type RustType = Arc<crate::dialplan::Dialplan>;
}

/// Location profiles by name and each user's default one, answering SERVICE requests for one
/// domain (MS-SIPRE 3.8.5.1): in memory or on the host's own store. Created by
/// `mssip_profile_store_new` or `mssip_profile_store_new_callbacks`; freed by
/// `mssip_profile_store_free`. Thread safety: shared; any number of threads may call it at once.
pub struct mssip_profile_store {
    _private: [u8; 0],
}

impl Castable for mssip_profile_store {
    type Ownership = Shared;
    type RustType = crate::dialplan::ProfileService;
}

/// Where a profile store callback hands back what it found (a default profile name, a
/// profile document), with `mssip_profile_sink_set`. Lent to the callback for its call.
pub struct mssip_profile_sink {
    _private: [u8; 0],
}

impl Castable for mssip_profile_sink {
    type Ownership = Boxed;
    type RustType = Option<Vec<u8>>;
}

/// A location service: the bindings a registrar keeps, in memory or in the host's own store.
/// Created by `mssip_location_new_memory`, `mssip_location_new_callbacks` or
/// `mssip_registrar_location`; freed by `mssip_location_free` (the service lives on while a
/// registrar or another handle uses it). Thread safety: shared.
pub struct mssip_location {
    _private: [u8; 0],
}

impl Castable for mssip_location {
    type Ownership = Shared;
    /// The service itself is shared with the registrars using it, hence its own `Arc`.
    type RustType = Arc<crate::identity::Location>;
}

/// A copy of bindings read from a location service. Created by `mssip_location_list` and
/// `mssip_location_get`; freed by `mssip_bindings_free`. Thread safety: one thread at a time.
pub struct mssip_bindings {
    _private: [u8; 0],
}

impl Castable for mssip_bindings {
    type Ownership = Boxed;
    type RustType = super::binding::OwnedBindings;
}

/// Where the bindings a host store's `get` or `list` callback finds are handed back, with
/// `mssip_binding_sink_add`. Lent to the callback for the duration of its call.
pub struct mssip_binding_sink {
    _private: [u8; 0],
}

impl Castable for mssip_binding_sink {
    type Ownership = Boxed;
    type RustType = Vec<crate::identity::Binding>;
}

/// The targets of a request to a registered user, or the response refusing it. Created by
/// `mssip_registrar_targets`; freed by `mssip_targets_free`. Thread safety: one thread at a
/// time.
pub struct mssip_targets {
    _private: [u8; 0],
}

impl Castable for mssip_targets {
    type Ownership = Boxed;
    type RustType = super::targets::OwnedTargets;
}

/// The call router (MS-SIPRE 3.9): routes INVITEs into calls. Created by
/// `mssip_router_new`; freed by `mssip_router_free`. Thread safety: shared; any number of
/// threads may route at once.
pub struct mssip_router {
    _private: [u8; 0],
}

impl Castable for mssip_router {
    type Ownership = Shared;
    type RustType = crate::routing::Router;
}

/// What the host knows about the callee of calls: preambles, endpoints, voice mail, phone
/// line, presence facts. Created by `mssip_callee_new`; freed by `mssip_callee_free`.
/// Thread safety: one thread changes it at a time; while nobody changes it, any number of
/// threads may route with it.
pub struct mssip_callee {
    _private: [u8; 0],
}

impl Castable for mssip_callee {
    type Ownership = Boxed;
    type RustType = crate::routing::Callee;
}

/// One routed INVITE. Created by `mssip_router_route`; freed by `mssip_call_free`. Thread
/// safety: one thread at a time.
pub struct mssip_call {
    _private: [u8; 0],
}

impl Castable for mssip_call {
    type Ownership = Boxed;
    type RustType = super::call::CallState;
}

/// Route-set state read back and verified from a message (MS-SIPRE 3.6.3, 3.6.5.1): the
/// state, the `ms-*` parameters beside it, the key that signed it. Created by
/// `mssip_route_state_read`; freed by `mssip_route_state_free`. Thread safety: one thread at
/// a time.
pub struct mssip_route_state {
    _private: [u8; 0],
}

impl Castable for mssip_route_state {
    type Ownership = Boxed;
    type RustType = super::routeset::ReadState;
}

/// The user agent's recovery state of one dialog (MS-SIPRE 3.7): a sans-IO state machine
/// that queues actions. Created by `mssip_dialog_recovery_new`; freed by
/// `mssip_dialog_recovery_free`. Thread safety: one thread at a time.
pub struct mssip_dialog_recovery {
    _private: [u8; 0],
}

impl Castable for mssip_dialog_recovery {
    type Ownership = Boxed;
    type RustType = crate::recovery::DialogRecovery;
}

/// A call context (MS-SIPRE 2.2.19, 3.13): read from a document or an INVITE, or made to be
/// written. Created by `mssip_context_parse`, `mssip_context_from_invite` or
/// `mssip_context_new`; freed by `mssip_context_free`. Thread safety: one thread at a time.
pub struct mssip_context {
    _private: [u8; 0],
}

impl Castable for mssip_context {
    type Ownership = Boxed;
    type RustType = crate::context::ConversationContext;
}

/// A PIDF-LO read from an E911 INVITE (MS-SIPRE 3.17). Created by `mssip_pidf_lo_parse` /
/// `mssip_pidf_lo_from_invite`; freed by `mssip_pidf_lo_free`. Thread safety: one thread at
/// a time.
pub struct mssip_pidf_lo {
    _private: [u8; 0],
}

impl Castable for mssip_pidf_lo {
    type Ownership = Boxed;
    type RustType = crate::e911::PidfLo;
}

/// Where the policy callback of `mssip_e911_notify` puts the notification URIs, with
/// `mssip_e911_uris_add`. Lent to the callback for the duration of its call.
pub struct mssip_e911_uris {
    _private: [u8; 0],
}

impl Castable for mssip_e911_uris {
    type Ownership = Boxed;
    type RustType = Vec<String>;
}

/// A location an E911 client sends (MS-SIPRE 2.2.22, 3.17.5.1): its civic address and
/// location policy values. Created by `mssip_e911_location_new`; freed by
/// `mssip_e911_location_free`. Thread safety: one thread at a time.
pub struct mssip_e911_location {
    _private: [u8; 0],
}

impl Castable for mssip_e911_location {
    type Ownership = Boxed;
    type RustType = crate::e911::EmergencyLocation;
}

/// What the host knows of one peer's bodies: whether it takes multipart, and the reduction
/// flags. Created by `mssip_peer_body_new`; freed by `mssip_peer_body_free`.
/// Thread safety: one thread at a time.
pub struct mssip_peer_body {
    _private: [u8; 0],
}

impl Castable for mssip_peer_body {
    type Ownership = Boxed;
    type RustType = crate::interwork::PlainPeerProfile;
}

/// The dialogs whose bodies go single-part after a 415, by the host's 64-bit key; bounded.
/// Created by `mssip_body_dialogs_new`; freed by `mssip_body_dialogs_free`.
/// Thread safety: one thread at a time.
pub struct mssip_body_dialogs {
    _private: [u8; 0],
}

impl Castable for mssip_body_dialogs {
    type Ownership = Boxed;
    type RustType = crate::interwork::BodyDialogs;
}

/// What the proxy calls itself: its FQDN, aliases and own addresses. Created by
/// `mssip_fqdn_new`; freed by `mssip_fqdn_free`. Thread safety: shared; every call may come
/// from any thread at the same time (it locks inside).
pub struct mssip_fqdn {
    _private: [u8; 0],
}

impl Castable for mssip_fqdn {
    type Ownership = Shared;
    type RustType = crate::interwork::FqdnDiscipline;
}

/// The liveness helper of one set of peers. Created by `mssip_liveness_new`; freed by
/// `mssip_liveness_free`. Thread safety: one thread at a time.
pub struct mssip_liveness {
    _private: [u8; 0],
}

impl Castable for mssip_liveness {
    type Ownership = Boxed;
    type RustType = super::interwork_peer_liveness::LivenessState;
}

/// Hands `value` to C as a new one-thread-at-a-time handle of type `C`.
pub(crate) fn into_handle<C>(value: C::RustType) -> *mut C
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Send,
{
    Box::into_raw(Box::new(Handle::new(value))).cast::<C>()
}

/// Makes a new one-thread-at-a-time handle of type `C` in the allocation `slot`, whose value
/// `fill` writes where it will live: `blank` is put there first and `fill` completes it, so a
/// large value (a message keeps its first header fields inline) is never moved. On failure
/// nothing is handed out and the partial value is dropped (with the allocation).
#[inline(always)]
fn fill_handle<C, E>(
    mut slot: Box<MaybeUninit<Handle<C::RustType>>>,
    blank: impl FnOnce() -> C::RustType,
    fill: impl FnOnce(&mut C::RustType) -> Result<(), E>,
) -> Result<*mut C, E>
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Send,
{
    // The fields are written straight into the allocation: `Box::new(Handle::new(blank()))`
    // built the value on the stack and copied it (about 1 KiB for a message).
    let at = slot.as_mut_ptr();
    // SAFETY: `at` points to the uninitialised `Handle` of `slot`, valid for writes and
    // properly aligned; each field is written once through a raw place (no reference to
    // uninitialised memory is made).
    unsafe {
        (&raw mut (*at).unusable).write(AtomicBool::new(false));
        (&raw mut (*at).value).write(blank());
    }
    // SAFETY: both fields of the `Handle` (all it has) were written just above.
    let mut boxed = unsafe { slot.assume_init() };
    fill(&mut boxed.value)?;
    Ok(Box::into_raw(boxed).cast::<C>())
}

thread_local! {
    /// The allocation of the last message handle freed on this thread, kept (empty) for the
    /// next message made here: a proxy frees one message and parses the next, and reusing the
    /// block spares the allocator a free and an allocation of about 1 KiB per message. At
    /// most one block per thread; it is released when the thread ends.
    static SPARE_MSG: Cell<Option<Box<MaybeUninit<Handle<Message>>>>> = const { Cell::new(None) };
    /// Likewise the byte buffer of the last message freed on this thread (empty, at most
    /// [`SPARE_BUF_MAX`] bytes of capacity; an empty `Vec` when there is none).
    static SPARE_BUF: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Largest byte buffer kept for the next message: most SIP messages are smaller, and a thread
/// keeps no more than this after a large one.
const SPARE_BUF_MAX: usize = 4096;

/// [`fill_handle`] for a message, in the block [`free_msg_handle`] kept on this thread when
/// there is one, else in a new one.
#[inline(always)]
pub(crate) fn new_msg_handle<E>(
    blank: impl FnOnce() -> Message,
    fill: impl FnOnce(&mut Message, Vec<u8>) -> Result<(), E>,
) -> Result<*mut mssip_msg, E> {
    let slot = SPARE_MSG
        .try_with(Cell::take)
        .ok()
        .flatten()
        .unwrap_or_else(Box::new_uninit);
    let spare = SPARE_BUF.try_with(Cell::take).unwrap_or_default();
    fill_handle::<mssip_msg, E>(slot, blank, |m| fill(m, spare))
}

/// [`free_handle`] for a message: the message is dropped and its block kept on this thread
/// for the next message (see [`SPARE_MSG`]); one kept before is freed.
///
/// # Safety
/// As for [`free_handle`].
pub(crate) unsafe fn free_msg_handle(ptr: *mut mssip_msg) {
    if ptr.is_null() {
        return;
    }
    let raw = ptr.cast::<Handle<Message>>();
    catch_value((), move || {
        // SAFETY: per the contract, `raw` owns a live `Box<Handle<Message>>` that nothing
        // else uses: its bytes are taken, then its value is dropped here, once. A panic in
        // the drop unwinds before the block is taken back, which leaks it rather than
        // freeing it twice.
        let bytes = unsafe { (*raw).value.take_spare_buffer(SPARE_BUF_MAX) };
        // SAFETY: as just said.
        unsafe { std::ptr::drop_in_place(raw) };
        if bytes.capacity() != 0 {
            let _ = SPARE_BUF.try_with(move |s| s.set(bytes));
        }
        // SAFETY: the block was allocated by a `Box` of `Handle<Message>`, whose layout
        // `MaybeUninit<Handle<Message>>` shares; its contents were just dropped, so it is
        // owned again as uninitialised memory.
        let spare = unsafe { Box::from_raw(raw.cast::<MaybeUninit<Handle<Message>>>()) };
        // While the thread is torn down the block is simply freed (with the closure).
        let _ = SPARE_MSG.try_with(move |s| s.set(Some(spare)));
    });
}

/// Borrows the value behind a boxed handle for the duration of one call.
///
/// # Safety
/// `ptr` is NULL or a pointer from [`into_handle`] for the same `C` that has not been freed,
/// and no `&mut` borrow of it is live.
#[inline]
pub(crate) unsafe fn borrow<'a, C: Castable<Ownership = Boxed>>(
    ptr: *const C,
    arg: &str,
) -> FfiResult<&'a C::RustType> {
    // SAFETY: per the contract, a non-NULL `ptr` came from `into_handle::<C>` and is live.
    let handle =
        unsafe { ptr.cast::<Handle<C::RustType>>().as_ref() }.ok_or_else(|| Failure::null(arg))?;
    handle.usable(arg)
}

/// Mutably borrows the value behind a boxed handle for the duration of one call.
///
/// # Safety
/// As for [`borrow`], and no other borrow of the same handle is live.
#[inline]
pub(crate) unsafe fn borrow_mut<'a, C: Castable<Ownership = Boxed>>(
    ptr: *mut C,
    arg: &str,
) -> FfiResult<&'a mut C::RustType> {
    // SAFETY: per the contract, a non-NULL `ptr` came from `into_handle::<C>` and is not
    // otherwise borrowed.
    let handle =
        unsafe { ptr.cast::<Handle<C::RustType>>().as_mut() }.ok_or_else(|| Failure::null(arg))?;
    handle.usable(arg)?;
    Ok(&mut handle.value)
}

/// Takes a boxed handle back from C and drops it; NULL is accepted and ignored. Works on
/// unusable handles too. A panic while dropping leaks the value rather than crossing into C.
///
/// # Safety
/// `ptr` is NULL or a pointer from [`into_handle`] for the same `C` that has not been freed
/// and is not borrowed.
pub(crate) unsafe fn free_handle<C: Castable<Ownership = Boxed>>(ptr: *mut C) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: per the contract, `ptr` owns a `Box<Handle<C::RustType>>`.
    let boxed = unsafe { Box::from_raw(ptr.cast::<Handle<C::RustType>>()) };
    catch_value((), move || drop(boxed));
}

/// Hands `value` to C as a new shared handle of type `C`: the first reference to it.
#[allow(dead_code)] // for the shared C types (registrar, key ring, router, ...)
pub(crate) fn into_shared_handle<C>(value: C::RustType) -> *mut C
where
    C: Castable<Ownership = Shared>,
    C::RustType: Send + Sync,
{
    Arc::into_raw(Arc::new(Handle::new(value)))
        .cast_mut()
        .cast::<C>()
}

/// Lends the value behind a shared handle to one call. Other threads may hold it at the same
/// time, so only `&T` is ever given out.
///
/// # Safety
/// `ptr` is NULL or a reference from [`into_shared_handle`] / [`clone_shared`] for the same
/// `C` that the calling thread keeps (does not free) until the call ends.
#[allow(dead_code)] // for the shared C types (registrar, key ring, router, ...)
pub(crate) unsafe fn borrow_shared<'a, C>(ptr: *const C, arg: &str) -> FfiResult<&'a C::RustType>
where
    C: Castable<Ownership = Shared>,
    C::RustType: Send + Sync,
{
    // SAFETY: per the contract, a non-NULL `ptr` is a live reference to an
    // `Arc<Handle<C::RustType>>`, so the pointee lives for the whole call.
    let handle =
        unsafe { ptr.cast::<Handle<C::RustType>>().as_ref() }.ok_or_else(|| Failure::null(arg))?;
    handle.usable(arg)
}

/// Makes another reference to a shared handle (for another thread or another owner); each
/// reference is freed with [`free_shared`]. An unusable handle can still be referenced, so
/// its owners can free it in their own time.
///
/// # Safety
/// As for [`borrow_shared`].
#[allow(dead_code)] // for the shared C types (registrar, key ring, router, ...)
pub(crate) unsafe fn clone_shared<C>(ptr: *const C, arg: &str) -> FfiResult<*mut C>
where
    C: Castable<Ownership = Shared>,
    C::RustType: Send + Sync,
{
    if ptr.is_null() {
        return Err(Failure::null(arg));
    }
    // SAFETY: per the contract, `ptr` is a live reference from `Arc::into_raw` of an
    // `Arc<Handle<C::RustType>>`, so its strong count is at least one.
    unsafe { Arc::increment_strong_count(ptr.cast::<Handle<C::RustType>>()) };
    Ok(ptr.cast_mut())
}

/// Drops one reference to a shared handle; the value is dropped with the last one. NULL is
/// accepted and ignored; unusable handles are freed too. A panic while dropping leaks the
/// value rather than crossing into C.
///
/// # Safety
/// `ptr` is NULL or a reference from [`into_shared_handle`] / [`clone_shared`] for the same
/// `C`, not freed before; the caller gives it up (other references stay valid).
#[allow(dead_code)] // for the shared C types (registrar, key ring, router, ...)
pub(crate) unsafe fn free_shared<C>(ptr: *mut C)
where
    C: Castable<Ownership = Shared>,
    C::RustType: Send + Sync,
{
    if ptr.is_null() {
        return;
    }
    // SAFETY: per the contract, `ptr` is one reference from `Arc::into_raw`, given up here.
    let arc = unsafe { Arc::from_raw(ptr.cast_const().cast::<Handle<C::RustType>>()) };
    catch_value((), move || drop(arc));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::boundary::guard;
    use crate::ffi::{mssip_msg_free, mssip_msg_header, mssip_str};
    use parking_lot::Mutex;
    use std::sync::atomic::AtomicUsize;

    fn handle() -> *mut mssip_msg {
        let msg = Message::parse(
            b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n",
        );
        into_handle::<mssip_msg>(msg.expect("fixture parses"))
    }

    #[test]
    fn a_panic_leaves_the_handle_unusable_but_freeable() {
        let h = handle();
        let mut out = mssip_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        assert_eq!(
            // SAFETY: `h` is live; the name is a static C string; `out` a local.
            unsafe { mssip_msg_header(h, c"Via".as_ptr(), 0, &mut out) },
            mssip_result::MSSIP_OK
        );
        let code = guard(|| {
            // SAFETY: `h` is live and not otherwise borrowed.
            let _msg = unsafe { borrow_mut(h, "msg") }?;
            panic!("simulated internal bug");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        out.len = 99;
        assert_eq!(
            // SAFETY: as above.
            unsafe { mssip_msg_header(h, c"Via".as_ptr(), 0, &mut out) },
            mssip_result::MSSIP_E_UNUSABLE
        );
        assert_eq!(out.len, 99);
        // SAFETY: `h` is live and freed once.
        unsafe { mssip_msg_free(h) };
    }

    /// A freed message's block is taken by the next message made on the thread: that one is
    /// fresh (usable even when the freed one had been left unusable, with its own bytes), and
    /// a second spare block is freed, not kept.
    #[test]
    fn the_block_of_a_freed_message_serves_the_next_one() {
        use crate::ffi::mssip_msg_parse;
        let parse = |raw: &[u8]| {
            let mut m = std::ptr::null_mut();
            // SAFETY: `raw` is a live slice; `m` a local.
            let rc = unsafe { mssip_msg_parse(raw.as_ptr(), raw.len(), &mut m) };
            assert_eq!(rc, mssip_result::MSSIP_OK);
            m
        };
        let via = |m: *mut mssip_msg| {
            let mut out = mssip_str {
                ptr: std::ptr::null(),
                len: 0,
            };
            // SAFETY: `m` is live; the name is a static C string; `out` a local.
            let rc = unsafe { mssip_msg_header(m, c"Via".as_ptr(), 0, &mut out) };
            assert_eq!(rc, mssip_result::MSSIP_OK);
            // SAFETY: the view borrows from the live message `m`.
            unsafe { std::slice::from_raw_parts(out.ptr.cast::<u8>(), out.len) }.to_vec()
        };
        let a = parse(b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP a\r\n\r\n");
        assert_eq!(
            guard(|| {
                // SAFETY: `a` is live and not otherwise borrowed.
                let _msg = unsafe { borrow_mut(a, "msg") }?;
                panic!("simulated internal bug");
            }),
            mssip_result::MSSIP_E_PANIC
        );
        // SAFETY: `a` is live and freed once.
        unsafe { mssip_msg_free(a) };
        assert!(SPARE_MSG.with(|s| {
            let spare = s.take();
            let kept = spare.is_some();
            s.set(spare);
            kept
        }));
        let b = parse(b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP bb\r\n\r\n");
        assert!(SPARE_MSG.with(|s| {
            let spare = s.take();
            let none = spare.is_none();
            s.set(spare);
            none
        }));
        assert_eq!(via(b), b"SIP/2.0/TCP bb");
        let c = parse(b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TLS c\r\n\r\n");
        assert_eq!(via(c), b"SIP/2.0/TLS c");
        // SAFETY: both are live and freed once; the second free frees the first spare block.
        unsafe {
            mssip_msg_free(b);
            mssip_msg_free(c);
        }
        let d = parse(b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP d\r\n\r\n");
        assert_eq!(via(d), b"SIP/2.0/UDP d");
        // SAFETY: `d` is live and freed once.
        unsafe { mssip_msg_free(d) };
        // The bytes' buffer is kept too, and copied into by the next message (a body that is
        // not UTF-8 included); one larger than SPARE_BUF_MAX is not kept.
        let spare_cap = || {
            SPARE_BUF.with(|s| {
                let v = s.take();
                let cap = v.capacity();
                s.set(v);
                cap
            })
        };
        assert!(spare_cap() >= 50);
        let e = parse(b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP e\r\n\r\n\xff\xfe");
        assert_eq!(spare_cap(), 0);
        assert_eq!(via(e), b"SIP/2.0/UDP e");
        // SAFETY: `e` is live and freed once.
        unsafe { mssip_msg_free(e) };
        assert!(spare_cap() >= 50);
        let mut big = b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP f\r\n\r\n".to_vec();
        big.resize(SPARE_BUF_MAX + 1, b'x');
        let f = parse(&big);
        assert_eq!(via(f), b"SIP/2.0/UDP f");
        // SAFETY: `f` is live and freed once.
        unsafe { mssip_msg_free(f) };
        assert_eq!(spare_cap(), 0);
    }

    #[test]
    fn handles_not_borrowed_by_the_panicking_call_stay_usable() {
        let (a, b) = (handle(), handle());
        let code = guard(|| {
            // SAFETY: `a` is live.
            let _a = unsafe { borrow::<mssip_msg>(a, "a") }?;
            panic!("simulated internal bug");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        // SAFETY: `b` is live.
        assert!(unsafe { borrow::<mssip_msg>(b, "b") }.is_ok());
        assert_eq!(
            // SAFETY: `a` is live.
            unsafe { borrow::<mssip_msg>(a, "a") }.err().map(|f| f.code),
            Some(mssip_result::MSSIP_E_UNUSABLE)
        );
        // SAFETY: both are live and freed once.
        unsafe {
            mssip_msg_free(a);
            mssip_msg_free(b);
        }
    }

    #[test]
    fn every_handle_of_a_call_is_marked_however_many_it_borrows() {
        let hs: Vec<*mut mssip_msg> = (0..40).map(|_| handle()).collect();
        let code = guard(|| {
            for h in &hs {
                // SAFETY: every handle is live.
                let _ = unsafe { borrow::<mssip_msg>(*h, "h") }?;
            }
            panic!("simulated internal bug");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        for h in hs {
            // SAFETY: every handle is live and freed once.
            unsafe {
                assert_eq!(
                    borrow::<mssip_msg>(h, "h").err().map(|f| f.code),
                    Some(mssip_result::MSSIP_E_UNUSABLE)
                );
                mssip_msg_free(h);
            }
        }
    }

    /// A message handle stays within the size the common allocators serve from their
    /// per-thread caches (glibc: 1032 bytes), which keeps parse + free cheap.
    #[test]
    fn a_message_handle_fits_the_allocators_small_caches() {
        assert!(std::mem::size_of::<Handle<Message>>() <= 1024);
    }

    #[test]
    fn null_handles_are_refused_and_freeing_null_is_fine() {
        // SAFETY: NULL is allowed.
        let e = unsafe { borrow::<mssip_msg>(std::ptr::null(), "msg") }.err();
        assert_eq!(e.map(|f| f.code), Some(mssip_result::MSSIP_E_NULL));
        // SAFETY: NULL is allowed.
        unsafe { free_handle::<mssip_msg>(std::ptr::null_mut()) };
    }

    /// A shared value the way feature types are written: `&self` methods, a lock inside.
    struct Tally {
        entries: Mutex<Vec<u32>>,
        drops: Arc<AtomicUsize>,
    }

    impl Tally {
        fn add(&self, v: u32) {
            self.entries.lock().push(v);
        }

        fn add_then_fail(&self, v: u32) {
            let mut entries = self.entries.lock();
            entries.push(v);
            panic!("simulated internal bug while holding the lock");
        }
    }

    impl Drop for Tally {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    struct mssip_tally {
        _private: [u8; 0],
    }

    impl Castable for mssip_tally {
        type Ownership = Shared;
        type RustType = Tally;
    }

    /// The C pointer, sent to another thread the way a C host would share it.
    #[derive(Clone, Copy)]
    struct SendPtr(*mut mssip_tally);
    // SAFETY: the pointee is `Send + Sync` (`Tally`) and reached only through the shared
    // handle functions.
    unsafe impl Send for SendPtr {}

    impl SendPtr {
        /// The pointer (a method, so closures capture the whole `Send` wrapper).
        fn ptr(self) -> *mut mssip_tally {
            self.0
        }
    }

    fn tally() -> (*mut mssip_tally, Arc<AtomicUsize>) {
        let drops = Arc::new(AtomicUsize::new(0));
        let t = Tally {
            entries: Mutex::new(Vec::new()),
            drops: Arc::clone(&drops),
        };
        (into_shared_handle::<mssip_tally>(t), drops)
    }

    fn add(h: SendPtr, v: u32) -> mssip_result {
        guard(|| {
            // SAFETY: the caller holds a reference for the whole call.
            unsafe { borrow_shared(h.ptr(), "tally") }?.add(v);
            Ok(())
        })
    }

    #[test]
    fn a_shared_handle_serves_many_threads_and_goes_with_its_last_reference() {
        let (h, drops) = tally();
        let threads: Vec<_> = (0..8u32)
            .map(|t| {
                // SAFETY: `h` is a live reference.
                let mine = SendPtr(unsafe { clone_shared(h, "tally") }.expect("not NULL"));
                std::thread::spawn(move || {
                    for i in 0..100 {
                        assert_eq!(add(mine, t * 1000 + i), mssip_result::MSSIP_OK);
                    }
                    // SAFETY: this thread's own reference, freed once.
                    unsafe { free_shared(mine.ptr()) };
                })
            })
            .collect();
        for t in threads {
            t.join().expect("no thread panics");
        }
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        // SAFETY: `h` is still a live reference.
        let n = unsafe { borrow_shared(h, "tally") }.map(|t| t.entries.lock().len());
        assert_eq!(n.ok(), Some(800));
        // SAFETY: the last reference, freed once.
        unsafe { free_shared(h) };
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_panic_on_one_thread_makes_a_shared_handle_unusable_for_all_but_freeable() {
        let (h, drops) = tally();
        // SAFETY: `h` is a live reference.
        let other = SendPtr(unsafe { clone_shared(h, "tally") }.expect("not NULL"));
        let code = std::thread::spawn(move || {
            guard(|| {
                // SAFETY: this thread holds `other` for the whole call.
                unsafe { borrow_shared(other.ptr(), "tally") }?.add_then_fail(7);
                Ok(())
            })
        })
        .join()
        .expect("the panic stays inside the boundary");
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        // No poisoning: the lock the panicking call held is free again.
        assert_eq!(add(SendPtr(h), 1), mssip_result::MSSIP_E_UNUSABLE);
        // SAFETY: `h` is a live reference; the lock is free.
        let held = unsafe {
            (*h.cast::<Handle<Tally>>())
                .value
                .entries
                .try_lock()
                .map(|e| e.len())
        };
        assert_eq!(held, Some(1));
        // An unusable handle can still be referenced and freed, reference by reference.
        // SAFETY: `h` is a live reference.
        let third = unsafe { clone_shared(h, "tally") }.expect("not NULL");
        // SAFETY: three live references, each freed once.
        unsafe {
            free_shared(other.ptr());
            free_shared(h);
            assert_eq!(drops.load(Ordering::SeqCst), 0);
            free_shared(third);
        }
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn null_shared_handles_are_refused_and_freeing_null_is_fine() {
        // SAFETY: NULL is allowed.
        unsafe {
            let e = borrow_shared::<mssip_tally>(std::ptr::null(), "tally").err();
            assert_eq!(e.map(|f| f.code), Some(mssip_result::MSSIP_E_NULL));
            let e = clone_shared::<mssip_tally>(std::ptr::null(), "tally").err();
            assert_eq!(e.map(|f| f.code), Some(mssip_result::MSSIP_E_NULL));
            free_shared::<mssip_tally>(std::ptr::null_mut());
        }
    }
}
