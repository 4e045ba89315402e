//! The XML layer: the example documents of the corpus read and walked, and every refusal
//! (malformed, hostile, over a limit) with its kind and byte offset.

use mssip::xml::{Document, XmlError, XmlErrorKind};
use mssip::{Limit, Limits};

const ROUTING: &str = "http://schemas.microsoft.com/02/2006/sip/routing";
const PROFILE: &str = "http://schemas.microsoft.com/2007/03/LocationProfileDescription";

fn corpus(name: &str) -> Document {
    let path = format!(
        "{}/tests/data/corpus/xml/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("corpus file");
    Document::from_vec(bytes, &Limits::default()).expect("corpus document reads")
}

fn parse(text: &str) -> Result<Document, XmlError> {
    Document::parse(text.as_bytes(), &Limits::default())
}

fn refused(text: &str) -> XmlError {
    parse(text).expect_err("refused")
}

#[test]
fn every_corpus_document_reads() {
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/xml"
    ))
    .expect("corpus folder")
    {
        let name = entry.expect("entry").file_name();
        let doc = corpus(&name.to_string_lossy());
        assert!(doc.element_count() > 1, "{name:?}");
        assert!(doc.root().namespace().is_some(), "{name:?}");
    }
}

#[test]
fn a_call_forward_preamble_walks_by_namespace_and_name() {
    let doc = corpus("preamble-call-forward.xml");
    let root = doc.root();
    assert!(root.is(ROUTING, "routing"));
    assert!(!root.is("", "routing"));
    assert_eq!(root.local_name(), "routing");
    assert_eq!(root.prefix(), None);
    assert_eq!(root.attribute("name"), Some("rtcdefault"));
    assert_eq!(root.attribute("version"), Some("1"));
    // The default namespace does not apply to attributes.
    assert_eq!(root.attribute_ns(ROUTING, "version"), None);
    // The namespace declaration is not an attribute.
    let names: Vec<&str> = root.attributes().map(|a| a.local_name()).collect();
    assert_eq!(names, ["name", "version"]);
    assert!(root.parent().is_none());

    let preamble = root.required_child(ROUTING, "preamble").expect("preamble");
    assert_eq!(preamble.parent(), Some(root));
    let kinds: Vec<&str> = preamble.children().map(|c| c.local_name()).collect();
    assert_eq!(kinds, ["list", "list", "flags", "wait"]);
    let lists: Vec<(&str, Vec<&str>)> = preamble
        .children_named(ROUTING, "list")
        .map(|l| {
            let uris = l
                .children_named(ROUTING, "target")
                .filter_map(|t| t.attribute("uri"))
                .collect();
            (l.attribute("name").unwrap_or(""), uris)
        })
        .collect();
    assert_eq!(
        lists,
        [
            ("forwardto", vec!["sip:+14255550199@contoso.com;user=phone"]),
            (
                "simultaneous_ring",
                vec!["sip:+14255550100@contoso.com;user=phone"]
            ),
        ]
    );
    let flags = preamble.child(ROUTING, "flags").expect("flags");
    assert_eq!(
        flags.attribute("value"),
        Some("work_hours forward_immediate simultaneous_ring enablecf")
    );
    let wait = preamble.child(ROUTING, "wait").expect("wait");
    assert_eq!(wait.required_attribute("seconds").ok(), Some("18"));
    let e = wait.required_attribute("minutes").expect_err("missing");
    assert_eq!(e.kind, XmlErrorKind::Unexpected);
    assert_eq!(e.offset, wait.offset());
    assert_eq!(&doc.source()[wait.offset()..wait.offset() + 5], "<wait");
    let e = preamble
        .required_child(ROUTING, "missing")
        .expect_err("missing");
    assert_eq!(
        (e.kind, e.offset),
        (XmlErrorKind::Unexpected, preamble.offset())
    );
    assert!(preamble.child("", "flags").is_none());
}

#[test]
fn the_other_preambles_read_their_lists_and_waits() {
    let team = corpus("preamble-team-ring.xml");
    let root = team.root();
    assert_eq!(root.attribute("version"), Some("2"));
    assert_eq!(root.attribute("minSupportedClientVersion"), Some("2.0.0.0"));
    let pre = root.child(ROUTING, "preamble").expect("preamble");
    let targets: Vec<&str> = pre
        .child(ROUTING, "list")
        .expect("team list")
        .children_named(ROUTING, "target")
        .filter_map(|t| t.attribute("uri"))
        .collect();
    assert_eq!(targets, ["sip:Alice@contoso.com", "sip:Bob@contoso.com"]);
    let waits: Vec<(Option<&str>, Option<&str>)> = pre
        .children_named(ROUTING, "wait")
        .map(|w| (w.attribute("name"), w.attribute("seconds")))
        .collect();
    assert_eq!(
        waits,
        [(Some("user"), Some("10")), (Some("team2"), Some("10"))]
    );

    let block = corpus("preamble-block.xml");
    let flags = block
        .root()
        .child(ROUTING, "preamble")
        .and_then(|p| p.child(ROUTING, "flags"))
        .expect("flags");
    assert_eq!(flags.attribute("value"), Some("block"));
    assert_eq!(flags.children().count(), 0);
    assert_eq!(flags.text(), "");

    let ring = corpus("preamble-simultaneous-ring.xml");
    let names: Vec<&str> = ring
        .root()
        .child(ROUTING, "preamble")
        .expect("preamble")
        .children_named(ROUTING, "list")
        .filter_map(|l| l.attribute("name"))
        .collect();
    assert_eq!(names, ["forwardto", "simultaneous_ring"]);
}

#[test]
fn a_location_profile_gives_its_rules_with_entities_decoded() {
    let doc = corpus("location-profile-redmond.xml");
    let root = doc.root();
    assert!(root.is(PROFILE, "LocationProfileDescription"));
    assert_eq!(
        root.child(PROFILE, "Name").map(|n| n.text()).as_deref(),
        Some("Redmond")
    );
    let rules: Vec<(String, String)> = root
        .children_named(PROFILE, "Rule")
        .map(|r| {
            let text = |name| r.child(PROFILE, name).map(|e| e.text().into_owned());
            (
                text("Pattern").unwrap_or_default(),
                text("Translation").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(rules.len(), 5);
    assert_eq!(rules[0], (r"^(\d{4})$".into(), "+1425555$1".into()));
    assert_eq!(
        rules[2],
        (
            r"^9?1?(?<area>[2-9]\d{2})(?<local>\d{7})$".into(),
            "+1${area}${local}".into()
        )
    );
    assert_eq!(rules[4], ("^911$".into(), "911".into()));
    let first = root.child(PROFILE, "Rule").expect("a rule");
    assert_eq!(
        first
            .child(PROFILE, "InternalEnterpriseExtension")
            .map(|e| e.text())
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        root.child(PROFILE, "ExternalAccessPrefix")
            .map(|e| e.text())
            .as_deref(),
        Some("9")
    );
    // Text without references is borrowed from the document.
    let name = root.child(PROFILE, "Name").expect("name").text();
    assert!(matches!(name, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn prefixes_resolve_to_their_namespaces() {
    let doc = parse(
        r#"<p:a xmlns:p="urn:p" xmlns="urn:d" xmlns:q="urn:q" q:x="1" y="2">
             <b q:z="3"/><q:c/><d xmlns=""/><p:e xmlns:p="urn:other"/>
           </p:a>"#,
    )
    .expect("reads");
    let a = doc.root();
    assert!(a.is("urn:p", "a"));
    assert_eq!(a.prefix(), Some("p"));
    assert_eq!(a.attribute_ns("urn:q", "x"), Some("1"));
    assert_eq!(a.attribute("x"), None);
    assert_eq!(a.attribute("y"), Some("2"));
    let attrs: Vec<(Option<&str>, &str, Option<&str>)> = a
        .attributes()
        .map(|at| (at.prefix(), at.local_name(), at.namespace()))
        .collect();
    assert_eq!(attrs, [(Some("q"), "x", Some("urn:q")), (None, "y", None)]);
    let kids: Vec<(Option<&str>, &str)> = a
        .children()
        .map(|c| (c.namespace(), c.local_name()))
        .collect();
    assert_eq!(
        kids,
        [
            (Some("urn:d"), "b"),
            (Some("urn:q"), "c"),
            (None, "d"),
            (Some("urn:other"), "e"),
        ]
    );
    assert!(a.child("", "d").is_some());
    assert_eq!(
        a.child("urn:d", "b")
            .and_then(|b| b.attribute_ns("urn:q", "z")),
        Some("3")
    );
}

#[test]
fn text_is_decoded_joined_and_normalized() {
    let doc = parse(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- c --><?pi x?>\
         <t a=\"x\ty&#9;z&amp;&#x41;\">one&lt;two<![CDATA[<three>]]>&#x263A;<k/>four\r\nfive</t>",
    )
    .expect("reads");
    let t = doc.root();
    assert_eq!(t.text(), "one<two<three>\u{263A}four\nfive");
    // XML 1.0 3.3.3: a literal tab becomes a space, a character reference to one stays.
    assert_eq!(t.attribute("a"), Some("x y\tz&A"));
    assert_eq!(t.child("", "k").map(|k| k.text()).as_deref(), Some(""));
    // Offsets count the byte order mark.
    assert_eq!(&doc.source()[t.offset()..t.offset() + 2], "<t");
    let a = t.attributes().next().expect("attribute");
    assert_eq!(&doc.source()[a.offset()..a.offset() + 1], "a");
}

#[test]
fn malformed_documents_are_refused_with_their_offset() {
    let cases: &[(&str, XmlErrorKind, usize)] = &[
        ("", XmlErrorKind::Syntax, 0),
        ("   ", XmlErrorKind::Syntax, 3),
        ("<a>", XmlErrorKind::Syntax, 3),
        ("<a><b></a>", XmlErrorKind::Syntax, 6),
        ("<a/><b/>", XmlErrorKind::Syntax, 4),
        ("<a/>tail", XmlErrorKind::Syntax, 4),
        ("lead<a/>", XmlErrorKind::Syntax, 0),
        ("<a x='1' x='2'/>", XmlErrorKind::Syntax, 0),
        ("<a x=1/>", XmlErrorKind::Syntax, 0),
        ("<a>&nbsp;</a>", XmlErrorKind::Syntax, 3),
        // An element without a name (a fuzz finding of the pidf_lo target: `<\r/>`).
        ("<a><\r/></a>", XmlErrorKind::Syntax, 3),
        ("<a>< b/></a>", XmlErrorKind::Syntax, 3),
        ("<a><p:/></a>", XmlErrorKind::Syntax, 3),
        ("<p:a/>", XmlErrorKind::Namespace, 0),
        ("<a p:x='1'/>", XmlErrorKind::Namespace, 3),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
            XmlErrorKind::Encoding,
            0,
        ),
    ];
    for (i, (text, kind, offset)) in cases.iter().enumerate() {
        let e = refused(text);
        assert_eq!(
            (e.kind, e.offset),
            (*kind, *offset),
            "case {i} {text:?}: {e}"
        );
        assert!(e.to_string().contains(" at byte "), "case {i}: {e}");
    }
}

#[test]
fn hostile_documents_are_refused() {
    // Entity expansion (the "billion laughs") never starts: DTDs are refused.
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"#;
    let e = refused(laughs);
    assert_eq!((e.kind, e.offset), (XmlErrorKind::Doctype, 22));
    let external = r#"<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>"#;
    assert_eq!(refused(external).kind, XmlErrorKind::Doctype);
    // Not UTF-8: the offset is the first bad byte.
    let e = Document::parse(b"<a>caf\xe9</a>", &Limits::default()).expect_err("latin-1");
    assert_eq!((e.kind, e.offset), (XmlErrorKind::Encoding, 6));
    let utf16 = [0xFF, 0xFE, b'<', 0, b'a', 0, b'/', 0, b'>', 0];
    let e = Document::parse(&utf16, &Limits::default()).expect_err("UTF-16");
    assert_eq!(e.kind, XmlErrorKind::Encoding);
}

fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits::default();
    f(&mut l);
    l
}

#[test]
fn every_limit_is_enforced_at_its_value_plus_one() {
    let nested = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
    let l = limits(|l| l.max_xml_depth = 4);
    assert!(Document::parse(nested(4).as_bytes(), &l).is_ok());
    let e = Document::parse(nested(5).as_bytes(), &l).expect_err("too deep");
    assert_eq!((e.limit, e.offset), (Some((Limit::XmlDepth, 5)), 12));

    let flat = |n: usize| format!("<r>{}</r>", "<e/>".repeat(n - 1));
    let l = limits(|l| l.max_xml_elements = 10);
    assert!(Document::parse(flat(10).as_bytes(), &l).is_ok());
    let e = Document::parse(flat(11).as_bytes(), &l).expect_err("too many");
    assert_eq!(
        (e.limit, e.offset),
        (Some((Limit::XmlElements, 11)), 3 + 4 * 9)
    );

    let attrs = |n: usize| {
        let a: String = (0..n).map(|i| format!(" a{i}='v'")).collect();
        format!("<r xmlns='urn:x'{a}/>")
    };
    let l = limits(|l| l.max_xml_attributes = 3);
    assert!(Document::parse(attrs(2).as_bytes(), &l).is_ok());
    let e = Document::parse(attrs(3).as_bytes(), &l).expect_err("too many attributes");
    assert_eq!(e.limit, Some((Limit::XmlAttributes, 4)));

    let l = limits(|l| l.max_xml_size = 10);
    assert!(Document::parse(b"<a>123</a>", &l).is_ok());
    let e = Document::parse(b"<a>1234</a>", &l).expect_err("too big");
    assert_eq!(e.limit, Some((Limit::XmlSize, 11)));
    assert_eq!(e.kind, XmlErrorKind::LimitExceeded);
    let e = Document::from_vec(b"<a>1234</a>".to_vec(), &l).expect_err("too big");
    assert_eq!(e.limit, Some((Limit::XmlSize, 11)));
}

#[test]
fn documents_are_shareable_values() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Document>();
    let doc = corpus("preamble-block.xml");
    let copy = doc.clone();
    let from_thread = std::thread::spawn(move || copy.root().local_name().to_string())
        .join()
        .expect("no panic");
    assert_eq!(from_thread, "routing");
    assert_eq!(doc.root().children().count(), 1);
}
