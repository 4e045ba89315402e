//! The C peers compiled from c/ by build.rs: one parse + decode + free of one message per call.

use crate::facts::Facts;

unsafe extern "C" {
    fn bench_sofia(buf: *const u8, len: usize, facts: *mut Facts) -> i64;
    fn bench_osip(buf: *const u8, len: usize, facts: *mut Facts) -> i64;
    fn bench_libre(buf: *const u8, len: usize, facts: *mut Facts) -> i64;
    fn bench_osip_init() -> i32;
    fn bench_libre_init() -> i32;
}

/// One C SIP stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    Sofia,
    Osip,
    Libre,
}

impl Peer {
    pub const ALL: [Peer; 3] = [Peer::Sofia, Peer::Osip, Peer::Libre];

    pub fn name(self) -> &'static str {
        match self {
            Peer::Sofia => "sofia",
            Peer::Osip => "osip",
            Peer::Libre => "libre",
        }
    }

    /// Parses, decodes and frees `msg` once; the checksum of what was decoded, or `None` when
    /// the stack refused the message.
    #[inline]
    pub fn run(self, msg: &[u8], facts: &mut Facts) -> Option<i64> {
        let f = match self {
            Peer::Sofia => bench_sofia,
            Peer::Osip => bench_osip,
            Peer::Libre => bench_libre,
        };
        // SAFETY: the C function reads exactly `len` bytes from `buf`, which `msg` provides,
        // and writes one `Facts` (same layout as `struct bench_facts`) through `facts`.
        let r = unsafe { f(msg.as_ptr(), msg.len(), facts) };
        (r >= 0).then_some(r)
    }
}

/// Global set-up oSIP2 and libre need before their first parse.
pub fn init() -> Result<(), String> {
    // SAFETY: plain C initialisers without arguments, called once before any parse.
    if unsafe { bench_osip_init() } != 0 {
        return Err("oSIP2 parser_init() failed".into());
    }
    // SAFETY: as above.
    if unsafe { bench_libre_init() } != 0 {
        return Err("libre_init() failed".into());
    }
    Ok(())
}
