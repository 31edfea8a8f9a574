//! Grading benchmark: `cargo bench --bench grade`.
//!
//! For each document: the median wall time of a few runs of the bare parse (the grader's own
//! loader, text to document value, limits included), of load + model, and of the whole grade (load, model, rules, scores, positions,
//! JSON rendering); the peak memory of grading it once, measured in a fresh child process
//! (`VmHWM`) so documents do not inflate each other's figure; and the median wall time of a
//! whole `apidojo grade --format json` run of the release binary, start-up and exit included.
//!
//! Event designs follow: the chat case study's AsyncAPI model answer and a synthetic event
//! document of about 1.4 MB (load+model is the OpenAPI model's, so it is not timed for them), then
//! the chat case study's two documents graded as one submission against its exercise.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use apidojo::catalog::Catalog;
use apidojo::grading::{grade, grade_pair, load, load_model, GradeOptions, Limits};

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

/// An AsyncAPI 3.0 document with `channels` scoped channels, each with one event of twenty
/// fields in a shared envelope and an operation receiving it: about 1.6 KB a channel.
fn synthetic_events(channels: usize) -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "asyncapi: 3.0.0\ninfo:\n  title: Synthetic events\n  version: 1.0.0\n  description: \
         At-least-once delivery; consumers deduplicate by id and resume with resume_from. A heartbeat \
         ping every 30 s.\nservers:\n  prod:\n    host: rt.example.com\n    protocol: wss\n    security:\n      \
         - $ref: '#/components/securitySchemes/bearer'\nchannels:\n",
    );
    for i in 0..channels {
        let _ = write!(
            s,
            "  room{i}:\n    address: rooms{i}/{{room_id}}\n    parameters:\n      room_id: {{ description: The room. }}\n    \
             messages:\n      created{i}: {{ $ref: '#/components/messages/created{i}' }}\n"
        );
    }
    s.push_str("operations:\n");
    for i in 0..channels {
        let _ = write!(
            s,
            "  receiveCreated{i}:\n    action: receive\n    channel: {{ $ref: '#/channels/room{i}' }}\n    \
             messages: [{{ $ref: '#/channels/room{i}/messages/created{i}' }}]\n"
        );
    }
    s.push_str(
        "components:\n  securitySchemes:\n    bearer: { type: http, scheme: bearer }\n  schemas:\n    Envelope:\n      \
         type: object\n      required: [id, type, occurred_at, schema_version, seq]\n      properties:\n        \
         id: { type: string, maxLength: 26 }\n        type: { type: string, maxLength: 64 }\n        \
         occurred_at: { type: string, format: date-time }\n        schema_version: { type: integer }\n        \
         seq: { type: integer }\n  messages:\n",
    );
    for i in 0..channels {
        let _ = write!(
            s,
            "    created{i}:\n      name: room{i}.item.created\n      payload:\n        allOf:\n          \
             - $ref: '#/components/schemas/Envelope'\n          - type: object\n            properties:\n"
        );
        for f in 0..20 {
            let _ = writeln!(s, "              field{f}: {{ type: string, maxLength: 64 }}");
        }
    }
    s
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
    let synthetic = Path::new(env!("CARGO_TARGET_TMPDIR")).join("synthetic-events.yaml");
    std::fs::write(&synthetic, synthetic_events(900)).expect("writes the synthetic event document");
    let event_files = [
        PathBuf::from("exercises/model-answers/events/chat-messenger.yaml"),
        synthetic,
    ];
    println!(
        "{:<36} {:>9} {:>10} {:>11} {:>11} {:>10} {:>9} {:>9}",
        "document", "size", "bare parse", "load+model", "grade", "peak", "findings", "CLI run"
    );
    let openapi = files().len();
    for (n, path) in files().into_iter().chain(event_files).enumerate() {
        let bytes = std::fs::read(&path).expect("readable");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        let bare = time(|| {
            let parsed = load::parse(text, &limits).expect("parses");
            std::hint::black_box(parsed);
        });
        let model = (n < openapi).then(|| {
            time(|| {
                load_model(&bytes, &limits, |m| {
                    std::hint::black_box(m);
                })
                .expect("loads");
            })
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
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = if n >= openapi && !name.starts_with("synthetic") {
            format!("events/{name}")
        } else {
            name
        };
        println!(
            "{:<36} {:>7.1}MB {:>8.1}ms {:>11} {:>9.1}ms {:>10} {:>9} {:>7.1}ms",
            name,
            bytes.len() as f64 / 1e6,
            bare.as_secs_f64() * 1e3,
            model.map_or_else(|| "–".to_string(), |m| format!("{:.1}ms", m.as_secs_f64() * 1e3)),
            whole.as_secs_f64() * 1e3,
            peak,
            findings,
            cli.as_secs_f64() * 1e3
        );
    }

    // A real-time case study's submission: the API and its event document, one report.
    let exercise = catalog.exercise("chat-messenger").expect("the chat case study");
    let api = std::fs::read("exercises/model-answers/chat-messenger.yaml").expect("readable");
    let events = std::fs::read("exercises/model-answers/events/chat-messenger.yaml").expect("readable");
    let rubric = catalog.rubric_for(None, Some(exercise)).expect("its rubric");
    let mut score = 0.0;
    let pair = time(|| {
        let r = grade_pair(&api, &events, rubric, Some(exercise), &limits, &GradeOptions::default()).expect("grades");
        score = r.score;
        r.write_json(std::io::sink()).expect("writes");
    });
    println!(
        "\nchat-messenger API + events, graded as one submission against its exercise: {:.1} ms (score {score:.1})",
        pair.as_secs_f64() * 1e3
    );
}
