//! The binding changes of one REGISTER, decided against the stored bindings and committed
//! all together or not at all (RFC 3261 10.3 steps 6-7).

use super::reject::Reject;
use super::request::{Change, ContactIntent, RegisterRequest};
use crate::identity::location::Binding;
use crate::sip::Uri;
use crate::sip::uri_eq::equivalent;

/// What the REGISTER leaves behind: the bindings after it, and the writes that get there.
#[derive(Debug)]
pub struct Plan {
    /// The bindings of the address-of-record once the request is applied, in order.
    pub after: Vec<Binding>,
    /// Positions in `after` of the bindings written (added or replaced).
    pub puts: Vec<usize>,
    /// Keys of the bindings removed.
    pub removes: Vec<String>,
}

/// Where the host's connection facts for the new bindings come from.
pub struct Origin {
    pub conn_id: u64,
    pub now: u64,
}

/// A binding of the working set: one read from the store, lent, or one this request wrote.
/// (A few live for one request: boxing the written one would cost an allocation each.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Slot<'a> {
    Kept(&'a Binding),
    Written(Binding),
}

impl Slot<'_> {
    pub(crate) fn binding(&self) -> &Binding {
        match self {
            Slot::Kept(b) => b,
            Slot::Written(b) => b,
        }
    }
}

/// [`Plan`] with the bindings the request leaves alone lent from `before`, not copied: what
/// the registrar itself works with.
pub(crate) struct Decided<'a> {
    /// The bindings once the request is applied, in order.
    pub(crate) after: Vec<Slot<'a>>,
    /// Keys of the bindings removed.
    pub(crate) removes: Vec<String>,
}

impl Decided<'_> {
    /// Whether `after[i]` is to be written: written by this request and not the very binding
    /// stored under its key.
    pub(crate) fn is_put(&self, i: usize, before: &[Binding]) -> bool {
        match &self.after[i] {
            Slot::Kept(_) => false,
            Slot::Written(b) => before.iter().find(|o| o.key == b.key) != Some(b),
        }
    }
}

/// RFC 3261 10.3 step 7: a binding last written by the same call (Call-ID) may only be changed
/// by a higher CSeq; otherwise the whole update is aborted.
fn out_of_order(b: &Slot<'_>, req: &RegisterRequest) -> bool {
    match b {
        Slot::Kept(b) => b.call_id == req.call_id && req.cseq <= b.cseq,
        Slot::Written(_) => false,
    }
}

fn out_of_order_reject() -> Reject {
    Reject::new(500, "Out of order CSeq for an existing binding")
}

/// The stored binding an intent refers to: same instance, or (for a Contact without one) an
/// equivalent URI (RFC 3261 19.1.4) of a binding without instance.
fn find(slots: &[Slot<'_>], c: &ContactIntent) -> Option<usize> {
    if c.keyed_by_instance {
        return slots.iter().position(|s| s.binding().key == c.key);
    }
    let uri = Uri::parse(&c.uri).ok()?;
    slots.iter().position(|s| {
        let b = s.binding();
        b.instance.is_none()
            && (b.contact == c.uri || Uri::parse(&b.contact).is_ok_and(|u| equivalent(&u, &uri)))
    })
}

/// Decides the changes of `req` over `before` (the live bindings of its address-of-record).
pub fn plan(
    req: &RegisterRequest,
    before: &[Binding],
    origin: &Origin,
    max_per_aor: usize,
) -> Result<Plan, Reject> {
    let d = decide(req, req.change.clone(), before, origin, max_per_aor)?;
    let puts = (0..d.after.len())
        .filter(|&i| d.is_put(i, before))
        .collect();
    let after = d
        .after
        .into_iter()
        .map(|s| match s {
            Slot::Kept(b) => b.clone(),
            Slot::Written(b) => b,
        })
        .collect();
    Ok(Plan {
        after,
        puts,
        removes: d.removes,
    })
}

/// [`plan`] of `req` whose change is `change` (taken out of it, so the new bindings take the
/// texts of its contacts instead of copies), lending the bindings it keeps from `before`.
pub(crate) fn decide<'a>(
    req: &RegisterRequest,
    change: Change,
    before: &'a [Binding],
    origin: &Origin,
    max_per_aor: usize,
) -> Result<Decided<'a>, Reject> {
    let mut slots: Vec<Slot<'a>> = before.iter().map(Slot::Kept).collect();
    match change {
        Change::Query => {}
        Change::RemoveAll => {
            if slots.iter().any(|s| out_of_order(s, req)) {
                return Err(out_of_order_reject());
            }
            slots.clear();
        }
        Change::Contacts(contacts) => {
            for c in contacts {
                let at = find(&slots, &c);
                if let Some(i) = at
                    && out_of_order(&slots[i], req)
                {
                    return Err(out_of_order_reject());
                }
                match (at, c.expires) {
                    (Some(i), 0) => {
                        slots.remove(i);
                    }
                    (None, 0) => {}
                    (Some(i), _) => {
                        // The key as first registered (a URI key may be written otherwise now).
                        let kept = &slots[i].binding().key;
                        let key = if *kept == c.key {
                            None
                        } else {
                            Some(kept.clone())
                        };
                        slots[i] = Slot::Written(new_binding(req, c, key, origin));
                    }
                    (None, _) => slots.push(Slot::Written(new_binding(req, c, None, origin))),
                }
            }
        }
    }
    if slots.len() > max_per_aor && slots.len() > before.len() {
        return Err(Reject::new(
            403,
            format!("Too many bindings for this address-of-record (at most {max_per_aor})"),
        ));
    }
    let removes = before
        .iter()
        .filter(|o| !slots.iter().any(|b| b.binding().key == o.key))
        .map(|o| o.key.clone())
        .collect();
    Ok(Decided {
        after: slots,
        removes,
    })
}

/// The binding `c` writes, under `key` (`None`: the contact's own key).
fn new_binding(
    req: &RegisterRequest,
    c: ContactIntent,
    key: Option<String>,
    origin: &Origin,
) -> Binding {
    Binding {
        aor: req.aor.as_str().to_owned(),
        key: key.unwrap_or(c.key),
        contact: c.uri,
        epid: req.epid.as_ref().map(|e| e.as_str().to_owned()),
        instance: c.instance,
        gruu: c.gruu,
        path: req.path.clone(),
        call_id: req.call_id.clone(),
        cseq: req.cseq,
        expires_at: origin.now.saturating_add(u64::from(c.expires)),
        conn_id: origin.conn_id,
        routable: true,
    }
}
