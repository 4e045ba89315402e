//! `conf-entity-val`: the kind of conferencing endpoint in a conference GRUU (MS-SIPRE 2.2.1,
//! 3.4.5.1).

use super::error::ExtError;
use std::fmt;

/// `conf-entity-val = "focus" / "audio-video" / "chat" / "meeting" / "phone-conf"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConfEntity {
    Focus,
    AudioVideo,
    Chat,
    Meeting,
    PhoneConf,
}

impl ConfEntity {
    pub const ALL: [ConfEntity; 5] = [
        ConfEntity::Focus,
        ConfEntity::AudioVideo,
        ConfEntity::Chat,
        ConfEntity::Meeting,
        ConfEntity::PhoneConf,
    ];

    /// Matches the ABNF literals case-insensitively (RFC 5234 2.3).
    pub fn parse(s: &str) -> Result<ConfEntity, ExtError> {
        ConfEntity::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
            .ok_or(ExtError::new(
                "conf-entity-val: not focus, audio-video, chat, meeting or phone-conf",
                0,
            ))
    }

    /// The spelling of MS-SIPRE 2.2.1.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfEntity::Focus => "focus",
            ConfEntity::AudioVideo => "audio-video",
            ConfEntity::Chat => "chat",
            ConfEntity::Meeting => "meeting",
            ConfEntity::PhoneConf => "phone-conf",
        }
    }
}

impl fmt::Display for ConfEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_value() {
        for c in ConfEntity::ALL {
            assert_eq!(ConfEntity::parse(c.as_str()), Ok(c));
            assert_eq!(ConfEntity::parse(&c.to_string().to_uppercase()), Ok(c));
        }
    }

    #[test]
    fn refuses_other_values() {
        // MS-SIPRE 4.3 prints "audiovideo"; the 2.2.1 grammar spells it "audio-video".
        assert!(ConfEntity::parse("audiovideo").is_err());
        assert!(ConfEntity::parse("").is_err());
        assert!(ConfEntity::parse("focus ").is_err());
    }
}
