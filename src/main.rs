//! The `mizan` command: parses arguments, runs one subcommand, maps errors to exit codes.

mod cli;

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;

use clap::Parser;
use mimalloc::MiMalloc;

// mimalloc for small blocks: an alignment allocates many small vectors per sentence
// (anchor lists, keys, words) and a few large ones per search (the band's cells); with
// glibc's allocator alone, freeing the small ones made each large request consolidate
// the heap, and malloc and free took a sixth of `mizan stream`'s instructions. The
// system's allocator for large blocks: mimalloc kept the large blocks a long document's
// stages free (each worker thread's own pages, not reused by the next stage), and a
// 100,000-sentence pair peaked at 115-120 MB of resident memory for 87 MB of heap.
#[global_allocator]
static ALLOCATOR: Split = Split;

/// Blocks of this size or more come from the system's allocator. At 100,000 sentences a
/// side, peak memory (two threads) was 98 MB from 4 to 16 KiB, 100 MB at 32, 105 MB at 64,
/// 110 MB at 1 MiB, 117 MB with mimalloc for all; the 10,000-pair batch took the same time
/// (5.29-5.71 s against 5.40-5.54, five alternating runs) and 18 MB instead of 23, and
/// 1,000 of its pairs 6.5848 billion instructions against 6.5849 (6.5919 at 4 KiB).
const LARGE: usize = 16 << 10;

/// mimalloc for blocks under [`LARGE`] bytes, the system's allocator for the others. A
/// block's layout, which Rust passes back on every call, says which one it came from.
struct Split;

// SAFETY: each block is freed or resized by the allocator that made it: both decide by
// the size of the layout it was allocated with, which `dealloc` and `realloc` receive.
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            unsafe { System.alloc(layout) }
        } else {
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            unsafe { System.alloc_zeroed(layout) }
        } else {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            unsafe { System.dealloc(ptr, layout) }
        } else {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (layout.size() >= LARGE, new_size >= LARGE) {
            (true, true) => unsafe { System.realloc(ptr, layout, new_size) },
            (false, false) => unsafe { MiMalloc.realloc(ptr, layout, new_size) },
            // Across the threshold: a new block from the other allocator.
            _ => unsafe {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            },
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_bytes_as_they_grow_and_shrink_across_the_threshold() {
        let pattern = |v: &[u8]| v.iter().enumerate().all(|(i, &b)| b == i as u8);
        let mut v: Vec<u8> = (0..LARGE / 2).map(|i| i as u8).collect();
        v.extend((LARGE / 2..3 * LARGE).map(|i| i as u8));
        assert!(v.capacity() >= LARGE && pattern(&v));
        v.truncate(100);
        v.shrink_to_fit();
        assert!(v.capacity() < LARGE && pattern(&v));
        assert!(vec![0u8; 2 * LARGE].iter().all(|&b| b == 0));
    }
}
