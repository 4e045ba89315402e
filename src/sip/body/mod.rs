//! Message bodies: multipart MIME (RFC 2046) and the SDP reader (RFC 4566).

pub mod multipart;
pub mod owned_multipart;
pub mod sdp;
pub mod sdp_lines;
