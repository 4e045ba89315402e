//! `server-type-val`: the kind of server in a server-instance GRUU (MS-SIPRE 2.2.1, 3.4.5.1).

use super::error::ExtError;
use super::keyword::keyword_enum;

keyword_enum! {
    /// `server-type-val = "HomeServer" / "MediationServer" / "MRAS" / "QoS"`.
    ///
    /// MS-SIPRE 3.4.5.1 calls the quality-of-service monitoring server "QoSM" in prose; the
    /// grammar of 2.2.1 and the example of 4.3 both write `QoS`, which is what is accepted here.
    pub enum ServerType {
        /// The registrar and presence server.
        HomeServer => "HomeServer",
        MediationServer => "MediationServer",
        /// The media relay authentication server.
        Mras => "MRAS",
        /// The quality-of-service monitoring server.
        Qos => "QoS",
    }
}

impl ServerType {
    /// Matches the ABNF literals case-insensitively (RFC 5234 2.3).
    pub fn parse(s: &str) -> Result<ServerType, ExtError> {
        ServerType::from_keyword(s).ok_or(ExtError::new(
            "server-type-val: not HomeServer, MediationServer, MRAS or QoS",
            0,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_value() {
        for t in ServerType::ALL {
            assert_eq!(ServerType::parse(t.as_str()), Ok(t));
            assert_eq!(ServerType::parse(&t.to_string().to_lowercase()), Ok(t));
        }
    }

    #[test]
    fn refuses_other_values() {
        assert!(ServerType::parse("QoSM").is_err());
        assert!(ServerType::parse("Registrar").is_err());
        assert!(ServerType::parse("").is_err());
    }
}
