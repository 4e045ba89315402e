//! Endpoint identity inside dialogs, for a user agent (MS-SIPRE 3.2.4.1, 3.2.5.1, 3.3.4.1) and
//! the instance check of a proxy (3.3.5.2).

use crate::ext::{Epid, ExtError, SipInstance};
use crate::identity::instance::instance_uuid;
use crate::sip::{Message, Result as SipResult};

/// MS-SIPRE 3.2.4.1: puts the user agent's epid on the From of a request it generates
/// (replacing one already there).
pub fn set_from_epid(msg: &mut Message, epid: &Epid) -> SipResult<()> {
    msg.set_header_param("From", 0, "epid", Some(epid.as_str()))
}

/// MS-SIPRE 3.2.4.1: puts the remote epid of the dialog state on the To of a request inside
/// the dialog.
pub fn set_to_epid(msg: &mut Message, remote_epid: &Epid) -> SipResult<()> {
    msg.set_header_param("To", 0, "epid", Some(remote_epid.as_str()))
}

/// MS-SIPRE 3.2.4.1: the remote epid a dialog keeps, from the message that creates it: the
/// epid of To for the UAC (`msg` is the response), of From for the UAS (`msg` is the request).
/// `Ok(None)` when there is none (the dialog's remote epid is then empty).
pub fn remote_epid(msg: &Message) -> Result<Option<Epid>, ExtError> {
    let header = if msg.is_request() {
        msg.from()
    } else {
        msg.to()
    };
    let Some(Ok(addr)) = header else {
        return Ok(None);
    };
    match addr.params.get("epid") {
        None => Ok(None),
        Some(p) => Epid::parse(p.value.unwrap_or("")).map(Some),
    }
}

/// MS-SIPRE 3.2.5.1: whether a user agent whose epid is `own` processes `req`. A request
/// whose To carries another epid is meant for another endpoint of the address-of-record and
/// is discarded without a response. Epids compare as strings, case-sensitively.
pub fn is_for_me(req: &Message, own: &Epid) -> bool {
    let Some(Ok(to)) = req.to() else {
        return true;
    };
    match to.params.get("epid") {
        None => true,
        Some(p) => p.value == Some(own.as_str()),
    }
}

/// MS-SIPRE 3.3.4.1: puts `+sip.instance="<urn>"` on every Contact of the message (a
/// `Contact: *` is left alone). Returns how many Contacts were given one.
pub fn set_contact_instance(msg: &mut Message, instance: &SipInstance) -> SipResult<usize> {
    let value = instance.to_string();
    let todo: Vec<usize> = msg
        .values("Contact")
        .enumerate()
        .filter(|(_, v)| *v != "*")
        .map(|(i, _)| i)
        .collect();
    if !todo.is_empty() {
        // One batch: one rebuild of the message, and all of them or none.
        msg.edit(|e| {
            todo.iter()
                .try_for_each(|&i| e.set_header_param("Contact", i, "+sip.instance", Some(&value)))
        })?;
    }
    Ok(todo.len())
}

/// MS-SIPRE 3.3.5.2: the check a proxy makes before it uses the `+sip.instance` of a message:
/// the value is a UUID URN and, when the message also carries an epid (From of a request, To
/// of a response), the UUID derived from it. `Err` holds the reason of the 400 to answer.
pub fn check_instance(msg: &Message) -> Result<(), &'static str> {
    let epid_side = if msg.is_request() {
        msg.from()
    } else {
        msg.to()
    };
    let epid = match epid_side {
        Some(Ok(a)) => match a.params.get("epid") {
            None => None,
            Some(p) => {
                Some(Epid::parse(p.value.unwrap_or("")).map_err(|_| "Malformed epid parameter")?)
            }
        },
        _ => None,
    };
    for c in msg.contacts() {
        let Ok(c) = c else {
            return Err("Bad Contact header");
        };
        let Some(p) = c.params.get("+sip.instance") else {
            continue;
        };
        let inst = SipInstance::parse(p.value.unwrap_or(""))
            .map_err(|_| "+sip.instance is not a UUID URN")?;
        if let Some(e) = &epid
            && inst.uuid().uuid() != instance_uuid(e)
        {
            return Err("+sip.instance does not match the epid");
        }
    }
    Ok(())
}
