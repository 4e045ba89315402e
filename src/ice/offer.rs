//! The INVITE bodies of MS-SIPRE 3.15.4.1: a user agent that cannot know whether the far end
//! speaks ICE draft 6 or draft 19 offers both, as alternatives.
//!
//! ```text
//! 2-level (no call context)            3-level (with a call context)
//! L1 multipart/alternative             L1 multipart/mixed
//!   L2 SDP ICEv6 (ms-proxy-2007fallback)  L2 multipart/alternative
//!   L2 SDP ICEv19                            L3 SDP ICEv6 (ms-proxy-2007fallback)
//!                                            L3 SDP ICEv19
//!                                         L2 call context
//! ```

use super::FALLBACK_PARAM;
use super::error::IceError;
use super::version::{IceVersion, ice_version};
use crate::sip::body::multipart::{BuiltMultipart, MultipartBuilder};

/// How the parameters of a part's Content-Disposition are written. Both forms are seen on the
/// wire: `session; handling=optional` (MS-SIPRE 4.12.1) and `session;handling=optional`
/// (4.12.2). Readers treat them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamSpacing {
    /// `;` alone between parameters.
    #[default]
    Compact,
    /// `; ` between parameters.
    Spaced,
}

impl ParamSpacing {
    fn separator(self) -> &'static str {
        match self {
            ParamSpacing::Compact => ";",
            ParamSpacing::Spaced => "; ",
        }
    }
}

/// One session description of the offer and the optional fields of its part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdpPart {
    pub sdp: Vec<u8>,
    /// `Content-ID` of the part, written as given.
    pub content_id: Option<String>,
    /// Writes `Content-Transfer-Encoding: 7bit` (as Office Communicator does, 4.12.1).
    pub seven_bit: bool,
}

impl SdpPart {
    /// A part holding `sdp`, without Content-ID or Content-Transfer-Encoding.
    pub fn new(sdp: &[u8]) -> SdpPart {
        SdpPart {
            sdp: sdp.to_vec(),
            ..SdpPart::default()
        }
    }
}

/// The call context part of the 3-level structure (an
/// `application/ms-conversation-context+xml` document, MS-SIPRE 3.13, or any other part the
/// INVITE carries beside its session descriptions). Its Content-Disposition is
/// `render;handling=optional`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallContextPart {
    pub content_type: String,
    pub content_id: Option<String>,
    pub body: Vec<u8>,
}

/// A multipart ICE offer (MS-SIPRE 3.15.4.1): the ICEv6 and ICEv19 descriptions and, for the
/// 3-level structure, the call context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IceOffer {
    pub ice6: SdpPart,
    pub ice19: SdpPart,
    pub context: Option<CallContextPart>,
    pub spacing: ParamSpacing,
    /// Boundary of the `multipart/alternative` holding the descriptions; derived from the
    /// content when `None`.
    pub boundary: Option<String>,
    /// Boundary of the outer `multipart/mixed` (3-level only); derived when `None`.
    pub outer_boundary: Option<String>,
}

impl IceOffer {
    /// An offer of these two descriptions, 2-level until a context is set.
    pub fn new(ice6: SdpPart, ice19: SdpPart) -> IceOffer {
        IceOffer {
            ice6,
            ice19,
            ..IceOffer::default()
        }
    }

    /// Builds the body and its Content-Type value.
    ///
    /// The ICEv6 part comes first, its Content-Disposition `session;handling=optional;
    /// ms-proxy-2007fallback`; the ICEv19 part comes last (3.15.4.1: ICEv19 MUST be the last
    /// part of the multipart carrying the descriptions), `session;handling=optional`.
    ///
    /// Errors: [`IceError::WrongSdp`] when `ice6` is not ICE draft 6 or `ice19` not draft 19
    /// (3.15.4.1 allows only those); [`IceError::Sip`] for what the multipart builder refuses
    /// (a boundary found inside a part, a header value with CR or LF, ...).
    pub fn build(&self) -> Result<BuiltMultipart, IceError> {
        if ice_version(&self.ice6.sdp) != IceVersion::V6 {
            return Err(IceError::WrongSdp(
                "the ICEv6 part does not hold an ICE draft 6 session description",
            ));
        }
        if ice_version(&self.ice19.sdp) != IceVersion::V19 {
            return Err(IceError::WrongSdp(
                "the ICEv19 part does not hold an ICE draft 19 session description",
            ));
        }
        let sep = self.spacing.separator();
        let fallback = format!("session{sep}handling=optional{sep}{FALLBACK_PARAM}");
        let plain = format!("session{sep}handling=optional");
        let mut alternative = MultipartBuilder::new("alternative");
        if let Some(b) = &self.boundary {
            alternative = alternative.boundary(b);
        }
        alternative = sdp_part(alternative, &self.ice6, &fallback);
        alternative = sdp_part(alternative, &self.ice19, &plain);
        let Some(context) = &self.context else {
            return Ok(alternative.build()?);
        };
        let mut mixed = MultipartBuilder::new("mixed");
        if let Some(b) = &self.outer_boundary {
            mixed = mixed.boundary(b);
        }
        mixed = mixed.nested(&[], alternative);
        let render = format!("render{sep}handling=optional");
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(3);
        if let Some(id) = &context.content_id {
            headers.push(("Content-ID", id));
        }
        headers.push(("Content-Type", &context.content_type));
        headers.push(("Content-Disposition", &render));
        Ok(mixed.part(&headers, &context.body).build()?)
    }
}

fn sdp_part(b: MultipartBuilder, part: &SdpPart, disposition: &str) -> MultipartBuilder {
    let mut headers: Vec<(&str, &str)> = vec![("Content-Type", "application/sdp")];
    if part.seven_bit {
        headers.push(("Content-Transfer-Encoding", "7bit"));
    }
    if let Some(id) = &part.content_id {
        headers.push(("Content-ID", id));
    }
    headers.push(("Content-Disposition", disposition));
    b.part(&headers, &part.sdp)
}
