//! Grading benchmark: `cargo bench --bench grade`.
//!
//! For each document: the median wall time of a few runs of the bare parse (the grader's own
//! loader, text to document value, limits included), of load + model, and of the whole grade (load, model, rules, scores, positions,
//! JSON rendering); the peak memory of grading it once, measured in a fresh child process
//! (`VmHWM`) so documents do not inflate each other's figure; and the median wall time of a
//! whole `apidojo grade --format json` run of the release binary, start-up and exit included.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use apidojo::catalog::Catalog;
use apidojo::grading::{grade, load, load_model, Limits};

// The same allocator as the `apidojo` binary, so the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

const SMALL: &str = "tests/fixtures/interview-small.yaml";

fn files() -> Vec<PathBuf> {
    let real = Path::new("../shared/corpus/real");
    let mut out = vec![PathBuf::from(SMALL)];
    for name in [
        "stripe-spec3.yaml",
        "openai-openapi.yaml",
        "digitalocean-public.v2.bundled.yaml",
        "github-api.github.com.json",
    ] {
        let p = real.join(name);
        if p.exists() {
            out.push(p);
        } else {
            println!("note: {} is absent; skipping it", p.display());
        }
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn grade_once(path: &Path) {
    let bytes = std::fs::read(path).expect("readable");
    let catalog = Catalog::builtin();
    let rubric = catalog.rubric("api-design-core").expect("default rubric");
    let report = grade(&bytes, rubric, None, &Limits::default()).expect("gradable");
    if std::env::var_os("APIDOJO_BENCH_VERBOSE").is_some() {
        eprintln!("peak after grading: {:?} KiB", peak_kib());
    }
    // As the CLI does: stream the JSON out rather than build it in memory.
    report.write_json(std::io::sink()).expect("writes");
}

fn main() {
    // Child mode: grade one file once and print the peak resident set.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--peak-of") {
        let path = PathBuf::from(&args[i + 1]);
        let before = peak_kib().unwrap_or(0);
        grade_once(&path);
        println!("{} {}", before, peak_kib().unwrap_or(0));
        return;
    }

    let catalog = Catalog::builtin();
    let rubric = catalog.rubric("api-design-core").expect("default rubric");
    let limits = Limits::default();
    println!(
        "{:<36} {:>9} {:>10} {:>11} {:>11} {:>10} {:>9} {:>9}",
        "document", "size", "bare parse", "load+model", "grade", "peak", "findings", "CLI run"
    );
    for path in files() {
        let bytes = std::fs::read(&path).expect("readable");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        let bare = time(|| {
            let parsed = load::parse(text, &limits).expect("parses");
            std::hint::black_box(parsed);
        });
        let model = time(|| {
            load_model(&bytes, &limits, |m| {
                std::hint::black_box(m);
            })
            .expect("loads");
        });
        let mut findings = 0;
        let whole = time(|| {
            let r = grade(&bytes, rubric, None, &limits).expect("grades");
            findings = r.findings.len();
            r.write_json(std::io::sink()).expect("writes");
        });
        let peak = Command::new(std::env::current_exe().expect("own path"))
            .args(["--peak-of", &path.display().to_string()])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.split_whitespace().nth(1).and_then(|k| k.parse::<u64>().ok()))
            .map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        let cli = time(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_apidojo"))
                .args(["grade", &path.display().to_string(), "--format", "json"])
                .stdout(std::process::Stdio::null())
                .status()
                .expect("the binary runs");
            assert!(status.success() || status.code() == Some(1), "graded");
        });
        println!(
            "{:<36} {:>7.1}MB {:>8.1}ms {:>9.1}ms {:>9.1}ms {:>10} {:>9} {:>7.1}ms",
            path.file_name().unwrap().to_string_lossy(),
            bytes.len() as f64 / 1e6,
            bare.as_secs_f64() * 1e3,
            model.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3,
            peak,
            findings,
            cli.as_secs_f64() * 1e3
        );
    }
}
