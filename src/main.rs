//! The `apidojo` binary: the command line lives in [`apidojo::cli`].
use std::process::ExitCode;

// The grader allocates many small strings and maps; mimalloc measured faster than the system
// allocator on the large public specs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    apidojo::cli::run()
}
