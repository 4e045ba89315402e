//! Parse-and-decode benchmark: mssip against sofia-sip, oSIP2 and libre on the messages in
//! data/. Every parser does the same work per message (locate every header; decode all Via
//! values, From, To, Call-ID, CSeq, all Contact values with their parameters, Max-Forwards,
//! Content-Length; free everything), checked by comparing what each one decoded.
//!
//! Usage: cargo run --release [-- --iters N --runs N --warmup N --only SUBSTRING]

mod counting_alloc;
mod facts;
mod machine;
mod mssip_side;
mod peers;
mod timing;

use facts::Facts;
use peers::Peer;
use std::path::{Path, PathBuf};
use timing::Plan;

#[global_allocator]
static ALLOC: counting_alloc::CountingAlloc = counting_alloc::CountingAlloc;

struct Options {
    plan: Plan,
    only: Option<String>,
}

fn usage() -> ! {
    eprintln!("usage: mssip-bench [--iters N] [--runs N] [--warmup N] [--only SUBSTRING]");
    std::process::exit(2)
}

fn options() -> Options {
    let mut o = Options {
        plan: Plan {
            warmup: 2_000,
            iters: 20_000,
            runs: 7,
        },
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = || {
            args.next()
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|&n| n > 0)
                .unwrap_or_else(|| usage())
        };
        match a.as_str() {
            "--iters" => o.plan.iters = num(),
            "--runs" => o.plan.runs = num(),
            "--warmup" => o.plan.warmup = num(),
            "--only" => o.only = Some(args.next().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    o
}

/// The `.sip` files of data/, sorted by name.
fn messages(dir: &Path, only: Option<&str>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sip"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if only.is_some_and(|o| !name.contains(o)) {
            continue;
        }
        out.push((name, std::fs::read(&p)?));
    }
    Ok(out)
}

/// One parser's verdict on one message: what it decoded, and its time when it parsed.
struct Outcome {
    facts: Option<Facts>,
    ns: Option<f64>,
}

fn cell(ns: Option<f64>) -> String {
    ns.map_or_else(|| "fail".to_string(), |v| format!("{v:.0}"))
}

fn main() {
    let opt = options();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let msgs = match messages(&dir, opt.only.as_deref()) {
        Ok(m) if !m.is_empty() => m,
        Ok(_) => {
            eprintln!("no .sip message in {}", dir.display());
            std::process::exit(1)
        }
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            std::process::exit(1)
        }
    };
    if let Err(e) = peers::init() {
        eprintln!("{e}");
        std::process::exit(1)
    }

    let (listed, usable) = machine::cores();
    println!(
        "machine: {} ({listed} logical CPUs listed, {usable} usable by this process)",
        machine::cpu_model()
    );
    println!(
        "mssip {} vs {}",
        mssip::VERSION,
        env!("BENCH_PEER_VERSIONS")
    );
    println!(
        "plan: {} warm-up calls, then best of {} runs x {} calls per message and parser; ns = wall time per parse+decode+free",
        opt.plan.warmup, opt.plan.runs, opt.plan.iters
    );
    println!();
    let name_w = msgs.iter().map(|(n, _)| n.len()).max().unwrap_or(7).max(7);
    println!(
        "{:<name_w$} {:>6} {:>9} {:>9} {:>9} {:>9} {:>11} {:>7} {:>8}  check",
        "message",
        "bytes",
        "mssip ns",
        "sofia ns",
        "osip ns",
        "libre ns",
        "peer/mssip",
        "allocs",
        "alloc B"
    );

    let mut notes = Vec::new();
    let mut ratios = Vec::new();
    for (name, bytes) in &msgs {
        // mssip: verify, count allocations, time.
        let mut f = Facts::default();
        let (allocs, alloc_bytes, ok) = counting_alloc::count(|| mssip_side::run(bytes, &mut f));
        let mssip = Outcome {
            facts: ok.map(|_| f),
            ns: ok.map(|_| {
                let mut f = Facts::default();
                timing::best_ns_per_call(opt.plan, bytes, |m| mssip_side::run(m, &mut f))
            }),
        };
        if mssip.facts.is_none() {
            let err = mssip::sip::Message::parse(bytes)
                .err()
                .map_or_else(|| "a header did not decode".to_string(), |e| format!("{e}"));
            notes.push(format!("{name}: mssip failed: {err}"));
        }

        let mut outs = Vec::new();
        for peer in Peer::ALL {
            let mut f = Facts::default();
            let ok = peer.run(bytes, &mut f).is_some();
            let ns = ok.then(|| {
                let mut f = Facts::default();
                timing::best_ns_per_call(opt.plan, bytes, |m| peer.run(m, &mut f))
            });
            if !ok {
                notes.push(format!("{name}: {} refused the message", peer.name()));
            }
            outs.push((
                peer,
                Outcome {
                    facts: ok.then_some(f),
                    ns,
                },
            ));
        }

        // Same work? Compare each peer's decoded facts with mssip's.
        let mut differing = Vec::new();
        if let Some(mf) = &mssip.facts {
            for (peer, o) in &outs {
                if let Some(pf) = &o.facts {
                    let d = mf.differences(pf);
                    if !d.is_empty() {
                        differing.push(peer.name());
                        let fields: Vec<String> = d
                            .iter()
                            .map(|(n, a, b)| format!("{n} mssip={a} {}={b}", peer.name()))
                            .collect();
                        notes.push(format!(
                            "{name}: {} decoded differently: {}",
                            peer.name(),
                            fields.join(", ")
                        ));
                    }
                }
            }
        }
        let check = if mssip.facts.is_none() {
            "-".to_string()
        } else if differing.is_empty() {
            "same".to_string()
        } else {
            format!("differs: {}", differing.join(","))
        };

        let best_peer = outs
            .iter()
            .filter_map(|(_, o)| o.ns)
            .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.min(v))));
        let ratio = match (best_peer, mssip.ns) {
            (Some(p), Some(m)) if m > 0.0 => {
                // The summary compares like with like: only messages every stack parsed.
                if outs.iter().all(|(_, o)| o.ns.is_some()) {
                    ratios.push(p / m);
                }
                format!("{:.2}", p / m)
            }
            _ => "-".to_string(),
        };
        let (allocs, alloc_bytes) = if mssip.facts.is_some() {
            (allocs.to_string(), alloc_bytes.to_string())
        } else {
            ("-".into(), "-".into())
        };
        println!(
            "{:<name_w$} {:>6} {:>9} {:>9} {:>9} {:>9} {:>11} {:>7} {:>8}  {}",
            name,
            bytes.len(),
            cell(mssip.ns),
            cell(outs[0].1.ns),
            cell(outs[1].1.ns),
            cell(outs[2].1.ns),
            ratio,
            allocs,
            alloc_bytes,
            check
        );
    }
    if !ratios.is_empty() {
        let geo = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
        println!(
            "{:<name_w$} {:>6} {:>9} {:>9} {:>9} {:>9} {:>11}",
            "geomean*",
            "",
            "",
            "",
            "",
            "",
            format!("{geo:.2}")
        );
    }
    println!();
    println!(
        "peer/mssip: time of the fastest C peer that parsed the message / mssip's time (> 1: mssip is faster)"
    );
    println!(
        "geomean*: geometric mean of peer/mssip over the messages that all four parsers parsed"
    );
    println!("allocs, alloc B: heap allocations and bytes requested by one mssip parse+decode");
    println!("check: whether every peer that parsed the message decoded the same values as mssip");
    for n in &notes {
        println!("note: {n}");
    }
}
