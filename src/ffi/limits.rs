//! `mssip_limits`: the C view of `crate::limits::Limits`.

use std::mem::{offset_of, size_of};

use super::boundary::{FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::result::mssip_result;
use super::text::Out;
use crate::limits::Limits;

/// Bounds applied to untrusted input (see `mssip_limits_default()` for the defaults). Get
/// the defaults, change the fields you need, and pass the struct to the `_with_limits` calls.
///
/// Growth: `struct_size` is set by `mssip_limits_default()`; do not change it. Later versions
/// add fields only at the end; a library newer than the program's header gives those fields
/// their defaults, a library older than it accepts the struct when the fields it does not
/// know are 0 and refuses it with `MSSIP_E_INVALID_ARGUMENT` otherwise.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_limits {
    /// Size of this struct as the program was built, set by `mssip_limits_default()`.
    pub struct_size: usize,
    /// Largest whole message (start line, headers and body), in bytes. Default 65536.
    pub max_message_size: usize,
    /// Most header fields (lines) in one message. Default 256.
    pub max_headers: usize,
    /// Longest single line (start line or header field, folded lines joined). Default 8192.
    pub max_line_length: usize,
    /// Deepest nesting of multipart bodies. Default 8.
    pub max_nesting_depth: usize,
    /// Most parts in one multipart body. Default 64.
    pub max_parts: usize,
    /// Largest XML document accepted. Default 65536.
    pub max_xml_size: usize,
    /// Deepest element nesting in an XML document (the root is depth 1). Default 32.
    pub max_xml_depth: usize,
    /// Most elements in one XML document. Default 4096.
    pub max_xml_elements: usize,
    /// Most attributes on one XML element (namespace declarations included). Default 64.
    pub max_xml_attributes: usize,
}

// SAFETY: repr(C), `struct_size` first, every field a `usize`.
unsafe impl SizedStruct for mssip_limits {
    const NAME: &'static str = "mssip_limits";
    const FIRST_SIZE: usize = offset_of!(mssip_limits, max_xml_attributes) + size_of::<usize>();
    fn defaults() -> mssip_limits {
        Limits::default().into()
    }
}

impl From<Limits> for mssip_limits {
    fn from(l: Limits) -> mssip_limits {
        mssip_limits {
            struct_size: size_of::<mssip_limits>(),
            max_message_size: l.max_message_size,
            max_headers: l.max_headers,
            max_line_length: l.max_line_length,
            max_nesting_depth: l.max_nesting_depth,
            max_parts: l.max_parts,
            max_xml_size: l.max_xml_size,
            max_xml_depth: l.max_xml_depth,
            max_xml_elements: l.max_xml_elements,
            max_xml_attributes: l.max_xml_attributes,
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
            max_xml_depth: l.max_xml_depth,
            max_xml_elements: l.max_xml_elements,
            max_xml_attributes: l.max_xml_attributes,
        }
    }
}

/// Writes the default limits into `*out` (64 KiB message, 256 headers, 8 KiB line, multipart
/// nesting depth 8, 64 parts, 64 KiB XML nested at most 32 deep with at most 4096 elements
/// and 64 attributes on an element), with `struct_size` set.
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

/// Reads an optional `const mssip_limits *` argument: NULL means the defaults. A struct of
/// another size is read by the growth rule (`growth.rs`).
///
/// # Safety
/// `p` is NULL or points to an `mssip_limits` readable for its `struct_size` bytes.
pub(crate) unsafe fn limits_or_default(p: *const mssip_limits) -> FfiResult<Limits> {
    if p.is_null() {
        return Ok(Limits::default());
    }
    // SAFETY: caller contract.
    unsafe { read_sized(p, "limits") }.map(Limits::from)
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
            // SAFETY: a live local.
            unsafe { mssip_limits_default(&mut l) },
            mssip_result::MSSIP_OK
        );
        assert_eq!(l.struct_size, size_of::<mssip_limits>());
        assert_eq!(Limits::from(l), Limits::default());
        assert_eq!(
            // SAFETY: NULL is allowed.
            unsafe { mssip_limits_default(std::ptr::null_mut()) },
            mssip_result::MSSIP_E_NULL
        );
        assert_eq!(
            // SAFETY: NULL is allowed.
            unsafe { limits_or_default(std::ptr::null()) }.ok(),
            Some(Limits::default())
        );
    }

    #[test]
    fn a_struct_not_filled_by_the_default_function_is_refused() {
        let mut l = mssip_limits::from(Limits::default());
        l.max_headers = 3;
        // SAFETY: a live local.
        let got = unsafe { limits_or_default(&l) }.map(|l| l.max_headers);
        assert_eq!(got.ok(), Some(3));
        l.struct_size = 0;
        // SAFETY: a live local.
        let e = unsafe { limits_or_default(&l) }.err().map(|f| f.code);
        assert_eq!(e, Some(mssip_result::MSSIP_E_INVALID_ARGUMENT));
    }
}
