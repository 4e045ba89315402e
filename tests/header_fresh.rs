//! The committed C header must be exactly what cbindgen generates from `src/ffi`.
//!
//! Regenerate with `tools/gen-header.sh` (which runs this test with `MSSIP_WRITE_HEADER=1`).
//!
//! cbindgen runs with `style = "both"`, so every struct and enum is both tagged and
//! typedef'd (`typedef struct mssip_peer {...} mssip_peer;`, usable either way from C). The
//! post-processing, here and nowhere else:
//! - references are written by their typedef name, as DESIGN.md spells the signatures
//!   (`mssip_msg **out` rather than `struct mssip_msg **out`);
//! - each export's `# Safety` section (which the Rust side keeps, as clippy's
//!   `missing_safety_doc` asks) becomes a C paragraph `Pointers: ...`, in the words the
//!   header's conventions block defines, and Rust doc links become plain code spans.

use std::path::Path;

/// Width of the header's comment lines (cbindgen.toml's `line_length`).
const LINE_LENGTH: usize = 100;

fn generate() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml"))
        .unwrap_or_else(|e| panic!("reading cbindgen.toml: {e}"));
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/ffi/mod.rs"))
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen failed on src/ffi: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    let header = String::from_utf8(out).expect("cbindgen writes UTF-8");
    plain_code_spans(&safety_as_pointers(&untag_references(&header)))
}

/// Rust doc links in comments (`` [`mssip_msg_parse`] ``) become plain code spans.
fn plain_code_spans(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for line in header.split_inclusive('\n') {
        if line.trim_start().starts_with('*') {
            out.push_str(&line.replace("[`", "`").replace("`]", "`"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Rust phrases of `# Safety` sections and what they say in C.
const RUST_TO_C: &[(&str, &str)] = &[(
    "not borrowed elsewhere",
    "not in use by another thread during the call",
)];

/// Rewrites every `# Safety` section of a comment into one paragraph `Pointers: ...`,
/// rewrapped to the header's line length. The section runs from its heading to the end of
/// the comment or the next empty comment line.
fn safety_as_pointers(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut lines = header.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let Some(indent) = line.strip_suffix("* # Safety\n") else {
            out.push_str(line);
            continue;
        };
        let mut text = String::from("Pointers:");
        while let Some(next) = lines.peek() {
            let body = next
                .trim_end()
                .strip_prefix(indent)
                .and_then(|l| l.strip_prefix('*'));
            match body {
                Some(words) if !words.trim().is_empty() && !words.starts_with('/') => {
                    text.push(' ');
                    text.push_str(words.trim());
                    lines.next();
                }
                _ => break,
            }
        }
        for (rust, c) in RUST_TO_C {
            text = text.replace(rust, c);
        }
        wrap_comment(&mut out, indent, &text);
    }
    out
}

/// Writes `text` as comment lines `{indent}* ...` of at most `LINE_LENGTH` characters.
fn wrap_comment(out: &mut String, indent: &str, text: &str) {
    let prefix = format!("{indent}* ");
    let mut line = prefix.clone();
    for word in text.split_whitespace() {
        if line.len() > prefix.len() && line.len() + 1 + word.len() > LINE_LENGTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = prefix.clone();
        }
        if line.len() > prefix.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// Rewrites `struct mssip_x` / `enum mssip_x` to `mssip_x` outside of definitions and
/// comments.
fn untag_references(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for line in header.split_inclusive('\n') {
        let t = line.trim_start();
        let keep = t.starts_with("typedef ")
            || t.starts_with('*')
            || t.starts_with("/*")
            || t.starts_with("//");
        if keep {
            out.push_str(line);
        } else {
            out.push_str(
                &line
                    .replace("struct mssip_", "mssip_")
                    .replace("enum mssip_", "mssip_"),
            );
        }
    }
    out
}

#[test]
fn committed_header_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/mssip.h");
    let fresh = generate();
    if std::env::var_os("MSSIP_WRITE_HEADER").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let first_diff = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(fresh.lines().count()));
        panic!(
            "include/mssip.h is stale (first difference at line {}).\n\
             Regenerate it with `tools/gen-header.sh` and commit the result.",
            first_diff + 1
        );
    }
}

#[test]
fn comments_do_not_nest_or_end_early() {
    // A doc comment holding `/*` or `*/` (e.g. `multipart/*`) breaks the C comment around it.
    for (i, line) in generate().lines().enumerate() {
        let body = line.trim_start();
        if body.starts_with("* ") || body == "*" {
            assert!(
                !body.contains("/*") && !body.contains("*/"),
                "line {}: comment text `{}` opens or closes a C comment",
                i + 1,
                line
            );
        }
    }
}

#[test]
fn every_item_in_the_header_is_documented() {
    let header = generate();
    let lines: Vec<&str> = header.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let declares = line.starts_with("typedef ")
            || (line.starts_with("mssip_result ")
                || line.starts_with("const char *")
                || line.starts_with("void "))
                && line.contains('(');
        if !declares {
            continue;
        }
        let prev = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .copied()
            .unwrap_or("");
        assert!(
            prev.trim_end().ends_with("*/"),
            "line {}: `{}` has no documentation comment",
            i + 1,
            line
        );
    }
}

#[test]
fn every_function_states_its_thread_safety() {
    let functions = functions_with_comments(&generate());
    for (decl, comment) in &functions {
        assert!(
            comment.contains("Thread safety"),
            "`{decl}`: its comment does not state its thread safety"
        );
    }
    assert!(
        functions.len() > 50,
        "only {} functions found in the header",
        functions.len()
    );
}

/// The comment just above each function declaration of the header, with the declaration.
fn functions_with_comments(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut comment = String::new();
    for line in header.lines() {
        let t = line.trim_start();
        if t.starts_with("/**") {
            comment.clear();
        }
        if t.starts_with('*') || t.starts_with("/**") {
            comment.push_str(t);
            comment.push('\n');
            continue;
        }
        let is_function =
            !line.starts_with("typedef") && !line.starts_with(' ') && line.ends_with(");");
        if is_function {
            out.push((line.to_string(), comment.clone()));
        }
        if !t.is_empty() {
            comment.clear();
        }
    }
    out
}

#[test]
fn pointer_rules_read_as_c() {
    let header = generate();
    for banned in [
        "# Safety",
        "borrowed elsewhere",
        "&mut",
        "&str",
        "'a",
        "Box<",
        "Vec<",
    ] {
        assert!(
            !header.contains(banned),
            "the header says `{banned}`, a Rust term: render it in C terms in safety_as_pointers"
        );
    }
    // Every function that takes a pointer says what it must point to.
    for (decl, comment) in functions_with_comments(&header) {
        let params = decl.split_once('(').map_or("", |(_, p)| p);
        if params.contains('*') {
            assert!(
                comment.contains("* Pointers: "),
                "`{decl}` takes pointers but its comment has no Pointers: paragraph"
            );
        }
    }
}

#[test]
fn safety_sections_become_pointers_paragraphs() {
    let rust = "/**\n * Does a thing.\n *\n * # Safety\n * `msg` is NULL or a live message not\n \
                * borrowed elsewhere; `out` is writable.\n */\nvoid f(void);\n";
    assert_eq!(
        safety_as_pointers(rust),
        "/**\n * Does a thing.\n *\n * Pointers: `msg` is NULL or a live message not in use by \
         another thread during the call; `out` is\n * writable.\n */\nvoid f(void);\n"
    );
    // A section followed by more text ends at the empty comment line.
    let more = "    /**\n     * # Safety\n     * `p` is readable.\n     *\n     * More.\n     */\n";
    assert_eq!(
        safety_as_pointers(more),
        "    /**\n     * Pointers: `p` is readable.\n     *\n     * More.\n     */\n"
    );
}

#[test]
fn functions_come_in_the_order_a_user_meets_them() {
    let functions = functions_with_comments(&generate());
    let position = |name: &str| {
        functions.iter().position(|(decl, _)| {
            let head = decl.split('(').next().unwrap_or("");
            head.rsplit([' ', '*']).next() == Some(name)
        })
    };
    // One function of each group, in the order of src/ffi/mod.rs's ORDER comment.
    let groups = [
        "mssip_version",
        "mssip_result_str",
        "mssip_last_error",
        "mssip_limits_default",
        "mssip_msg_parse",
        "mssip_msg_header",
        "mssip_msg_add_header",
        "mssip_msg_new_response",
        "mssip_framer_new",
        "mssip_multipart_parse",
        "mssip_msg_validate",
        "mssip_epid_to_instance",
    ];
    let mut last = None;
    for name in groups {
        let at = position(name).unwrap_or_else(|| panic!("{name} is not in the header"));
        assert!(
            Some(at) > last,
            "{name} comes before the group listed ahead of it"
        );
        last = Some(at);
    }
    // Features come after identity, whichever of them exist.
    for name in [
        "mssip_nat_process",
        "mssip_registrar_new",
        "mssip_dialplan_parse",
        "mssip_router_new",
    ] {
        if let Some(at) = position(name) {
            assert!(Some(at) > last, "{name} (a feature) comes before identity");
        }
    }
}
