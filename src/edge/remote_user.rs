//! `ms-user-logon-data: RemoteUser` (MS-SIPRE 3.11): the edge SHOULD add it to every message
//! it forwards to a client that connects from outside the enterprise (3.11.5.1); a client
//! that finds it in the response to its REGISTER SHOULD take itself as remote (3.11.5.2).

use super::error::EdgeError;
use super::trust::{set_single, single};
use crate::ext::MsUserLogonData;
use crate::sip::Message;

/// Puts `ms-user-logon-data: RemoteUser` on `msg` as its one such field. On an error the
/// message is left as it was.
pub fn mark_remote_user(msg: &mut Message) -> Result<(), EdgeError> {
    set_single(msg, MsUserLogonData::NAME, MsUserLogonData::REMOTE_USER)
}

/// True when `msg` carries `ms-user-logon-data: RemoteUser`; false when it has none; an error
/// when its value is anything else (3.11.1: it MUST be `RemoteUser`) or it appears twice.
pub fn is_remote_user(msg: &Message) -> Result<bool, EdgeError> {
    match single(msg, MsUserLogonData::NAME)? {
        None => Ok(false),
        Some(v) => MsUserLogonData::parse(v)
            .map(|_| true)
            .map_err(EdgeError::LogonData),
    }
}
