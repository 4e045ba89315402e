//! The edits NAT processing decided on, applied to the message in one batch
//! ([`Message::edit`]): the message is rebuilt once, and either all of them land or it stays
//! exactly as it was.

use crate::sip::{ErrorKind, Message, SipError};

/// One change to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Edit {
    /// The `index`-th value of header `name` (counted as `Message::values` counts) becomes
    /// `value`.
    Replace {
        name: &'static str,
        index: usize,
        value: String,
    },
    /// The header parameters of the `index`-th value of `name`: every parameter named in
    /// `set` is removed, then each is appended in order. Only those bytes change, so a value
    /// folded over several lines (RFC 3261 7.3.1) keeps its line breaks, which a whole new
    /// value may not carry.
    SetParams {
        name: &'static str,
        index: usize,
        set: Vec<(&'static str, String)>,
    },
    /// A new field `name: value` above the first field of that name.
    Prepend { name: &'static str, value: String },
}

/// Applies `edits` in order, rebuilding the message once. On an error (the message would
/// cross one of its limits) the message stays as it was.
pub(crate) fn apply(msg: &mut Message, edits: &[Edit]) -> Result<(), SipError> {
    if edits.is_empty() {
        return Ok(());
    }
    msg.edit(|e| {
        for edit in edits {
            match edit {
                Edit::Replace { name, index, value } => e.replace_value(name, *index, value)?,
                Edit::SetParams { name, index, set } => {
                    for (pname, _) in set {
                        loop {
                            match e.remove_header_param(name, *index, pname) {
                                Ok(()) => {}
                                Err(err) if err.kind == ErrorKind::NotFound => break,
                                Err(err) => return Err(err),
                            }
                        }
                    }
                    for (pname, pvalue) in set {
                        e.set_header_param(name, *index, pname, Some(pvalue))?;
                    }
                }
                Edit::Prepend { name, value } => e.prepend_header(name, value)?,
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    const MSG: &[u8] = b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b.example>\r\nContent-Length: 0\r\n\r\n";

    #[test]
    fn applies_in_order() {
        let mut m = Message::parse(MSG).unwrap();
        apply(
            &mut m,
            &[
                Edit::Replace {
                    name: "Via",
                    index: 0,
                    value: "SIP/2.0/TCP h;branch=z9hG4bK2".into(),
                },
                Edit::Prepend {
                    name: "Record-Route",
                    value: "<sip:p.example;lr>".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(m.vias().next().unwrap().unwrap().branch(), Some("z9hG4bK2"));
        assert_eq!(m.header("Record-Route"), Some("<sip:p.example;lr>"));
    }

    #[test]
    fn set_params_keeps_folds_and_replaces_every_occurrence() {
        let text = "OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP\r\n h;x=1;\r\n  received=6.6.6.6;branch=z9hG4bK1;RECEIVED=7.7.7.7\r\nTo: <sip:a@b.example>\r\nContent-Length: 0\r\n\r\n";
        let mut m = Message::parse(text.as_bytes()).unwrap();
        apply(
            &mut m,
            &[Edit::SetParams {
                name: "Via",
                index: 0,
                set: vec![("received", "192.0.2.1".into()), ("n", "2".into())],
            }],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(m.as_bytes().to_vec()).unwrap(),
            text.replace(
                ";\r\n  received=6.6.6.6;branch=z9hG4bK1;RECEIVED=7.7.7.7",
                ";branch=z9hG4bK1;received=192.0.2.1;n=2"
            )
        );
    }

    #[test]
    fn all_or_nothing() {
        let limits = Limits {
            max_message_size: MSG.len() + 20,
            ..Limits::DEFAULT
        };
        let mut m = Message::parse_with(MSG, &limits).unwrap();
        let e = apply(
            &mut m,
            &[
                Edit::Replace {
                    name: "Via",
                    index: 0,
                    value: "SIP/2.0/TCP h;branch=z9hG4bK1;x=1".into(),
                },
                Edit::Prepend {
                    name: "Record-Route",
                    value: "<sip:proxy.example.com;lr>".into(),
                },
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded);
        assert_eq!(m.as_bytes(), MSG);
    }
}
