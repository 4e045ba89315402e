//! Reading the `Ms-Correlation-Id` of a message (MS-SIPRE 2.2.11): a valid UUID, nothing,
//! or a value that is ignored (3.12.5.2) and reported to the host's log.

use crate::ext::MsCorrelationId;
use crate::sip::Message;

/// What a message says about its correlation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// No `Ms-Correlation-Id` field.
    Absent,
    /// One field holding a UUID (RFC 4122 section 3).
    Valid(MsCorrelationId),
    /// A field that is not one UUID (another text, or several fields): its presence is
    /// ignored (MS-SIPRE 3.12.5.2) and a warning went to the log.
    Ignored,
}

impl Received {
    /// The id, when there is a valid one.
    pub fn id(&self) -> Option<&MsCorrelationId> {
        match self {
            Received::Valid(id) => Some(id),
            _ => None,
        }
    }
}

/// Reads the `Ms-Correlation-Id` of `msg`. A value that does not follow 2.2.11 (not a UUID,
/// or more than one field) is ignored, as MS-SIPRE 3.12.5.2 says, and reported to the
/// log at warning level with the Call-ID, so a deployment sees which peer sends it.
pub fn read(msg: &Message) -> Received {
    let mut fields = msg.fields(MsCorrelationId::NAME);
    let Some(first) = fields.next() else {
        return Received::Absent;
    };
    let call_id = msg.call_id().unwrap_or("");
    if fields.next().is_some() {
        crate::log_warn!(
            "Ms-Correlation-Id ignored (MS-SIPRE 3.12.5.2): more than one field (Call-ID {call_id})"
        );
        return Received::Ignored;
    }
    match MsCorrelationId::parse(first) {
        Ok(id) => Received::Valid(id),
        Err(e) => {
            crate::log_warn!(
                "Ms-Correlation-Id ignored (MS-SIPRE 3.12.5.2): {e} (value {first:?}, Call-ID {call_id})"
            );
            Received::Ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::tests_support::{captured_warnings, invite_with};

    #[test]
    fn a_uuid_is_read_and_anything_else_is_ignored_and_logged() {
        let v = "0B1A6EA4-2c3e-4c79-9a3b-5e1a31b6c2d0";
        let m = invite_with(&[("Ms-Correlation-Id", v)]);
        assert_eq!(read(&m).id().unwrap().to_string(), v);
        assert_eq!(read(&invite_with(&[])), Received::Absent);

        // MS-SIPRE 3.12.5.2: "If the value is not a valid UUID, the proxy SHOULD ignore the
        // presence of the header" -- and the host's log hears of it.
        let (got, warnings) = captured_warnings(|| {
            [
                read(&invite_with(&[("Ms-Correlation-Id", "not-a-uuid")])),
                read(&invite_with(&[(
                    "Ms-Correlation-Id",
                    "{0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0}",
                )])),
                read(&invite_with(&[
                    ("Ms-Correlation-Id", v),
                    ("Ms-Correlation-Id", v),
                ])),
            ]
        });
        assert_eq!(
            got,
            [Received::Ignored, Received::Ignored, Received::Ignored]
        );
        assert_eq!(warnings.len(), 3);
        assert!(warnings[0].contains("\"not-a-uuid\"") && warnings[0].contains("Call-ID c1"));
        assert!(warnings[2].contains("more than one field"));
    }
}
