//! Dialog correlation (MS-SIPRE 2.2.11, 3.12): the `Ms-Correlation-Id` that ties related
//! dialogs together for diagnostics. A new id is a random (version 4) UUID; an id received
//! in an INVITE or REFER is carried into the INVITE or REFER of the related dialog; a
//! value that is not a UUID is ignored and reported to the log.
//!
//! ```
//! use mssip::correlation::RelatedDialog;
//! use mssip::sip::Message;
//!
//! let refer = Message::parse(b"REFER sip:alice@contoso.com SIP/2.0\r\n\
//! Via: SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK1\r\nFrom: <sip:bob@contoso.com>;tag=1\r\n\
//! To: <sip:alice@contoso.com>;tag=2\r\nCall-ID: c1\r\nCSeq: 7 REFER\r\n\
//! Ms-Correlation-Id: 0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0\r\nContent-Length: 0\r\n\r\n").unwrap();
//! let related = RelatedDialog::for_received(&refer).unwrap();
//! assert!(!related.generated());
//! assert_eq!(related.id().to_string(), "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0");
//! ```

mod error;
mod generate;
mod proxy_log;
mod received;
mod related;
mod scope;

pub use error::CorrelationError;
pub use generate::generate;
pub use proxy_log::id_to_log;
pub use received::{Received, read};
pub use related::{RelatedDialog, stamp};

#[cfg(test)]
pub(crate) mod tests_support {
    use std::sync::Arc;

    use crate::log::{Level, TEST_SINK_LOCK, set_sink};
    use parking_lot::Mutex;

    pub(crate) use crate::sip::test_messages::{invite_with, request, response, response_with};

    /// Runs `f` with a log sink set and returns its value with the warnings about
    /// Ms-Correlation-Id logged meanwhile.
    pub(crate) fn captured_warnings<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
        let _serial = TEST_SINK_LOCK.lock();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let into = Arc::clone(&seen);
        set_sink(
            Level::Warn,
            Some(Arc::new(move |l, m: &str| {
                if l == Level::Warn && m.starts_with("Ms-Correlation-Id") && m.contains("c1") {
                    into.lock().push(m.to_string());
                }
            })),
        );
        let out = f();
        set_sink(Level::Warn, None);
        let got = seen.lock().clone();
        (out, got)
    }
}
