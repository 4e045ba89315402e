//! Gives the shared library its SONAME so hosts link against `libmssip.so.0`.
fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" || target_os == "android" || target_os.ends_with("bsd") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libmssip.so.0");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
