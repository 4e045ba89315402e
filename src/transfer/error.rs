//! Errors of safe call transfer.

use std::fmt;

use crate::ext::ExtError;
use crate::sip::SipError;

/// Why a safe-transfer step could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferError {
    /// The option tag goes on an INVITE request or a 200 response to one (MS-SIPRE 3.14.4);
    /// the copy goes from a REFER into an INVITE (3.14.5).
    WrongMessage(&'static str),
    /// The REFER has no Refer-To, or its Refer-To is not one name-addr / addr-spec with a URI.
    BadReferTo(SipError),
    /// The `Ms-Sensitivity` in the Refer-To URI's headers does not follow MS-SIPRE 2.2.9.
    BadSensitivity(ExtError),
    /// The message could not be edited (its limits).
    Sip(SipError),
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::WrongMessage(what) => f.write_str(what),
            TransferError::BadReferTo(e) => write!(f, "Refer-To: {e}"),
            TransferError::BadSensitivity(e) => write!(f, "Refer-To URI headers: {e}"),
            TransferError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TransferError {}

impl From<SipError> for TransferError {
    fn from(e: SipError) -> Self {
        TransferError::Sip(e)
    }
}
