//! The `itsmlint` binary: everything lives in the library; this maps it to an exit code.

// A run allocates many small strings per document from several threads at once; mimalloc
// (ruff's allocator too) does that with less time in malloc and free than the system one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(itsmlint::cli::main());
}
