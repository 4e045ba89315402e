//! `mssip_limits`: the C view of `crate::limits::Limits`.

use super::boundary::guard;
use super::result::mssip_result;
use super::text::Out;
use crate::limits::Limits;

/// Bounds applied to untrusted input (see `mssip_limits_default()` for the defaults). Get
/// the defaults, change the fields you need, and pass the struct to the `_with_limits` calls.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_limits {
    /// Largest whole message (start line, headers and body), in bytes. Default 65536.
    pub max_message_size: usize,
    /// Most header fields (lines) in one message. Default 256.
    pub max_headers: usize,
    /// Longest single line (start line or header field, folded lines joined). Default 8192.
    pub max_line_length: usize,
    /// Deepest nesting of multipart bodies (and XML documents). Default 8.
    pub max_nesting_depth: usize,
    /// Most parts in one multipart body. Default 64.
    pub max_parts: usize,
    /// Largest XML document accepted. Default 65536.
    pub max_xml_size: usize,
}

impl From<Limits> for mssip_limits {
    fn from(l: Limits) -> mssip_limits {
        mssip_limits {
            max_message_size: l.max_message_size,
            max_headers: l.max_headers,
            max_line_length: l.max_line_length,
            max_nesting_depth: l.max_nesting_depth,
            max_parts: l.max_parts,
            max_xml_size: l.max_xml_size,
        }
    }
}

impl From<mssip_limits> for Limits {
    fn from(l: mssip_limits) -> Limits {
        Limits {
            max_message_size: l.max_message_size,
            max_headers: l.max_headers,
            max_line_length: l.max_line_length,
            max_nesting_depth: l.max_nesting_depth,
            max_parts: l.max_parts,
            max_xml_size: l.max_xml_size,
        }
    }
}

/// Writes the default limits into `*out` (64 KiB message, 256 headers, 8 KiB line, nesting
/// depth 8, 64 parts, 64 KiB XML).
///
/// Errors: `MSSIP_E_NULL` if `out` is NULL. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_limits_default(out: *mut mssip_limits) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(Limits::default().into());
        Ok(())
    })
}

/// Reads an optional `const mssip_limits *` argument: NULL means the defaults.
///
/// # Safety
/// `p` is NULL or points to a readable `mssip_limits`.
pub(crate) unsafe fn limits_or_default(p: *const mssip_limits) -> Limits {
    // SAFETY: caller contract.
    match unsafe { p.as_ref() } {
        Some(l) => (*l).into(),
        None => Limits::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips() {
        let mut l = mssip_limits::from(Limits {
            max_headers: 1,
            ..Limits::default()
        });
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { mssip_limits_default(&mut l) },
            mssip_result::MSSIP_OK
        );
        assert_eq!(Limits::from(l), Limits::default());
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { mssip_limits_default(std::ptr::null_mut()) },
            mssip_result::MSSIP_E_NULL
        );
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { limits_or_default(std::ptr::null()) },
            Limits::default()
        );
    }
}
