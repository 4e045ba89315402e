//! Reading a call context document (MS-SIPRE 2.2.19, Appendix C) with quick-xml through
//! [`crate::xml::Document`].

use super::NS;
use super::config::ContextConfig;
use super::error::ContextError;
use super::model::{ConversationContext, Party};
use super::validate::validate;
use crate::Limits;
use crate::xml::{Document, Element};

/// The one child `name` of `parent` in the schema's namespace: missing or repeated is an error
/// (each element of 2.2.19.1-2.2.19.9 "MUST be present ... and appear only once").
fn once<'d>(parent: &Element<'d>, name: &'static str) -> Result<Element<'d>, ContextError> {
    let mut it = parent.children_named(NS, name);
    let Some(first) = it.next() else {
        return Err(ContextError::invalid(
            parent.offset(),
            format!("{} has no {name}", parent.local_name()),
        ));
    };
    if let Some(again) = it.next() {
        return Err(ContextError::invalid(
            again.offset(),
            format!("{name} appears more than once"),
        ));
    }
    Ok(first)
}

/// The optional child `name`: at most once (3.13.5.1: "MUST NOT appear more than once each").
fn at_most_once(parent: &Element<'_>, name: &'static str) -> Result<Option<String>, ContextError> {
    let mut it = parent.children_named(NS, name);
    let first = it.next().map(|e| e.text().into_owned());
    if let Some(again) = it.next() {
        return Err(ContextError::invalid(
            again.offset(),
            format!("{name} appears more than once"),
        ));
    }
    Ok(first)
}

/// Appendix C declares every complex type of the document as an `xs:sequence`: the children
/// of `parent` in the schema's namespace MUST come in the order of `names` (the schema's
/// order). An element the schema does not name is refused, and so is one that comes after an
/// element the sequence puts later. Repeats are counted by [`once`] and [`at_most_once`];
/// elements of other namespaces are ignored.
fn sequence(parent: &Element<'_>, names: &[&str]) -> Result<(), ContextError> {
    let mut last = 0;
    for c in parent.children() {
        if c.namespace() != Some(NS) {
            continue;
        }
        let Some(at) = names.iter().position(|n| *n == c.local_name()) else {
            return Err(ContextError::invalid(
                c.offset(),
                format!(
                    "{} is not an element of {}",
                    c.local_name(),
                    parent.local_name()
                ),
            ));
        };
        if at < last {
            return Err(ContextError::invalid(
                c.offset(),
                format!(
                    "{} comes after {} in {} (Appendix C: an xs:sequence)",
                    c.local_name(),
                    names[last],
                    parent.local_name()
                ),
            ));
        }
        last = at;
    }
    Ok(())
}

fn party(e: &Element<'_>) -> Result<Party, ContextError> {
    sequence(
        e,
        &["uri", "displayName", "onBehalfUri", "onBehalfDisplayName"],
    )?;
    Ok(Party {
        uri: once(e, "uri")?.text().into_owned(),
        display_name: at_most_once(e, "displayName")?,
        on_behalf_uri: at_most_once(e, "onBehalfUri")?,
        on_behalf_display_name: at_most_once(e, "onBehalfDisplayName")?,
    })
}

/// Places a validation error at `root` when it has no place of its own.
fn at(root: &Element<'_>, e: ContextError) -> ContextError {
    match e {
        ContextError::Invalid { offset: 0, what } => ContextError::Invalid {
            offset: root.offset(),
            what,
        },
        other => other,
    }
}

impl ConversationContext {
    /// Reads and checks a call context document: the root `XmlConvContext` of the Appendix C
    /// namespace, each required element exactly once, the optional party elements at most
    /// once, no element of the namespace the schema does not name, the elements in the order
    /// of the schema's `xs:sequence` (Appendix C), and the rules of MS-SIPRE 3.13.5.1
    /// ([`ConversationContext::validate`]).
    /// Modes other than the four of 2.2.19.10 are kept (a server can ignore such data,
    /// 3.13.5.2: see [`ConversationContext::has_only_known_modes`]).
    pub fn parse(xml: &[u8], config: &ContextConfig) -> Result<ConversationContext, ContextError> {
        let limits = Limits {
            max_xml_size: config.max_document_size,
            max_xml_depth: config.max_depth,
            ..Limits::DEFAULT
        };
        let doc = Document::parse(xml, &limits)?;
        let root = doc.root();
        if !root.is(NS, "XmlConvContext") {
            return Err(ContextError::invalid(
                root.offset(),
                "the root is not XmlConvContext of the call context namespace",
            ));
        }
        sequence(
            &root,
            &[
                "id",
                "from",
                "to",
                "participants",
                "date",
                "mode",
                "conversationId",
                "dataFormat",
                "contextData",
            ],
        )?;
        let participants = once(&root, "participants")?;
        sequence(&participants, &["participant"])?;
        let mut list = Vec::new();
        for p in participants.children_named(NS, "participant") {
            if list.len() == config.max_participants {
                return Err(ContextError::Limit {
                    what: "participants",
                    max: config.max_participants,
                });
            }
            list.push(party(&p)?);
        }
        let mut modes = Vec::new();
        for m in root.children_named(NS, "mode") {
            if modes.len() == config.max_modes {
                return Err(ContextError::Limit {
                    what: "modes",
                    max: config.max_modes,
                });
            }
            modes.push(m.text().trim().to_string());
        }
        let text = |name| once(&root, name).map(|e| e.text().into_owned());
        let cc = ConversationContext {
            id: text("id")?.trim().to_string(),
            from: party(&once(&root, "from")?)?,
            to: party(&once(&root, "to")?)?,
            participants: list,
            date: text("date")?.trim().to_string(),
            modes,
            conversation_id: text("conversationId")?.trim().to_string(),
            data_format: text("dataFormat")?.trim().to_string(),
            context_data: text("contextData")?,
        };
        validate(&cc, config).map_err(|e| at(&root, e))?;
        Ok(cc)
    }
}
