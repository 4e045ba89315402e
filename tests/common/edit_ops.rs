//! Edits decoded from bytes, made one by one and in one batch, with the check that both give
//! the same bytes. Shared by the batch test (bytes from a seeded generator) and the edit fuzz
//! target (bytes from the fuzzer).

use mssip::sip::edit::Edits;
use mssip::sip::{ErrorKind, Message, NameAddr, Result, Via};

/// One edit, with owned arguments.
#[derive(Debug, Clone)]
pub enum Op {
    AddHeader(String, String),
    PrependHeader(String, String),
    RemoveHeader(String, usize),
    RemoveAll(String),
    RemoveValue(String, usize),
    ReplaceValue(String, usize, String),
    SetHeaderParam(String, usize, String, Option<String>),
    RemoveHeaderParam(String, usize, String),
    SetUriParam(String, usize, String, Option<String>),
    RemoveUriParam(String, usize, String),
    SetRequestUri(String),
    SetRequestUriParam(String, Option<String>),
    RemoveRequestUriParam(String),
    SetBody(Option<String>, Vec<u8>),
}

const HEADERS: &[&str] = &[
    "Via",
    "v",
    "From",
    "To",
    "Contact",
    "m",
    "Route",
    "Record-Route",
    "CSeq",
    "Call-ID",
    "Content-Type",
    "Content-Length",
    "Supported",
    "X-Test",
    "Max-Forwards",
    "Allow",
];
const PARAMS: &[&str] = &[
    "tag",
    "received",
    "rport",
    "branch",
    "maddr",
    "ttl",
    "expires",
    "q",
    "lr",
    "transport",
    "user",
    "x",
    "ms-received-cid",
    "ms-received-port",
    "epid",
    "+sip.instance",
    "gruu",
    "phone-context",
    "a=b",
    "a;b",
    "",
];
const VALUES: &[&str] = &[
    "1",
    "0",
    "tcp",
    "tls",
    "phone",
    "192.0.2.1",
    "2001:db8::1",
    "[2001:db8::1]",
    "5060",
    "65536",
    "z9hG4bK-1",
    "a.b-c",
    "\"quoted ;, value\"",
    "\"a\\\"b\"",
    "0.5",
    "1.000",
    "4294967295",
    "a%3Bb",
    "1A2B00",
    "example.com",
    "a;lr",
    "a@b",
    "a?h=1",
    "a=b",
    "a b",
    "a,b",
    "<a>",
    "\"a\"b",
    "",
    "\"",
    "sip:x@y",
    "tel:+1-555",
    "urn:a:b",
    "a\r\nX: 1",
    "sip:carol@chicago.example.com;lr",
    "SIP/2.0/TCP h2;branch=z9hG4bKb",
];

/// Reads ops from `bytes`, a few bytes each, until they run out.
pub fn decode(bytes: &[u8]) -> Vec<Op> {
    let mut r = Reader { b: bytes, at: 0 };
    let mut ops = Vec::new();
    while r.at < r.b.len() && ops.len() < 64 {
        let kind = r.byte();
        let op = match kind % 14 {
            0 => Op::AddHeader(r.header(), r.value()),
            1 => Op::PrependHeader(r.header(), r.value()),
            2 => Op::RemoveHeader(r.header(), r.index()),
            3 => Op::RemoveAll(r.header()),
            4 => Op::RemoveValue(r.header(), r.index()),
            5 => Op::ReplaceValue(r.header(), r.index(), r.value()),
            6 => Op::SetHeaderParam(r.header(), r.index(), r.param(), r.opt_value()),
            7 => Op::RemoveHeaderParam(r.header(), r.index(), r.param()),
            8 => Op::SetUriParam(r.header(), r.index(), r.param(), r.opt_value()),
            9 => Op::RemoveUriParam(r.header(), r.index(), r.param()),
            10 => Op::SetRequestUri(r.value()),
            11 => Op::SetRequestUriParam(r.param(), r.opt_value()),
            12 => Op::RemoveRequestUriParam(r.param()),
            _ => Op::SetBody(r.opt_value(), r.value().into_bytes()),
        };
        ops.push(op);
    }
    ops
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let v = self.b.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }

    fn index(&mut self) -> usize {
        usize::from(self.byte() % 4)
    }

    /// A word from `dict`, or (for bytes from 224 on) text taken from the input itself.
    fn pick(&mut self, dict: &[&str]) -> String {
        let v = self.byte();
        if v < 224 {
            return dict[usize::from(v) % dict.len()].to_string();
        }
        let n = usize::from(self.byte() % 24);
        let end = (self.at + n).min(self.b.len());
        let s = String::from_utf8_lossy(&self.b[self.at.min(end)..end]).into_owned();
        self.at = end;
        s
    }

    fn header(&mut self) -> String {
        self.pick(HEADERS)
    }

    fn param(&mut self) -> String {
        self.pick(PARAMS)
    }

    fn value(&mut self) -> String {
        self.pick(VALUES)
    }

    fn opt_value(&mut self) -> Option<String> {
        if self.byte().is_multiple_of(4) {
            None
        } else {
            Some(self.value())
        }
    }
}

/// Makes `op` through `$t`, a [`Message`] or an [`Edits`]: their edit methods are the same.
macro_rules! make {
    ($t:expr, $op:expr) => {
        match $op {
            Op::AddHeader(n, v) => $t.add_header(n, v),
            Op::PrependHeader(n, v) => $t.prepend_header(n, v),
            Op::RemoveHeader(n, i) => $t.remove_header(n, *i),
            Op::RemoveAll(n) => $t.remove_all(n).map(|_| ()),
            Op::RemoveValue(n, i) => $t.remove_value(n, *i),
            Op::ReplaceValue(n, i, v) => $t.replace_value(n, *i, v),
            Op::SetHeaderParam(n, i, p, v) => $t.set_header_param(n, *i, p, v.as_deref()),
            Op::RemoveHeaderParam(n, i, p) => $t.remove_header_param(n, *i, p),
            Op::SetUriParam(n, i, p, v) => $t.set_uri_param(n, *i, p, v.as_deref()),
            Op::RemoveUriParam(n, i, p) => $t.remove_uri_param(n, *i, p),
            Op::SetRequestUri(u) => $t.set_request_uri(u),
            Op::SetRequestUriParam(p, v) => $t.set_request_uri_param(p, v.as_deref()),
            Op::RemoveRequestUriParam(p) => $t.remove_request_uri_param(p),
            Op::SetBody(ct, b) => $t.set_body(ct.as_deref(), b),
        }
    };
}

pub fn make_one(m: &mut Message, op: &Op) -> Result<()> {
    make!(m, op)
}

pub fn make_in_batch(e: &mut Edits, op: &Op) -> Result<()> {
    make!(e, op)
}

/// After a parameter was set, it reads back as exactly what was asked for through the typed
/// views (Via for Via, name-addr for the address headers), when the value is one they read (a
/// header parameter may be set on a value that was malformed before).
fn check_read_back(m: &Message, op: &Op) {
    let typed = |n: &str| {
        matches!(
            n,
            "From" | "To" | "Contact" | "m" | "Route" | "Record-Route"
        )
    };
    match op {
        Op::SetHeaderParam(n, i, p, v) if n == "Via" || n == "v" => {
            if let Ok(via) = Via::parse(m.value(n, *i).unwrap()) {
                assert_eq!(
                    via.params.get(p).map(|x| x.value),
                    Some(v.as_deref()),
                    "{op:?}"
                );
            }
        }
        Op::SetHeaderParam(n, i, p, v) if typed(n) => {
            if let Ok(na) = NameAddr::parse(m.value(n, *i).unwrap()) {
                assert_eq!(
                    na.params.get(p).map(|x| x.value),
                    Some(v.as_deref()),
                    "{op:?}"
                );
            }
        }
        Op::SetUriParam(n, i, p, v) => {
            let na = NameAddr::parse(m.value(n, *i).unwrap()).expect("address still parses");
            assert_eq!(
                na.uri.params.get(p).map(|x| x.value),
                Some(v.as_deref()),
                "{op:?}"
            );
        }
        Op::SetRequestUriParam(p, v) => {
            let u = mssip::sip::Uri::parse(m.request_uri().unwrap()).expect("URI still parses");
            assert_eq!(
                u.params.get(p).map(|x| x.value),
                Some(v.as_deref()),
                "{op:?}"
            );
        }
        _ => {}
    }
}

/// Makes `ops` on copies of `msg` one by one and in one batch, and checks that each op
/// succeeds or fails alike both ways and that both give the same bytes. A batch that crosses
/// the header-count or line-length limit fails as a whole when it is applied (those limits are
/// checked by the final scan), so it is compared only when it was applied.
pub fn check(msg: &Message, ops: &[Op]) {
    let mut one = msg.clone();
    let singles: Vec<bool> = ops
        .iter()
        .map(|op| {
            let before = one.as_bytes().to_vec();
            let ok = make_one(&mut one, op).is_ok();
            if ok {
                check_read_back(&one, op);
                let again = Message::parse(one.as_bytes()).expect("an edited message parses");
                assert_eq!(again.as_bytes(), one.as_bytes());
            } else {
                assert_eq!(
                    one.as_bytes(),
                    &before[..],
                    "a failed edit changed the message"
                );
            }
            ok
        })
        .collect();
    let mut batch = msg.clone();
    let mut batched = Vec::new();
    let applied = batch.edit(|e| {
        for op in ops {
            let before = e.as_bytes().to_vec();
            let ok = make_in_batch(e, op).is_ok();
            if !ok {
                assert_eq!(e.as_bytes(), &before[..], "a failed edit changed the batch");
            }
            batched.push(ok);
        }
        Ok(())
    });
    match applied {
        Ok(()) => {
            assert_eq!(singles, batched, "{ops:?}");
            assert_eq!(
                String::from_utf8_lossy(one.as_bytes()),
                String::from_utf8_lossy(batch.as_bytes()),
                "{ops:?}"
            );
        }
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e} {ops:?}");
            assert_eq!(batch.as_bytes(), msg.as_bytes());
        }
    }
}
