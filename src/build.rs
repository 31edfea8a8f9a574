//! Build script. Rebuilds when the embedded catalogue (`exercises/`, `rubrics/`) changes, and
//! marks whether this build's integration tests have a PostgreSQL to run on
//! (`APIDOJO_TEST_POSTGRES_URL` set), so that without one their PostgreSQL variants are reported
//! as ignored, with the reason, instead of passing without having run.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(apidojo_postgres_tests)");
    println!("cargo::rerun-if-changed=src/build.rs");
    // The catalogue is embedded with include_dir: rebuild when any of its files change.
    println!("cargo::rerun-if-changed=exercises");
    println!("cargo::rerun-if-changed=rubrics");
    println!("cargo::rerun-if-env-changed=APIDOJO_TEST_POSTGRES_URL");
    if std::env::var("APIDOJO_TEST_POSTGRES_URL").is_ok_and(|v| !v.trim().is_empty()) {
        println!("cargo::rustc-cfg=apidojo_postgres_tests");
    }
}
