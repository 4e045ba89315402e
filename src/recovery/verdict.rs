//! The proxy's answer to a mid-dialog request it cannot route from the state in its route set
//! (MS-SIPRE 3.6.5.1, 3.6.6, 3.7.5.1).
//!
//! Which `P-Dialog-Recovery-Action` applies follows from what is missing:
//! - the route set itself (signature fails, key destroyed, state unreadable): the source must
//!   rebuild the dialog's route set: `Dialog-Route-Set-Update`;
//! - the source endpoint's registration binding: it must register again first:
//!   `Registration-Route-Set-Update, Dialog-Route-Set-Update`;
//! - what leads to the destination (its connection or binding): the destination must refresh
//!   its registration or the dialog: `Wait-For-Session-Update`.
//!
//! Without the `Ms-Dialog-Route-Set-Update` option tag the answer is 481.

use super::request::has_option_tag;
use crate::ext::{PDialogRecoveryAction, PdrAction};
use crate::routeset::RouteError;
use crate::sip::{Message, Result};

/// What the proxy found missing or unusable for a mid-dialog request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Missing {
    /// The routing state of the route set: no signed state, a signature that fails, a key
    /// past its retention or unknown (3.6.5.1, 3.6.6).
    pub route_state: bool,
    /// The registration binding of the request's source endpoint.
    pub source_registration: bool,
    /// The connection or binding toward the request's destination endpoint.
    pub destination: bool,
}

impl Missing {
    /// Nothing the request needs is missing.
    pub fn nothing(&self) -> bool {
        !(self.route_state || self.source_registration || self.destination)
    }

    /// What a failed read of the route state means: the route state is unusable.
    pub fn of_route_error(_: &RouteError) -> Missing {
        Missing {
            route_state: true,
            ..Missing::default()
        }
    }
}

/// The proxy's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Route the request.
    Proceed,
    /// 481 Call/Transaction Does Not Exist (3.7.5.1 step 1).
    CallLegDoesNotExist,
    /// 430 Flow Failed with this `P-Dialog-Recovery-Action` (3.7.5.1 step 2).
    FlowFailed(PDialogRecoveryAction),
}

impl Verdict {
    /// The status code to answer with; `None` for [`Verdict::Proceed`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Verdict::Proceed => None,
            Verdict::CallLegDoesNotExist => Some(481),
            Verdict::FlowFailed(_) => Some(430),
        }
    }
}

fn actions(a: Vec<PdrAction>) -> PDialogRecoveryAction {
    PDialogRecoveryAction::new(a).unwrap_or_else(|| unreachable!("one action at least"))
}

/// Decides for `request` (a mid-dialog request) given what is `missing`.
pub fn decide(request: &Message, missing: Missing) -> Verdict {
    if missing.nothing() {
        return Verdict::Proceed;
    }
    if !has_option_tag(request) {
        return Verdict::CallLegDoesNotExist;
    }
    let a = if missing.route_state {
        vec![PdrAction::DialogRouteSetUpdate]
    } else if missing.source_registration {
        vec![
            PdrAction::RegistrationRouteSetUpdate,
            PdrAction::DialogRouteSetUpdate,
        ]
    } else {
        vec![PdrAction::WaitForSessionUpdate]
    };
    Verdict::FlowFailed(actions(a))
}

/// The response for a verdict (`None` for [`Verdict::Proceed`]): 481, or 430 with the
/// `P-Dialog-Recovery-Action` header, built from `request` (RFC 3261 8.2.6), `to_tag` added
/// when the To has none.
pub fn respond(
    request: &Message,
    verdict: &Verdict,
    to_tag: Option<&str>,
) -> Result<Option<Message>> {
    let Some(code) = verdict.status() else {
        return Ok(None);
    };
    let mut resp = Message::response_to(request, code, None, to_tag)?;
    if let Verdict::FlowFailed(a) = verdict {
        resp.add_header(PDialogRecoveryAction::NAME, &a.to_string())?;
    }
    Ok(Some(resp))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MS-SIPRE 4.6, the first MESSAGE, with its Request-URI as the later requests print it.
    const MESSAGE: &str = "MESSAGE sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA SIP/2.0\r\n\
Route: <sip:server.contoso.com:5061;transport=tls;opaque=state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA;lr;ms-route-sig=aag0AbAT3mK4Ga81sHSyTeZnAETjcrJpFx8YnUbQAA>\r\n\
From: sip:Bob@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Alice@contoso.com;epid=01010101;tag=01010101\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK94bd\r\n\
Cseq: 3 MESSAGE\r\n\
Supported: Ms-Dialog-Route-Set-Update\r\n\
Content-Length: 27\r\n\r\n\
Alice, are you still there?";

    fn msg(s: &str) -> Message {
        Message::parse(s.as_bytes()).unwrap()
    }

    const STATE: Missing = Missing {
        route_state: true,
        source_registration: false,
        destination: false,
    };

    #[test]
    fn example_4_6_gets_its_430() {
        let req = msg(MESSAGE);
        // The Route holds a product's state that no key here verifies: the route state is
        // what is missing.
        let r = crate::routeset::KeyRing::new(Default::default()).unwrap();
        r.rotate_with(0, [1; 32]).unwrap();
        let e = crate::routeset::read_route(&req, &r, 0, &Default::default()).unwrap_err();
        let v = decide(&req, Missing::of_route_error(&e));
        assert_eq!(
            v,
            Verdict::FlowFailed(PDialogRecoveryAction::parse("Dialog-Route-Set-Update").unwrap())
        );
        let resp = respond(&req, &v, None).unwrap().unwrap();
        // The 430 printed in 4.6, field by field. Two differences are not ours to make: its
        // Via carries the ms-received-cid that NAT processing (3.5) adds, and it writes the
        // action in lower case (the same token, 2.2.17 compares case-insensitively).
        let printed = msg(include_str!("../../tests/data/recovery/spec-4.6-430.sip"));
        assert_eq!(
            (resp.status(), resp.reason()),
            (Some(430), Some("Flow Failed"))
        );
        for h in ["From", "To", "Call-ID", "CSeq", "Content-Length"] {
            assert_eq!(resp.header(h), printed.header(h), "{h}");
        }
        assert_eq!(
            format!("{};ms-received-cid=3540900", resp.header("Via").unwrap()),
            printed.header("Via").unwrap()
        );
        let ours = PDialogRecoveryAction::parse(resp.header("P-Dialog-Recovery-Action").unwrap());
        let theirs =
            PDialogRecoveryAction::parse(printed.header("P-Dialog-Recovery-Action").unwrap());
        assert_eq!(ours.unwrap(), theirs.unwrap());
        assert_eq!(
            resp.header("P-Dialog-Recovery-Action"),
            Some("Dialog-Route-Set-Update")
        );
    }

    #[test]
    fn without_the_option_tag_the_answer_is_481() {
        let req = msg(&MESSAGE.replace("Supported: Ms-Dialog-Route-Set-Update\r\n", ""));
        for m in [
            STATE,
            Missing {
                source_registration: true,
                ..Missing::default()
            },
            Missing {
                destination: true,
                ..Missing::default()
            },
        ] {
            let v = decide(&req, m);
            assert_eq!(v, Verdict::CallLegDoesNotExist);
            let resp = respond(&req, &v, Some("x")).unwrap().unwrap();
            assert_eq!(resp.status(), Some(481));
            assert_eq!(resp.count("P-Dialog-Recovery-Action"), 0);
        }
    }

    #[test]
    fn the_action_follows_what_is_missing() {
        let req = msg(MESSAGE);
        let act = |m: Missing| match decide(&req, m) {
            Verdict::FlowFailed(a) => a.to_string(),
            v => panic!("{v:?}"),
        };
        assert_eq!(act(STATE), "Dialog-Route-Set-Update");
        // The route state unusable says nothing about the rest: the route set comes first.
        assert_eq!(
            act(Missing {
                route_state: true,
                source_registration: true,
                destination: true
            }),
            "Dialog-Route-Set-Update"
        );
        assert_eq!(
            act(Missing {
                source_registration: true,
                destination: true,
                ..Missing::default()
            }),
            "Registration-Route-Set-Update, Dialog-Route-Set-Update"
        );
        assert_eq!(
            act(Missing {
                destination: true,
                ..Missing::default()
            }),
            "Wait-For-Session-Update"
        );
        assert_eq!(decide(&req, Missing::default()), Verdict::Proceed);
        assert!(respond(&req, &Verdict::Proceed, None).unwrap().is_none());
        assert_eq!(Verdict::Proceed.status(), None);
        let resp = msg("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        assert!(respond(&resp, &Verdict::CallLegDoesNotExist, None).is_err());
    }
}
