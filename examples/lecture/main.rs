//! The worked examples of the lecture notes (`shared/lecture-notes.md`), computed by
//! `dualnum`: `cargo run --example lecture`.

mod matrix;
mod vector;

fn main() {
    vector::run();
    matrix::run();
}
