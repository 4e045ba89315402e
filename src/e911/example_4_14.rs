//! The example of MS-SIPRE 4.14, shared by the server's tests (`tests.rs`) and the client's
//! (`client_tests.rs`): the E911 INVITE as printed and the civic address it carries.

/// MS-SIPRE 4.14 as printed.
pub(super) const SPEC_4_14: &str = include_str!("../../tests/data/e911/spec-4.14.txt");

/// The civic address of 4.14 (RFC 5139 element names, in its order), values as printed:
/// `NAM` keeps the trailing space of `<ca:NAM>Contoso Corporation </ca:NAM>`. The corpus
/// INVITE of the same call (`tests/data/corpus/invite-e911.sip`) carries the same address
/// without that space.
pub(super) const CIVIC_4_14: [(&str, &str); 10] = [
    ("country", "US"),
    ("A1", "WA"),
    ("A3", "Redmond"),
    ("RD", "163rd"),
    ("STS", "Ave"),
    ("POD", "NE"),
    ("HNO", "3910"),
    ("LOC", "40/4451"),
    ("NAM", "Contoso Corporation "),
    ("PC", "98052"),
];
