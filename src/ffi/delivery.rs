//! Actions handed to the host either drained one by one (`*_next_action`) or delivered to its
//! callbacks from inside the call that produced them: the loop shared by the call router
//! (`mssip_call`) and the liveness helper (`mssip_liveness`). Each keeps an [`Outbox`] beside
//! its state machine and says, through [`Deliver`], how its actions look in C and which
//! callback takes each; the borrowing rules live here once: no Rust borrow of the handle is
//! alive while a callback runs, and a callback that calls back into the same handle is
//! refused with `MSSIP_E_REENTRANT`.

use std::ffi::c_int;

use super::boundary::{Failure, FfiResult};
use super::handle::{Boxed, Castable, borrow_mut, free_handle, mssip_msg};
use super::result::mssip_result;
use super::text::Out;

/// A message handle lent to C: the one the last action points to.
pub(crate) struct Lent(pub(crate) *mut mssip_msg);

// SAFETY: the handle is owned by the state that lends it, which is used by one thread at a
// time.
unsafe impl Send for Lent {}

impl Drop for Lent {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `into_handle` and is freed once, here.
        unsafe { free_handle(self.0) }
    }
}

/// What a handle keeps to hand its actions out: the message its last drained action lent,
/// the host's callbacks if set, and whether a callback is running.
pub(crate) struct Outbox<Cb> {
    lent: Option<Lent>,
    callbacks: Option<Cb>,
    delivering: bool,
}

impl<Cb> Outbox<Cb> {
    /// Nothing lent, no callbacks: the host drains.
    pub(crate) fn new() -> Outbox<Cb> {
        Outbox {
            lent: None,
            callbacks: None,
            delivering: false,
        }
    }
}

/// The state behind a handle whose actions go to the host through an [`Outbox`].
pub(crate) trait Deliver {
    /// The host's callbacks (a `#[repr(C)]` struct of function pointers and a context).
    type Callbacks: Copy;
    /// An action as the state machine queues it.
    type Queued;
    /// The C form of an action.
    type Action;
    /// The handle's argument name in error messages.
    const ARG: &'static str;
    /// The message of `MSSIP_E_REENTRANT`.
    const REENTRANT: &'static str;

    /// The outbox kept beside the state machine.
    fn outbox(&mut self) -> &mut Outbox<Self::Callbacks>;
    /// Takes the next queued action.
    fn next_queued(&mut self) -> Option<Self::Queued>;
    /// The C form of `action`; a message moves into a new handle that `lent` keeps.
    fn to_c(action: Self::Queued, lent: &mut Option<Lent>) -> Self::Action;
    /// Calls the host's callback for one action; its return value (0: success).
    ///
    /// # Safety
    /// The required callbacks were checked non-NULL when set; a message in `action` is live.
    unsafe fn invoke(callbacks: &Self::Callbacks, action: &Self::Action) -> c_int;
}

/// Borrows the state for one step, refusing a call made from inside its own callback.
///
/// # Safety
/// `h` is NULL or a live handle not otherwise borrowed.
pub(crate) unsafe fn state<'a, C>(h: *mut C) -> FfiResult<&'a mut C::RustType>
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Deliver,
{
    // SAFETY: caller contract.
    let st = unsafe { borrow_mut(h, C::RustType::ARG) }?;
    if st.outbox().delivering {
        return Err(Failure::fixed(
            mssip_result::MSSIP_E_REENTRANT,
            C::RustType::REENTRANT,
        ));
    }
    Ok(st)
}

/// Delivers the queued actions to the callbacks, if set. No Rust borrow of the handle is
/// alive while a callback runs. A callback returning non-zero stops the delivery with
/// `MSSIP_E_CALLBACK`: that action is not delivered again, the ones after it stay queued.
///
/// # Safety
/// `h` is a live handle.
pub(crate) unsafe fn deliver<C>(h: *mut C) -> FfiResult
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Deliver,
{
    loop {
        let (cb, action, lent) = {
            // SAFETY: caller contract; the borrow ends with this block.
            let st = unsafe { state(h) }?;
            let Some(cb) = st.outbox().callbacks else {
                return Ok(());
            };
            let Some(a) = st.next_queued() else {
                return Ok(());
            };
            st.outbox().delivering = true;
            let mut lent = None;
            (cb, C::RustType::to_c(a, &mut lent), lent)
        };
        // SAFETY: the callbacks were checked when set; the message handle is live.
        let rc = unsafe { C::RustType::invoke(&cb, &action) };
        drop(lent);
        // SAFETY: as above.
        unsafe { borrow_mut(h, C::RustType::ARG) }?
            .outbox()
            .delivering = false;
        if rc != 0 {
            return Err(Failure::new(
                mssip_result::MSSIP_E_CALLBACK,
                format!("a callback returned {rc}; the remaining actions stay queued"),
            ));
        }
    }
}

/// Runs `event` on the state (ending the loan of the last drained action), then delivers
/// the actions it queued to the callbacks, if set.
///
/// # Safety
/// `h` is NULL or a live handle.
pub(crate) unsafe fn on_event<C, T, E>(
    h: *mut C,
    event: impl FnOnce(&mut C::RustType) -> Result<T, E>,
) -> FfiResult<T>
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Deliver,
    Failure: From<E>,
{
    let out = {
        // SAFETY: caller contract.
        let st = unsafe { state(h) }?;
        st.outbox().lent = None;
        event(st)?
    };
    // SAFETY: the handle is live (checked above).
    unsafe { deliver(h) }?;
    Ok(out)
}

/// Takes the next queued action into `*out`, its message lent until the next call on the
/// handle; `MSSIP_E_NOT_FOUND` when none is queued.
///
/// # Safety
/// `h` is NULL or a live handle not otherwise borrowed; `out` is NULL or writable.
pub(crate) unsafe fn next_action<C>(
    h: *mut C,
    out: *mut <C::RustType as Deliver>::Action,
) -> FfiResult
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Deliver,
{
    // SAFETY: caller contract.
    let (st, out) = unsafe { (state(h)?, Out::new(out, "out")?) };
    st.outbox().lent = None;
    let a = st
        .next_queued()
        .ok_or_else(|| Failure::fixed(mssip_result::MSSIP_E_NOT_FOUND, "no action queued"))?;
    out.write(C::RustType::to_c(a, &mut st.outbox().lent));
    Ok(())
}

/// Sets the callbacks (`None`: back to draining), after the caller checked the required
/// ones, and delivers the actions already queued.
///
/// # Safety
/// `h` is NULL or a live handle not otherwise borrowed.
pub(crate) unsafe fn set_callbacks<C>(
    h: *mut C,
    callbacks: Option<<C::RustType as Deliver>::Callbacks>,
) -> FfiResult
where
    C: Castable<Ownership = Boxed>,
    C::RustType: Deliver,
{
    {
        // SAFETY: caller contract.
        let ob = unsafe { state(h) }?.outbox();
        ob.lent = None;
        ob.callbacks = callbacks;
    }
    // SAFETY: the handle is live (checked above).
    unsafe { deliver(h) }
}
