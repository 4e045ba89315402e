//! Reading a document into its [`Tree`] with quick-xml's namespace-aware reader, under the
//! limits, with every error placed at its byte offset.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;
use std::borrow::Cow;

use super::document::{Attr, Id, Node, Tree};
use super::error::{XmlError, XmlErrorKind};
use crate::limits::{Limit, Limits};
use crate::owned::{Span, Text};

const BOM: &str = "\u{feff}";

/// Refuses a document over `max_xml_size` before anything is read or copied.
pub(super) fn check_size(len: usize, limits: &Limits) -> Result<(), XmlError> {
    if len > limits.max_xml_size {
        return Err(XmlError::limit(Limit::XmlSize, len, limits.max_xml_size));
    }
    Ok(())
}

/// The document as text: XML read by this layer is UTF-8.
pub(super) fn utf8(bytes: Vec<u8>) -> Result<String, XmlError> {
    String::from_utf8(bytes).map_err(|e| {
        XmlError::new(
            XmlErrorKind::Encoding,
            e.utf8_error().valid_up_to(),
            "the document is not UTF-8",
        )
    })
}

/// An element being read: its index and its character data so far.
struct Open {
    id: Id,
    texts: Vec<Text>,
    last_child: Option<Id>,
}

struct Builder<'s, 'l> {
    src: &'s str,
    /// Length of a byte order mark skipped at the start (reader offsets start after it).
    skipped: usize,
    limits: &'l Limits,
    tree: Tree,
    open: Vec<Open>,
    /// Text vectors of closed elements, kept for reuse.
    spare: Vec<Vec<Text>>,
    root_done: bool,
}

/// Reads `src` into its tree.
pub(super) fn read(src: &str, limits: &Limits) -> Result<Tree, XmlError> {
    let skipped = if src.starts_with(BOM) { BOM.len() } else { 0 };
    let mut reader = NsReader::from_str(&src[skipped..]);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let mut b = Builder {
        src,
        skipped,
        limits,
        tree: Tree::default(),
        open: Vec::new(),
        spare: Vec::new(),
        root_done: false,
    };
    loop {
        let at = b.skipped + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let offset = b.skipped + reader.error_position() as usize;
                return Err(XmlError::new(XmlErrorKind::Syntax, offset, e.to_string()));
            }
        };
        match event {
            Event::Start(e) => b.start(&reader, &e, at, false)?,
            Event::Empty(e) => b.start(&reader, &e, at, true)?,
            Event::End(_) => b.end(),
            Event::Text(e) => {
                let text = e
                    .xml10_content()
                    .map_err(|err| XmlError::new(XmlErrorKind::Encoding, at, err.to_string()))?;
                b.text(text, at)?;
            }
            Event::CData(e) => {
                let text = e
                    .xml10_content()
                    .map_err(|err| XmlError::new(XmlErrorKind::Encoding, at, err.to_string()))?;
                b.text(text, at)?;
            }
            Event::GeneralRef(e) => {
                let decoded = match e.resolve_char_ref() {
                    Ok(Some(c)) => String::from(c),
                    Ok(None) => {
                        let name = e.decode().map_err(|err| {
                            XmlError::new(XmlErrorKind::Encoding, at, err.to_string())
                        })?;
                        match resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(XmlError::new(
                                    XmlErrorKind::Syntax,
                                    at,
                                    format!("reference to an unknown entity &{name};"),
                                ));
                            }
                        }
                    }
                    Err(err) => {
                        return Err(XmlError::new(XmlErrorKind::Syntax, at, err.to_string()));
                    }
                };
                b.text(Cow::Owned(decoded), at)?;
            }
            Event::Decl(d) => {
                if let Some(enc) = d.encoding() {
                    let enc = enc
                        .map_err(|err| XmlError::new(XmlErrorKind::Syntax, at, err.to_string()))?;
                    if !enc.eq_ignore_ascii_case(b"utf-8") && !enc.eq_ignore_ascii_case(b"utf8") {
                        return Err(XmlError::new(
                            XmlErrorKind::Encoding,
                            at,
                            format!(
                                "the declaration names encoding {}; only UTF-8 is read",
                                String::from_utf8_lossy(&enc)
                            ),
                        ));
                    }
                }
            }
            Event::DocType(_) => {
                return Err(XmlError::new(
                    XmlErrorKind::Doctype,
                    at,
                    "document type declarations are refused",
                ));
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => return b.finish(at),
        }
    }
}

impl Builder<'_, '_> {
    fn span(&self, s: &[u8]) -> Span {
        Span::within(self.src.as_bytes(), s).unwrap_or_default()
    }

    /// Text at `at`: kept as a span when it stands in the source as it is.
    fn piece(&self, text: Cow<'_, str>) -> Text {
        match text {
            Cow::Borrowed(s) => match Span::within_str(self.src, s) {
                Some(span) => Text::Span(span),
                None => Text::Decoded(s.into()),
            },
            Cow::Owned(s) => Text::Decoded(s.into()),
        }
    }

    /// The namespace a resolution names, entered once in the table.
    fn namespace(
        &mut self,
        r: &ResolveResult<'_>,
        at: usize,
        name: &[u8],
    ) -> Result<Option<u32>, XmlError> {
        match r {
            ResolveResult::Unbound => Ok(None),
            ResolveResult::Unknown(prefix) => Err(XmlError::new(
                XmlErrorKind::Namespace,
                at,
                format!(
                    "prefix {} of {} is not declared",
                    String::from_utf8_lossy(prefix),
                    String::from_utf8_lossy(name)
                ),
            )),
            ResolveResult::Bound(ns) => {
                let uri = std::str::from_utf8(ns.as_ref()).map_err(|_| {
                    XmlError::new(XmlErrorKind::Encoding, at, "namespace name is not UTF-8")
                })?;
                let known = self
                    .tree
                    .namespaces
                    .iter()
                    .position(|t| resolve(self.src, t) == uri);
                let i = match known {
                    Some(i) => i,
                    None => {
                        self.tree.namespaces.push(Text::Decoded(uri.into()));
                        self.tree.namespaces.len() - 1
                    }
                };
                Ok(Some(i as u32))
            }
        }
    }

    fn start(
        &mut self,
        reader: &NsReader<&[u8]>,
        e: &BytesStart<'_>,
        at: usize,
        empty: bool,
    ) -> Result<(), XmlError> {
        if self.root_done {
            return Err(XmlError::new(
                XmlErrorKind::Syntax,
                at,
                "a second root element",
            ));
        }
        let depth = self.open.len() + 1;
        if depth > self.limits.max_xml_depth {
            return Err(XmlError::limit(Limit::XmlDepth, depth, at));
        }
        let count = self.tree.elements.len() + 1;
        if count > self.limits.max_xml_elements {
            return Err(XmlError::limit(Limit::XmlElements, count, at));
        }
        let name = e.name();
        // XML 1.0 section 3.1: a tag starts with the element's Name; quick-xml takes the
        // bytes before the first white space, so `<\r/>` or `< a>` would be an element
        // without one.
        if name.local_name().as_ref().is_empty() {
            return Err(XmlError::new(
                XmlErrorKind::Syntax,
                at,
                "an element without a name",
            ));
        }
        let (resolved, _) = reader.resolver().resolve_element(name);
        let ns = self.namespace(&resolved, at, name.as_ref())?;
        let attributes = self.attributes(reader, e, at)?;
        let id = (self.tree.elements.len()) as Id;
        let parent = self.open.last().map(|o| o.id);
        self.tree.elements.push(Node {
            offset: at,
            prefix: name.prefix().map(|p| self.span(p.as_ref())),
            local: self.span(name.local_name().as_ref()),
            ns,
            parent,
            first_child: None,
            next_sibling: None,
            attributes,
            texts: 0..0,
        });
        if let Some(open) = self.open.last_mut() {
            match open.last_child {
                Some(prev) => self.tree.elements[prev as usize].next_sibling = Some(id),
                None => self.tree.elements[open.id as usize].first_child = Some(id),
            }
            open.last_child = Some(id);
        }
        let texts = self.spare.pop().unwrap_or_default();
        self.open.push(Open {
            id,
            texts,
            last_child: None,
        });
        if empty {
            self.end();
        }
        Ok(())
    }

    fn attributes(
        &mut self,
        reader: &NsReader<&[u8]>,
        e: &BytesStart<'_>,
        at: usize,
    ) -> Result<std::ops::Range<u32>, XmlError> {
        let first = self.tree.attributes.len() as u32;
        let mut count = 0;
        for attr in e.attributes().with_checks(true) {
            let attr = attr.map_err(|err| {
                XmlError::new(XmlErrorKind::Syntax, at, format!("bad attribute: {err}"))
            })?;
            count += 1;
            if count > self.limits.max_xml_attributes {
                return Err(XmlError::limit(Limit::XmlAttributes, count, at));
            }
            let offset = self.span(attr.key.as_ref()).start();
            if attr.key.as_namespace_binding().is_some() {
                continue;
            }
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    XmlError::new(
                        XmlErrorKind::Syntax,
                        offset,
                        format!("bad attribute value: {err}"),
                    )
                })?;
            let value = self.piece(value);
            let key: QName<'_> = attr.key;
            let (resolved, _) = reader.resolver().resolve_attribute(key);
            let ns = self.namespace(&resolved, offset, key.as_ref())?;
            self.tree.attributes.push(Attr {
                offset,
                prefix: key.prefix().map(|p| self.span(p.as_ref())),
                local: self.span(key.local_name().as_ref()),
                ns,
                value,
            });
        }
        Ok(first..self.tree.attributes.len() as u32)
    }

    fn end(&mut self) {
        // quick-xml checks that every end tag matches an open element.
        let Some(mut open) = self.open.pop() else {
            return;
        };
        let first = self.tree.texts.len() as u32;
        self.tree.texts.append(&mut open.texts);
        let node = &mut self.tree.elements[open.id as usize];
        node.texts = first..self.tree.texts.len() as u32;
        self.spare.push(open.texts);
        if self.open.is_empty() {
            self.root_done = true;
        }
    }

    fn text(&mut self, text: Cow<'_, str>, at: usize) -> Result<(), XmlError> {
        if self.open.is_empty() {
            if text.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
                return Ok(());
            }
            return Err(XmlError::new(
                XmlErrorKind::Syntax,
                at,
                "text outside the root element",
            ));
        }
        if text.is_empty() {
            return Ok(());
        }
        let piece = self.piece(text);
        if let Some(open) = self.open.last_mut() {
            open.texts.push(piece);
        }
        Ok(())
    }

    fn finish(self, at: usize) -> Result<Tree, XmlError> {
        if let Some(open) = self.open.last() {
            let node = &self.tree.elements[open.id as usize];
            return Err(XmlError::new(
                XmlErrorKind::Syntax,
                at,
                format!(
                    "element <{}> is not closed",
                    resolve(self.src, &Text::Span(node.local))
                ),
            ));
        }
        if self.tree.elements.is_empty() {
            return Err(XmlError::new(XmlErrorKind::Syntax, at, "no root element"));
        }
        Ok(self.tree)
    }
}

fn resolve<'a>(src: &'a str, t: &'a Text) -> &'a str {
    match t {
        Text::Span(s) => src.get(s.range()).unwrap_or_default(),
        Text::Decoded(d) => d,
    }
}
