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

/// A binding of the working set, and whether this request wrote it.
struct Slot {
    binding: Binding,
    written: bool,
}

/// RFC 3261 10.3 step 7: a binding last written by the same call (Call-ID) may only be changed
/// by a higher CSeq; otherwise the whole update is aborted.
fn out_of_order(b: &Slot, req: &RegisterRequest) -> bool {
    !b.written && b.binding.call_id == req.call_id && req.cseq <= b.binding.cseq
}

fn out_of_order_reject() -> Reject {
    Reject::new(500, "Out of order CSeq for an existing binding")
}

/// The stored binding an intent refers to: same instance, or (for a Contact without one) an
/// equivalent URI (RFC 3261 19.1.4) of a binding without instance.
fn find(slots: &[Slot], c: &ContactIntent) -> Option<usize> {
    if c.keyed_by_instance {
        return slots.iter().position(|s| s.binding.key == c.key);
    }
    let uri = Uri::parse(&c.uri).ok()?;
    slots.iter().position(|s| {
        s.binding.instance.is_none()
            && (s.binding.contact == c.uri
                || Uri::parse(&s.binding.contact).is_ok_and(|u| equivalent(&u, &uri)))
    })
}

/// Decides the changes of `req` over `before` (the live bindings of its address-of-record).
pub fn plan(
    req: &RegisterRequest,
    before: &[Binding],
    origin: &Origin,
    max_per_aor: usize,
) -> Result<Plan, Reject> {
    let mut slots: Vec<Slot> = before
        .iter()
        .map(|binding| Slot {
            binding: binding.clone(),
            written: false,
        })
        .collect();
    match &req.change {
        Change::Query => {}
        Change::RemoveAll => {
            if slots.iter().any(|s| out_of_order(s, req)) {
                return Err(out_of_order_reject());
            }
            slots.clear();
        }
        Change::Contacts(contacts) => {
            for c in contacts {
                let at = find(&slots, c);
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
                        let key = slots[i].binding.key.clone();
                        slots[i] = Slot {
                            binding: new_binding(req, c, key, origin),
                            written: true,
                        };
                    }
                    (None, _) => slots.push(Slot {
                        binding: new_binding(req, c, c.key.clone(), origin),
                        written: true,
                    }),
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
    let after: Vec<Binding> = slots.into_iter().map(|s| s.binding).collect();
    let puts = after
        .iter()
        .enumerate()
        .filter(|(_, b)| before.iter().find(|o| o.key == b.key) != Some(*b))
        .map(|(i, _)| i)
        .collect();
    let removes = before
        .iter()
        .filter(|o| !after.iter().any(|b| b.key == o.key))
        .map(|o| o.key.clone())
        .collect();
    Ok(Plan {
        after,
        puts,
        removes,
    })
}

fn new_binding(req: &RegisterRequest, c: &ContactIntent, key: String, origin: &Origin) -> Binding {
    Binding {
        aor: req.aor.as_str().to_owned(),
        key,
        contact: c.uri.clone(),
        epid: req.epid.as_ref().map(|e| e.as_str().to_owned()),
        instance: c.instance.clone(),
        gruu: c.gruu.clone(),
        path: req.path.clone(),
        call_id: req.call_id.clone(),
        cseq: req.cseq,
        expires_at: origin.now.saturating_add(u64::from(c.expires)),
        conn_id: origin.conn_id,
        routable: true,
    }
}
