//! `conf-entity-val`: the kind of conferencing endpoint in a conference GRUU (MS-SIPRE 2.2.1,
//! 3.4.5.1).

use super::error::ExtError;
use super::keyword::keyword_enum;

keyword_enum! {
    /// `conf-entity-val = "focus" / "audio-video" / "chat" / "meeting" / "phone-conf"`.
    pub enum ConfEntity {
        Focus => "focus",
        AudioVideo => "audio-video",
        Chat => "chat",
        Meeting => "meeting",
        PhoneConf => "phone-conf",
    }
}

impl ConfEntity {
    /// Matches the ABNF literals case-insensitively (RFC 5234 2.3).
    pub fn parse(s: &str) -> Result<ConfEntity, ExtError> {
        ConfEntity::from_keyword(s).ok_or(ExtError::new(
            "conf-entity-val: not focus, audio-video, chat, meeting or phone-conf",
            0,
        ))
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
