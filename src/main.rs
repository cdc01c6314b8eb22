//! The `mizan` command: parses arguments, runs one subcommand, maps errors to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// mimalloc: an alignment allocates many small vectors per sentence (anchor lists, keys,
// words) and a few large ones per search (the band's cells); with glibc's allocator,
// freeing the small ones made each large request consolidate the heap, and malloc and
// free took a sixth of `mizan stream`'s instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::args::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mizan: {err}");
            ExitCode::from(2)
        }
    }
}
