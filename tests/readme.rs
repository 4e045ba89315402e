//! The README's commands and claims are kept true here, next to the tests that run them:
//! the C usage example is `examples-c/quickstart.c` (which ctest builds and runs), the Quick
//! start is the two scripts, and the "Linking" section, whose commands ctest runs as written
//! (`c_readme_linking`, tests/c/consumer/run.sh), names modules, targets and versions that
//! exist.

use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
}

/// The text of the README from `heading` (a whole line) to the next heading of the same or a
/// higher level.
fn section(readme: &str, heading: &str) -> String {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut lines = readme.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "README has no `{heading}` section");
    let mut out = String::new();
    let mut in_fence = false;
    for line in lines {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !in_fence && hashes > 0 && hashes <= level && line[hashes..].starts_with(' ') {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The fenced blocks of language `lang` in `text`, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    text.split(open.as_str())
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or("").to_string())
        .collect()
}

/// The command of a shell line, without its trailing comment.
fn command(line: &str) -> &str {
    line.split(" #").next().unwrap_or("").trim()
}

#[test]
fn readme_c_example_is_the_quickstart_program() {
    let readme = read("README.md");
    let quickstart = read("examples-c/quickstart.c");
    let block = readme
        .split("```c\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```c block");
    // quickstart.c starts with a comment saying what it is; the program itself must match.
    let program = quickstart
        .split_once("*/\n")
        .map_or(quickstart.as_str(), |(_, p)| p);
    assert_eq!(
        block.trim(),
        program.trim(),
        "README C example differs from examples-c/quickstart.c"
    );
}

#[test]
fn quick_start_is_the_demo_and_the_test_command() {
    let quick = section(&read("README.md"), "## Quick start");
    let sh = blocks(&quick, "sh");
    assert_eq!(sh.len(), 1, "Quick start has one command block");
    let commands: Vec<&str> = sh[0]
        .lines()
        .map(command)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(commands, ["tools/demo.sh", "tools/test-all.sh"]);
    for script in commands {
        let meta = std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join(script))
            .unwrap_or_else(|e| panic!("{script}: {e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(
                meta.permissions().mode() & 0o111 != 0,
                "{script} is not executable"
            );
        }
        #[cfg(not(unix))]
        let _ = meta;
    }
    // .ci/run runs the same test command.
    assert!(read(".ci/run").contains("tools/test-all.sh"));
}

#[test]
fn linking_section_builds_plainly_and_names_what_is_installed() {
    let linking = section(&read("README.md"), "### Linking");
    let sh = blocks(&linking, "sh");
    assert!(
        sh.len() >= 3,
        "Linking: build, pkg-config and CMake command blocks"
    );

    // The build is a plain configure: what it gives is what the defaults give.
    let build: Vec<&str> = sh[0].lines().map(command).collect();
    assert_eq!(build[0], "cmake -S . -B build && cmake --build build");
    assert!(build[1].starts_with("cmake --install build --prefix "));

    // Every pkg-config module the README uses is one the install writes.
    for module in sh[1].split_whitespace().filter(|w| w.starts_with("mssip")) {
        let module = module.trim_end_matches(')');
        let pc = format!("cmake/{module}.pc.in");
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(&pc).exists(),
            "README uses pkg-config module `{module}` but there is no {pc}"
        );
    }
    assert!(
        sh[1].contains("--variable=libdir mssip"),
        "the shared line sets an rpath"
    );

    // Every CMake target it links is one the package defines.
    let cmake = blocks(&linking, "cmake");
    assert_eq!(cmake.len(), 1, "Linking has one CMakeLists.txt");
    let config = read("cmake/mssipConfig.cmake.in");
    let mut targets = 0;
    for word in cmake[0]
        .split_whitespace()
        .filter(|w| w.starts_with("mssip::"))
    {
        let target = word.trim_end_matches(')');
        targets += 1;
        assert!(
            config.contains(&format!("add_library({target} ")),
            "README links {target}, which mssipConfig.cmake does not define"
        );
    }
    assert_eq!(
        targets, 2,
        "README's CMakeLists.txt links the shared and the static target"
    );
    assert!(sh[2].contains("-DCMAKE_PREFIX_PATH="));

    // The test that runs these commands is registered with ctest.
    assert!(read("tests/c/CMakeLists.txt").contains("add_test(NAME c_readme_linking"));
}

#[test]
fn stated_tool_versions_are_the_build_files_versions() {
    let readme = read("README.md");
    let cargo = read("Cargo.toml");
    let rust = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml has a rust-version");
    let linking = section(&readme, "### Linking");
    assert!(
        linking.contains(&format!("Rust {rust} or later")),
        "Linking must state Rust {rust} (Cargo.toml rust-version)"
    );
    assert!(
        section(&readme, "## Quick start").contains(&format!("({rust} or later)")),
        "Quick start must state Rust {rust} (Cargo.toml rust-version)"
    );
    let cmake_min = read("CMakeLists.txt")
        .lines()
        .find_map(|l| l.strip_prefix("cmake_minimum_required(VERSION "))
        .and_then(|v| v.strip_suffix(')'))
        .expect("CMakeLists.txt has cmake_minimum_required")
        .to_string();
    assert!(
        linking.contains(&format!("cmake {cmake_min}")),
        "Linking must state cmake {cmake_min} (CMakeLists.txt)"
    );
    let consumer_min = blocks(&linking, "cmake")[0]
        .lines()
        .find_map(|l| l.strip_prefix("cmake_minimum_required(VERSION "))
        .map(|v| v.trim_end_matches(')').to_string());
    assert_eq!(consumer_min.as_deref(), Some(cmake_min.as_str()));
}
