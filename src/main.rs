//! The `itsmlint` binary: everything lives in the library; this maps it to an exit code.

// A lint run allocates many small values per document (fields, headings, findings) and frees
// the file text after it; glibc's allocator spent an eighth of a run on that (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // The main thread is one of the pool's workers instead of waiting for them: on one thread
    // no worker is started at all, and the documents are read and checked in the heap that
    // loading the pack warmed, not in a new thread's fresh one. (It fails only if a pool was
    // built already, which nothing here does before this.)
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    std::process::exit(itsmlint::cli::main());
}
