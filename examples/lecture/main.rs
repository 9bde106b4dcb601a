//! The worked examples of the lecture notes (`shared/lecture-notes.md`), each computed by
//! dualnum beside the value of the notes' own formula (as corrected by the errata).
//!
//! Run with `cargo run --example lecture`. Each part of the notes is a module with a
//! `run()` that prints its sections.

mod scalar;
mod vector;

fn main() {
    scalar::run();
    vector::run();
}
