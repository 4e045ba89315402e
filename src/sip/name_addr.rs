//! `name-addr` / `addr-spec` with header parameters: the shape of From, To, Contact, Route,
//! Record-Route, Refer-To, Path, P-Asserted-Identity and friends (RFC 3261 20.10, 25.1).

use super::error::{ErrorKind, Result, SipError};
use super::header_params::{parse_header_params_noting, parse_list_item_params};
use super::list_items::ListItem;
use super::message::delta_seconds;
use super::params::{Noted, NotedSet, Params};
use super::scan::ascii_cut::cut;
use super::scan::find::find;
use super::scan::in_place::parse_in_place;
use super::scan::{is_lws, is_token_char, quoted_len, unquote};
use super::uri::Uri;
use std::borrow::Cow;

/// A parsed `( name-addr / addr-spec ) *( SEMI param )` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAddr<'a> {
    /// The display name as written (quoted or a run of tokens), if any.
    pub display_name: Option<&'a str>,
    pub uri: Uri<'a>,
    /// True when the URI was written in angle brackets.
    pub angle: bool,
    /// Header parameters after the URI (`tag`, `expires`, `epid`, ...).
    pub params: Params<'a>,
}

fn bad(at: usize, what: &'static str) -> SipError {
    SipError::new(ErrorKind::BadValue, at, what)
}

impl<'a> NameAddr<'a> {
    /// Parses a whole value. A display name must be a quoted-string or tokens separated by
    /// LWS; no white space is allowed inside the angle brackets; in the addr-spec form the URI
    /// ends at the first `;` (RFC 3261 20.10) and may not carry `?headers`.
    #[inline]
    pub fn parse(s: &'a str) -> Result<NameAddr<'a>> {
        // The usual value is parsed into a local that never leaves this inlined code, so the
        // view is built field by field where the caller keeps it, with no template to copy.
        let mut n = NameAddr::BLANK;
        if NameAddr::parse_into_with(s, false, true, false, &mut n).is_ok() {
            return Ok(n);
        }
        NameAddr::parse_general(s)
    }

    /// [`NameAddr::parse`] for every form and every error.
    #[inline(never)]
    fn parse_general(s: &'a str) -> Result<NameAddr<'a>> {
        parse_in_place(|| NameAddr::BLANK, |n| NameAddr::parse_general_into(s, n))
    }

    /// [`NameAddr::parse_general`] into `out` (partly written on error).
    #[inline(never)]
    fn parse_general_into(s: &'a str, out: &mut NameAddr<'a>) -> Result<()> {
        NameAddr::parse_into(s, false, out).map(|_| ())
    }

    pub(crate) const BLANK: NameAddr<'static> = NameAddr {
        display_name: None,
        uri: Uri::EMPTY,
        angle: false,
        params: Params::EMPTY,
    };

    /// Parses into `out` (partly written on error); returns where the address ends: the end of
    /// `s`, or with `list_item`, the `,` that ends an item of a comma-separated value (only
    /// the `<...>` form is taken then; the caller cuts anything else out and parses it whole).
    #[inline(always)]
    fn parse_into(s: &'a str, list_item: bool, out: &mut NameAddr<'a>) -> Result<usize> {
        NameAddr::parse_into_with(s, list_item, true, true, out)
    }

    /// [`NameAddr::parse_into`]; `usual_uri` lets a URI in angle brackets go through
    /// [`Uri::parse_usual_into`] first (off only to test that path against the general one).
    /// Without `general`, a URI that path does not take gives an error (the value is then for
    /// the general parser to judge), and `out` is never handed to code out of line.
    #[inline(always)]
    fn parse_into_with(
        s: &'a str,
        list_item: bool,
        usual_uri: bool,
        general: bool,
        out: &mut NameAddr<'a>,
    ) -> Result<usize> {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && is_lws(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return Err(bad(i, "empty address"));
        }
        let mut display_name = None;
        let lt = if b[i] == b'<' {
            Some(i)
        } else if b[i] == b'"' {
            let n = quoted_len(&b[i..])
                .ok_or_else(|| bad(i, "display name: unterminated quoted-string"))?;
            display_name = Some(&s[i..i + n]);
            let mut j = i + n;
            while j < b.len() && is_lws(b[j]) {
                j += 1;
            }
            if j >= b.len() || b[j] != b'<' {
                return Err(bad(j, "quoted display name must be followed by <URI>"));
            }
            Some(j)
        } else if let Some(lt) = find(b'<', &b[i..]).map(|k| i + k) {
            let dn = s[i..lt].trim_end_matches(|c: char| c.is_ascii() && is_lws(c as u8));
            if !dn.is_empty() {
                if !dn.bytes().all(|c| is_token_char(c) || is_lws(c)) {
                    return Err(bad(i, "display name is neither tokens nor a quoted-string"));
                }
                display_name = Some(dn);
            }
            Some(lt)
        } else if list_item {
            return Err(bad(i, "addr-spec list item"));
        } else {
            None
        };
        let after = match lt {
            // The usual URI is parsed in one pass that ends at the '>', with no search for it.
            Some(lt) => {
                // SAFETY: `lt` is the place of an ASCII '<', so `lt + 1` is right after one.
                let rest = unsafe { cut(s, lt + 1, s.len()) };
                let usual = if general {
                    Uri::parse_usual_into(rest, &mut out.uri)
                } else {
                    Uri::parse_usual_inlined(rest, &mut out.uri)
                };
                match usual.filter(|&n| usual_uri && b.get(lt + 1 + n) == Some(&b'>')) {
                    Some(n) => lt + 2 + n,
                    None if !general => return Err(bad(lt, "unusual URI")),
                    None => {
                        let close = find(b'>', &b[lt..])
                            .map(|k| lt + k)
                            .ok_or_else(|| bad(lt, "'<' without '>'"))?;
                        NameAddr::uri_into(&s[lt + 1..close], lt + 1, true, out)?;
                        close + 1
                    }
                }
            }
            None if !general => return Err(bad(i, "addr-spec")),
            None => {
                let end = find(b';', &b[i..]).map(|k| i + k).unwrap_or(s.len());
                let u = s[i..end].trim_end_matches(|c: char| c.is_ascii() && is_lws(c as u8));
                NameAddr::uri_into(u, i, false, out)?;
                end
            }
        };
        const WHAT: &str = "bad header parameter after the address";
        // SAFETY: `after` is right after an ASCII '>', or the place of an ASCII ';', or the
        // end of `s`.
        let rest = unsafe { cut(s, after, s.len()) };
        let (params, end) = if list_item {
            let (p, n) = parse_list_item_params(rest, after, WHAT, NotedSet::Address)?;
            (p, after + n)
        } else {
            (
                parse_header_params_noting(rest, after, WHAT, NotedSet::Address)?,
                s.len(),
            )
        };
        out.display_name = display_name;
        out.angle = lt.is_some();
        out.params = params;
        Ok(end)
    }

    /// The URI `uri_s` (at `uri_at` in the value), in angle brackets or not, into `out.uri`.
    fn uri_into(uri_s: &'a str, uri_at: usize, angle: bool, out: &mut NameAddr<'a>) -> Result<()> {
        if uri_s.bytes().next().is_some_and(is_lws) || uri_s.bytes().last().is_some_and(is_lws) {
            return Err(bad(uri_at, "white space inside <>"));
        }
        Uri::parse_into(uri_s, &mut out.uri).map_err(|e| e.at(uri_at))?;
        if !angle && (out.uri.headers.is_some() || find(b',', uri_s.as_bytes()).is_some()) {
            return Err(bad(
                uri_at,
                "addr-spec without <> may not contain '?' or ','",
            ));
        }
        Ok(())
    }

    /// The `tag` parameter.
    #[inline]
    pub fn tag(&self) -> Option<&'a str> {
        self.params.noted_value(Noted::Tag)
    }

    /// The `expires` parameter of a Contact (RFC 3261 20.10, `delta-seconds`) as a number.
    pub fn expires(&self) -> Option<Result<u32>> {
        let p = self.params.noted(Noted::Expires)?;
        Some(delta_seconds(
            p.value.unwrap_or(""),
            "expires: expected 1*DIGIT",
        ))
    }

    /// The `q` parameter of a Contact (RFC 3261 20.10, `qvalue`) as written.
    pub fn q(&self) -> Option<&'a str> {
        self.params.noted_value(Noted::Q)
    }

    /// The display name without quotes and escapes.
    pub fn display_name_unquoted(&self) -> Option<Cow<'a, str>> {
        self.display_name.map(unquote)
    }
}

impl<'a> ListItem<'a> for NameAddr<'a> {
    const BLANK: NameAddr<'a> = NameAddr::BLANK;

    #[inline]
    fn parse_item(s: &'a str, out: &mut Self) -> Option<usize> {
        NameAddr::parse_into(s, true, out).ok()
    }

    #[inline]
    fn parse_whole_into(s: &'a str, out: &mut Self) -> Result<()> {
        if NameAddr::parse_into_with(s, false, true, false, out).is_ok() {
            return Ok(());
        }
        NameAddr::parse_general_into(s, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;

    /// The views are moved and copied on every typed read (the C calls fill their structs
    /// from them): their sizes are held to these bounds so that growth is a decision.
    #[test]
    fn views_stay_small() {
        use crate::sip::{Params, Uri, Via};
        use std::mem::size_of;
        println!(
            "Params {} Uri {} NameAddr {} Via {}",
            size_of::<Params<'_>>(),
            size_of::<Uri<'_>>(),
            size_of::<NameAddr<'_>>(),
            size_of::<Via<'_>>()
        );
        assert!(size_of::<Params<'_>>() <= 40);
        assert!(size_of::<Uri<'_>>() <= 176);
        assert!(size_of::<NameAddr<'_>>() <= 240);
        assert!(size_of::<Via<'_>>() <= 128);
    }

    #[test]
    fn forms() {
        let n = NameAddr::parse("\"Bob \\\"B\\\"\" <sips:bob@biloxi.com>;tag=a48s").unwrap();
        assert_eq!(n.display_name, Some("\"Bob \\\"B\\\"\""));
        assert_eq!(n.display_name_unquoted().unwrap(), "Bob \"B\"");
        assert_eq!(n.uri.user, Some("bob"));
        assert_eq!(n.tag(), Some("a48s"));
        assert!(n.angle);

        let n = NameAddr::parse("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8").unwrap();
        assert_eq!(n.display_name, Some("Anonymous"));

        let n = NameAddr::parse("sip:+12125551212@server.phone2net.com;tag=887s").unwrap();
        assert!(!n.angle);
        let spaced = NameAddr::parse("sip:user@example.com ;   tag = 1918181833n").unwrap();
        assert!(!spaced.angle);
        assert_eq!(spaced.tag(), Some("1918181833n"));
        assert_eq!(n.uri.params.as_str(), "");
        assert_eq!(n.tag(), Some("887s"));

        let n =
            NameAddr::parse("<sip:alice@contoso.com;transport=tcp>;epid=01010101;tag=1").unwrap();
        assert_eq!(n.uri.params.value("transport"), Some("tcp"));
        assert_eq!(n.params.value("epid"), Some("01010101"));
        assert!(n.display_name.is_none());

        let n = NameAddr::parse(
            "<sip:a@b>;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000000>\"",
        )
        .unwrap();
        assert!(n.params.has("+sip.instance"));
        assert_eq!(n.expires(), None);
        let n = NameAddr::parse("<sip:a@b>;Expires=3600").unwrap();
        assert_eq!(n.expires(), Some(Ok(3600)));
        for bad in [
            "<sip:a@b>;expires=4294967296",
            "<sip:a@b>;expires=x",
            "<sip:a@b>;expires",
        ] {
            let n = NameAddr::parse(bad).unwrap();
            assert!(n.expires().is_some_and(|e| e.is_err()), "{bad}");
        }
    }

    /// The usual-only walk and the general fallback together answer as the general parser.
    #[test]
    fn parse_agrees_with_the_general_parser() {
        let bases = [
            "<sip:alice@contoso.com>;tag=5f2a8e71c4;epid=4c7d9e2a1b",
            "\"Alice\" <sips:alice@contoso.com:5061;transport=tls>",
            "Bob <sip:192.0.2.44:50612;transport=tls>;q=0.5",
            "<sip:a:pw@h?x=y>;tag=1",
            "sip:carol@fabrikam.com;tag=aa11bb22",
            "<tel:+1-201>",
        ];
        for s in near(&bases, &["<", ">", "@", ";", " ", "\"", ",", "é", "?"]) {
            assert_eq!(NameAddr::parse(&s), NameAddr::parse_general(&s), "{s:?}");
        }
    }

    /// With and without the one-pass URI parser, every value parses to the same address, the
    /// same end, or the same error: usual values cut at each length and with a byte replaced
    /// or inserted at each place, whole and as list items.
    #[test]
    fn usual_uri_path_agrees_with_the_general_one() {
        let bases = [
            "<sip:alice@contoso.com>;tag=5f2a8e71c4;epid=4c7d9e2a1b",
            "\"Alice\" <sips:alice@contoso.com:5061;transport=tls>",
            "Bob <sip:192.0.2.44:50612;transport=tls;ms-opaque=d3>;q=0.5, <sip:b@c>",
            "<sip:911;phone-context=Redmond@192.168.1.12;user=phone>",
            "<sip:a:pw@h?x=y>;tag=1",
            "sip:carol@fabrikam.com;tag=aa11bb22",
        ];
        let bytes = ["<", ">", "@", ":", ";", "%", " ", "\"", ",", "é", "."];
        for s in near(&bases, &bytes) {
            for list_item in [false, true] {
                let (mut a, mut b) = (NameAddr::BLANK, NameAddr::BLANK);
                let ra = NameAddr::parse_into_with(&s, list_item, true, true, &mut a);
                let rb = NameAddr::parse_into_with(&s, list_item, false, true, &mut b);
                assert_eq!(ra, rb, "{s:?}");
                if ra.is_ok() {
                    assert_eq!(a, b, "{s:?}");
                }
                // The inlined usual-only walk answers only what the general one
                // answers, and says the same.
                let mut c = NameAddr::BLANK;
                let rc = NameAddr::parse_into_with(&s, list_item, true, false, &mut c);
                if rc.is_ok() {
                    assert_eq!((rc, c), (ra.clone(), a), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn refuses_bad_addresses() {
        for bad in [
            "",
            "Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43",
            "\"Watson, Thomas\" < sip:t.watson@example.org >",
            "\"open <sip:a@b>",
            "<sip:a@b",
            "<sip:a@b> junk",
            "sip:a@b?x=y",
            "<sip:a@b>;tag",
        ] {
            let r = NameAddr::parse(bad);
            if bad == "<sip:a@b>;tag" {
                assert!(r.is_ok());
            } else {
                assert!(r.is_err(), "{bad}");
            }
        }
    }
}
