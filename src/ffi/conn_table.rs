//! `mssip_conn_table`: connection ids that never repeat (MS-SIPRE 3.5.1) and the map from an
//! id back to the host's connection, plus the text form of ids.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow_shared, free_shared, into_shared_handle, mssip_conn_table};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_str};
use crate::nat::{self, ConnTable, NatError};

/// The default `max_connections` for `mssip_conn_table_new` (`ConnTable::DEFAULT_MAX`).
pub const MSSIP_CONN_TABLE_DEFAULT_MAX: usize = 100000;

/// The stable code for each NAT error. Exhaustive on purpose: a new variant must be given its
/// own number.
impl From<NatError> for Failure {
    fn from(e: NatError) -> Failure {
        let code = match &e {
            NatError::NoConnId => mssip_result::MSSIP_E_NO_CONN_ID,
            NatError::BadConnId(_) => mssip_result::MSSIP_E_BAD_CONN_ID,
            NatError::ConnIdsExhausted { .. } => mssip_result::MSSIP_E_CONN_IDS_EXHAUSTED,
            NatError::ConnLimit { .. } => mssip_result::MSSIP_E_CONN_LIMIT,
            NatError::HandleInUse { .. } => mssip_result::MSSIP_E_HANDLE_IN_USE,
            NatError::UnknownConn(_) => mssip_result::MSSIP_E_NOT_FOUND,
            NatError::BadOption(_) => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            NatError::Edit(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

fn unknown(conn_id: u64) -> Failure {
    Failure::from(NatError::UnknownConn(conn_id))
}

/// Creates an empty connection table for this run of the host.
///
/// `epoch` makes the ids of this run differ from those of every earlier run (MS-SIPRE 3.5.1):
/// pass a number larger than any epoch an earlier run of this server used, such as a boot
/// counter the host stores and increments at each start, or its clock in seconds at start
/// (fine while restarts are more than a second apart and the clock is not set back). Servers
/// of a pool that share registrations (whose bindings carry connection ids) also need epochs
/// no other member uses, e.g. the stored boot counter times the pool size plus the member's
/// number. An id is the epoch in its high 32 bits and a counter (from 1) in its low 32 bits;
/// ids are never 0. `max_connections` (at least 1; usually `MSSIP_CONN_TABLE_DEFAULT_MAX`)
/// bounds the open connections.
///
/// Ownership: on success `*out` receives a new table; free it with `mssip_conn_table_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (max_connections 0); `MSSIP_E_NULL`.
/// Thread safety: callable from any thread; the table is shared (see `mssip_conn_table`).
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_new(
    epoch: u32,
    max_connections: usize,
    out: *mut *mut mssip_conn_table,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let table = ConnTable::new(epoch, max_connections)?;
        out.write(into_shared_handle::<mssip_conn_table>(table));
        Ok(())
    })
}

/// Frees a table; NULL is accepted. Ids it handed out name no connection afterwards.
///
/// Thread safety: no other call on `table` may run at the same time or after.
///
/// # Safety
/// `table` is NULL or a table from `mssip_conn_table_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_free(table: *mut mssip_conn_table) {
    // SAFETY: caller contract.
    unsafe { free_shared(table) }
}

/// Records a connection the host has just accepted (or opened) under its own `handle` (a
/// socket, a slot index: any number) and writes its new id to `*conn_id`: the value for
/// `mssip_peer.conn_id` of everything that arrives on the connection. The id has never been
/// handed out before (see `mssip_conn_table_new`).
///
/// Errors: `MSSIP_E_HANDLE_IN_USE` (the handle is still open: close its old connection
/// first, so messages for it cannot reach the new one); `MSSIP_E_CONN_LIMIT`;
/// `MSSIP_E_CONN_IDS_EXHAUSTED`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Nothing changes on error.
/// Thread safety: callable from any thread at the same time as other calls on the table.
///
/// # Safety
/// `table` is NULL or a live table; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_open(
    table: *mut mssip_conn_table,
    handle: u64,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (table, conn_id) = unsafe {
            (
                borrow_shared(table, "table")?,
                Out::new(conn_id, "conn_id")?,
            )
        };
        conn_id.write(table.open(handle)?);
        Ok(())
    })
}

/// Forgets connection `conn_id` when the host closes it; its id finds nothing afterwards.
/// `handle` is optional (may be NULL); when given it receives the host handle the connection
/// had.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no open connection has that id); `MSSIP_E_NULL` (table);
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the table.
///
/// # Safety
/// `table` is NULL or a live table; `handle` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_close(
    table: *mut mssip_conn_table,
    conn_id: u64,
    handle: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let table = unsafe { borrow_shared(table, "table") }?;
        // SAFETY: caller contract; NULL means the handle is not wanted.
        let out = unsafe { Out::new(handle, "handle") }.ok();
        let h = table.close(conn_id)?;
        if let Some(out) = out {
            out.write(h);
        }
        Ok(())
    })
}

/// Finds the host handle of open connection `conn_id` (an id read from a message with
/// `mssip_nat_via_conn_id` or `mssip_nat_uri_conn_id`, or kept with a registration): the
/// connection to send over.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no open connection has that id: it was closed, or the id is
/// from another run or server); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the table.
///
/// # Safety
/// `table` is NULL or a live table; `handle` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_lookup(
    table: *const mssip_conn_table,
    conn_id: u64,
    handle: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (table, handle) =
            unsafe { (borrow_shared(table, "table")?, Out::new(handle, "handle")?) };
        handle.write(table.lookup(conn_id).ok_or_else(|| unknown(conn_id))?);
        Ok(())
    })
}

/// Finds the id of the open connection with host handle `handle` (for a host that keeps only
/// its own handle, e.g. to close the connection).
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the table.
///
/// # Safety
/// `table` is NULL or a live table; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_find_handle(
    table: *const mssip_conn_table,
    handle: u64,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (table, conn_id) = unsafe {
            (
                borrow_shared(table, "table")?,
                Out::new(conn_id, "conn_id")?,
            )
        };
        let id = table
            .conn_id_of(handle)
            .ok_or_else(|| Failure::not_found(format!("no open connection has handle {handle}")))?;
        conn_id.write(id);
        Ok(())
    })
}

/// Writes how many connections are open.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: callable from any thread at the same time as other calls on the table.
///
/// # Safety
/// `table` is NULL or a live table; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_table_count(
    table: *const mssip_conn_table,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (table, count) = unsafe { (borrow_shared(table, "table")?, Out::new(count, "count")?) };
        count.write(table.len());
        Ok(())
    })
}

/// Writes connection id `conn_id` as messages carry it: upper-case hex without leading
/// zeros (`0x3540900` gives `3540900`, as in MS-SIPRE 4.4); at most 16 characters plus a NUL.
///
/// Errors: `MSSIP_E_BAD_CONN_ID` (0 names no connection); `MSSIP_E_BUFFER_TOO_SMALL`;
/// `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable for `cap` bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_id_format(
    conn_id: u64,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), cap, out_len) }?;
        if conn_id == 0 {
            return Err(NatError::BadConnId("0 names no connection").into());
        }
        buf.put_text(&nat::format_conn_id(conn_id))
    })
}

/// Reads a connection id from its text (1 to 16 hex digits, either case).
///
/// Errors: `MSSIP_E_BAD_CONN_ID`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `text` is NULL or NUL-terminated; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_conn_id_parse(
    text: *const c_char,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (text, conn_id) = unsafe { (arg_str(text, "text")?, Out::new(conn_id, "conn_id")?) };
        conn_id.write(nat::parse_conn_id(text)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    #[test]
    fn the_c_default_is_the_rust_default() {
        assert_eq!(MSSIP_CONN_TABLE_DEFAULT_MAX, ConnTable::DEFAULT_MAX);
    }

    #[test]
    fn open_lookup_close_from_c() {
        let mut t = ptr::null_mut();
        // SAFETY: every pointer passed is a live local or the table made here.
        unsafe {
            assert_eq!(mssip_conn_table_new(5, 2, &mut t), mssip_result::MSSIP_OK);
            let mut id = 0;
            assert_eq!(
                mssip_conn_table_open(t, 40, &mut id),
                mssip_result::MSSIP_OK
            );
            assert_eq!(id >> 32, 5);
            let mut h = 0;
            assert_eq!(
                mssip_conn_table_lookup(t, id, &mut h),
                mssip_result::MSSIP_OK
            );
            assert_eq!(h, 40);
            let mut again = 0;
            assert_eq!(
                mssip_conn_table_open(t, 40, &mut again),
                mssip_result::MSSIP_E_HANDLE_IN_USE
            );
            assert_eq!(again, 0);
            assert_eq!(
                mssip_conn_table_close(t, id, ptr::null_mut()),
                mssip_result::MSSIP_OK
            );
            assert_eq!(
                mssip_conn_table_lookup(t, id, &mut h),
                mssip_result::MSSIP_E_NOT_FOUND
            );
            mssip_conn_table_free(t);
        }
    }
}
