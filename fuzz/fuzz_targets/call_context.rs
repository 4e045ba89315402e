//! The call context reader (MS-SIPRE 2.2.19, 3.13): any bytes as a document. What loads with
//! known modes writes back (`to_xml`) as a document that loads to the same call context,
//! unless the written form crosses the document size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::context::{ContextConfig, ContextError, ConversationContext};

fuzz_target!(|data: &[u8]| {
    let config = ContextConfig::default();
    let Ok(cc) = ConversationContext::parse(data, &config) else {
        return;
    };
    if !cc.has_only_known_modes() {
        assert!(cc.to_xml(&config).is_err(), "an unknown mode was written");
        return;
    }
    match cc.to_xml(&config) {
        Ok(xml) => {
            let again = ConversationContext::parse(xml.as_bytes(), &config);
            assert_eq!(again.as_ref(), Ok(&cc), "written back differently");
        }
        Err(ContextError::Limit { .. }) => {}
        Err(e) => panic!("a call context that loads does not write: {e}"),
    }
});
