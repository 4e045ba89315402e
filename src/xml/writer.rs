//! Writing small XML documents: elements with text content in one default namespace, text
//! escaped with quick-xml so that [`super::Document::parse`] reads back exactly what was
//! written.

use quick_xml::escape::escape;

/// A document being written, element by element, indented two spaces a level.
#[derive(Debug, Clone)]
pub struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl XmlWriter {
    /// Starts a UTF-8 document whose root `root` declares `ns` as its default namespace.
    pub fn new(root: &'static str, ns: &str) -> XmlWriter {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!("<{root} xmlns=\"{}\">\n", escape(ns)));
        XmlWriter {
            out,
            open: vec![root],
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    /// Opens a child element of the innermost open one.
    pub fn start(&mut self, name: &'static str) {
        self.indent();
        self.out.push_str(&format!("<{name}>\n"));
        self.open.push(name);
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        if let Some(name) = self.open.pop() {
            self.indent();
            self.out.push_str(&format!("</{name}>\n"));
        }
    }

    /// Writes `<name>text</name>`, the text escaped (and a CR as a character reference, so
    /// that line-end normalization keeps it).
    pub fn text_element(&mut self, name: &'static str, text: &str) {
        self.indent();
        let escaped = escape(text).replace('\r', "&#13;");
        self.out.push_str(&format!("<{name}>{escaped}</{name}>\n"));
    }

    /// Closes every open element and returns the document.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;
    use crate::xml::Document;

    #[test]
    fn reads_back_what_it_wrote() {
        let mut w = XmlWriter::new("a", "urn:x");
        w.start("b");
        w.text_element("c", "<&>\"' \r\n x");
        w.end();
        let doc = w.finish();
        let d = Document::parse(doc.as_bytes(), &Limits::default()).unwrap();
        let c = d
            .root()
            .child("urn:x", "b")
            .unwrap()
            .child("urn:x", "c")
            .unwrap();
        assert_eq!(c.text(), "<&>\"' \r\n x");
        assert!(d.root().is("urn:x", "a"));
    }
}
