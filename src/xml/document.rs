//! A parsed XML document and the views that walk it: elements by local name and namespace,
//! their attributes and their text.
//!
//! The document owns its text once ([`crate::owned::Owned`]); the tree is an index of
//! spans, so names, attribute values and text without entity references are borrowed from the
//! document without copies. Only text that had to be decoded (an entity or character
//! reference) is kept as its own string.

use std::borrow::Cow;

use super::error::XmlError;
use super::reader;
use crate::limits::Limits;
use crate::owned::{Owned, Span, Text};

/// Index of an element in [`Tree::elements`].
pub(super) type Id = u32;

/// One element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Node {
    /// Offset of its `<`.
    pub offset: usize,
    pub prefix: Option<Span>,
    pub local: Span,
    /// Index in [`Tree::namespaces`] of the namespace its name is in.
    pub ns: Option<u32>,
    pub parent: Option<Id>,
    pub first_child: Option<Id>,
    pub next_sibling: Option<Id>,
    /// Its attributes, in [`Tree::attributes`] (namespace declarations left out).
    pub attributes: std::ops::Range<u32>,
    /// Its own character data (text, CDATA, references), in [`Tree::texts`].
    pub texts: std::ops::Range<u32>,
}

/// One attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attr {
    pub offset: usize,
    pub prefix: Option<Span>,
    pub local: Span,
    pub ns: Option<u32>,
    pub value: Text,
}

/// The index of a document: every element in document order (the root first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Tree {
    pub elements: Vec<Node>,
    pub attributes: Vec<Attr>,
    pub texts: Vec<Text>,
    /// Namespace names, each once.
    pub namespaces: Vec<Text>,
}

/// A well-formed, namespace-resolved XML document read under [`Limits`] (see
/// [`Document::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    owned: Owned<Tree, str>,
}

impl Document {
    /// Reads `bytes` as a UTF-8 XML document (a UTF-8 byte order mark is allowed), copying
    /// them once.
    ///
    /// Refused: more than `max_xml_size` bytes, elements nested deeper than `max_xml_depth`,
    /// more than `max_xml_elements` elements or `max_xml_attributes` attributes on one element
    /// ([`XmlErrorKind::LimitExceeded`](super::XmlErrorKind::LimitExceeded)); bytes that are
    /// not UTF-8 or a declaration naming another encoding (`Encoding`); anything not
    /// well-formed, including references to entities other than the five predefined ones and
    /// character references (`Syntax`); an undeclared prefix (`Namespace`); a document type
    /// declaration (`Doctype`). Every error carries the byte offset where it was found.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, XmlError> {
        reader::check_size(bytes.len(), limits)?;
        Document::from_vec(bytes.to_vec(), limits)
    }

    /// As [`Document::parse`], taking the bytes without a copy.
    pub fn from_vec(bytes: Vec<u8>, limits: &Limits) -> Result<Document, XmlError> {
        reader::check_size(bytes.len(), limits)?;
        let text = reader::utf8(bytes)?;
        let owned = Owned::build(text.into_boxed_str(), |s: &str| reader::read(s, limits))?;
        Ok(Document { owned })
    }

    /// The root element.
    pub fn root(&self) -> Element<'_> {
        Element { doc: self, id: 0 }
    }

    /// The document's text as it was read.
    pub fn source(&self) -> &str {
        self.owned.buffer()
    }

    /// Number of elements.
    pub fn element_count(&self) -> usize {
        self.tree().elements.len()
    }

    fn tree(&self) -> &Tree {
        self.owned.index()
    }

    fn node(&self, id: Id) -> &Node {
        // Ids come from the tree itself; 0 (the root) always exists.
        &self.tree().elements[id as usize]
    }

    fn namespace(&self, ns: Option<u32>) -> Option<&str> {
        let text = self.tree().namespaces.get(ns? as usize)?;
        Some(self.owned.resolve(text))
    }
}

/// True when a name in namespace `have` with local name `local` is `{want}local_want`; an
/// empty `want` stands for "in no namespace".
fn name_is(have: Option<&str>, local: &str, want: &str, local_want: &str) -> bool {
    local == local_want && have.unwrap_or("") == want
}

/// An element of a [`Document`].
#[derive(Debug, Clone, Copy)]
pub struct Element<'d> {
    doc: &'d Document,
    id: Id,
}

impl PartialEq for Element<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}

impl Eq for Element<'_> {}

impl<'d> Element<'d> {
    fn node(&self) -> &'d Node {
        self.doc.node(self.id)
    }

    /// The local name (`routing` for `<r:routing>`).
    pub fn local_name(&self) -> &'d str {
        self.doc.owned.text(self.node().local)
    }

    /// The prefix as written, if any (`r` for `<r:routing>`).
    pub fn prefix(&self) -> Option<&'d str> {
        self.node().prefix.map(|p| self.doc.owned.text(p))
    }

    /// The namespace name the element is in, if any.
    pub fn namespace(&self) -> Option<&'d str> {
        self.doc.namespace(self.node().ns)
    }

    /// True when the element is `local` in namespace `ns` (`""`: in no namespace).
    pub fn is(&self, ns: &str, local: &str) -> bool {
        name_is(self.namespace(), self.local_name(), ns, local)
    }

    /// Byte offset of the element's `<` in the document.
    pub fn offset(&self) -> usize {
        self.node().offset
    }

    /// The parent element; `None` for the root.
    pub fn parent(&self) -> Option<Element<'d>> {
        let id = self.node().parent?;
        Some(Element { doc: self.doc, id })
    }

    /// The child elements, in document order.
    pub fn children(&self) -> Children<'d> {
        Children {
            doc: self.doc,
            next: self.node().first_child,
        }
    }

    /// The child elements named `local` in namespace `ns` (`""`: in no namespace).
    pub fn children_named<'q>(
        &self,
        ns: &'q str,
        local: &'q str,
    ) -> impl Iterator<Item = Element<'d>> + use<'d, 'q> {
        self.children().filter(move |c| c.is(ns, local))
    }

    /// The first child element named `local` in namespace `ns`.
    pub fn child(&self, ns: &str, local: &str) -> Option<Element<'d>> {
        self.children().find(|c| c.is(ns, local))
    }

    /// The first child element named `local` in namespace `ns`, or an
    /// [`XmlErrorKind::Unexpected`](super::XmlErrorKind::Unexpected) error at this element.
    pub fn required_child(&self, ns: &str, local: &str) -> Result<Element<'d>, XmlError> {
        self.child(ns, local).ok_or_else(|| {
            XmlError::unexpected(
                self.offset(),
                format!("<{}> has no child <{local}>", self.local_name()),
            )
        })
    }

    /// The attributes, in document order (namespace declarations are not attributes).
    pub fn attributes(&self) -> impl ExactSizeIterator<Item = Attribute<'d>> + use<'d> {
        let doc = self.doc;
        let r = self.node().attributes.clone();
        doc.tree().attributes[r.start as usize..r.end as usize]
            .iter()
            .map(move |attr| Attribute { doc, attr })
    }

    /// The value of the attribute `local` that is in no namespace (unprefixed, as most
    /// attributes are).
    pub fn attribute(&self, local: &str) -> Option<&'d str> {
        self.attribute_ns("", local)
    }

    /// The value of the attribute `local` in namespace `ns` (`""`: in no namespace).
    pub fn attribute_ns(&self, ns: &str, local: &str) -> Option<&'d str> {
        self.attributes()
            .find(|a| a.is(ns, local))
            .map(|a| a.value())
    }

    /// The value of the unprefixed attribute `local`, or an
    /// [`XmlErrorKind::Unexpected`](super::XmlErrorKind::Unexpected) error at this element.
    pub fn required_attribute(&self, local: &str) -> Result<&'d str, XmlError> {
        self.attribute(local).ok_or_else(|| {
            XmlError::unexpected(
                self.offset(),
                format!("<{}> has no attribute {local}", self.local_name()),
            )
        })
    }

    /// The element's own character data (text and CDATA, references decoded, line ends
    /// normalized), joined; not that of its children. Borrowed from the document when it
    /// stands there as one piece.
    pub fn text(&self) -> Cow<'d, str> {
        let r = self.node().texts.clone();
        let pieces = &self.doc.tree().texts[r.start as usize..r.end as usize];
        match pieces {
            [] => Cow::Borrowed(""),
            [one] => Cow::Borrowed(self.doc.owned.resolve(one)),
            many => Cow::Owned(many.iter().map(|t| self.doc.owned.resolve(t)).collect()),
        }
    }
}

/// The child elements of an [`Element`].
#[derive(Debug, Clone)]
pub struct Children<'d> {
    doc: &'d Document,
    next: Option<Id>,
}

impl<'d> Iterator for Children<'d> {
    type Item = Element<'d>;

    fn next(&mut self) -> Option<Element<'d>> {
        let id = self.next?;
        self.next = self.doc.node(id).next_sibling;
        Some(Element { doc: self.doc, id })
    }
}

/// An attribute of an [`Element`].
#[derive(Debug, Clone, Copy)]
pub struct Attribute<'d> {
    doc: &'d Document,
    attr: &'d Attr,
}

impl<'d> Attribute<'d> {
    /// The local name.
    pub fn local_name(&self) -> &'d str {
        self.doc.owned.text(self.attr.local)
    }

    /// The prefix as written, if any.
    pub fn prefix(&self) -> Option<&'d str> {
        self.attr.prefix.map(|p| self.doc.owned.text(p))
    }

    /// The namespace name; `None` for an unprefixed attribute (XML Namespaces 6.2).
    pub fn namespace(&self) -> Option<&'d str> {
        self.doc.namespace(self.attr.ns)
    }

    /// True when the attribute is `local` in namespace `ns` (`""`: in no namespace).
    pub fn is(&self, ns: &str, local: &str) -> bool {
        name_is(self.namespace(), self.local_name(), ns, local)
    }

    /// The value, references decoded and white space normalized as XML 1.0 3.3.3 says.
    pub fn value(&self) -> &'d str {
        self.doc.owned.resolve(&self.attr.value)
    }

    /// Byte offset of the attribute's name in the document.
    pub fn offset(&self) -> usize {
        self.attr.offset
    }
}
