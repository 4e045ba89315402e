//! Message bodies: multipart MIME (RFC 2046) and the SDP reader (RFC 4566).

pub mod multipart;
pub mod sdp;
