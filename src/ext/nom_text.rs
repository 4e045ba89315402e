//! The small nom parsers the Microsoft header grammars share (RFC 3261 25.1 `LWS`, `SEMI`,
//! `COMMA`, `token`, `pvalue`), and the run of a whole grammar over a value with its failure
//! turned into an [`ExtError`] that says where.
//!
//! These grammars sit off the hot path, so they read as their ABNF does; the RFC 3261 views of
//! the hot path keep their hand-written scanners (`crate::sip::scan`).

use super::error::ExtError;
use crate::sip::scan::{is_lws, is_param_char, is_token_char};
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::combinator::{all_consuming, recognize};
use nom::multi::many1;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

/// A nom result over text.
pub(crate) type Res<'a, T> = IResult<&'a str, T>;

/// `*LWS`: any run of linear white space, possibly empty.
pub(crate) fn lws0(s: &str) -> Res<'_, &str> {
    take_while(|c: char| c.is_ascii() && is_lws(c as u8)).parse(s)
}

/// `SEMI = SWS ";" SWS`.
pub(crate) fn semi(s: &str) -> Res<'_, &str> {
    delimited(lws0, tag(";"), lws0).parse(s)
}

/// `COMMA = SWS "," SWS`.
pub(crate) fn comma(s: &str) -> Res<'_, &str> {
    delimited(lws0, tag(","), lws0).parse(s)
}

/// `token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")`.
pub(crate) fn token(s: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii() && is_token_char(c as u8)).parse(s)
}

/// `pvalue = 1*paramchar`, where a paramchar may be a `%HH` escape.
pub(crate) fn pvalue(s: &str) -> Res<'_, &str> {
    let plain = take_while1(|c: char| c != '%' && c.is_ascii() && is_param_char(c as u8));
    let escape = recognize((
        tag("%"),
        nom::character::complete::satisfy(|c| c.is_ascii_hexdigit()),
        nom::character::complete::satisfy(|c| c.is_ascii_hexdigit()),
    ));
    recognize(many1(nom::branch::alt((plain, escape)))).parse(s)
}

/// A keyword of an ABNF alternative (letters, digits and `-`), turned into its enum value by
/// `from` (which matches in any case, RFC 5234 2.3); a word `from` does not know fails where
/// it starts.
pub(crate) fn keyword<'a, K>(
    from: fn(&str) -> Option<K>,
) -> impl Parser<&'a str, Output = K, Error = nom::error::Error<&'a str>> {
    nom::combinator::map_opt(
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-'),
        from,
    )
}

/// `name "=" value` with a literal name in any case (RFC 5234 2.3), giving the value.
pub(crate) fn named<'a, O>(
    name: &'static str,
    value: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>> {
    preceded((nom::bytes::complete::tag_no_case(name), tag("=")), value)
}

/// Runs `grammar` over all of `input` (white space around it allowed). A failure is reported
/// as `what`, at the byte where the grammar stopped matching.
pub(crate) fn parse_all<'a, O>(
    input: &'a str,
    what: &'static str,
    grammar: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> Result<O, ExtError> {
    match all_consuming(delimited(lws0, grammar, lws0)).parse(input) {
        Ok((_, out)) => Ok(out),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            Err(ExtError::new(what, input.len() - e.input.len()))
        }
        Err(nom::Err::Incomplete(_)) => Err(ExtError::new(what, input.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_blocks() {
        assert_eq!(lws0(" \t x"), Ok(("x", " \t ")));
        assert_eq!(lws0("x"), Ok(("x", "")));
        assert_eq!(semi(" ; x"), Ok(("x", ";")));
        assert!(semi("x").is_err());
        assert_eq!(comma(",x"), Ok(("x", ",")));
        assert_eq!(
            token("Dialog-Route-Set-Update, x"),
            Ok((", x", "Dialog-Route-Set-Update"))
        );
        assert!(token("\"q\"").is_err());
        assert_eq!(pvalue("edge.contoso.com;x"), Ok((";x", "edge.contoso.com")));
        assert_eq!(pvalue("a%3Bb c"), Ok((" c", "a%3Bb")));
        assert_eq!(pvalue("a%3"), Ok(("%3", "a")));
        assert!(pvalue(";").is_err());
        assert_eq!(
            named("ms-ep-fqdn", pvalue).parse("MS-EP-FQDN=a.b;"),
            Ok((";", "a.b"))
        );
        let yes_no = |w: &str| match w.to_ascii_lowercase().as_str() {
            "yes" => Some(true),
            "no-no" => Some(false),
            _ => None,
        };
        assert_eq!(keyword(yes_no).parse("YES;"), Ok((";", true)));
        assert_eq!(keyword(yes_no).parse("no-no"), Ok(("", false)));
        assert!(keyword(yes_no).parse("maybe").is_err());
    }

    #[test]
    fn whole_values_and_where_they_fail() {
        assert_eq!(parse_all(" abc ", "t", token), Ok("abc"));
        assert_eq!(parse_all("abc def", "t", token), Err(ExtError::new("t", 4)));
        assert_eq!(parse_all("  ", "t", token), Err(ExtError::new("t", 2)));
        assert_eq!(parse_all("", "t", token), Err(ExtError::new("t", 0)));
    }
}
