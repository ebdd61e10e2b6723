fn main() {
    std::process::exit(itsmlint::cli::main());
}
