//! The worked examples of the lecture notes (`shared/lecture-notes.md`), each computed by
//! `dualnum` beside the value of the notes' own formula (as corrected by the errata):
//! `cargo run --example lecture`. Each part of the notes is a module whose `run()` prints
//! its sections.

mod matrix;
mod scalar;
mod vector;

fn main() {
    scalar::run();
    vector::run();
    matrix::run();
}
