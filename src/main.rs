//! The `itsmlint` binary: everything lives in the library; this maps it to an exit code.

// A lint run allocates many small values per document (fields, headings, findings) and frees
// the file text after it; glibc's allocator spent an eighth of a run on that (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(itsmlint::cli::main());
}
