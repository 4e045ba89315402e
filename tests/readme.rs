//! The README's C usage example is `examples-c/quickstart.c` (which ctest builds and runs);
//! this keeps the two from drifting apart.

#[test]
fn readme_c_example_is_the_quickstart_program() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let quickstart = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples-c/quickstart.c"
    ))
    .unwrap();
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
