//! Writing a call context document in the layout of the MS-SIPRE 4.11 example: the `cc`
//! prefix, one element a line, `from` and `to` on one line each, and the root closed right
//! after `contextData`.

use quick_xml::escape::partial_escape;

use super::NS;
use super::config::ContextConfig;
use super::error::ContextError;
use super::model::{ConversationContext, Party};
use super::validate::validate_new;

/// Text content escaped (`<`, `>`, `&`; a CR as a character reference, so that XML line-end
/// normalization keeps it). Quotes stay as they are, as in 4.11 (`it's`).
fn text(out: &mut String, name: &str, value: &str) {
    let escaped = partial_escape(value).replace('\r', "&#13;");
    out.push_str(&format!("<cc:{name}>{escaped}</cc:{name}>"));
}

fn party_children(out: &mut String, p: &Party, sep: &str) {
    let fields = [
        ("uri", Some(&p.uri)),
        ("displayName", p.display_name.as_ref()),
        ("onBehalfUri", p.on_behalf_uri.as_ref()),
        ("onBehalfDisplayName", p.on_behalf_display_name.as_ref()),
    ];
    for (name, value) in fields {
        if let Some(v) = value {
            text(out, name, v);
            out.push_str(sep);
        }
    }
}

impl ConversationContext {
    /// The document for this call context (no XML declaration; LF line ends), after checking
    /// it as [`ConversationContext::validate`] does and each mode is one of 2.2.19.10
    /// (3.13.5.1's SHOULD). The elements follow the order of the schema (Appendix C).
    pub fn to_xml(&self, config: &ContextConfig) -> Result<String, ContextError> {
        validate_new(self, config)?;
        let mut out = String::with_capacity(512 + self.context_data.len());
        out.push_str(&format!("<cc:XmlConvContext xmlns:cc=\"{NS}\">\n"));
        text(&mut out, "id", &self.id);
        out.push('\n');
        for (name, p) in [("from", &self.from), ("to", &self.to)] {
            out.push_str(&format!("<cc:{name}>"));
            party_children(&mut out, p, "");
            out.push_str(&format!("</cc:{name}>\n"));
        }
        out.push_str("<cc:participants>\n");
        for p in &self.participants {
            out.push_str("<cc:participant>\n");
            party_children(&mut out, p, "\n");
            out.push_str("</cc:participant>\n");
        }
        out.push_str("</cc:participants>\n");
        text(&mut out, "date", &self.date);
        out.push('\n');
        for m in &self.modes {
            text(&mut out, "mode", m);
            out.push('\n');
        }
        text(&mut out, "conversationId", &self.conversation_id);
        out.push('\n');
        text(&mut out, "dataFormat", &self.data_format);
        out.push('\n');
        text(&mut out, "contextData", &self.context_data);
        out.push_str("</cc:XmlConvContext>");
        if out.len() > config.max_document_size {
            return Err(ContextError::Limit {
                what: "bytes of document",
                max: config.max_document_size,
            });
        }
        Ok(out)
    }
}
