//! Random expression trees and a symbolic differentiator: the oracle of the random-tree
//! property tests (moved from properties.rs).
//!
//! * [`Expr`]: an expression in the variables `X(0)`, `X(1)`, `X(2)` with quickcheck's
//!   [`Arbitrary`] (random trees of depth 2 to 4, shrinking to operands);
//! * [`Scalar`]: `Float` plus sigmoid and softplus, implemented for `f64` and every `Dual`;
//! * [`eval`]: a tree on any [`Scalar`]; [`magnitude`]: its f64 value and rounding scale;
//! * [`d`]: the symbolic partial derivative, built with the constructors [`add`], [`sub`],
//!   [`mul`], [`div`], [`neg`] that drop structurally zero terms;
//! * [`matches_symbolic`]: a dual's tangent against a symbolic derivative (1e-9 of the
//!   magnitude);
//! * higher orders: [`d_along`] (the directional derivative `Σ v_i ∂e/∂x_i`), [`d_n`] and
//!   [`d_along_n`] (the rule applied `n` times), [`size`] (to skip trees that grow too
//!   large), and [`matches_symbolic_within`] (with a tolerance); [`Scalar`] is also
//!   implemented for every `Taylor`.

use dualnum::{Dual, Taylor};
use num_traits::Float;
use quickcheck::{Arbitrary, Gen};

/// The number of variables a tree can use.
pub const NVARS: usize = 3;

/// An expression in the variables `X(0)`, `X(1)`, `X(2)`.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    X(usize),
    Const(f64),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Exp(Box<Expr>),
    Ln(Box<Expr>),
    Sin(Box<Expr>),
    Cos(Box<Expr>),
    Tanh(Box<Expr>),
    Atan(Box<Expr>),
    Sqrt(Box<Expr>),
    Sigmoid(Box<Expr>),
    Softplus(Box<Expr>),
    Powi(Box<Expr>, i32),
}

pub use Expr::*;

impl Expr {
    pub fn random(g: &mut Gen, depth: u32) -> Expr {
        // The four binary operators twice as likely as each function.
        const KINDS: u8 = 21;
        // Leaves are variables two times in three.
        let kind = if depth == 0 {
            (u8::arbitrary(g) % 3).min(1) ^ 1
        } else {
            u8::arbitrary(g) % KINDS
        };
        let sub = |g: &mut Gen| Box::new(Expr::random(g, depth.saturating_sub(1)));
        match kind {
            0 => X(usize::from(u8::arbitrary(g)) % NVARS),
            // Multiples of 1/8 in [-3, 3]: readable when a failure is printed.
            1 => Const(f64::from(i8::arbitrary(g) % 25) / 8.0),
            2 | 17 => Add(sub(g), sub(g)),
            3 | 18 => Sub(sub(g), sub(g)),
            4 | 19 => Mul(sub(g), sub(g)),
            5 | 20 => Div(sub(g), sub(g)),
            6 => Neg(sub(g)),
            7 => Exp(sub(g)),
            8 => Ln(sub(g)),
            9 => Sin(sub(g)),
            10 => Cos(sub(g)),
            11 => Tanh(sub(g)),
            12 => Atan(sub(g)),
            13 => Sqrt(sub(g)),
            14 => Sigmoid(sub(g)),
            15 => Softplus(sub(g)),
            16 => Powi(sub(g), i32::from(i8::arbitrary(g) % 5)),
            _ => unreachable!(),
        }
    }

    /// The operand(s) of a node, and a function rebuilding the node from new operands.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            X(_) | Const(_) => vec![],
            Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b) => vec![a, b],
            Neg(a)
            | Exp(a)
            | Ln(a)
            | Sin(a)
            | Cos(a)
            | Tanh(a)
            | Atan(a)
            | Sqrt(a)
            | Sigmoid(a)
            | Softplus(a)
            | Powi(a, _) => vec![a],
        }
    }

    pub fn with_children(&self, c: &[Expr]) -> Expr {
        let b = |i: usize| Box::new(c[i].clone());
        match self {
            X(_) | Const(_) => self.clone(),
            Add(..) => Add(b(0), b(1)),
            Sub(..) => Sub(b(0), b(1)),
            Mul(..) => Mul(b(0), b(1)),
            Div(..) => Div(b(0), b(1)),
            Neg(_) => Neg(b(0)),
            Exp(_) => Exp(b(0)),
            Ln(_) => Ln(b(0)),
            Sin(_) => Sin(b(0)),
            Cos(_) => Cos(b(0)),
            Tanh(_) => Tanh(b(0)),
            Atan(_) => Atan(b(0)),
            Sqrt(_) => Sqrt(b(0)),
            Sigmoid(_) => Sigmoid(b(0)),
            Softplus(_) => Softplus(b(0)),
            Powi(_, n) => Powi(b(0), *n),
        }
    }
}

impl Arbitrary for Expr {
    fn arbitrary(g: &mut Gen) -> Expr {
        let depth = 2 + u32::from(u8::arbitrary(g) % 3);
        Expr::random(g, depth)
    }

    /// Shrinks to an operand, or to the node with one operand shrunk, or a leaf to `X(0)`.
    fn shrink(&self) -> Box<dyn Iterator<Item = Expr>> {
        let mut out: Vec<Expr> = self.children().into_iter().cloned().collect();
        let children: Vec<Expr> = out.clone();
        for (i, c) in children.iter().enumerate() {
            for smaller in c.shrink() {
                let mut cs = children.clone();
                cs[i] = smaller;
                out.push(self.with_children(&cs));
            }
        }
        match self {
            X(i) if *i != 0 => out.push(X(0)),
            Const(_) => out.push(X(0)),
            _ => {}
        }
        Box::new(out.into_iter())
    }
}

/// `Float` plus the two machine-learning functions of the notes, so one generic evaluator
/// serves `f64` (the symbolic side) and every dual type (through the crate's methods).
pub trait Scalar: Float {
    fn sigmoid(self) -> Self;
    fn softplus(self) -> Self;
}

impl Scalar for f64 {
    /// 1/(1 + e⁻ˣ), written as eˣ · 1/(1 + eˣ) for x < 0 so e⁻ˣ cannot overflow: the
    /// crate's operations in the crate's order, so that both sides of every comparison
    /// below see bit-identical primal values (a last-bit difference here could be
    /// amplified by what follows, e.g. cos(σ(x)⁻³)). The value itself is checked against
    /// 1/(1 + e⁻ˣ) in the unary table and in lecture_notes.rs; what is tested here is the
    /// derivative.
    fn sigmoid(self) -> f64 {
        if self >= 0.0 {
            1.0 / (1.0 + (-self).exp())
        } else {
            let e = self.exp();
            e * (1.0 + e).recip()
        }
    }

    /// ln(1 + eˣ), written as x + ln(1 + e⁻ˣ) for x > 0 so eˣ cannot overflow.
    fn softplus(self) -> f64 {
        if self > 0.0 {
            self + (-self).exp().ln_1p()
        } else {
            self.exp().ln_1p()
        }
    }
}

impl<T: dualnum::Real, const N: usize> Scalar for Dual<T, N> {
    fn sigmoid(self) -> Self {
        Dual::sigmoid(self)
    }

    fn softplus(self) -> Self {
        Dual::softplus(self)
    }
}

impl<T: dualnum::Real, const K: usize> Scalar for Taylor<T, K> {
    fn sigmoid(self) -> Self {
        Taylor::sigmoid(self)
    }

    fn softplus(self) -> Self {
        Taylor::softplus(self)
    }
}

/// A one-operand node applied to `a`.
pub fn unary<T: Scalar>(e: &Expr, a: T) -> T {
    match e {
        Neg(_) => -a,
        Exp(_) => a.exp(),
        Ln(_) => a.ln(),
        Sin(_) => a.sin(),
        Cos(_) => a.cos(),
        Tanh(_) => a.tanh(),
        Atan(_) => a.atan(),
        Sqrt(_) => a.sqrt(),
        Sigmoid(_) => a.sigmoid(),
        Softplus(_) => a.softplus(),
        Powi(_, n) => a.powi(*n),
        _ => unreachable!("not a one-operand node: {e:?}"),
    }
}

/// A two-operand node applied to `a` and `b`.
pub fn binary<T: Scalar>(e: &Expr, a: T, b: T) -> T {
    match e {
        Add(..) => a + b,
        Sub(..) => a - b,
        Mul(..) => a * b,
        Div(..) => a / b,
        _ => unreachable!("not a two-operand node: {e:?}"),
    }
}

/// Evaluates `e` on any `Scalar`, through the `Float` trait (as user code would).
pub fn eval<T: Scalar>(e: &Expr, x: &[T; NVARS]) -> T {
    match (e, e.children().as_slice()) {
        (X(i), _) => x[*i],
        (Const(c), _) => T::from(*c).unwrap(),
        (_, [a]) => unary(e, eval(a, x)),
        (_, [a, b]) => binary(e, eval(a, x), eval(b, x)),
        _ => unreachable!(),
    }
}

/// The value of `e` on f64 (exactly as `eval` computes it) and a magnitude bound for its
/// rounding: a difference counts as the sum of the magnitudes, a product as their product,
/// a quotient as the magnitude of the numerator over the value of the denominator, a
/// function of one operand as the size of its value. The dual and the symbolic
/// derivative evaluate the same primal subexpressions identically (the derivative's
/// function nodes only ever take primal operands), so they differ only by the rounding of
/// the derivative arithmetic: a small multiple of ε times this magnitude. If any
/// subexpression overflows (or is NaN) the magnitude is infinite: the comparison is
/// skipped, since a different but equivalent arrangement (the dual's) may not overflow.
pub fn magnitude(e: &Expr, x: &[f64; NVARS]) -> (f64, f64) {
    let operands: Vec<(f64, f64)> = e.children().iter().map(|c| magnitude(c, x)).collect();
    let (v, m) = match (e, operands.as_slice()) {
        (X(i), _) => (x[*i], x[*i].abs()),
        (Const(c), _) => (*c, c.abs()),
        (Neg(_), &[(va, ma)]) => (-va, ma),
        (_, &[(va, _)]) => {
            let v = unary(e, va);
            (v, v.abs())
        }
        (_, &[(va, ma), (vb, mb)]) => {
            let m = match e {
                Add(..) | Sub(..) => ma + mb,
                Mul(..) => ma * mb,
                _ => ma / vb.abs(),
            };
            (binary(e, va, vb), m)
        }
        _ => unreachable!(),
    };
    let overflowed = !v.is_finite() || operands.iter().any(|(_, m)| !m.is_finite());
    (v, if overflowed { f64::INFINITY } else { m })
}

// Constructors that drop structurally zero terms, as the dual drops zero tangents (a
// constant's derivative is exactly 0, and 0 · ∞ must not turn it into NaN).
pub fn add(a: Expr, b: Expr) -> Expr {
    match (a, b) {
        (Const(0.0), e) | (e, Const(0.0)) => e,
        (a, b) => Add(Box::new(a), Box::new(b)),
    }
}

pub fn sub(a: Expr, b: Expr) -> Expr {
    match (a, b) {
        (e, Const(0.0)) => e,
        (Const(0.0), e) => neg(e),
        (a, b) => Sub(Box::new(a), Box::new(b)),
    }
}

pub fn mul(a: Expr, b: Expr) -> Expr {
    match (a, b) {
        (Const(0.0), _) | (_, Const(0.0)) => Const(0.0),
        (Const(1.0), e) | (e, Const(1.0)) => e,
        (a, b) => Mul(Box::new(a), Box::new(b)),
    }
}

pub fn div(a: Expr, b: Expr) -> Expr {
    match a {
        Const(0.0) => Const(0.0),
        a => Div(Box::new(a), Box::new(b)),
    }
}

pub fn neg(a: Expr) -> Expr {
    match a {
        Const(0.0) => Const(0.0),
        a => Neg(Box::new(a)),
    }
}

pub fn boxed(e: &Expr) -> Box<Expr> {
    Box::new(e.clone())
}

/// ∂e/∂x_i by the textbook rules.
pub fn d(e: &Expr, i: usize) -> Expr {
    let c = Const;
    match e {
        X(j) => c(if *j == i { 1.0 } else { 0.0 }),
        Const(_) => c(0.0),
        Add(a, b) => add(d(a, i), d(b, i)),
        Sub(a, b) => sub(d(a, i), d(b, i)),
        // (ab)' = a'b + ab'
        Mul(a, b) => add(mul(d(a, i), (**b).clone()), mul((**a).clone(), d(b, i))),
        // (a/b)' = (a'b - ab')/b²
        Div(a, b) => div(
            sub(mul(d(a, i), (**b).clone()), mul((**a).clone(), d(b, i))),
            Powi(boxed(b), 2),
        ),
        Neg(a) => neg(d(a, i)),
        // (e^a)' = e^a a'
        Exp(a) => mul(Exp(boxed(a)), d(a, i)),
        // (ln a)' = a'/a
        Ln(a) => div(d(a, i), (**a).clone()),
        // (sin a)' = cos a · a'
        Sin(a) => mul(Cos(boxed(a)), d(a, i)),
        // (cos a)' = -sin a · a'
        Cos(a) => neg(mul(Sin(boxed(a)), d(a, i))),
        // (tanh a)' = (1 - tanh² a) a'
        Tanh(a) => mul(sub(c(1.0), Powi(Box::new(Tanh(boxed(a))), 2)), d(a, i)),
        // (atan a)' = a'/(1 + a²)
        Atan(a) => div(d(a, i), add(c(1.0), Powi(boxed(a), 2))),
        // (√a)' = a'/(2√a)
        Sqrt(a) => div(d(a, i), mul(c(2.0), Sqrt(boxed(a)))),
        // σ(a)' = σ(a)(1 - σ(a)) a'
        Sigmoid(a) => mul(
            mul(Sigmoid(boxed(a)), sub(c(1.0), Sigmoid(boxed(a)))),
            d(a, i),
        ),
        // softplus(a)' = σ(a) a'
        Softplus(a) => mul(Sigmoid(boxed(a)), d(a, i)),
        // (aⁿ)' = n aⁿ⁻¹ a'
        Powi(a, n) => {
            if *n == 0 {
                c(0.0)
            } else {
                mul(mul(c(f64::from(*n)), Powi(boxed(a), n - 1)), d(a, i))
            }
        }
    }
}

/// `got` against the symbolic derivative `de` at `x`: `Ok(false)` when there is nothing to
/// compare (something is not finite), `Ok(true)` when they agree to 1e-9 of the
/// magnitude of `de`, `Err` otherwise.
pub fn matches_symbolic(what: &str, got: f64, de: &Expr, x: &[f64; NVARS]) -> Result<bool, String> {
    let (expected, mag) = magnitude(de, x);
    if !(got.is_finite() && expected.is_finite() && mag.is_finite()) {
        return Ok(false);
    }
    if (got - expected).abs() <= 1e-9 * mag {
        Ok(true)
    } else {
        Err(format!(
            "{what} at x = {x:?}: dual {got:e}, symbolic {expected:e} (magnitude {mag:e})\n  derivative: {de:?}"
        ))
    }
}

// ----- second order (Dual2 and second partials) ---------------------------------------
// Kept apart from the first-order part above so that extensions to other orders merge
// cleanly.

impl<T: dualnum::Real, const N: usize, const P: usize> Scalar for dualnum::Dual2<T, N, P> {
    fn sigmoid(self) -> Self {
        dualnum::Dual2::sigmoid(self)
    }

    fn softplus(self) -> Self {
        dualnum::Dual2::softplus(self)
    }
}

/// ∂²e/∂x_i∂x_j: the symbolic differentiator applied twice, `d(d(e, i), j)` (its output is
/// an `Expr` again, so the textbook rules of [`d`] give the second partials too).
pub fn d2(e: &Expr, i: usize, j: usize) -> Expr {
    d(&d(e, i), j)
}

/// The number of nodes of `e`.
pub fn size(e: &Expr) -> usize {
    1 + e.children().iter().map(|c| size(c)).sum::<usize>()
}

/// The directional derivative `Σ_i v_i ∂e/∂x_i` (terms with `v_i = 0` left out).
pub fn d_along(e: &Expr, v: &[f64; NVARS]) -> Expr {
    let mut out = Const(0.0);
    for (i, &vi) in v.iter().enumerate() {
        if vi != 0.0 {
            out = add(out, mul(Const(vi), d(e, i)));
        }
    }
    out
}

/// `∂ⁿe/∂x_iⁿ`, the rule of [`d`] applied `n` times; `None` once the tree has more than
/// `max_size` nodes (higher derivatives of deep trees grow exponentially).
pub fn d_n(e: &Expr, i: usize, n: usize, max_size: usize) -> Option<Expr> {
    let mut out = e.clone();
    for _ in 0..n {
        out = d(&out, i);
        if size(&out) > max_size {
            return None;
        }
    }
    Some(out)
}

/// `dⁿ/dtⁿ e(x + t v)` at `t = 0` as an expression in `x`: [`d_along`] applied `n` times;
/// `None` beyond `max_size` nodes.
pub fn d_along_n(e: &Expr, v: &[f64; NVARS], n: usize, max_size: usize) -> Option<Expr> {
    let mut out = e.clone();
    for _ in 0..n {
        out = d_along(&out, v);
        if size(&out) > max_size {
            return None;
        }
    }
    Some(out)
}

/// As [`matches_symbolic`], with the tolerance `tol` relative to the magnitude.
pub fn matches_symbolic_within(
    what: &str,
    got: f64,
    de: &Expr,
    x: &[f64; NVARS],
    tol: f64,
) -> Result<bool, String> {
    let (expected, mag) = magnitude(de, x);
    if !(got.is_finite() && expected.is_finite() && mag.is_finite()) {
        return Ok(false);
    }
    if (got - expected).abs() <= tol * mag {
        Ok(true)
    } else {
        Err(format!(
            "{what} at x = {x:?}: got {got:e}, symbolic {expected:e} (magnitude {mag:e}, tolerance {tol:e})"
        ))
    }
}
