//! The location profile description of MS-SIPRE 2.2.7 and Appendix B: read from its XML
//! document through [`crate::xml`], validated, and written back.

use super::config::DialplanConfig;
use super::error::ProfileError;
use crate::Limits;
use crate::ext::PhoneContext;
use crate::xml::{Document, Element, XmlWriter};

/// Namespace of the location profile schema (MS-SIPRE Appendix B).
pub const NS: &str = "http://schemas.microsoft.com/2007/03/LocationProfileDescription";

/// Content type of a location profile document (MS-SIPRE 2.2.7, 3.8.5.1).
pub const CONTENT_TYPE: &str = "application/ms-location-profile-definition+xml";

/// One translation rule (MS-SIPRE 2.2.7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A .NET regular expression.
    pub pattern: String,
    /// A .NET replacement pattern.
    pub translation: String,
    /// `InternalEnterpriseExtension`, when present.
    pub internal_enterprise_extension: Option<bool>,
    /// `ApplicableForDeviceDialing`, when present.
    pub applicable_for_device_dialing: Option<bool>,
}

/// A location profile description (MS-SIPRE 2.2.7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationProfile {
    /// The profile's name, usable as a `phone-context` (RFC 3966 section 3).
    pub name: String,
    /// One or more rules, in document order.
    pub rules: Vec<Rule>,
    /// `ExternalAccessPrefix`, when present.
    pub external_access_prefix: Option<String>,
    /// `OptimizeDeviceDialing`, when present.
    pub optimize_device_dialing: Option<bool>,
}

fn invalid(at: &Element<'_>, what: impl Into<String>) -> ProfileError {
    ProfileError::Invalid {
        offset: at.offset(),
        what: what.into(),
    }
}

/// `xsd:boolean`: `true`, `false`, `1`, `0`, white space collapsed.
fn boolean(e: &Element<'_>) -> Result<bool, ProfileError> {
    match e.text().trim_matches([' ', '\t', '\r', '\n']) {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        other => Err(invalid(
            e,
            format!("<{}> is not an xsd:boolean: {other:?}", e.local_name()),
        )),
    }
}

/// Keeps `value` in `slot`, refusing a second one (the schema allows each at most once).
fn once<T>(slot: &mut Option<T>, e: &Element<'_>, value: T) -> Result<(), ProfileError> {
    if slot.is_some() {
        return Err(invalid(e, format!("<{}> appears twice", e.local_name())));
    }
    *slot = Some(value);
    Ok(())
}

/// True when `name` can stand as a `phone-context` (MS-SIPRE 2.2.7.1).
pub fn is_phone_context(name: &str) -> bool {
    PhoneContext::parse(name).is_ok()
}

impl LocationProfile {
    /// Reads and validates a location profile document. Elements outside the schema's
    /// namespace or not named by it are ignored; every element of the schema is refused when
    /// it appears more often than it may, and the document when a required one is missing
    /// (`Name`, at least one `Rule`, each with `Pattern` and `Translation`), when `Name` is no
    /// `phone-context`, or when a bound of `config` is crossed. `ExternalAccessPrefix` and
    /// `OptimizeDeviceDialing` may appear once, as 2.2.7.1 says: Appendix B's
    /// `maxOccurs="0"` for them contradicts the prose that defines them and is not followed
    /// (tests/dialplan_public.rs). Rules are not compiled here:
    /// [`super::Dialplan::load`] does that.
    pub fn parse(xml: &[u8], config: &DialplanConfig) -> Result<LocationProfile, ProfileError> {
        let limits = Limits {
            max_xml_size: config.max_document_size,
            max_xml_depth: config.max_depth,
            ..Limits::DEFAULT
        };
        let doc = Document::parse(xml, &limits)?;
        LocationProfile::from_document(&doc, config)
    }

    /// As [`LocationProfile::parse`], from a document already read.
    pub fn from_document(
        doc: &Document,
        config: &DialplanConfig,
    ) -> Result<LocationProfile, ProfileError> {
        let root = doc.root();
        if !root.is(NS, "LocationProfileDescription") {
            return Err(invalid(
                &root,
                format!("root is not <LocationProfileDescription xmlns=\"{NS}\">"),
            ));
        }
        let mut name = None;
        let mut rules = Vec::new();
        let mut prefix = None;
        let mut optimize = None;
        for child in root.children().filter(|c| c.namespace() == Some(NS)) {
            match child.local_name() {
                "Name" => once(&mut name, &child, child.text().into_owned())?,
                "Rule" => {
                    if rules.len() == config.max_rules {
                        return Err(ProfileError::Limit {
                            what: "max_rules",
                            value: rules.len() + 1,
                            max: config.max_rules,
                        });
                    }
                    rules.push(rule(&child, config)?);
                }
                "ExternalAccessPrefix" => once(&mut prefix, &child, child.text().into_owned())?,
                "OptimizeDeviceDialing" => once(&mut optimize, &child, boolean(&child)?)?,
                _ => {}
            }
        }
        let Some(name) = name else {
            return Err(invalid(&root, "no <Name> element"));
        };
        if !is_phone_context(&name) {
            return Err(invalid(
                &root,
                format!("<Name> {name:?} is not usable as a phone-context"),
            ));
        }
        if rules.is_empty() {
            return Err(invalid(&root, "no <Rule> element"));
        }
        Ok(LocationProfile {
            name,
            rules,
            external_access_prefix: prefix,
            optimize_device_dialing: optimize,
        })
    }

    /// The profile as a document of the Appendix B schema (elements in schema order).
    pub fn to_xml(&self) -> String {
        let mut w = XmlWriter::new("LocationProfileDescription", NS);
        w.text_element("Name", &self.name);
        for r in &self.rules {
            w.start("Rule");
            w.text_element("Pattern", &r.pattern);
            w.text_element("Translation", &r.translation);
            if let Some(b) = r.internal_enterprise_extension {
                w.text_element("InternalEnterpriseExtension", bool_text(b));
            }
            if let Some(b) = r.applicable_for_device_dialing {
                w.text_element("ApplicableForDeviceDialing", bool_text(b));
            }
            w.end();
        }
        if let Some(p) = &self.external_access_prefix {
            w.text_element("ExternalAccessPrefix", p);
        }
        if let Some(b) = self.optimize_device_dialing {
            w.text_element("OptimizeDeviceDialing", bool_text(b));
        }
        w.finish()
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn rule(e: &Element<'_>, config: &DialplanConfig) -> Result<Rule, ProfileError> {
    let mut pattern = None;
    let mut translation = None;
    let mut internal = None;
    let mut device = None;
    for child in e.children().filter(|c| c.namespace() == Some(NS)) {
        match child.local_name() {
            "Pattern" => once(&mut pattern, &child, bounded(&child, config)?)?,
            "Translation" => once(&mut translation, &child, bounded(&child, config)?)?,
            "InternalEnterpriseExtension" => once(&mut internal, &child, boolean(&child)?)?,
            "ApplicableForDeviceDialing" => once(&mut device, &child, boolean(&child)?)?,
            _ => {}
        }
    }
    let (Some(pattern), Some(translation)) = (pattern, translation) else {
        return Err(invalid(e, "<Rule> needs <Pattern> and <Translation>"));
    };
    Ok(Rule {
        pattern,
        translation,
        internal_enterprise_extension: internal,
        applicable_for_device_dialing: device,
    })
}

/// The text of a `Pattern` or `Translation`, within `max_pattern_len`.
fn bounded(e: &Element<'_>, config: &DialplanConfig) -> Result<String, ProfileError> {
    let text = e.text();
    if text.len() > config.max_pattern_len {
        return Err(ProfileError::Limit {
            what: "max_pattern_len",
            value: text.len(),
            max: config.max_pattern_len,
        });
    }
    Ok(text.into_owned())
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
