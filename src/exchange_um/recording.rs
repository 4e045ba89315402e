//! Subject and Priority (MS-OCEXUM 2.2.3, 2.2.4): any INVITE routed to the unified messaging
//! server can carry them, and the server records them into the voice message; Play-On-Phone
//! INVITEs from it can carry them too.

use crate::sip::Message;
use crate::sip::priority::Priority;

/// The importance of a call, as the table of 2.2.4 lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UmPriority {
    /// `Urgent`: of the higher importance.
    Urgent,
    /// `Normal`: of normal importance.
    Normal,
}

impl UmPriority {
    /// The value as 2.2.4 writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            UmPriority::Urgent => "Urgent",
            UmPriority::Normal => "Normal",
        }
    }
}

/// What UM records with a voice message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recording<'a> {
    /// The Subject (RFC 3261 20.36), LWS-trimmed; `None` when absent.
    pub subject: Option<&'a str>,
    /// The Priority when it is one of the values of 2.2.4; `None` when absent or another
    /// value (`emergency`, `non-urgent`, an extension: not among the supported values).
    pub priority: Option<UmPriority>,
}

impl<'a> Recording<'a> {
    /// Reads Subject (or its compact form `s`) and Priority of `msg`.
    pub fn of(msg: &'a Message) -> Recording<'a> {
        let priority = match Priority::of(msg) {
            Some(Priority::Urgent) => Some(UmPriority::Urgent),
            Some(Priority::Normal) => Some(UmPriority::Normal),
            _ => None,
        };
        Recording {
            subject: msg.header("Subject").map(crate::sip::scan::trim_lws),
            priority,
        }
    }
}
