//! The `Ms-Call-Info` header field value (MS-SIPRE 2.2.20).

use super::error::ExtError;
use super::keyword::keyword_enum;
use super::nom_text::parse_all;
use nom::bytes::complete::take_while1;
use nom::combinator::map_opt;

keyword_enum! {
    /// A call property told to a client endpoint (MS-SIPRE 2.2.20): the grammar has one.
    pub enum MsCallInfo {
        /// The call is anonymized: the recipient does not learn the agent's identity
        /// (MS-SIPRE 3.16.1.1).
        RgsAnonymization => "Rgs.Anonymization",
    }
}

impl MsCallInfo {
    /// The header field name.
    pub const NAME: &'static str = "Ms-Call-Info";

    /// Parses a field value (white space around it allowed; the literal matches in any case,
    /// RFC 5234 2.3, so the `rgs.anonymization` of MS-SIPRE 3.16.1.1 reads too). Any other
    /// value is an error, which MS-SIPRE 2.2.20 says to ignore.
    pub fn parse(s: &str) -> Result<MsCallInfo, ExtError> {
        parse_all(
            s,
            "Ms-Call-Info: not Rgs.Anonymization",
            // The literal holds a dot, which the shared `keyword` parser does not take.
            map_opt(
                take_while1(|c: char| c.is_ascii_alphanumeric() || c == '.'),
                MsCallInfo::from_keyword,
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_one_value_in_any_case() {
        // MS-SIPRE 2.2.20 (and 4.13) spell it Rgs.Anonymization, 3.16.1.1 rgs.anonymization.
        for s in [
            "Rgs.Anonymization",
            "rgs.anonymization",
            " RGS.ANONYMIZATION ",
        ] {
            assert_eq!(MsCallInfo::parse(s), Ok(MsCallInfo::RgsAnonymization));
        }
        assert_eq!(
            MsCallInfo::RgsAnonymization.to_string(),
            "Rgs.Anonymization"
        );
    }

    #[test]
    fn refuses_other_values() {
        for s in [
            "",
            "rgs",
            "Rgs.Anonymization, x",
            "rgs.anonymization;x=1",
            "anonymous",
        ] {
            assert!(MsCallInfo::parse(s).is_err(), "{s}");
        }
    }
}
