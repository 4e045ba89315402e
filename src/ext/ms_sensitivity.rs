//! The `Ms-Sensitivity` header field value (MS-SIPRE 2.2.9, 3.9.5.2.1).

use super::error::ExtError;
use super::keyword::keyword_enum;
use super::nom_text::{keyword, parse_all};

keyword_enum! {
    /// Whether a call may be directed to another person, or diverted to another device of the
    /// same person (MS-SIPRE 2.2.9).
    #[derive(Default)]
    pub enum MsSensitivity {
        /// `normal`; also what an absent header field means (MS-SIPRE 2.2.9).
        #[default]
        Normal => "normal",
        Private => "private",
        NormalNoDiversion => "normal-no-diversion",
        PrivateNoDiversion => "private-no-diversion",
    }
}

impl MsSensitivity {
    /// The header field name.
    pub const NAME: &'static str = "Ms-Sensitivity";

    /// Parses one field value (surrounding white space allowed; the literals match
    /// case-insensitively, RFC 5234 2.3).
    pub fn parse(s: &str) -> Result<MsSensitivity, ExtError> {
        parse_all(
            s,
            "Ms-Sensitivity: not normal, private, normal-no-diversion or private-no-diversion",
            keyword(MsSensitivity::from_keyword),
        )
    }

    /// The sensitivity of a request from all its `Ms-Sensitivity` field values: `normal` when
    /// there is none, an error when there are several or the one value is not in the grammar
    /// (the cases where MS-SIPRE 2.2.9 says a 400 response SHOULD be returned).
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = &'a str>,
    ) -> Result<MsSensitivity, ExtError> {
        let mut it = fields.into_iter();
        let Some(first) = it.next() else {
            return Ok(MsSensitivity::Normal);
        };
        if it.next().is_some() {
            return Err(ExtError::new("Ms-Sensitivity: appears more than once", 0));
        }
        MsSensitivity::parse(first)
    }

    /// `private` and `private-no-diversion`: the call must not reach another person.
    pub fn is_private(self) -> bool {
        matches!(
            self,
            MsSensitivity::Private | MsSensitivity::PrivateNoDiversion
        )
    }

    /// `normal-no-diversion` and `private-no-diversion`: the call must not be diverted to
    /// another device.
    pub fn is_no_diversion(self) -> bool {
        matches!(
            self,
            MsSensitivity::NormalNoDiversion | MsSensitivity::PrivateNoDiversion
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_value() {
        for m in MsSensitivity::ALL {
            assert_eq!(MsSensitivity::parse(m.as_str()), Ok(m));
            assert_eq!(
                MsSensitivity::parse(&m.to_string()).unwrap().to_string(),
                m.as_str()
            );
        }
        // The corpus INVITE of invite-play-on-phone.sip.
        assert_eq!(
            MsSensitivity::parse(" private-no-diversion "),
            Ok(MsSensitivity::PrivateNoDiversion)
        );
        assert_eq!(MsSensitivity::parse("Private"), Ok(MsSensitivity::Private));
    }

    #[test]
    fn properties() {
        assert!(!MsSensitivity::Normal.is_private() && !MsSensitivity::Normal.is_no_diversion());
        assert!(MsSensitivity::Private.is_private() && !MsSensitivity::Private.is_no_diversion());
        assert!(MsSensitivity::NormalNoDiversion.is_no_diversion());
        assert!(!MsSensitivity::NormalNoDiversion.is_private());
        assert!(MsSensitivity::PrivateNoDiversion.is_private());
        assert!(MsSensitivity::PrivateNoDiversion.is_no_diversion());
    }

    #[test]
    fn absent_means_normal_and_several_is_an_error() {
        assert_eq!(MsSensitivity::from_fields([]), Ok(MsSensitivity::Normal));
        assert_eq!(
            MsSensitivity::from_fields(["private"]),
            Ok(MsSensitivity::Private)
        );
        assert_eq!(
            MsSensitivity::from_fields(["private", "private"])
                .unwrap_err()
                .what,
            "Ms-Sensitivity: appears more than once"
        );
        assert!(MsSensitivity::from_fields(["secret"]).is_err());
    }

    #[test]
    fn refuses_other_values() {
        assert_eq!(MsSensitivity::parse("").unwrap_err().offset, 0);
        assert_eq!(MsSensitivity::parse("  secret").unwrap_err().offset, 2);
        assert!(MsSensitivity::parse("normal, private").is_err());
        assert!(MsSensitivity::parse("normal;x=1").is_err());
        assert!(MsSensitivity::parse("no-diversion").is_err());
    }
}
