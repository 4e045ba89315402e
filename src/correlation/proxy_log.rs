//! What a proxy that logs dialog creation records (MS-SIPRE 3.12.5.2).

use super::received::read;
use super::scope::creates_dialog;
use crate::ext::MsCorrelationId;
use crate::sip::Message;

/// The correlation id to record for `msg`: present only for a dialog-creating request or a
/// final response to one whose `Ms-Correlation-Id` is a valid UUID (MS-SIPRE 3.12.5.2). A
/// value that is not a UUID is ignored (and reported to the log by [`super::read`]).
pub fn id_to_log(msg: &Message) -> Option<MsCorrelationId> {
    if !creates_dialog(msg) {
        return None;
    }
    read(msg).id().cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::tests_support::{captured_warnings, request, response_with};

    const ID: &str = "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0";

    #[test]
    fn dialog_creating_requests_and_final_responses_are_logged() {
        // MS-SIPRE 3.12.5.2: "processes a dialog creating request or final response to a
        // dialog creating request that has an Ms-Correlation-Id ... it can record the value".
        for m in ["INVITE", "SUBSCRIBE", "REFER"] {
            let r = request(m, &[("Ms-Correlation-Id", ID)]);
            assert_eq!(id_to_log(&r).unwrap().to_string(), ID);
            let ok = response_with(200, m, &[("Ms-Correlation-Id", ID)]);
            assert_eq!(id_to_log(&ok).unwrap().to_string(), ID);
        }
        assert!(id_to_log(&request("BYE", &[("Ms-Correlation-Id", ID)])).is_none());
        assert!(id_to_log(&response_with(183, "INVITE", &[("Ms-Correlation-Id", ID)])).is_none());
        assert!(id_to_log(&request("INVITE", &[])).is_none());
    }

    #[test]
    fn an_invalid_value_is_not_logged_as_an_id() {
        // MS-SIPRE 3.12.5.2: "If the value is not a valid UUID, the proxy SHOULD ignore the
        // presence of the header."
        let (id, warnings) =
            captured_warnings(|| id_to_log(&request("INVITE", &[("Ms-Correlation-Id", "abc")])));
        assert!(id.is_none());
        assert_eq!(warnings.len(), 1);
    }
}
