//! Compiles the three C peers (c/peer_*.c) and links sofia-sip, oSIP2 and libre, with the
//! compiler and linker flags their pkg-config files give.

use std::process::Command;

/// pkg-config package names of the peers, in the order the bench prints them.
const PACKAGES: [&str; 3] = ["sofia-sip-ua", "libosip2", "libre"];

fn pkg_config(args: &[&str]) -> String {
    let out = Command::new("pkg-config")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run pkg-config ({e}); bench/run.sh installs it with the peer libraries")
        });
    if !out.status.success() {
        panic!(
            "pkg-config {} failed: {}; bench/run.sh installs the peer libraries \
             (libsofia-sip-ua-dev libosip2-dev libre-dev)",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn main() {
    let mut build = cc::Build::new();
    build
        .files(["c/peer_sofia.c", "c/peer_osip.c", "c/peer_libre.c"])
        .include("c")
        .opt_level(2)
        .warnings(true)
        // libre's re_types.h takes the fixed-width integer types from <inttypes.h> only when
        // told it exists.
        .define("HAVE_INTTYPES_H", None);

    let mut versions = Vec::new();
    for pkg in PACKAGES {
        for flag in pkg_config(&["--cflags", pkg]).split_whitespace() {
            if let Some(dir) = flag.strip_prefix("-I") {
                build.include(dir);
            } else if let Some(def) = flag.strip_prefix("-D") {
                match def.split_once('=') {
                    Some((k, v)) => build.define(k, Some(v)),
                    None => build.define(def, None),
                };
            } else {
                build.flag(flag);
            }
        }
        for flag in pkg_config(&["--libs", pkg]).split_whitespace() {
            if let Some(dir) = flag.strip_prefix("-L") {
                println!("cargo:rustc-link-search=native={dir}");
            } else if let Some(lib) = flag.strip_prefix("-l") {
                println!("cargo:rustc-link-lib={lib}");
            }
        }
        versions.push(format!("{pkg} {}", pkg_config(&["--modversion", pkg])));
    }
    build.compile("peers");

    println!(
        "cargo:rustc-env=BENCH_PEER_VERSIONS={}",
        versions.join(", ")
    );
    for f in [
        "c/facts.h",
        "c/peer_sofia.c",
        "c/peer_osip.c",
        "c/peer_libre.c",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
}
