//! The `P-Dialog-Recovery-Action` header field value of a 430 response (MS-SIPRE 2.2.17,
//! 3.7).

use super::error::ExtError;
use super::nom_text::{comma, lws0, token};
use crate::sip::scan::trim_lws;
use nom::Parser;
use nom::combinator::{cut, map};
use nom::multi::many0;
use nom::sequence::preceded;
use std::fmt;

const EMPTY: &str = "P-Dialog-Recovery-Action: empty action";
const NOT_TOKEN: &str = "P-Dialog-Recovery-Action: action is not a token";

/// One `pdr-action` (MS-SIPRE 2.2.17).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PdrAction {
    RegistrationRouteSetUpdate,
    DialogRouteSetUpdate,
    WaitForSessionUpdate,
    /// `pdr-action-extension = token`, kept as written.
    Extension(String),
}

impl PdrAction {
    const KNOWN: [PdrAction; 3] = [
        PdrAction::RegistrationRouteSetUpdate,
        PdrAction::DialogRouteSetUpdate,
        PdrAction::WaitForSessionUpdate,
    ];

    /// Parses one action: a known name (case-insensitive, RFC 5234 2.3) or any other token.
    pub fn parse(s: &str) -> Result<PdrAction, ExtError> {
        match token(s) {
            Ok(("", t)) => Ok(PdrAction::from_token(t)),
            Ok((rest, _)) => Err(ExtError::new(NOT_TOKEN, s.len() - rest.len())),
            Err(_) if s.is_empty() => Err(ExtError::new(EMPTY, 0)),
            Err(_) => Err(ExtError::new(NOT_TOKEN, 0)),
        }
    }

    /// The action a token names.
    fn from_token(t: &str) -> PdrAction {
        PdrAction::KNOWN
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(t))
            .unwrap_or_else(|| PdrAction::Extension(t.to_owned()))
    }

    /// The spelling of MS-SIPRE 2.2.17 (extensions as written).
    pub fn as_str(&self) -> &str {
        match self {
            PdrAction::RegistrationRouteSetUpdate => "Registration-Route-Set-Update",
            PdrAction::DialogRouteSetUpdate => "Dialog-Route-Set-Update",
            PdrAction::WaitForSessionUpdate => "Wait-For-Session-Update",
            PdrAction::Extension(s) => s,
        }
    }
}

impl fmt::Display for PdrAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `P-Dialog-Recovery-Action: pdr-action *(COMMA pdr-action)` (MS-SIPRE 2.2.17): one or more
/// actions, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PDialogRecoveryAction(Vec<PdrAction>);

impl PDialogRecoveryAction {
    /// The header field name.
    pub const NAME: &'static str = "P-Dialog-Recovery-Action";

    /// Parses a field value: `pdr-action *(COMMA pdr-action)`, white space allowed around the
    /// commas. A failure names an empty action (nothing before a comma or the end) or an
    /// action that is not a token, where it stops being one.
    pub fn parse(s: &str) -> Result<PDialogRecoveryAction, ExtError> {
        let action = || map(token, PdrAction::from_token);
        let mut list = preceded(lws0, (action(), many0(preceded(comma, cut(action())))));
        let (rest, (first, more)) = match list.parse(s) {
            Ok(done) => done,
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                let at = s.len() - e.input.len();
                let empty = e.input.is_empty() || e.input.starts_with(',');
                return Err(ExtError::new(if empty { EMPTY } else { NOT_TOKEN }, at));
            }
            Err(nom::Err::Incomplete(_)) => return Err(ExtError::new(EMPTY, s.len())),
        };
        if !trim_lws(rest).is_empty() {
            return Err(ExtError::new(NOT_TOKEN, s.len() - rest.len()));
        }
        let mut actions = vec![first];
        actions.extend(more);
        Ok(PDialogRecoveryAction(actions))
    }

    /// A value holding `actions`; `None` when there is none (the grammar needs one).
    pub fn new(actions: Vec<PdrAction>) -> Option<PDialogRecoveryAction> {
        (!actions.is_empty()).then_some(PDialogRecoveryAction(actions))
    }

    pub fn actions(&self) -> &[PdrAction] {
        &self.0
    }

    /// True when `action` is listed.
    pub fn contains(&self, action: &PdrAction) -> bool {
        self.0.iter().any(|a| match (a, action) {
            (PdrAction::Extension(x), PdrAction::Extension(y)) => x.eq_ignore_ascii_case(y),
            _ => a == action,
        })
    }
}

impl fmt::Display for PDialogRecoveryAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(a.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_and_corpus_values() {
        // MS-SIPRE 4.6 writes the action in lower case; the corpus response-430.sip in the
        // spelling of 2.2.17. Both are the same action.
        let spec = PDialogRecoveryAction::parse("dialog-route-set-update").unwrap();
        let corpus = PDialogRecoveryAction::parse("Dialog-Route-Set-Update").unwrap();
        assert_eq!(spec, corpus);
        assert_eq!(spec.actions(), &[PdrAction::DialogRouteSetUpdate]);
        assert_eq!(corpus.to_string(), "Dialog-Route-Set-Update");
    }

    #[test]
    fn lists_and_extensions() {
        let v = "Registration-Route-Set-Update, Dialog-Route-Set-Update,Wait-For-Session-Update , x-Future";
        let p = PDialogRecoveryAction::parse(v).unwrap();
        assert_eq!(
            p.actions(),
            &[
                PdrAction::RegistrationRouteSetUpdate,
                PdrAction::DialogRouteSetUpdate,
                PdrAction::WaitForSessionUpdate,
                PdrAction::Extension("x-Future".into())
            ]
        );
        assert!(p.contains(&PdrAction::WaitForSessionUpdate));
        assert!(p.contains(&PdrAction::Extension("X-FUTURE".into())));
        let canonical = p.to_string();
        assert_eq!(
            canonical,
            "Registration-Route-Set-Update, Dialog-Route-Set-Update, Wait-For-Session-Update, x-Future"
        );
        assert_eq!(PDialogRecoveryAction::parse(&canonical).unwrap(), p);
        assert!(
            !PDialogRecoveryAction::parse("x")
                .unwrap()
                .contains(&PdrAction::DialogRouteSetUpdate)
        );
        assert_eq!(PDialogRecoveryAction::new(vec![]), None);
        assert_eq!(
            PDialogRecoveryAction::new(vec![PdrAction::DialogRouteSetUpdate])
                .unwrap()
                .to_string(),
            "Dialog-Route-Set-Update"
        );
    }

    #[test]
    fn refuses_other_values() {
        let e = |s: &str| PDialogRecoveryAction::parse(s).unwrap_err();
        assert_eq!(
            e(""),
            ExtError::new("P-Dialog-Recovery-Action: empty action", 0)
        );
        assert_eq!(
            e("Dialog-Route-Set-Update,"),
            ExtError::new("P-Dialog-Recovery-Action: empty action", 24)
        );
        assert_eq!(e("a, ,b").offset, 3);
        assert_eq!(e("a, b c").offset, 4);
        assert_eq!(e("a;x=1").offset, 1);
        assert_eq!(e("\"quoted\"").offset, 0);
    }
}
