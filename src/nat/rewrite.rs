//! The edits NAT processing decided on, applied to the message as one step: either all of
//! them land or the message stays exactly as it was.

use crate::sip::{Message, SipError};

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
    /// A new field `name: value` above the first field of that name.
    Prepend { name: &'static str, value: String },
}

/// Applies `edits` in order. On an error (the message would cross one of its limits) the
/// message is put back as it was.
pub(crate) fn apply(msg: &mut Message, edits: Vec<Edit>) -> Result<(), SipError> {
    let saved = (edits.len() > 1).then(|| msg.clone());
    for edit in edits {
        let done = match &edit {
            Edit::Replace { name, index, value } => msg.replace_value(name, *index, value),
            Edit::Prepend { name, value } => msg.prepend_header(name, value),
        };
        if let Err(e) = done {
            if let Some(saved) = saved {
                *msg = saved;
            }
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::sip::ErrorKind;

    const MSG: &[u8] = b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:a@b.example>\r\nContent-Length: 0\r\n\r\n";

    #[test]
    fn applies_in_order() {
        let mut m = Message::parse(MSG).unwrap();
        apply(
            &mut m,
            vec![
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
    fn all_or_nothing() {
        let limits = Limits {
            max_message_size: MSG.len() + 20,
            ..Limits::DEFAULT
        };
        let mut m = Message::parse_with(MSG, &limits).unwrap();
        let e = apply(
            &mut m,
            vec![
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
