//! Multipart and SDP bodies. The input is a SIP message whose body is read by its
//! Content-Type, or else a Content-Type line followed by a body. Every part is walked, found
//! again by its Content-ID, read as SDP when it is one, and a parsed multipart is rebuilt with
//! the builder and parsed again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::limits::Limits;
use mssip::sip::Message;
use mssip::sip::body::multipart::{Multipart, MultipartBuilder};
use mssip::sip::body::sdp::Sdp;

fn read_sdp(body: &[u8]) {
    let sdp = Sdp::parse(body);
    let _ = (sdp.version(), sdp.origin(), sdp.session_name());
    let _ = (
        sdp.session_connections().len(),
        sdp.session_attributes().len(),
    );
    let _ = sdp.offers("audio");
}

fn read(content_type: &str, body: &[u8]) {
    read_sdp(body);
    let limits = Limits::default();
    let Ok(mp) = Multipart::parse(body, content_type, &limits) else {
        return;
    };
    let _ = (
        mp.subtype(),
        mp.boundary(),
        mp.preamble().len(),
        mp.epilogue().len(),
    );
    for (_, part) in mp.walk() {
        let _ = (
            part.media_type(),
            part.disposition(),
            part.offset(),
            part.body_offset(),
        );
        assert!(part.body().len() <= part.raw().len());
        if let Some(id) = part.content_id() {
            let found = mp
                .find_by_content_id(id)
                .expect("a part is found by its Content-ID");
            assert_eq!(found.content_id(), Some(id));
        }
        if part.is("application/sdp") {
            read_sdp(part.body());
        }
    }
    let mut b = MultipartBuilder::new(mp.subtype()).boundary(mp.boundary());
    for part in mp.parts().iter().filter(|p| p.nested().is_none()) {
        let headers: Vec<(&str, &str)> = part.headers().iter().map(|h| (h.name, h.value)).collect();
        b = b.part(&headers, part.body());
    }
    if let Ok(built) = b.build() {
        let again = Multipart::parse(&built.body, &built.content_type, &limits)
            .expect("a built multipart parses");
        assert_eq!(
            again.parts().len(),
            mp.parts().iter().filter(|p| p.nested().is_none()).count()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = Message::parse(data) {
        if let Some(ct) = m.content_type() {
            read(ct, m.body());
        }
        return;
    }
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (ct, body) = data.split_at(split);
    if let Ok(ct) = std::str::from_utf8(ct) {
        read(ct.trim_end_matches('\r'), body.get(1..).unwrap_or_default());
    }
});
