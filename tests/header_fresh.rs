//! The committed C header must be exactly what cbindgen generates from `src/ffi`.
//!
//! Regenerate with `tools/gen-header.sh` (which runs this test with `MSSIP_WRITE_HEADER=1`).
//!
//! cbindgen runs with `style = "both"`, so every struct and enum is both tagged and
//! typedef'd (`typedef struct mssip_peer {...} mssip_peer;`, usable either way from C). The
//! one post-processing step then writes references by their typedef name, as DESIGN.md spells
//! the signatures (`mssip_msg **out` rather than `struct mssip_msg **out`).

use std::path::Path;

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
    untag_references(&String::from_utf8(out).expect("cbindgen writes UTF-8"))
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
    let header = generate();
    let mut comment = String::new();
    let mut functions = 0;
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
            functions += 1;
            assert!(
                comment.contains("Thread safety"),
                "`{line}`: its comment does not state its thread safety"
            );
        }
        if !t.is_empty() {
            comment.clear();
        }
    }
    assert!(
        functions > 50,
        "only {functions} functions found in the header"
    );
}
