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

        /// Every known kind in discriminant order.
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

/// Longest known name; anything longer is `Other` without a look.
const MAX_NAME_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < NAMES.len() {
        if NAMES[i].len() > max {
            max = NAMES[i].len();
        }
        i += 1;
    }
    max
};

/// One little-endian word of `b[at..at + n]`, for building the tables at compile time: the
/// bytes lower-cased, or (`mask`) 0x20 where the byte is a letter and 0 elsewhere.
const fn table_word(b: &[u8], at: usize, n: usize, mask: bool) -> u64 {
    let mut w = 0;
    let mut i = 0;
    while i < n {
        let c = b[at + i];
        let v = if !mask {
            c.to_ascii_lowercase()
        } else if c.is_ascii_alphabetic() {
            0x20
        } else {
            0
        };
        w |= (v as u64) << (8 * i);
        i += 1;
    }
    w
}

/// [`words`] at compile time, through [`table_word`].
const fn table_words(b: &[u8], mask: bool) -> [u64; 3] {
    let l = b.len();
    if l < 4 {
        [table_word(b, 0, 2, mask), table_word(b, l - 2, 2, mask), 0]
    } else if l < 8 {
        [table_word(b, 0, 4, mask), table_word(b, l - 4, 4, mask), 0]
    } else {
        let mid = if l < 16 { l - 8 } else { 8 };
        [
            table_word(b, 0, 8, mask),
            table_word(b, l - 8, 8, mask),
            table_word(b, mid, 8, mask),
        ]
    }
}

/// A name of two bytes or more as three words covering it (overlapping where they must), so
/// matching it costs a few word operations instead of a loop per byte.
#[inline]
fn words(b: &[u8]) -> Option<[u64; 3]> {
    let l = b.len();
    Some(if l >= 8 {
        [
            u64::from_le_bytes(*b.first_chunk()?),
            u64::from_le_bytes(*b.last_chunk()?),
            u64::from_le_bytes(*b.get(l.min(16) - 8..)?.first_chunk()?),
        ]
    } else if l >= 4 {
        [
            u64::from(u32::from_le_bytes(*b.first_chunk()?)),
            u64::from(u32::from_le_bytes(*b.last_chunk()?)),
            0,
        ]
    } else {
        [
            u64::from(u16::from_le_bytes(*b.first_chunk()?)),
            u64::from(u16::from_le_bytes(*b.last_chunk()?)),
            0,
        ]
    })
}

/// Slot of a name in [`SLOTS`]: letters folded to lower case by `| 0x20`, then a multiplicative
/// hash. The multiplier was picked so the known names do not collide (the table build checks).
#[inline]
const fn slot(w: &[u64; 3]) -> usize {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let k = (w[0] | LOWER) ^ (w[1] | LOWER).rotate_left(7);
    (k.wrapping_mul(0x4a8c_93b0_3ccd_e0d1) >> 56) as usize
}

/// Per known name: its words lower-cased, and the 0x20 masks of its letters. A wire name matches
/// when `(wire | mask) == lower` in every word: letters in either case, other bytes exactly.
struct Key {
    lower: [u64; 3],
    mask: [u64; 3],
}

const KEYS: [Key; NAMES.len()] = {
    let mut keys = [const {
        Key {
            lower: [0; 3],
            mask: [0; 3],
        }
    }; NAMES.len()];
    let mut i = 0;
    while i < NAMES.len() {
        keys[i] = Key {
            lower: table_words(NAMES[i].as_bytes(), false),
            mask: table_words(NAMES[i].as_bytes(), true),
        };
        i += 1;
    }
    keys
};

/// The one known name each hash slot may hold (`Other` when none).
const SLOTS: [HeaderKind; 256] = {
    let mut slots = [Other; 256];
    let mut i = 0;
    while i < NAMES.len() {
        let s = slot(&KEYS[i].lower);
        assert!(
            matches!(slots[s], Other),
            "two header names share a slot: pick another multiplier"
        );
        slots[s] = ALL[i];
        i += 1;
    }
    slots
};

/// Longest name [`HeaderKind::from_short_name`] looks up: one byte less than 16, so that the
/// name and the ':' after it fit one 16-byte load.
pub(crate) const SHORT_NAME_MAX: usize = 15;

/// A known name of at most [`SHORT_NAME_MAX`] bytes (full or compact form) followed by its ':',
/// as two little-endian words, zero past the ':': lower-cased, and the 0x20 masks of its letters
/// (as in [`Key`]). With the ':' in the words, equal words mean equal lengths too.
#[derive(Clone, Copy)]
struct ShortKey {
    lower: [u64; 2],
    mask: [u64; 2],
    kind: HeaderKind,
}

/// A slot no name takes: no wire name with its ':' reads as all ones.
const NO_KEY: ShortKey = ShortKey {
    lower: [u64::MAX; 2],
    mask: [0; 2],
    kind: Other,
};

/// The compact forms (RFC 3261 7.3.3 and later RFCs), as [`HeaderKind::compact`] lists them.
const COMPACT: [(u8, HeaderKind); 20] = [
    (b'i', CallId),
    (b'm', Contact),
    (b'f', From),
    (b't', To),
    (b'v', Via),
    (b'l', ContentLength),
    (b'c', ContentType),
    (b'k', Supported),
    (b's', Subject),
    (b'e', ContentEncoding),
    (b'o', Event),
    (b'r', ReferTo),
    (b'b', ReferredBy),
    (b'x', SessionExpires),
    (b'u', AllowEvents),
    (b'y', Identity),
    (b'a', AcceptContact),
    (b'j', RejectContact),
    (b'd', RequestDisposition),
    (b'n', IdentityInfo),
];

const fn short_key(name: &[u8], kind: HeaderKind) -> ShortKey {
    let mut lower = [0u8; 16];
    let mut mask = [0u8; 16];
    let mut i = 0;
    while i < name.len() {
        lower[i] = name[i].to_ascii_lowercase();
        if name[i].is_ascii_alphabetic() {
            mask[i] = 0x20;
        }
        i += 1;
    }
    lower[name.len()] = b':';
    let (lo, hi) = lower.split_at(8);
    let (mlo, mhi) = mask.split_at(8);
    ShortKey {
        lower: [word8(lo), word8(hi)],
        mask: [word8(mlo), word8(mhi)],
        kind,
    }
}

const fn word8(b: &[u8]) -> u64 {
    let mut w = 0;
    let mut i = 0;
    while i < 8 {
        w |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    w
}

/// Slot of a short name with its ':' in [`SHORT_KEYS`]: letters folded by `| 0x20`, the two
/// words mixed, then a multiplicative hash whose multiplier was picked so the names do not
/// collide (the table build checks).
#[inline(always)]
const fn short_slot(lo: u64, hi: u64) -> usize {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let k = (lo | LOWER) ^ (hi | LOWER).rotate_left(29);
    (k.wrapping_mul(0xf6be_e465_c8a0_089b) >> 56) as usize
}

/// The known short names and compact forms by hash slot.
static SHORT_KEYS: [ShortKey; 256] = {
    const fn put(slots: &mut [ShortKey; 256], key: ShortKey) {
        let s = short_slot(key.lower[0], key.lower[1]);
        assert!(
            matches!(slots[s].kind, Other),
            "two short header names share a slot: pick another multiplier"
        );
        slots[s] = key;
    }
    let mut slots = [NO_KEY; 256];
    let mut i = 0;
    while i < NAMES.len() {
        if NAMES[i].len() <= SHORT_NAME_MAX {
            put(&mut slots, short_key(NAMES[i].as_bytes(), ALL[i]));
        }
        i += 1;
    }
    let mut c = 0;
    while c < COMPACT.len() {
        put(&mut slots, short_key(&[COMPACT[c].0], COMPACT[c].1));
        c += 1;
    }
    slots
};

impl HeaderKind {
    /// Resolves a header name as written on the wire: case-insensitive, compact forms
    /// (i m f t v l c k s e o r b x u y a j d n) included. Anything unknown is `Other`.
    pub fn from_name(name: &str) -> HeaderKind {
        HeaderKind::from_name_bytes(name.as_bytes())
    }

    /// [`HeaderKind::from_name`] on the bytes of a name as they stand in a message.
    #[inline]
    pub fn from_name_bytes(b: &[u8]) -> HeaderKind {
        if let [c] = b {
            return match c.to_ascii_lowercase() {
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
        if b.len() > MAX_NAME_LEN {
            return Other;
        }
        let Some(w) = words(b) else {
            return Other;
        };
        let kind = SLOTS[slot(&w)];
        let i = kind as usize;
        match (KEYS.get(i), NAMES.get(i)) {
            (Some(k), Some(name))
                if name.len() == b.len()
                    && ((w[0] | k.mask[0]) ^ k.lower[0])
                        | ((w[1] | k.mask[1]) ^ k.lower[1])
                        | ((w[2] | k.mask[2]) ^ k.lower[2])
                        == 0 =>
            {
                kind
            }
            _ => Other,
        }
    }

    /// [`HeaderKind::from_name_bytes`] of a name of 1 to [`SHORT_NAME_MAX`] bytes given with
    /// the ':' after it as two little-endian words, zero past the ':': a hash and two word
    /// comparisons, where the general lookup first cuts the name into words.
    #[inline(always)]
    pub(crate) fn from_short_name(lo: u64, hi: u64) -> HeaderKind {
        let k = &SHORT_KEYS[short_slot(lo, hi)];
        if ((lo | k.mask[0]) ^ k.lower[0]) | ((hi | k.mask[1]) ^ k.lower[1]) == 0 {
            k.kind
        } else {
            Other
        }
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

    /// True for headers whose values are `( name-addr / addr-spec ) *( SEMI param )` or
    /// `"<" absoluteURI ">" *( SEMI param )` (RFC 3261 20 and the RFCs that add them).
    pub fn is_name_addr(self) -> bool {
        matches!(
            self,
            AlertInfo
                | CallInfo
                | Contact
                | ErrorInfo
                | From
                | HistoryInfo
                | Path
                | RecordRoute
                | ReferTo
                | ReferredBy
                | ReplyTo
                | Route
                | ServiceRoute
                | To
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

    /// The short-name table agrees with the general lookup on every name it may be given:
    /// known names and compact forms in any case, near misses, and every one- and two-byte
    /// name.
    #[test]
    fn short_names_agree_with_the_general_lookup() {
        let short = |n: &[u8]| {
            let mut w = [0u8; 16];
            w[..n.len()].copy_from_slice(n);
            w[n.len()] = b':';
            let (lo, hi) = w.split_at(8);
            HeaderKind::from_short_name(
                u64::from_le_bytes(lo.try_into().unwrap()),
                u64::from_le_bytes(hi.try_into().unwrap()),
            )
        };
        let mut names: Vec<Vec<u8>> = Vec::new();
        for name in NAMES {
            let b = name.as_bytes();
            names.push(b.to_vec());
            names.push(b.to_ascii_uppercase());
            names.push(b.to_ascii_lowercase());
            for i in 0..b.len() {
                for c in [
                    b' ', b'\r', 0, b'\x7f', b'\xc3', b'-', b'_', b'0', b'z', b'Z', b':',
                ] {
                    let mut v = b.to_vec();
                    v[i] = c;
                    names.push(v);
                }
                names.push(b[..i].to_vec());
                names.push(b[i..].to_vec());
            }
            names.push([b, b"\0".as_slice()].concat());
            names.push([b, b"s".as_slice()].concat());
        }
        for c in 0..=255u8 {
            names.push(vec![c]);
            for d in [0, b'a', b'o', b'I', b'-', b'\xe9'] {
                names.push(vec![c, d]);
                names.push(vec![d, c]);
            }
        }
        for n in names {
            // the words hold the name up to its first ':'
            if n.is_empty() || n.len() > SHORT_NAME_MAX || n.contains(&b':') {
                continue;
            }
            assert_eq!(short(&n), HeaderKind::from_name_bytes(&n), "{n:?}");
        }
    }

    /// The word comparison agrees with a plain case-insensitive one on every known name in
    /// mixed case and on near misses: one byte changed, cut short, or longer.
    #[test]
    fn near_misses_are_other() {
        let by_bytes = |n: &[u8]| {
            let compact = |k: &HeaderKind| match n {
                [c] => k.compact() == Some(char::from(c.to_ascii_lowercase())),
                _ => false,
            };
            ALL.iter()
                .zip(NAMES)
                .find(|(k, name)| name.as_bytes().eq_ignore_ascii_case(n) || compact(k))
                .map_or(Other, |(k, _)| *k)
        };
        for name in NAMES {
            let b = name.as_bytes();
            let mixed: Vec<u8> = b
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        *c
                    }
                })
                .collect();
            assert_eq!(HeaderKind::from_name_bytes(&mixed), by_bytes(b));
            for i in 0..b.len() {
                for c in [b' ', b'\r', b'\x7f', b'\xc3', b'-', b'_', b'0', b'z', b'Z'] {
                    let mut v = b.to_vec();
                    v[i] = c;
                    assert_eq!(HeaderKind::from_name_bytes(&v), by_bytes(&v), "{v:?}");
                }
            }
            for cut in [&b[1..], &b[..b.len() - 1]] {
                assert_eq!(HeaderKind::from_name_bytes(cut), by_bytes(cut), "{cut:?}");
            }
            for extra in [b" ", b"s", b"-"] {
                let v = [b, extra.as_slice()].concat();
                assert_eq!(HeaderKind::from_name_bytes(&v), by_bytes(&v), "{v:?}");
            }
        }
    }
}
