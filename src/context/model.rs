//! The call context data of MS-SIPRE 2.2.19: who wrote the notes, to whom, who was on the
//! call, when, in which modes, and the notes.

use super::error::ContextError;
use super::validate::validate_new;
use super::{DATA_FORMAT, config::ContextConfig};
use crate::ext::UuidText;

/// The modes MS-SIPRE 2.2.19.10 names (3.13.5.1: a mode "SHOULD consist of one of the
/// following values").
pub const KNOWN_MODES: [&str; 4] = ["audio", "video", "im", "applicationSharing"];

/// A party of the call context (`XmlConvContextParticipantType`, MS-SIPRE 2.2.19.2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Party {
    /// The party's URI (required).
    pub uri: String,
    pub display_name: Option<String>,
    /// The user the party acts on behalf of, when a third party.
    pub on_behalf_uri: Option<String>,
    pub on_behalf_display_name: Option<String>,
}

impl Party {
    /// A party known by its URI only.
    pub fn new(uri: &str) -> Party {
        Party {
            uri: uri.to_string(),
            ..Party::default()
        }
    }

    /// The same party with a display name.
    pub fn with_display_name(mut self, name: &str) -> Party {
        self.display_name = Some(name.to_string());
        self
    }
}

/// One call context document (`XmlConvContextType`, MS-SIPRE 2.2.19, Appendix C).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationContext {
    /// Unique among the call context data of its author (2.2.19.1).
    pub id: String,
    /// The author (2.2.19.2).
    pub from: Party,
    /// Whom the author first conveyed the notes to (2.2.19.3).
    pub to: Party,
    /// Who was on the call, the author among them (2.2.19.4, 2.2.19.5).
    pub participants: Vec<Party>,
    /// When the author wrote it, in UTC (2.2.19.6).
    pub date: String,
    /// The modes in use, each once (2.2.19.10).
    pub modes: Vec<String>,
    /// The call the notes are about (2.2.19.7).
    pub conversation_id: String,
    /// Always `text/plain` (2.2.19.8).
    pub data_format: String,
    /// The notes (2.2.19.9).
    pub context_data: String,
}

impl ConversationContext {
    /// A new call context written by `from`, with a fresh `id` (a random UUID, so it is
    /// unique among the call contexts this author creates, MS-SIPRE 2.2.19.1 and 3.13.5.1),
    /// `dataFormat` `text/plain` and no modes (add them to `modes`). The data is checked as
    /// [`ConversationContext::validate`] checks it.
    pub fn new(
        from: Party,
        to: Party,
        participants: Vec<Party>,
        date: &str,
        conversation_id: &str,
        context_data: &str,
    ) -> Result<ConversationContext, ContextError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| ContextError::Message(format!("no system randomness: {e}").into()))?;
        let id = UuidText::from_uuid(uuid::Builder::from_random_bytes(bytes).into_uuid());
        let cc = ConversationContext {
            id: id.to_string(),
            from,
            to,
            participants,
            date: date.to_string(),
            modes: Vec::new(),
            conversation_id: conversation_id.to_string(),
            data_format: DATA_FORMAT.to_string(),
            context_data: context_data.to_string(),
        };
        validate_new(&cc, &ContextConfig::DEFAULT)?;
        Ok(cc)
    }

    /// True when every mode is one that MS-SIPRE 2.2.19.10 names; a server can ignore call
    /// context with another (3.13.5.2).
    pub fn has_only_known_modes(&self) -> bool {
        self.modes.iter().all(|m| KNOWN_MODES.contains(&m.as_str()))
    }
}
