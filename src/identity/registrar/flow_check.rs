//! MS-SIPRE 3.7.5.2: a dialog-creating request whose Contact is the GRUU of an endpoint
//! without a valid, routable registration is refused with 430, so the endpoint registers
//! again and recovers its dialogs.

use super::{Registrar, RegistrarError};
use crate::ext::{GruuTarget, PDialogRecoveryAction, PdrAction};
use crate::identity::aor_key::in_domain;
use crate::identity::targets::registered_gruu;
use crate::sip::Message;

/// Methods whose out-of-dialog requests create a dialog (RFC 3261 12.1, RFC 6665, RFC 3515).
const DIALOG_CREATING: [&str; 3] = ["INVITE", "SUBSCRIBE", "REFER"];

/// Whether `req` creates a dialog: one of those methods, without a To tag.
pub fn creates_dialog(req: &Message) -> bool {
    let Some(m) = req.method() else {
        return false;
    };
    DIALOG_CREATING.contains(&m) && !matches!(req.to(), Some(Ok(to)) if to.tag().is_some())
}

impl Registrar {
    /// MS-SIPRE 3.7.5.2 for a request received at `now`: `Some(430)` (with
    /// `P-Dialog-Recovery-Action: Registration-Route-Set-Update, Dialog-Route-Set-Update`) when
    /// it creates a dialog and its Contact is a GRUU of this domain that no live, routable
    /// binding holds; `None` when the request may go on.
    pub fn check_dialog(&self, req: &Message, now: u64) -> Result<Option<Message>, RegistrarError> {
        if !creates_dialog(req) {
            return Ok(None);
        }
        let Some(Ok(contact)) = req.contacts().next() else {
            return Ok(None);
        };
        if !contact.uri.params.has("gruu") || !in_domain(&contact.uri, &self.domain) {
            return Ok(None);
        }
        // Only the user-agent GRUUs this registrar mints name a registration (3.4.5.1); a
        // conference, voice-mail or server GRUU has none to check.
        let Some((aor, gruu)) = GruuTarget::parse(contact.uri.raw)
            .ok()
            .and_then(|t| registered_gruu(&t, &self.domain))
        else {
            return Ok(None);
        };
        if self
            .gruu_bindings(&aor, &gruu, now)
            .iter()
            .any(|b| b.routable)
        {
            return Ok(None);
        }
        let action = PDialogRecoveryAction::new(vec![
            PdrAction::RegistrationRouteSetUpdate,
            PdrAction::DialogRouteSetUpdate,
        ])
        .map(|a| a.to_string())
        .unwrap_or_default();
        let reject =
            super::Reject::new(430, "Flow Failed").with(PDialogRecoveryAction::NAME, action);
        self.refuse(req, &reject).map(Some)
    }
}
