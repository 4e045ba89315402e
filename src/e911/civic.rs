//! The civic address a client puts in its E911 location (MS-SIPRE 2.2.22: the `location-info`
//! "MUST conform to the civic location format specified in [RFC5139]").
//!
//! RFC 5139 section 4 declares `civicAddress` as an `xs:sequence` of optional elements, each
//! at most once, in a fixed order: a [`CivicAddress`] holds at most one value per
//! [`CivicElement`] and always yields them in that order, so what it writes is valid whatever
//! order the host set them in.

use std::collections::BTreeMap;

use super::error::E911Error;

/// The elements of RFC 5139's `civicAddress`, declared in the order of its schema (the
/// derived `Ord` is that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CivicElement {
    Country,
    A1,
    A2,
    A3,
    A4,
    A5,
    A6,
    Prm,
    Prd,
    Rd,
    Sts,
    Pod,
    Pom,
    Rdsec,
    Rdbr,
    Rdsubbr,
    Hno,
    Hns,
    Lmk,
    Loc,
    Flr,
    Nam,
    Pc,
    Bld,
    Unit,
    Room,
    Seat,
    Plc,
    Pcn,
    Pobox,
    Addcode,
}

impl CivicElement {
    /// Every element, in schema order.
    pub const ALL: [CivicElement; 31] = {
        use CivicElement::*;
        [
            Country, A1, A2, A3, A4, A5, A6, Prm, Prd, Rd, Sts, Pod, Pom, Rdsec, Rdbr, Rdsubbr,
            Hno, Hns, Lmk, Loc, Flr, Nam, Pc, Bld, Unit, Room, Seat, Plc, Pcn, Pobox, Addcode,
        ]
    };

    /// The element's local name in the `civicAddr` namespace (`country`, `A1`, `HNO`, ...).
    pub fn name(self) -> &'static str {
        use CivicElement::*;
        match self {
            Country => "country",
            A1 => "A1",
            A2 => "A2",
            A3 => "A3",
            A4 => "A4",
            A5 => "A5",
            A6 => "A6",
            Prm => "PRM",
            Prd => "PRD",
            Rd => "RD",
            Sts => "STS",
            Pod => "POD",
            Pom => "POM",
            Rdsec => "RDSEC",
            Rdbr => "RDBR",
            Rdsubbr => "RDSUBBR",
            Hno => "HNO",
            Hns => "HNS",
            Lmk => "LMK",
            Loc => "LOC",
            Flr => "FLR",
            Nam => "NAM",
            Pc => "PC",
            Bld => "BLD",
            Unit => "UNIT",
            Room => "ROOM",
            Seat => "SEAT",
            Plc => "PLC",
            Pcn => "PCN",
            Pobox => "POBOX",
            Addcode => "ADDCODE",
        }
    }

    /// The element of this local name; names are case-sensitive, as in XML.
    pub fn from_name(name: &str) -> Option<CivicElement> {
        CivicElement::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// A civic address: at most one value per element, read back in schema order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CivicAddress {
    values: BTreeMap<CivicElement, String>,
}

impl CivicAddress {
    /// An address with no element.
    pub fn new() -> CivicAddress {
        CivicAddress::default()
    }

    /// Sets `element` to `value` (replacing an earlier value).
    ///
    /// Errors ([`E911Error::BadLocation`]): an empty value; a control character (a civic value
    /// is one line of text, and XML 1.0 cannot carry most control characters); a `country`
    /// that is not two capital letters (RFC 5139 `iso3166a2`).
    pub fn set(&mut self, element: CivicElement, value: &str) -> Result<(), E911Error> {
        check_text(value)?;
        if element == CivicElement::Country
            && !(value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(E911Error::BadLocation(
                "country is not an ISO 3166 alpha-2 code (RFC 5139: two capital letters)",
            ));
        }
        self.values.insert(element, value.to_owned());
        Ok(())
    }

    /// [`CivicAddress::set`] by local name.
    ///
    /// Errors: [`E911Error::UnknownCivicElement`] for a name RFC 5139 does not define; those
    /// of [`CivicAddress::set`].
    pub fn set_named(&mut self, name: &str, value: &str) -> Result<(), E911Error> {
        let element = CivicElement::from_name(name)
            .ok_or_else(|| E911Error::UnknownCivicElement(name.to_owned()))?;
        self.set(element, value)
    }

    /// The value of `element`, if set.
    pub fn get(&self, element: CivicElement) -> Option<&str> {
        self.values.get(&element).map(String::as_str)
    }

    /// The set elements and their values, in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (CivicElement, &str)> {
        self.values.iter().map(|(e, v)| (*e, v.as_str()))
    }

    /// No element set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A text value for the location document: not empty, no control character (one line of
/// text; XML 1.0 cannot carry most control characters).
pub(super) fn check_text(value: &str) -> Result<(), E911Error> {
    if value.is_empty() {
        return Err(E911Error::BadLocation("a location value is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(E911Error::BadLocation(
            "a location value holds a control character",
        ));
    }
    Ok(())
}
