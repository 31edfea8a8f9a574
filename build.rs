// The catalogue is embedded with include_dir; rebuild when any of its files change.
fn main() {
    println!("cargo:rerun-if-changed=exercises");
    println!("cargo:rerun-if-changed=rubrics");
}
