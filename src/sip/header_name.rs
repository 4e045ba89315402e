//! Header names: case-insensitive matching, compact forms (RFC 3261 7.3.3 and later RFCs), and
//! what the grammar of each known header allows (list or single value).

/// Declares the known headers once: the enum, the canonical spellings (indexed by
/// discriminant) and, for the tests, the list of every kind.
macro_rules! known_headers {
    ($($kind:ident => $name:literal,)*) => {
        /// A header known to the SIP layer, or `Other` for any extension header.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum HeaderKind {
            $($kind,)*
            Other,
        }

        /// Canonical spelling of each known header, indexed by the enum's discriminant.
        const NAMES: [&str; HeaderKind::Other as usize] = [$($name,)*];

        /// Every known kind in discriminant order (the table test walks it).
        #[cfg(test)]
        const ALL: [HeaderKind; HeaderKind::Other as usize] = [$(HeaderKind::$kind,)*];
    };
}

known_headers! {
    Accept => "Accept",
    AcceptContact => "Accept-Contact",
    AcceptEncoding => "Accept-Encoding",
    AcceptLanguage => "Accept-Language",
    AlertInfo => "Alert-Info",
    Allow => "Allow",
    AllowEvents => "Allow-Events",
    AuthenticationInfo => "Authentication-Info",
    Authorization => "Authorization",
    CallId => "Call-ID",
    CallInfo => "Call-Info",
    Contact => "Contact",
    ContentDisposition => "Content-Disposition",
    ContentEncoding => "Content-Encoding",
    ContentId => "Content-ID",
    ContentLanguage => "Content-Language",
    ContentLength => "Content-Length",
    ContentType => "Content-Type",
    CSeq => "CSeq",
    Date => "Date",
    ErrorInfo => "Error-Info",
    Event => "Event",
    Expires => "Expires",
    From => "From",
    HistoryInfo => "History-Info",
    Identity => "Identity",
    IdentityInfo => "Identity-Info",
    InReplyTo => "In-Reply-To",
    MaxForwards => "Max-Forwards",
    MimeVersion => "MIME-Version",
    MinExpires => "Min-Expires",
    Organization => "Organization",
    Path => "Path",
    Priority => "Priority",
    ProxyAuthenticate => "Proxy-Authenticate",
    ProxyAuthorization => "Proxy-Authorization",
    ProxyRequire => "Proxy-Require",
    Reason => "Reason",
    RecordRoute => "Record-Route",
    ReferredBy => "Referred-By",
    ReferTo => "Refer-To",
    RejectContact => "Reject-Contact",
    ReplyTo => "Reply-To",
    RequestDisposition => "Request-Disposition",
    Require => "Require",
    RetryAfter => "Retry-After",
    Route => "Route",
    Server => "Server",
    ServiceRoute => "Service-Route",
    SessionExpires => "Session-Expires",
    Subject => "Subject",
    SubscriptionState => "Subscription-State",
    Supported => "Supported",
    Timestamp => "Timestamp",
    To => "To",
    Unsupported => "Unsupported",
    UserAgent => "User-Agent",
    Via => "Via",
    Warning => "Warning",
    WwwAuthenticate => "WWW-Authenticate",
}

use HeaderKind::*;

/// Case-insensitive comparison of a wire name with a known name of the same length; names are
/// nearly always written in their canonical case, so an exact comparison is tried first.
#[inline]
fn same_name(wire: &[u8], known: &[u8]) -> bool {
    wire == known || wire.eq_ignore_ascii_case(known)
}

impl HeaderKind {
    /// Resolves a header name as written on the wire: case-insensitive, compact forms
    /// (i m f t v l c k s e o r b x u y a j d n) included. Anything unknown is `Other`.
    pub fn from_name(name: &str) -> HeaderKind {
        HeaderKind::from_name_bytes(name.as_bytes())
    }

    /// [`HeaderKind::from_name`] on the bytes of a name as they stand in a message.
    pub fn from_name_bytes(b: &[u8]) -> HeaderKind {
        if b.len() == 1 {
            return match b[0].to_ascii_lowercase() {
                b'i' => CallId,
                b'm' => Contact,
                b'f' => From,
                b't' => To,
                b'v' => Via,
                b'l' => ContentLength,
                b'c' => ContentType,
                b'k' => Supported,
                b's' => Subject,
                b'e' => ContentEncoding,
                b'o' => Event,
                b'r' => ReferTo,
                b'b' => ReferredBy,
                b'x' => SessionExpires,
                b'u' => AllowEvents,
                b'y' => Identity,
                b'a' => AcceptContact,
                b'j' => RejectContact,
                b'd' => RequestDisposition,
                b'n' => IdentityInfo,
                _ => Other,
            };
        }
        // Length, first and last letter single out one known name (checked by the table
        // test); the comparison then confirms it.
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return Other;
        };
        let candidates: &[HeaderKind] = match (b.len(), first | 0x20, last | 0x20) {
            (2, b't', b'o') => &[To],
            (3, b'v', b'a') => &[Via],
            (4, b'c', b'q') => &[CSeq],
            (4, b'd', b'e') => &[Date],
            (4, b'f', b'm') => &[From],
            (4, b'p', b'h') => &[Path],
            (5, b'a', b'w') => &[Allow],
            (5, b'e', b't') => &[Event],
            (5, b'r', b'e') => &[Route],
            (6, b'a', b't') => &[Accept],
            (6, b'r', b'n') => &[Reason],
            (6, b's', b'r') => &[Server],
            (7, b'c', b'd') => &[CallId],
            (7, b'c', b't') => &[Contact],
            (7, b'e', b's') => &[Expires],
            (7, b'r', b'e') => &[Require],
            (7, b's', b't') => &[Subject],
            (7, b'w', b'g') => &[Warning],
            (8, b'i', b'y') => &[Identity],
            (8, b'p', b'y') => &[Priority],
            (8, b'r', b'o') => &[ReferTo, ReplyTo],
            (9, b'c', b'o') => &[CallInfo],
            (9, b's', b'd') => &[Supported],
            (9, b't', b'p') => &[Timestamp],
            (10, b'a', b'o') => &[AlertInfo],
            (10, b'c', b'd') => &[ContentId],
            (10, b'e', b'o') => &[ErrorInfo],
            (10, b'u', b't') => &[UserAgent],
            (11, b'i', b'o') => &[InReplyTo],
            (11, b'm', b's') => &[MinExpires],
            (11, b'r', b'r') => &[RetryAfter],
            (11, b'r', b'y') => &[ReferredBy],
            (11, b'u', b'd') => &[Unsupported],
            (12, b'a', b's') => &[AllowEvents],
            (12, b'c', b'e') => &[ContentType],
            (12, b'h', b'o') => &[HistoryInfo],
            (12, b'm', b'n') => &[MimeVersion],
            (12, b'm', b's') => &[MaxForwards],
            (12, b'o', b'n') => &[Organization],
            (12, b'r', b'e') => &[RecordRoute],
            (13, b'a', b'n') => &[Authorization],
            (13, b'i', b'o') => &[IdentityInfo],
            (13, b'p', b'e') => &[ProxyRequire],
            (13, b's', b'e') => &[ServiceRoute],
            (14, b'a', b't') => &[AcceptContact],
            (14, b'c', b'h') => &[ContentLength],
            (14, b'r', b't') => &[RejectContact],
            (15, b'a', b'e') => &[AcceptLanguage],
            (15, b'a', b'g') => &[AcceptEncoding],
            (15, b's', b's') => &[SessionExpires],
            (16, b'c', b'e') => &[ContentLanguage],
            (16, b'c', b'g') => &[ContentEncoding],
            (16, b'w', b'e') => &[WwwAuthenticate],
            (18, b'p', b'e') => &[ProxyAuthenticate],
            (18, b's', b'e') => &[SubscriptionState],
            (19, b'a', b'o') => &[AuthenticationInfo],
            (19, b'c', b'n') => &[ContentDisposition],
            (19, b'p', b'n') => &[ProxyAuthorization],
            (19, b'r', b'n') => &[RequestDisposition],
            _ => &[],
        };
        candidates
            .iter()
            .copied()
            .find(|&k| same_name(b, NAMES[k as usize].as_bytes()))
            .unwrap_or(Other)
    }

    /// The canonical spelling (`"Call-ID"`, `"CSeq"`, `"WWW-Authenticate"`), `None` for `Other`.
    pub fn canonical_name(self) -> Option<&'static str> {
        NAMES.get(self as usize).copied()
    }

    /// The compact form, where the header has one.
    pub fn compact(self) -> Option<char> {
        Some(match self {
            CallId => 'i',
            Contact => 'm',
            From => 'f',
            To => 't',
            Via => 'v',
            ContentLength => 'l',
            ContentType => 'c',
            Supported => 'k',
            Subject => 's',
            ContentEncoding => 'e',
            Event => 'o',
            ReferTo => 'r',
            ReferredBy => 'b',
            SessionExpires => 'x',
            AllowEvents => 'u',
            Identity => 'y',
            AcceptContact => 'a',
            RejectContact => 'j',
            RequestDisposition => 'd',
            IdentityInfo => 'n',
            _ => return None,
        })
    }

    /// True when the header's grammar is a comma-separated list (RFC 3261 7.3.1), so several
    /// values may share one field and one value may not contain a bare comma.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Accept
                | AcceptContact
                | AcceptEncoding
                | AcceptLanguage
                | AlertInfo
                | Allow
                | AllowEvents
                | CallInfo
                | Contact
                | ContentEncoding
                | ContentLanguage
                | ErrorInfo
                | HistoryInfo
                | InReplyTo
                | Path
                | ProxyRequire
                | Reason
                | RecordRoute
                | RejectContact
                | Require
                | Route
                | ServiceRoute
                | Supported
                | Unsupported
                | Via
                | Warning
        )
    }

    /// True for headers that a message may carry at most once (RFC 3261 20 and 7.3.1).
    pub fn is_single(self) -> bool {
        matches!(
            self,
            CallId
                | ContentDisposition
                | ContentLength
                | ContentType
                | CSeq
                | Date
                | Expires
                | From
                | MaxForwards
                | MimeVersion
                | MinExpires
                | Organization
                | Priority
                | ReplyTo
                | RetryAfter
                | Server
                | Subject
                | Timestamp
                | To
                | UserAgent
        )
    }

    /// True when `name` (as written) names this header.
    pub fn matches(self, name: &str) -> bool {
        HeaderKind::from_name(name) == self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (i, k) in ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(HeaderKind::from_name(NAMES[i]), *k, "{}", NAMES[i]);
            assert_eq!(HeaderKind::from_name(&NAMES[i].to_ascii_uppercase()), *k);
            if let Some(c) = k.compact() {
                assert_eq!(HeaderKind::from_name(&c.to_string()), *k);
                assert_eq!(
                    HeaderKind::from_name(&c.to_ascii_uppercase().to_string()),
                    *k
                );
            }
        }
    }

    #[test]
    fn compact_forms() {
        let pairs = [
            ("i", CallId),
            ("m", Contact),
            ("f", From),
            ("t", To),
            ("v", Via),
            ("l", ContentLength),
            ("c", ContentType),
            ("k", Supported),
            ("s", Subject),
            ("e", ContentEncoding),
            ("o", Event),
            ("r", ReferTo),
            ("b", ReferredBy),
            ("x", SessionExpires),
            ("u", AllowEvents),
            ("y", Identity),
            ("a", AcceptContact),
            ("j", RejectContact),
            ("d", RequestDisposition),
            ("n", IdentityInfo),
        ];
        for (c, k) in pairs {
            assert_eq!(HeaderKind::from_name(c), k);
        }
        assert_eq!(HeaderKind::from_name("z"), Other);
        assert_eq!(HeaderKind::from_name("Call\rID"), Other);
        assert_eq!(HeaderKind::from_name("Call_ID"), Other);
        assert_eq!(HeaderKind::from_name("Call-IE"), Other);
        assert_eq!(HeaderKind::from_name("CONTENT-LENGTH"), ContentLength);
        assert_eq!(HeaderKind::from_name("call-id"), CallId);
        assert_eq!(HeaderKind::from_name("X-Custom"), Other);
        assert_eq!(HeaderKind::from_name(""), Other);
        assert_eq!(Other.canonical_name(), None);
    }
}
