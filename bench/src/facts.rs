//! What one parse of one message found, in the same shape for every parser, so the harness can
//! check that all of them decoded the same things and fold them into one checksum.

/// Written for a missing Max-Forwards or Content-Length.
pub const ABSENT: u32 = u32::MAX;

/// Mirrors `struct bench_facts` in c/facts.h field for field; keep both in sync.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    pub vias: u32,
    pub via_params: u32,
    pub via_host_len: u32,
    pub via_port_sum: u32,
    pub via_branch_len: u32,
    pub from_params: u32,
    pub from_tag_len: u32,
    pub from_user_len: u32,
    pub from_host_len: u32,
    pub to_params: u32,
    pub to_tag_len: u32,
    pub to_user_len: u32,
    pub to_host_len: u32,
    pub call_id_len: u32,
    pub cseq_seq: u32,
    pub cseq_method_len: u32,
    pub contacts: u32,
    pub contact_params: u32,
    pub contact_uri_params: u32,
    pub contact_user_len: u32,
    pub contact_host_len: u32,
    pub contact_port_sum: u32,
    pub max_forwards: u32,
    pub content_length: u32,
    /// Header fields seen by the parser's own header walk: how a stack lists its headers
    /// differs (per line, per comma-separated value, typed headers kept apart), so this and
    /// `header_bytes` are not compared across stacks.
    pub headers: u32,
    pub header_bytes: u32,
}

/// Names of the fields every parser must agree on, in declaration order.
pub const COMPARED: [&str; 24] = [
    "vias",
    "via_params",
    "via_host_len",
    "via_port_sum",
    "via_branch_len",
    "from_params",
    "from_tag_len",
    "from_user_len",
    "from_host_len",
    "to_params",
    "to_tag_len",
    "to_user_len",
    "to_host_len",
    "call_id_len",
    "cseq_seq",
    "cseq_method_len",
    "contacts",
    "contact_params",
    "contact_uri_params",
    "contact_user_len",
    "contact_host_len",
    "contact_port_sum",
    "max_forwards",
    "content_length",
];

impl Facts {
    /// The compared fields, in the order of [`COMPARED`].
    pub fn compared(&self) -> [u32; 24] {
        [
            self.vias,
            self.via_params,
            self.via_host_len,
            self.via_port_sum,
            self.via_branch_len,
            self.from_params,
            self.from_tag_len,
            self.from_user_len,
            self.from_host_len,
            self.to_params,
            self.to_tag_len,
            self.to_user_len,
            self.to_host_len,
            self.call_id_len,
            self.cseq_seq,
            self.cseq_method_len,
            self.contacts,
            self.contact_params,
            self.contact_uri_params,
            self.contact_user_len,
            self.contact_host_len,
            self.contact_port_sum,
            self.max_forwards,
            self.content_length,
        ]
    }

    /// FNV-1a over the compared fields: the same fold as `bench_fold` in c/facts.h, so equal
    /// facts give equal checksums whichever parser produced them.
    pub fn fold(&self) -> i64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in self.compared() {
            h ^= u64::from(w);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        (h >> 1) as i64
    }

    /// `(field, self, other)` for every compared field where the two differ.
    pub fn differences(&self, other: &Facts) -> Vec<(&'static str, u32, u32)> {
        let (a, b) = (self.compared(), other.compared());
        COMPARED
            .iter()
            .zip(a.iter().zip(b.iter()))
            .filter(|(_, (x, y))| x != y)
            .map(|(n, (x, y))| (*n, *x, *y))
            .collect()
    }
}
