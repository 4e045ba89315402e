//! `server-type-val`: the kind of server in a server-instance GRUU (MS-SIPRE 2.2.1, 3.4.5.1).

use super::error::ExtError;
use std::fmt;

/// `server-type-val = "HomeServer" / "MediationServer" / "MRAS" / "QoS"`.
///
/// MS-SIPRE 3.4.5.1 calls the quality-of-service monitoring server "QoSM" in prose; the
/// grammar of 2.2.1 and the example of 4.3 both write `QoS`, which is what is accepted here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerType {
    /// The registrar and presence server.
    HomeServer,
    MediationServer,
    /// The media relay authentication server.
    Mras,
    /// The quality-of-service monitoring server.
    Qos,
}

impl ServerType {
    pub const ALL: [ServerType; 4] = [
        ServerType::HomeServer,
        ServerType::MediationServer,
        ServerType::Mras,
        ServerType::Qos,
    ];

    /// Matches the ABNF literals case-insensitively (RFC 5234 2.3).
    pub fn parse(s: &str) -> Result<ServerType, ExtError> {
        ServerType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or(ExtError::new(
                "server-type-val: not HomeServer, MediationServer, MRAS or QoS",
                0,
            ))
    }

    /// The spelling of MS-SIPRE 2.2.1.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerType::HomeServer => "HomeServer",
            ServerType::MediationServer => "MediationServer",
            ServerType::Mras => "MRAS",
            ServerType::Qos => "QoS",
        }
    }
}

impl fmt::Display for ServerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
