//! Every message of the corpus, the torture tests and the regression cases that parses, with
//! its file name: the messages the edit tests run over.

use mssip::sip::Message;

pub fn messages() -> Vec<(String, Message)> {
    let mut out = Vec::new();
    for dir in ["corpus", "torture/rfc4475", "torture/rfc5118", "regress"] {
        let dir = format!("{}/tests/data/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("test data directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "sip" || x == "dat"))
            .collect();
        files.sort();
        for p in files {
            if let Ok(m) = Message::parse(&std::fs::read(&p).expect("read")) {
                out.push((p.display().to_string(), m));
            }
        }
    }
    assert!(out.len() > 40, "test messages missing");
    out
}
