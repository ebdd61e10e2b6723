//! The floor: reads every file `--floor LIST` names (one path a line) and runs pulldown-cmark
//! over it, with the options `itsmlint`'s floor has always had, then prints the count of
//! events so that the work cannot be optimised away.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list = match args.as_slice() {
        [flag, list] if flag == "--floor" => list,
        _ => {
            eprintln!("usage: itsmlint-floor --floor LIST");
            std::process::exit(2);
        }
    };
    let listing = std::fs::read_to_string(list).unwrap_or_else(|e| fail(list, &e));
    let mut events = 0;
    for path in listing.lines() {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, &e));
        events += pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES)
            .into_offset_iter()
            .count();
    }
    println!("{events}");
}

fn fail(path: &str, error: &std::io::Error) -> ! {
    eprintln!("{path}: {error}");
    std::process::exit(1);
}
