//! The Via parameters MS-SIPRE 2.2.5 adds: `ms-received-port` (the far end's port of the
//! connection a request came in on) and `ms-received-cid` (that connection's identifier).

/// `via-ms-received-port = "ms-received-port=" port` (MS-SIPRE 2.2.5).
pub const MS_RECEIVED_PORT: &str = "ms-received-port";

/// `via-ms-received-cid = "ms-received-cid=" token` (MS-SIPRE 2.2.5).
pub const MS_RECEIVED_CID: &str = "ms-received-cid";
