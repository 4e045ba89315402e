//! The C ABI (`include/mssip.h`, generated from this module by cbindgen).
//!
//! Thin by design: every export checks its pointers, runs inside the panic boundary
//! (`boundary.rs`), calls one function of the Rust API and maps the outcome to an
//! `mssip_result`. No protocol logic lives here. Each C concept has its own file; the Rust
//! type behind every opaque handle is named in one place (`handle.rs`).
//!
//! Conventions (see DESIGN.md, "The C ABI"): the handle comes first, then inputs, then
//! outputs; out-parameters are written only on success, except `*out_len`, which also carries
//! the length needed with `MSSIP_E_BUFFER_TOO_SMALL`.
#![allow(non_camel_case_types)]

// ORDER: cbindgen writes the header's functions in the order of the `mod` lines below, so
// they follow the order in which a C user meets the API, not the alphabet: the general calls
// (version, results and the last error, logging, limits), messages (parse and free, access,
// typed access, the core fields in one call, then editing), building messages, stream
// framing, multipart bodies, validation, identity, then the features in the order the specification gives them (NAT,
// trust headers, registrar and location service, targets, ...). Put a new module in its
// group. rustfmt sorts the `mod` lines of a run without blank lines, so a module that must
// come before one earlier in the alphabet stands after a blank line. The `pub use` lines
// follow the same order.

// Plumbing, no functions.
mod boundary;
mod delivery;
mod growth;
mod handle;
mod msg_lookup;
mod text;

// General.
mod version;

mod result;

mod last_error;
mod log;

mod limits;

// Messages: parse, free and raw access, values in bulk and by header id.
mod msg;
mod msg_values;

// Typed values: the top Via, addresses, URIs, parameters, numbers.
mod via;

mod name_addr;
mod uri;

mod msg_params;
mod unquote;

mod msg_numbers;

// The core fields of a message in one call.
mod msg_core;

// Editing messages.
mod msg_edit;

// Building messages.
mod builder;

// Stream framing.
mod framer;

// Multipart bodies.
mod multipart;

// Validation.
mod validate;

// Identity (MS-SIPRE 3.2-3.4).
mod identity;

// Features: the peer a message came from, then the registrar (MS-SIPRE 3.2-3.4, 3.7.5.2),
// its bindings, the location service and the proxy targets; NAT, trust headers and the
// features after them follow in the order of the specification.
mod peer;
mod registrar;

mod binding;
mod location;
mod location_callbacks;
mod targets;

// NAT traversal (MS-SIPRE 3.5): processing, then the connection table.
mod nat;

mod conn_table;

// The call router (MS-SIPRE 3.9): the router, the callee, the call and its actions.
mod router;

mod action;
mod call;
mod callee;

// Trust headers of the enterprise edge (MS-SIPRE 3.10, 3.11).
mod edge;

// Dial plan (MS-SIPRE 3.8): location profiles, then the profile store and SERVICE.
mod dialplan;
mod profile_store;
mod profile_store_callbacks;

// The route-signing key ring and signed Record-Route state (MS-SIPRE 3.6).
mod interwork;
mod interwork_body;
mod interwork_diversion;
mod interwork_peer;
mod interwork_peer_liveness;
mod interwork_um;
mod keyring;
mod routeset;
// Dialog recovery (MS-SIPRE 3.7): the proxy's 481 / 430 and the user agent's steps.
mod recovery;

// Around the call: correlation (MS-SIPRE 3.12), call context (3.13), safe transfer (3.14),
// agent anonymity (3.16).
mod context;
mod correlation;
mod transfer;

mod anonymity;

// Multipart ICE offers (MS-SIPRE 3.15).
mod ice;

// E911 (MS-SIPRE 3.17): the server's side, then the client's.
mod e911;
mod e911_client;

// Exchange UM call control (MS-OCEXUM).
mod exchange_um;

pub use handle::{
    mssip_binding_sink, mssip_bindings, mssip_call, mssip_callee, mssip_conn_table, mssip_context,
    mssip_dialplan, mssip_framer, mssip_keyring, mssip_location, mssip_msg, mssip_multipart,
    mssip_profile_sink, mssip_profile_store, mssip_registrar, mssip_router, mssip_targets,
};
pub use handle::{mssip_body_dialogs, mssip_fqdn, mssip_liveness, mssip_peer_body};
pub use handle::{mssip_dialog_recovery, mssip_route_state};
pub use handle::{mssip_e911_location, mssip_e911_uris, mssip_pidf_lo};
pub use recovery::*;
pub use routeset::{
    mssip_record_route_spec, mssip_route_field, mssip_route_field_raw, mssip_route_source,
    mssip_route_source_raw,
};
pub use text::{mssip_bytes, mssip_str};

pub use version::{MSSIP_VERSION_MAJOR, MSSIP_VERSION_MINOR, MSSIP_VERSION_PATCH, mssip_version};

pub use result::{mssip_result, mssip_result_raw, mssip_result_str};

pub use last_error::mssip_last_error;
pub use log::{mssip_log_fn, mssip_log_level, mssip_log_level_raw, mssip_log_set};

pub use limits::{mssip_limits, mssip_limits_default};

pub use msg::*;
pub use msg_values::*;

pub use via::*;

pub use name_addr::*;
pub use uri::*;

pub use msg_params::*;
pub use unquote::mssip_unquote;

pub use msg_numbers::*;

pub use msg_core::*;

pub use msg_edit::*;

pub use builder::{mssip_header, mssip_msg_new_request, mssip_msg_new_response};

pub use framer::*;

pub use multipart::*;

pub use validate::*;

pub use identity::*;

pub use peer::{mssip_nat_verdict, mssip_peer, mssip_transport, mssip_transport_raw};
pub use registrar::*;

pub use binding::*;
pub use location::*;
pub use location_callbacks::*;
pub use targets::*;

pub use nat::*;

pub use conn_table::*;

pub use router::*;

pub use action::*;
pub use call::*;
pub use callee::*;

pub use edge::*;

pub use context::*;
pub use correlation::*;
pub use transfer::*;

pub use anonymity::*;
pub use ice::*;

pub use exchange_um::*;

pub use e911::*;
pub use e911_client::*;
pub use interwork::*;
pub use interwork_body::*;
pub use interwork_peer::*;
pub use interwork_peer_liveness::*;
