//! Fits the 27 NIST StRD nonlinear regression problems from both starting points with the
//! `levenberg-marquardt` crate, its Jacobians computed by dualnum, and, for comparison, by
//! finite differences; prints a Markdown table of log relative errors (LRE: the number of
//! significant digits that agree with NIST's certified values).
//!
//! ```sh
//! cargo run --release --example nist                     # data in tests/data/nist
//! cargo run --release --example nist -- path/to/folder   # or any folder of .dat files
//! cargo run --release --example nist -- --solver-numeric # also the solver's own
//!                                                        # differentiate_numerically (slow)
//! ```
//!
//! The parser and models are in `problems.rs`, the solver glue in `fit.rs`; `tests/nist.rs`
//! includes both and checks every fit against a stated minimum LRE.

mod fit;
mod problems;

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use fit::{Fit, JacobianMethod};
use problems::Problem;

const USAGE: &str = "usage: nist [FOLDER] [--solver-numeric]\n  \
    FOLDER            a folder of NIST StRD .dat files (default: tests/data/nist in the crate)\n  \
    --solver-numeric  also fit with levenberg_marquardt::differentiate_numerically Jacobians (slow)";

fn main() -> ExitCode {
    let mut dir = None;
    let mut solver_numeric = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--solver-numeric" => solver_numeric = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') => {
                eprintln!("error: unknown option {flag:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            extra => {
                eprintln!("error: more than one folder given ({extra:?})\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let dir = dir.unwrap_or_else(problems::default_dir);
    let problems = match problems::load_dir(&dir) {
        Ok(problems) => problems,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut methods = JacobianMethod::TABLE.to_vec();
    if solver_numeric {
        methods.push(JacobianMethod::SolverNumeric);
    }
    let started = Instant::now();
    // results[problem][start][method]; None where the Jacobian code panicked
    let results: Vec<[Vec<Option<Fit>>; 2]> = problems
        .iter()
        .map(|p| [0, 1].map(|start| methods.iter().map(|&m| run(p, start, m)).collect()))
        .collect();
    let elapsed = started.elapsed();

    print_table(&problems, &methods, &results);
    print_summary(&methods, &results);
    print_unconverged(&problems, &methods, &results);
    print_models(&problems);
    println!(
        "\n{} fits in {:.2} s, from {}",
        results.len() * 2 * methods.len(),
        elapsed.as_secs_f64(),
        dir.display()
    );
    ExitCode::SUCCESS
}

/// One fit. The solver's `differentiate_numerically` can panic (it sorts its difference
/// quotients with `partial_cmp(..).unwrap()`, which fails on a NaN quotient); that is caught
/// and reported as a failed fit, with a one-line message instead of a backtrace.
fn run(problem: &Problem, start: usize, method: JacobianMethod) -> Option<Fit> {
    if method != JacobianMethod::SolverNumeric {
        return Some(fit::fit(problem, start, method));
    }
    let default_hook = panic::take_hook();
    let name = problem.name.clone();
    panic::set_hook(Box::new(move |info| {
        eprintln!(
            "note: {name}, start {}: the solver's differentiate_numerically panicked: {info}",
            start + 1
        );
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(|| fit::fit(problem, start, method)));
    panic::set_hook(default_hook);
    result.ok()
}

fn print_table(
    problems: &[Problem],
    methods: &[JacobianMethod],
    results: &[[Vec<Option<Fit>>; 2]],
) {
    println!("Columns per Jacobian method:");
    for m in methods {
        println!("- {}: {}", m.tag(), m.label());
    }
    println!(
        "- b: the smallest LRE over the parameters; RSS: the LRE of the residual sum of squares;\n  \
         jac/res: Jacobians / residual vectors the solver asked for\n"
    );
    print!("| problem | difficulty | start |");
    for m in methods {
        print!(" {0} b | {0} RSS | {0} jac/res |", m.tag());
    }
    print!("\n|---|---|---:|");
    for _ in methods {
        print!("---:|---:|---:|");
    }
    println!();
    for (p, by_start) in problems.iter().zip(results) {
        for (start, fits) in by_start.iter().enumerate() {
            print!("| {} | {} | {} |", p.name, p.difficulty, start + 1);
            for f in fits {
                match f {
                    Some(f) => print!(
                        " {:.1} | {:.1} | {}/{} |",
                        f.lre_params, f.lre_rss, f.jacobians, f.evaluations
                    ),
                    None => print!(" panic | panic | - |"),
                }
            }
            println!();
        }
    }
}

fn print_summary(methods: &[JacobianMethod], results: &[[Vec<Option<Fit>>; 2]]) {
    let fits = results.len() * 2;
    println!(
        "\nMinimum LRE over the parameters, {fits} fits:\n\n\
         | Jacobian | LRE >= 4 | LRE >= 6 | LRE >= 8 | mean LRE | Jacobians | residual vectors |\n\
         |---|---:|---:|---:|---:|---:|---:|"
    );
    for (k, m) in methods.iter().enumerate() {
        let column: Vec<Option<&Fit>> = results
            .iter()
            .flat_map(|by_start| by_start.iter().map(move |fits| fits[k].as_ref()))
            .collect();
        let lre = |f: &Option<&Fit>| f.map_or(0.0, |f| f.lre_params);
        let at_least = |d: f64| column.iter().filter(|f| lre(f) >= d).count();
        let mean = column.iter().map(lre).sum::<f64>() / column.len() as f64;
        let jacobians: usize = column.iter().flatten().map(|f| f.jacobians).sum();
        let evaluations: usize = column.iter().flatten().map(|f| f.evaluations).sum();
        println!(
            "| {} | {} | {} | {} | {:.2} | {jacobians} | {evaluations} |",
            m.label(),
            at_least(4.0),
            at_least(6.0),
            at_least(8.0),
            mean
        );
    }
}

fn print_unconverged(
    problems: &[Problem],
    methods: &[JacobianMethod],
    results: &[[Vec<Option<Fit>>; 2]],
) {
    let mut header = false;
    for (p, by_start) in problems.iter().zip(results) {
        for (start, fits) in by_start.iter().enumerate() {
            for (m, f) in methods.iter().zip(fits) {
                let reason = match f {
                    Some(f) if f.converged => continue,
                    Some(f) => f.termination.as_str(),
                    None => "panicked",
                };
                if !header {
                    println!("\nFits that did not stop on a convergence test:\n");
                    header = true;
                }
                println!("- {} start {}, {}: {reason}", p.name, start + 1, m.label());
            }
        }
    }
}

fn print_models(problems: &[Problem]) {
    println!(
        "\nThe problems, with their models as the files state them:\n\n\
         | problem | observations | parameters | model |\n|---|---:|---:|---|"
    );
    for p in problems {
        println!(
            "| {} | {} | {} | `{}` |",
            p.name,
            p.n_obs(),
            p.n_params(),
            p.model_text
        );
    }
}
