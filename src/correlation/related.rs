//! Correlating a new dialog with the one a received INVITE or REFER created (MS-SIPRE
//! 3.12.5.1), or two new dialogs with each other (3.12.4.1).

use super::error::CorrelationError;
use super::generate::generate;
use super::received::{Received, read};
use super::scope::{carries_correlation, is_invite_or_refer};
use crate::ext::MsCorrelationId;
use crate::sip::Message;

/// The id a related dialog carries, and where it must go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedDialog {
    id: MsCorrelationId,
    generated: bool,
}

impl RelatedDialog {
    /// Two dialogs this endpoint creates that are related (MS-SIPRE 3.12.4.1): a new id for
    /// the INVITE or REFER of each.
    pub fn new_pair() -> Result<RelatedDialog, CorrelationError> {
        Ok(RelatedDialog {
            id: generate()?,
            generated: true,
        })
    }

    /// The id for the dialog this endpoint creates because of `received`, an INVITE or
    /// REFER (MS-SIPRE 3.12.5.1): the id it carries, or a new one when it carries none. A
    /// value that is not a UUID counts as none (it is ignored and logged, 3.12.5.2).
    pub fn for_received(received: &Message) -> Result<RelatedDialog, CorrelationError> {
        if !is_invite_or_refer(received) {
            return Err(CorrelationError::NotCorrelatable);
        }
        match read(received) {
            Received::Valid(id) => Ok(RelatedDialog {
                id,
                generated: false,
            }),
            Received::Absent | Received::Ignored => RelatedDialog::new_pair(),
        }
    }

    pub fn id(&self) -> &MsCorrelationId {
        &self.id
    }

    /// True when the id is new: then the final response to the received request carries it
    /// too (MS-SIPRE 3.12.5.1), so the sender learns it.
    pub fn generated(&self) -> bool {
        self.generated
    }

    /// Puts the id on the INVITE or REFER that creates the related dialog.
    pub fn stamp_request(&self, request: &mut Message) -> Result<(), CorrelationError> {
        if !is_invite_or_refer(request) {
            return Err(CorrelationError::NotCorrelatable);
        }
        stamp(request, &self.id)
    }

    /// Puts the id on the final response to the received request when the id is new
    /// (MS-SIPRE 3.12.5.1); returns whether it did. A response that is not final, or not to
    /// an INVITE or REFER, is an error.
    pub fn stamp_final_response(&self, response: &mut Message) -> Result<bool, CorrelationError> {
        if response.is_request() || !carries_correlation(response) {
            return Err(CorrelationError::NotCorrelatable);
        }
        if !self.generated {
            return Ok(false);
        }
        stamp(response, &self.id)?;
        Ok(true)
    }
}

/// Sets the one `Ms-Correlation-Id` field of an INVITE or REFER request or a final response
/// to one (a field already there is replaced).
pub fn stamp(msg: &mut Message, id: &MsCorrelationId) -> Result<(), CorrelationError> {
    if !carries_correlation(msg) {
        return Err(CorrelationError::NotCorrelatable);
    }
    let value = id.to_string();
    msg.edit(|e| {
        e.remove_all(MsCorrelationId::NAME)?;
        e.add_header(MsCorrelationId::NAME, &value)
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::tests_support::{captured_warnings, invite_with, request, response};

    const ID: &str = "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0";

    #[test]
    fn a_received_id_is_carried_into_the_related_invite_and_refer() {
        // MS-SIPRE 3.12.5.1: "it SHOULD add an Ms-Correlation-Id header field with the same
        // value it received to the INVITE or REFER message it uses to create the second
        // dialog".
        for method in ["INVITE", "REFER"] {
            let received = request(method, &[("Ms-Correlation-Id", ID)]);
            let related = RelatedDialog::for_received(&received).unwrap();
            assert!(!related.generated());
            for out_method in ["INVITE", "REFER"] {
                let mut next = request(out_method, &[]);
                related.stamp_request(&mut next).unwrap();
                assert_eq!(next.header("Ms-Correlation-Id"), Some(ID));
            }
            // The id is not new: the final response is left alone.
            let mut ok = response(200, method);
            assert!(!related.stamp_final_response(&mut ok).unwrap());
            assert_eq!(ok.header("Ms-Correlation-Id"), None);
        }
    }

    #[test]
    fn without_an_id_a_new_one_goes_into_the_final_response_and_the_new_request() {
        // MS-SIPRE 3.12.5.1: "it SHOULD generate a UUID ... and add an Ms-Correlation-Id
        // header field with this value both to its final response to the message received,
        // and to the INVITE or REFER request it uses to create the second dialog".
        let related = RelatedDialog::for_received(&invite_with(&[])).unwrap();
        assert!(related.generated());
        assert_eq!(related.id().uuid().uuid().get_version_num(), 4);
        let mut ok = response(202, "REFER");
        assert!(related.stamp_final_response(&mut ok).unwrap());
        let mut next = request("INVITE", &[]);
        related.stamp_request(&mut next).unwrap();
        let in_ok = ok.header("Ms-Correlation-Id").unwrap();
        assert_eq!(in_ok, next.header("Ms-Correlation-Id").unwrap());
        assert_eq!(in_ok, related.id().to_string());
        // A 4xx is final too.
        let mut busy = response(486, "INVITE");
        assert!(related.stamp_final_response(&mut busy).unwrap());
    }

    #[test]
    fn an_invalid_received_value_counts_as_none() {
        // MS-SIPRE 3.12.5.2: a value that is not a UUID is ignored; the endpoint then acts as
        // for a request without the field (3.12.5.1).
        let (related, warnings) = captured_warnings(|| {
            RelatedDialog::for_received(&invite_with(&[("Ms-Correlation-Id", "12345")])).unwrap()
        });
        assert!(related.generated());
        assert_ne!(related.id().to_string(), "12345");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn two_new_related_dialogs_share_a_new_id() {
        // MS-SIPRE 3.12.4.1: two related dialogs the endpoint creates carry one new UUID.
        let pair = RelatedDialog::new_pair().unwrap();
        let mut a = request("INVITE", &[]);
        let mut b = request("REFER", &[("Ms-Correlation-Id", ID)]);
        pair.stamp_request(&mut a).unwrap();
        pair.stamp_request(&mut b).unwrap();
        assert_eq!(a.header("Ms-Correlation-Id"), b.header("Ms-Correlation-Id"));
        assert_eq!(b.count("Ms-Correlation-Id"), 1);
        assert_ne!(RelatedDialog::new_pair().unwrap(), pair);
    }

    fn not<T>(r: Result<T, CorrelationError>) -> bool {
        matches!(r, Err(CorrelationError::NotCorrelatable))
    }

    #[test]
    fn only_invite_and_refer_and_their_final_responses_take_the_id() {
        let related = RelatedDialog::new_pair().unwrap();
        assert!(not(RelatedDialog::for_received(&request("BYE", &[]))));
        assert!(not(RelatedDialog::for_received(&response(200, "INVITE"))));
        assert!(not(related.stamp_request(&mut request("MESSAGE", &[]))));
        assert!(not(related.stamp_request(&mut response(200, "INVITE"))));
        assert!(not(
            related.stamp_final_response(&mut response(180, "INVITE"))
        ));
        assert!(not(related.stamp_final_response(&mut response(200, "BYE"))));
        assert!(not(
            related.stamp_final_response(&mut request("INVITE", &[]))
        ));
        let mut bye = request("BYE", &[]);
        let before = bye.as_bytes().to_vec();
        assert!(not(stamp(&mut bye, related.id())));
        assert_eq!(bye.as_bytes(), &before[..]);
    }
}
