//! Safe call transfer (MS-SIPRE 3.14) on the corpus REFER.

use mssip::ext::MsSensitivity;
use mssip::sip::Message;
use mssip::sip::builder::RequestBuilder;
use mssip::transfer;

fn corpus_refer() -> Message {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/refer-safe-transfer.sip"
    ))
    .unwrap();
    Message::parse(&bytes).unwrap()
}

#[test]
fn the_corpus_refer_triggers_an_invite_with_its_sensitivity() {
    // MS-SIPRE 3.14.5: the Ms-Sensitivity of the Refer-To URI's headers goes into the
    // triggered INVITE.
    let refer = corpus_refer();
    assert!(transfer::is_advertised(&refer));
    let found = transfer::refer_to_sensitivity(&refer).unwrap().unwrap();
    assert_eq!(found.sensitivity, MsSensitivity::NormalNoDiversion);
    let mut invite = RequestBuilder::new("INVITE", "sip:carol@contoso.com")
        .header("Via", "SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bKt1")
        .header("Max-Forwards", "70")
        .header("From", "<sip:alice@contoso.com>;tag=t1")
        .header("To", "<sip:carol@contoso.com>")
        .header("Call-ID", "triggered-1")
        .header("CSeq", "1 INVITE")
        .header("Referred-By", refer.header("Referred-By").unwrap())
        .build()
        .unwrap();
    // MS-SIPRE 3.14.4: the triggered INVITE advertises safe transfer too.
    transfer::advertise(&mut invite).unwrap();
    assert_eq!(
        transfer::copy_sensitivity(&refer, &mut invite).unwrap(),
        Some(MsSensitivity::NormalNoDiversion)
    );
    let text = String::from_utf8(invite.as_bytes().to_vec()).unwrap();
    assert!(text.ends_with(
        "Referred-By: <sip:bob@contoso.com>\r\nContent-Length: 0\r\n\
Supported: ms-safe-transfer\r\nMs-Sensitivity: normal-no-diversion\r\n\r\n"
    ));
    let sent = Message::parse(invite.as_bytes()).unwrap();
    assert_eq!(
        MsSensitivity::from_fields(sent.fields("Ms-Sensitivity")),
        Ok(MsSensitivity::NormalNoDiversion)
    );
}
