//! `cargo bench --bench check`: `itsmlint check` on corpora from `../shared/gen_corpus.py`
//! (2,000 and 20,000 documents by default; `ITSMLINT_BENCH_DOCS=2000,20000`), next to the parse
//! floor measured in the same run: a minimal loop that only reads every file and parses it with
//! pulldown-cmark. Reports documents/s, MB/s and peak RSS, and, when `ITSMLINT_BENCH_MARKDOWNLINT`
//! names a markdownlint-cli2 executable, the time it takes for the same required-headings check
//! (MD043). Under `cargo test` it does nothing: timings are not tests.
//!
//! It also times both as programs, each run a fresh process as users run them: the
//! `itsmlint check` binary on 1 thread, and the floor as a program of its own
//! (`benches/floor`, built here into `target/floor`: `itsmlint-floor --floor LIST` reads and
//! parses the files a list names, so that it, too, does not pay for a directory walk). A
//! package of its own, so that its code is laid out as a minimal program's: the same loop in
//! this binary, which links the whole library, ran 12% slower after an unrelated change.
//!
//! The jobs take turns, round after round (`ITSMLINT_BENCH_RUNS`; 11 rounds for a small
//! corpus, 5 for a large one). Each ratio is given three ways: of the medians, the median of
//! each round's own ratio, and of the fastest runs. For the all-cores runs it also gives the
//! cores they got (their threads' CPU time over the wall time) and the machine's steal time
//! during them: on a shared VM a core can be taken away for part of a run. The 1-thread
//! ratios are given in CPU time too (the working thread's, or the program's, from the
//! kernel's `schedstat`), which leaves out the time the hypervisor took the core away.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a benchmark fails loudly

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use itsmlint::config::Overrides;
use itsmlint::{discover, engine};

/// `itsmlint check` as the process measurements run it, before the corpus path.
const CHECK_ARGS: [&str; 6] = [
    "check",
    "--today",
    "2026-06-01",
    "--format",
    "json",
    "--exit-zero",
];

// The allocator the `itsmlint` binary uses, so the engine is timed as users run it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus(docs: usize) -> Option<PathBuf> {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gen_corpus.py");
    if !generator.exists() {
        eprintln!("skipped: {} is absent", generator.display());
        return None;
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus-{docs}"));
    if !out.join("manifest.json").exists() {
        let status = Command::new("python3")
            .arg(&generator)
            .args(["--docs", &docs.to_string(), "--out"])
            .arg(&out)
            .status()
            .expect("run python3");
        assert!(status.success(), "gen_corpus.py failed");
    }
    Some(out)
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .map(ignore::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// The floor program, `benches/floor`, built (into `target/floor`, a no-op when it is up to
/// date) with the cargo and the flags this bench was built with: cargo runs a bench from the
/// package root, so the build reads the same `.cargo/config.toml` (loop alignment). Where it
/// cannot be built, this binary's `--floor` stands in, and the bench says so.
fn floor_program_exe() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--release", "--locked", "--quiet", "--manifest-path"])
        .arg(dir.join("benches/floor/Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target/floor"))
        .status();
    match built {
        Ok(status) if status.success() => dir.join("target/floor/release/itsmlint-floor"),
        other => {
            eprintln!(
                "note: benches/floor could not be built ({other:?}); this bench binary's own --floor stands in for the floor program"
            );
            std::env::current_exe().expect("this binary")
        }
    }
}

/// The floor as this binary runs it where `benches/floor` cannot be built: `--floor LIST`
/// reads and parses every file `LIST` names, one path a line, and prints the count of events.
fn floor_program(list: &Path) {
    let files: Vec<PathBuf> = std::fs::read_to_string(list)
        .expect("read the list")
        .lines()
        .map(PathBuf::from)
        .collect();
    println!("{}", floor(&files));
}

/// The floor program and `itsmlint check` on 1 thread, each as a fresh process, `runs` times
/// in turns; each job's wall-clock and CPU times.
fn process_times(runs: usize, root: &Path, files: &[PathBuf], floor_exe: &Path) -> [Timing; 2] {
    let list = root.with_extension("floor-list.txt");
    let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    std::fs::write(&list, text).expect("write the floor's list");
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/itsmlint");
    let timings = times_in_turns(
        runs,
        &mut [
            &mut || run_process(Command::new(floor_exe).arg("--floor").arg(&list)),
            &mut || {
                run_process(
                    Command::new(&cli)
                        .env("RAYON_NUM_THREADS", "1")
                        .args(CHECK_ARGS)
                        .arg(root),
                )
            },
        ],
    );
    let _ = std::fs::remove_file(&list);
    <[Timing; 2]>::try_from(timings).ok().expect("two jobs")
}

/// One run of `command` as a fresh process: its wall-clock time, and the CPU time its main
/// thread had (the only thread of both programs here), read from `/proc/PID/schedstat` once
/// it has exited and before it is reaped.
fn run_process(command: &mut Command) -> Sample {
    let start = Instant::now();
    let mut child = command.stdout(std::process::Stdio::null()).spawn().expect("run");
    let cpu = exited_cpu(&child);
    let wall = start.elapsed();
    let status = child.wait().expect("wait");
    assert!(status.code().is_some(), "{command:?} was killed");
    Sample { wall, cpu, count: 0 }
}

/// Waits for `child` to exit without reaping it, then reads its CPU time.
#[cfg(unix)]
fn exited_cpu(child: &std::process::Child) -> Option<Duration> {
    use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
    let pid = Pid::from_child(child);
    waitid(WaitId::Pid(pid), WaitIdOptions::EXITED | WaitIdOptions::NOWAIT).ok()?;
    schedstat_runtime(&format!("/proc/{}/schedstat", child.id()))
}

/// Elsewhere there is no `schedstat`: the wall-clock time alone.
#[cfg(not(unix))]
fn exited_cpu(_child: &std::process::Child) -> Option<Duration> {
    None
}

/// The floor: read each file and run pulldown-cmark over it, on one thread.
fn floor(files: &[PathBuf]) -> usize {
    let mut events = 0;
    for path in files {
        let text = std::fs::read_to_string(path).expect("read");
        events += pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES)
            .into_offset_iter()
            .count();
    }
    events
}

/// The report, as `itsmlint check` has it before rendering. The caller drops it after the
/// clock stops: the binary exits without freeing it.
fn lint(root: &Path) -> engine::Report {
    let (settings, walked) = discover::load_and_walk(root, &Overrides::default()).expect("settings");
    let inventory = discover::inventory(&settings, walked, &[root.to_path_buf()], false).expect("discover");
    engine::run(
        &settings,
        &inventory,
        jiff::civil::date(2026, 6, 1),
        engine::Keep::Findings,
    )
}

/// A job's times over the runs, in the order they ran.
#[derive(Clone)]
struct Times(Vec<Duration>);

/// One run of a job: its wall-clock time, the CPU time of the thread (or program) that did
/// the work where it is known, and the count of what it found.
struct Sample {
    wall: Duration,
    cpu: Option<Duration>,
    count: usize,
}

/// A job's runs: wall-clock times, CPU times (empty where the kernel does not keep them),
/// and the last run's count.
struct Timing {
    wall: Times,
    cpu: Times,
    count: usize,
}

impl Times {
    fn sorted(&self) -> Vec<Duration> {
        let mut t = self.0.clone();
        t.sort();
        t
    }

    fn median(&self) -> Duration {
        self.sorted()[self.0.len() / 2]
    }

    /// A slow spell of the machine only ever adds time, so the fastest run is the closest
    /// to what the work itself costs.
    fn fastest(&self) -> Duration {
        self.sorted()[0]
    }
}

/// `job` against `base`: the ratio of their medians, the median of the ratios of the runs
/// that came one after the other (a slow spell that lasts a round falls on both its runs),
/// and the ratio of their fastest runs.
fn ratios(job: &Times, base: &Times) -> String {
    if job.0.is_empty() || base.0.is_empty() {
        return "n/a".to_owned();
    }
    let of = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let mut paired: Vec<f64> = job.0.iter().zip(&base.0).map(|(&a, &b)| of(a, b)).collect();
    paired.sort_by(f64::total_cmp);
    format!(
        "{:.2}x / {:.2}x / {:.2}x",
        of(job.median(), base.median()),
        paired[paired.len() / 2],
        of(job.fastest(), base.fastest())
    )
}

/// Rounds of runs in turns: `ITSMLINT_BENCH_RUNS`, else 11 for a corpus small enough that a
/// run takes a tenth of a second, where a neighbour's burst on the shared machine is most of
/// a run, and 5 for a larger one.
fn runs_for(docs: usize) -> usize {
    std::env::var("ITSMLINT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(if docs <= 5000 { 11 } else { 5 })
}

/// Runs each job `runs` times, taking turns, so that a slow spell of the shared machine falls
/// on all of them alike; returns each job's times and its last count. A job times itself
/// (see [`timed`]).
fn times_in_turns(runs: usize, jobs: &mut [&mut dyn FnMut() -> Sample]) -> Vec<Timing> {
    let mut timings: Vec<Timing> = jobs
        .iter()
        .map(|_| Timing {
            wall: Times(Vec::with_capacity(runs)),
            cpu: Times(Vec::with_capacity(runs)),
            count: 0,
        })
        .collect();
    for _ in 0..runs {
        for (job, timing) in jobs.iter_mut().zip(&mut timings) {
            let sample = job();
            timing.wall.0.push(sample.wall);
            timing.cpu.0.extend(sample.cpu);
            timing.count = sample.count;
        }
    }
    for timing in &mut timings {
        // Ratios pair runs round by round: CPU times only count where every run has one.
        if timing.cpu.0.len() != runs {
            timing.cpu.0.clear();
        }
    }
    timings
}

/// The CPU time in the first field of a `schedstat` file (nanoseconds). With the kernel's
/// steal-time accounting (`CONFIG_PARAVIRT_TIME_ACCOUNTING`, on this VM's kernel) it leaves
/// out time the hypervisor gave the core to another machine, which wall-clock time counts.
fn schedstat_runtime(path: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(path).ok()?;
    let nanos = stat.split_whitespace().next()?.parse::<u64>().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// CPU time the calling thread has had.
fn thread_cpu() -> Option<Duration> {
    schedstat_runtime("/proc/thread-self/schedstat")
}

/// CPU time this process's threads have had, from `/proc/self/task/*/schedstat` (nanoseconds,
/// and with the kernel's steal-time accounting, not counting time the hypervisor gave the
/// core to another machine); `None` where the kernel does not keep it.
fn process_cpu() -> Option<Duration> {
    let mut total = Duration::ZERO;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        total += schedstat_runtime(task.ok()?.path().join("schedstat").to_str()?)?;
    }
    Some(total)
}

/// The machine's steal time so far, summed over its cores (`/proc/stat`, in clock ticks of
/// 10 ms): time a core of this VM was ready to run but the hypervisor ran another tenant.
fn steal_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    stat.lines().next()?.split_whitespace().nth(8)?.parse().ok()
}

/// What the all-cores job got of the machine, run by run: the cores its threads were on
/// (CPU time over wall time), and the steal ticks during it.
#[derive(Default)]
struct Share {
    cores: Vec<f64>,
    steal_ticks: u64,
}

impl Share {
    /// Times `job`, and records the cores and steal it had.
    fn measure(&mut self, job: impl FnOnce() -> Sample) -> Sample {
        let (cpu, steal) = (process_cpu(), steal_ticks());
        let sample = job();
        if let (Some(before), Some(after)) = (cpu, process_cpu()) {
            self.cores
                .push((after - before).as_secs_f64() / sample.wall.as_secs_f64());
        }
        if let (Some(before), Some(after)) = (steal, steal_ticks()) {
            self.steal_ticks += after.saturating_sub(before);
        }
        // Several threads did the work: no one thread's CPU time stands for it.
        Sample { cpu: None, ..sample }
    }

    /// "median / lowest" cores, and the steal in ms over all the runs.
    fn summary(&self) -> String {
        let mut cores = self.cores.clone();
        cores.sort_by(f64::total_cmp);
        match (cores.get(cores.len() / 2), cores.first()) {
            (Some(median), Some(lowest)) => {
                format!("{median:.2} / {lowest:.2}, steal {} ms", self.steal_ticks * 10)
            }
            _ => "n/a".to_owned(),
        }
    }
}

/// The wall-clock time `f` takes, the CPU time the calling thread has in it, and `count` of
/// its result, which is dropped after the clocks stop.
fn timed<T>(f: impl FnOnce() -> T, count: impl Fn(&T) -> usize) -> Sample {
    let cpu = thread_cpu();
    let start = Instant::now();
    let result = f();
    let wall = start.elapsed();
    let cpu = cpu.zip(thread_cpu()).map(|(before, after)| after - before);
    Sample {
        wall,
        cpu,
        count: count(&result),
    }
}

/// Peak RSS of the release binary checking `root`, through GNU time where it exists.
fn peak_rss_mib(root: &Path) -> Option<f64> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/itsmlint");
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(&bin)
        .args(CHECK_ARGS)
        .arg(root)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = stderr.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn markdownlint(root: &Path) -> Option<Duration> {
    let exe = std::env::var_os("ITSMLINT_BENCH_MARKDOWNLINT")?;
    // The same question for every file: are the required headings there (MD043), nothing else.
    let config = root.join(".markdownlint-cli2.jsonc");
    std::fs::write(
        &config,
        r##"{ "config": { "default": false, "MD043": { "headings": ["# *", "*"] } }, "globs": ["**/*.md"] }"##,
    )
    .ok()?;
    let start = Instant::now();
    let status = Command::new(exe).current_dir(root).output().ok()?;
    let took = start.elapsed();
    let _ = std::fs::remove_file(&config);
    status.status.code().map(|_| took)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, list] = args.as_slice()
        && flag == "--floor"
    {
        floor_program(Path::new(list));
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        println!("check bench: run with `cargo bench --bench check`");
        return;
    }
    let sizes: Vec<usize> = std::env::var("ITSMLINT_BENCH_DOCS")
        .unwrap_or_else(|_| "2000,20000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "| documents | MB | floor 1 thread | itsmlint 1 thread | itsmlint {cores} threads | docs/s ({cores} threads) | MB/s ({cores} threads) | 1-thread / floor: medians / per round / fastest | the same in CPU time | {cores} threads / floor: medians / per round / fastest | cores the {cores}-thread runs got: median / lowest | processes: floor program / `itsmlint check` 1 thread | processes: medians / per round / fastest | the same in CPU time | runs | peak RSS | markdownlint-cli2 MD043 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let floor_exe = floor_program_exe();
    for docs in sizes {
        let Some(root) = corpus(docs) else { return };
        let runs = runs_for(docs);
        let files = markdown_files(&root);
        let bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let mb = bytes as f64 / 1_000_000.0;
        let single = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let findings = |r: &engine::Report| r.findings.len();
        let mut share = Share::default();
        let timings = times_in_turns(
            runs,
            &mut [
                &mut || timed(|| floor(&files), |events| *events),
                // Timed on the pool's thread, whose CPU time is the run's.
                &mut || single.install(|| timed(|| lint(&root), findings)),
                &mut || share.measure(|| timed(|| lint(&root), findings)),
            ],
        );
        let [floor_time, one, all] = <[Timing; 3]>::try_from(timings).ok().expect("three jobs");
        let [floor_process, cli_process] = process_times(runs, &root, &files, &floor_exe);
        let rss = peak_rss_mib(&root).map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0} MiB"));
        let mdl =
            markdownlint(&root).map_or_else(|| "not run".to_owned(), |d| format!("{:.2} s", d.as_secs_f64()));
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {docs} | {mb:.1} | {} | {} | {} | {:.0} | {:.0} | {} | {} | {} | {} | {} / {} | {} | {} | {runs} | {rss} | {mdl} |",
            ms(floor_time.wall.median()),
            ms(one.wall.median()),
            ms(all.wall.median()),
            docs as f64 / all.wall.median().as_secs_f64(),
            mb / all.wall.median().as_secs_f64(),
            ratios(&one.wall, &floor_time.wall),
            ratios(&one.cpu, &floor_time.cpu),
            ratios(&all.wall, &floor_time.wall),
            share.summary(),
            ms(floor_process.wall.median()),
            ms(cli_process.wall.median()),
            ratios(&cli_process.wall, &floor_process.wall),
            ratios(&cli_process.cpu, &floor_process.cpu),
        );
        let findings = one.count;
        eprintln!("({docs} documents: {findings} findings)");
    }
}
