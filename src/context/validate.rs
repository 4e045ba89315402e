//! The rules of MS-SIPRE 3.13.5.1 that a call context must keep, checked on what is read and
//! on what is written.

use super::DATA_FORMAT;
use super::config::ContextConfig;
use super::date::is_utc_date_time;
use super::error::ContextError;
use super::model::{ConversationContext, KNOWN_MODES, Party};

fn limit(what: &'static str, max: usize) -> ContextError {
    ContextError::Limit { what, max }
}

/// An `xs:token` value that is not empty: no leading, trailing or double spaces, no tab or
/// line break (XML Schema 3.3.2).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.contains(['\t', '\r', '\n'])
}

fn check_len(s: &str, config: &ContextConfig) -> Result<(), ContextError> {
    if s.len() > config.max_field_len {
        return Err(limit("bytes in one element", config.max_field_len));
    }
    Ok(())
}

fn check_party(p: &Party, which: &'static str, config: &ContextConfig) -> Result<(), ContextError> {
    // 3.13.5.1: "The uri child element MUST be present within the from / to / participant
    // element."
    if p.uri.trim().is_empty() {
        return Err(ContextError::invalid(
            0,
            format!("{which} has an empty uri"),
        ));
    }
    for s in [&p.display_name, &p.on_behalf_uri, &p.on_behalf_display_name]
        .into_iter()
        .flatten()
        .chain([&p.uri])
    {
        check_len(s, config)?;
    }
    Ok(())
}

/// Checks what MS-SIPRE 3.13.5.1 requires of the data (the element counts are checked by the
/// reader, and are right by construction in a [`ConversationContext`]): `id` and
/// `conversationId` non-empty tokens, every party with a uri, one participant or more and the
/// author among them, `date` in UTC, `dataFormat` `text/plain`, each mode once, and the
/// bounds of `config`.
pub(crate) fn validate(
    cc: &ConversationContext,
    config: &ContextConfig,
) -> Result<(), ContextError> {
    if !is_token(&cc.id) {
        return Err(ContextError::invalid(0, "id is not a non-empty token"));
    }
    if !is_token(&cc.conversation_id) {
        return Err(ContextError::invalid(
            0,
            "conversationId is not a non-empty token",
        ));
    }
    check_len(&cc.id, config)?;
    check_len(&cc.conversation_id, config)?;
    check_party(&cc.from, "from", config)?;
    check_party(&cc.to, "to", config)?;
    if cc.participants.is_empty() {
        return Err(ContextError::invalid(0, "participants has no participant"));
    }
    if cc.participants.len() > config.max_participants {
        return Err(limit("participants", config.max_participants));
    }
    for p in &cc.participants {
        check_party(p, "participant", config)?;
    }
    // 3.13.5.1: "A participant element MUST be present for the author of the call context
    // data." The author is the uri of `from`.
    if !cc
        .participants
        .iter()
        .any(|p| p.uri.trim() == cc.from.uri.trim())
    {
        return Err(ContextError::invalid(
            0,
            "the author (from) is not a participant",
        ));
    }
    if !is_utc_date_time(&cc.date) {
        return Err(ContextError::invalid(0, "date is not a UTC xs:dateTime"));
    }
    if cc.data_format != DATA_FORMAT {
        return Err(ContextError::invalid(0, "dataFormat is not text/plain"));
    }
    if cc.context_data.len() > config.max_context_data_len {
        return Err(limit("bytes of contextData", config.max_context_data_len));
    }
    if cc.modes.len() > config.max_modes {
        return Err(limit("modes", config.max_modes));
    }
    for (i, m) in cc.modes.iter().enumerate() {
        if !is_token(m) {
            return Err(ContextError::invalid(0, "a mode is not a non-empty token"));
        }
        // 3.13.5.1: "The mode element can be present one or more times ..., each time with a
        // unique value".
        if cc.modes[..i].contains(m) {
            return Err(ContextError::invalid(0, format!("mode {m} appears twice")));
        }
    }
    Ok(())
}

/// As [`validate`], and for data this library writes, the SHOULD of 3.13.5.1 too: each mode
/// one of audio, video, im, applicationSharing.
pub(crate) fn validate_new(
    cc: &ConversationContext,
    config: &ContextConfig,
) -> Result<(), ContextError> {
    validate(cc, config)?;
    if let Some(m) = cc.modes.iter().find(|m| !KNOWN_MODES.contains(&m.as_str())) {
        return Err(ContextError::invalid(
            0,
            format!("mode {m} is not audio, video, im or applicationSharing"),
        ));
    }
    Ok(())
}

impl ConversationContext {
    /// Checks the data as MS-SIPRE 3.13.5.1 requires (see the module's rules) under `config`.
    pub fn validate(&self, config: &ContextConfig) -> Result<(), ContextError> {
        validate(self, config)
    }
}
