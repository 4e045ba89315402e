//! The typed grammar of the Microsoft SIP extensions (MS-SIPRE 2.2): one type per header
//! value or parameter, each with a `parse` that refuses text outside its ABNF with an
//! [`ExtError`] and a `Display` that writes it back.

pub mod aor;
pub mod conf_entity;
pub mod edge_proxy_message_trust;
pub mod epid;
pub mod error;
pub mod gruu;
pub mod history_info;
mod keyword;
mod lws;
pub mod ms_call_info;
pub mod ms_correlation_id;
pub mod ms_diagnostics;
pub mod ms_forking;
pub mod ms_sensitivity;
pub mod ms_user_logon_data;
mod nom_text;
pub mod opaque;
pub mod p_dialog_recovery_action;
pub mod phone_context;
pub mod pvalue;
pub mod server_type;
pub mod sip_instance;
pub mod uri_param;
pub mod uuid_text;
pub mod via_params;

pub use aor::Aor;
pub use conf_entity::ConfEntity;
pub use edge_proxy_message_trust::{
    EdgeProxyMessageTrust, SourceNetwork, SourceType, TrustError, UserVerification,
};
pub use epid::Epid;
pub use error::ExtError;
pub use gruu::{Gruu, GruuTarget};
pub use history_info::{HiEntry, HiEntryBuilder, RetargetReason};
pub use ms_call_info::MsCallInfo;
pub use ms_correlation_id::MsCorrelationId;
pub use ms_diagnostics::{MsDiagnostic, MsDiagnosticBuilder};
pub use ms_forking::MsForking;
pub use ms_sensitivity::MsSensitivity;
pub use ms_user_logon_data::MsUserLogonData;
pub use opaque::OpaqueValue;
pub use p_dialog_recovery_action::{PDialogRecoveryAction, PdrAction};
pub use phone_context::PhoneContext;
pub use server_type::ServerType;
pub use sip_instance::SipInstance;
pub use uri_param::MsUriParam;
pub use uuid_text::UuidText;
