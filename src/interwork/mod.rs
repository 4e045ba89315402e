//! Interworking between the Microsoft dialect and plain SIP: the translations a PBX makes at
//! the seam between Microsoft servers and carriers, desk phones and gateways. Each one is a
//! pure function from a message to a message; a message it has nothing to change in comes
//! back byte for byte.

pub mod diagnostics;
pub mod diversion;
pub mod fqdn;
pub mod keepalive;
pub mod liveness;
pub mod liveness_error;
pub mod plain_body;
pub mod plain_body_dialogs;
pub mod plain_body_hold;
#[cfg(test)]
mod plain_body_tests;
pub mod response_translation;
pub mod sdp_normalise;
pub mod um_follow;

pub use diagnostics::{
    Diagnostic, DiagnosticHeader, add_diagnostic, describe, diagnostic_views, diagnostics_of,
    log_diagnostics, register_code,
};
pub use diversion::{diversion_to_history, history_to_diversion};
pub use fqdn::{
    FqdnConfig, FqdnDiscipline, OwnAddress, OwnForm, OwnTarget, Transport, validate_fqdn,
};
pub use keepalive::{
    KeepAliveRole, MsKeepAlive, OptionsAnswer, add_keep_alive_answer, answer_options,
    is_options_ping, keep_alive_of,
};
pub use liveness::{
    LivenessAction, LivenessConfig, PeerLiveness, PeerSpec, PeerState, ProbeOutcome,
};
pub use liveness_error::PeerError;
pub use plain_body::{
    BodyOptions, MultipartSupport, PlainBodyError, PlainPeerProfile, reduce_body,
    reduce_for_plain_peer,
};
pub use plain_body_dialogs::BodyDialogs;
pub use plain_body_hold::rfc3264_hold;
pub use response_translation::{CodeMatch, TranslationRule, Translator};
pub use sdp_normalise::{SdpNormalise, normalise_message, normalise_sdp};
pub use um_follow::{UmBranch, UmFollowError, UmPin, follow_um_redirect};
