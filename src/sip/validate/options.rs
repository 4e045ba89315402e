//! Who validates: the element's role and the capabilities some checks need.

/// Where the validating element stands: it decides which header carries the extensions to
/// check and whether Max-Forwards 0 ends the request's journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Forwards requests (proxy, B2BUA front): Max-Forwards 0 gets 483 (RFC 3261 16.3 step 3),
    /// extensions are checked in Proxy-Require (step 5).
    #[default]
    Proxy,
    /// Final recipient (UAS, registrar): Max-Forwards 0 is fine (RFC 4475 3.3.11), extensions
    /// are checked in Require (RFC 3261 8.2.2.3).
    Endpoint,
}

/// What the element supports. `None` for a capability skips the check that needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options<'a> {
    pub role: Role,
    /// Request-URI schemes the element handles (case-insensitive); others get 416
    /// (RFC 3261 8.2.2.1, 16.3 step 2).
    pub uri_schemes: &'a [&'a str],
    /// Refuse requests without Max-Forwards (RFC 3261 8.1.1 makes the UAC add it).
    pub require_max_forwards: bool,
    /// Option tags the element supports (case-insensitive); a required one outside this set
    /// gets 420 (RFC 3261 8.2.2.3, 16.3 step 5). See
    /// [`unsupported_requirements`](super::unsupported_requirements).
    pub supported: Option<&'a [&'a str]>,
    /// Methods an endpoint implements (case-sensitive, RFC 3261 7.1); others get 501
    /// (RFC 3261 8.2.1; RFC 4475 3.1.2.18 prefers it to 400).
    pub methods: Option<&'a [&'a str]>,
    /// Media types an endpoint understands (`type/subtype`, `type/*` or `*/*`): a body of
    /// another type gets 415 (RFC 3261 8.2.3); an INVITE whose Accept allows none of them gets
    /// 406 (RFC 4475 3.3.15).
    pub content_types: Option<&'a [&'a str]>,
}

impl Options<'static> {
    /// A proxy that handles `sip`, `sips` and `tel` Request-URIs and checks no capabilities.
    pub const DEFAULT: Options<'static> = Options {
        role: Role::Proxy,
        uri_schemes: &["sip", "sips", "tel"],
        require_max_forwards: false,
        supported: None,
        methods: None,
        content_types: None,
    };
}

impl Default for Options<'static> {
    fn default() -> Self {
        Options::DEFAULT
    }
}
