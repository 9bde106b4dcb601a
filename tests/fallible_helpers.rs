//! The fallible and structured helpers (`try_derivative`, `try_gradient`, `try_jacobian`,
//! `try_partials`, `derivative_of`, `partials`, `try_derivative_with`,
//! `try_gradient_with`, `try_jacobian_chunked`): an `Err` or `None` from the user's function comes back untouched
//! and nothing panics (also at NaN and infinite inputs); a success gives bit for bit what
//! the plain helpers give; tuples, arrays, `Vec`s and matrices of duals come back in their
//! shape, checked against hand-written derivatives; extra arguments arrive as constants of
//! the right dual type, nested ones included.

mod common;

use common::grids::HELPER_SPECIALS;
use common::tolerance::close;
use dualnum::{
    Dual, JacobianError, TryJacobianError, derivative, derivative_of, gradient, jacobian,
    jacobian_chunked, partials, try_derivative, try_derivative_with, try_gradient,
    try_gradient_with, try_jacobian, try_jacobian_chunked, try_partials,
};
use nalgebra::{DVector, Matrix2, Vector2, Vector3};

/// A user error that is neither `Copy` nor `Clone`: it must be moved through untouched.
#[derive(Debug, PartialEq)]
struct DomainError {
    what: String,
    at: f64,
}

fn checked_ln(x: Dual<f64, 1>) -> Result<Dual<f64, 1>, DomainError> {
    if x.re > 0.0 {
        Ok(x.ln())
    } else {
        Err(DomainError {
            what: "ln of a non-positive number".into(),
            at: x.re,
        })
    }
}

#[test]
fn errors_and_none_pass_through_untouched() {
    let e = try_derivative(checked_ln, -2.0).unwrap_err();
    assert_eq!(
        e,
        DomainError {
            what: "ln of a non-positive number".into(),
            at: -2.0
        }
    );
    assert_eq!(try_derivative(|x| (x.re < 0.0).then(|| x * x), 1.0), None);
    let g = try_gradient(
        |x: &Vector2<Dual<f64, 2>>| -> Result<_, &str> {
            if x[0].re == 0.0 {
                Err("x0 = 0")
            } else {
                Ok(x[1] / x[0])
            }
        },
        &Vector2::new(0.0, 1.0),
    );
    assert_eq!(g, Err("x0 = 0"));
    let j = try_jacobian(
        |_: &Vector2<Dual<f64, 2>>| None::<Vector3<Dual<f64, 2>>>,
        &Vector2::new(1.0, 2.0),
    );
    assert!(j.is_none());
    let p = try_partials(
        |_: &Vector2<Dual<f64, 2>>| Err::<(Dual<f64, 2>, Dual<f64, 2>), _>(7_u8),
        &Vector2::new(1.0, 2.0),
    );
    assert_eq!(p, Err(7));
    let w = try_derivative_with(
        |_, a: Dual<f64, 1>| if a.re > 0.0 { Err(a.re) } else { Ok(a) },
        1.0,
        &3.0,
    );
    assert_eq!(w, Err(3.0));
    let wg: Option<_> = try_gradient_with(
        |_: &Vector2<Dual<f64, 2>>, _: [Dual<f64, 2>; 2]| None,
        &Vector2::new(1.0, 1.0),
        &[1.0, 2.0],
    );
    assert!(wg.is_none());
}

/// At every special input (NaN, ±∞, ±0, huge, subnormal) a function that refuses
/// non-finite input returns its error through each helper, and one that accepts it
/// returns a value: no panic either way.
#[test]
fn nothing_panics_at_special_inputs() {
    let mut outcomes = [0_usize; 2];
    for &x in HELPER_SPECIALS.iter() {
        let refuse = |v: Dual<f64, 1>| {
            if v.re.is_finite() {
                Ok(v.sqrt())
            } else {
                Err(v.re.to_bits())
            }
        };
        match try_derivative(refuse, x) {
            Ok(_) => outcomes[0] += 1,
            Err(bits) => {
                assert_eq!(bits, x.to_bits());
                outcomes[1] += 1;
            }
        }
        let xv = Vector2::new(x, 1.0);
        let r = try_gradient(
            |v: &Vector2<Dual<f64, 2>>| v[0].re.is_finite().then(|| v[0] * v[1]),
            &xv,
        );
        assert_eq!(r.is_some(), x.is_finite());
        let r = try_jacobian(
            |v: &Vector2<Dual<f64, 2>>| Ok::<_, ()>(Vector2::new(v[0].ln(), v[1])),
            &xv,
        );
        assert!(r.is_ok());
        let r = try_partials(
            |v: &Vector2<Dual<f64, 2>>| Some(vec![v[0].exp(), v[0] / v[1]]),
            &xv,
        );
        assert!(r.is_some());
    }
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "both paths were taken: {outcomes:?}"
    );
}

/// A success gives exactly what the plain helpers give.
#[test]
fn successes_match_the_plain_helpers_bit_for_bit() {
    for x in [0.3_f64, 1.0, 2.5, 17.0] {
        let (v, d) = derivative(|t| t.ln() * t.sin(), x);
        let (tv, td) = try_derivative(|t| Some(t.ln() * t.sin()), x).unwrap();
        assert_eq!((v.to_bits(), d.to_bits()), (tv.to_bits(), td.to_bits()));
        let (ov, od) = derivative_of(|t| t.ln() * t.sin(), x);
        assert_eq!((v.to_bits(), d.to_bits()), (ov.to_bits(), od.to_bits()));
        let xv = Vector3::new(x, 0.5 * x, 2.0);
        let f = |p: &Vector3<Dual<f64, 3>>| p[0] * p[1].exp() - p[2].powi(3) * p[0];
        let (gv, g) = gradient(f, &xv);
        let (tgv, tg) = try_gradient(|p| Ok::<_, ()>(f(p)), &xv).unwrap();
        assert_eq!((gv, g), (tgv, tg));
        let h = |p: &Vector3<Dual<f64, 3>>| Vector2::new(p[0] * p[1], p[2].sin() / p[0]);
        let (jv, jm) = jacobian(h, &xv);
        let (tjv, tjm) = try_jacobian(|p| Some(h(p)), &xv).unwrap();
        assert_eq!((jv, jm), (tjv, tjm));
        let (pv, pp) = partials(f, &xv);
        assert_eq!(pv, gv);
        assert_eq!(pp, [g[0], g[1], g[2]]);
    }
}

#[test]
fn structured_outputs_keep_their_shape() {
    let x = 0.7_f64;
    // a tuple of a dual, an array and a Vec
    let (v, d) = derivative_of(|t| (t * t, [t.sin(), t.cos()], vec![t.exp(), 3.0 * t]), x);
    assert_eq!(v.0, x * x);
    assert_eq!(d.0, 2.0 * x);
    assert_eq!(d.1, [x.cos(), -x.sin()]);
    assert_eq!(d.2, vec![x.exp(), 3.0]);
    // a nalgebra matrix and a dynamic vector
    let (_, dm) = derivative_of(|t| Matrix2::new(t, t * t, t.sin(), Dual::constant(1.0)), x);
    assert_eq!(dm, Matrix2::new(1.0, 2.0 * x, x.cos(), 0.0));
    let (_, dv) = derivative_of(|t| DVector::from_vec(vec![t.sqrt(), t.recip()]), x);
    assert_eq!(dv.len(), 2);
    assert!(close(dv[0], 0.5 / x.sqrt(), 1e-15, 0.0) && close(dv[1], -1.0 / (x * x), 1e-15, 0.0));
    // four-tuples and nested tuples, several inputs
    let (v, p) = partials(
        |q: &Vector2<Dual<f64, 2>>| (q[0], q[1], (q[0] * q[1], [q[0] - q[1]]), q[0] / q[1]),
        &Vector2::new(3.0, 2.0),
    );
    assert_eq!(v, (3.0, 2.0, (6.0, [1.0]), 1.5));
    assert_eq!(p[0], (1.0, 0.0, (2.0, [1.0]), 0.5));
    assert_eq!(p[1], (0.0, 1.0, (3.0, [-1.0]), -0.75));
    // the fallible form of the same
    let r: Result<_, String> = try_derivative(|t| Ok((t * t, vec![t, -t])), x);
    assert_eq!(r, Ok(((x * x, vec![x, -x]), (2.0 * x, vec![1.0, -1.0]))));
}

#[test]
fn extra_arguments_become_constants_of_the_right_type() {
    // scalars, arrays, Vec, SVector, DVector, tuples
    let r = try_derivative_with(
        |x, (a, w, v): (Dual<f64, 1>, [Dual<f64, 1>; 2], Vec<Dual<f64, 1>>)| {
            Some(a * x + w[0] * w[1] * x * x + v[0])
        },
        2.0,
        &(3.0, [0.5, 4.0], vec![10.0]),
    );
    // 3x + 2x² + 10 at 2: 24, derivative 3 + 4x = 11
    assert_eq!(r, Some((24.0, 11.0)));
    let (v, g) = try_gradient_with(
        |x, (w, s): (Vector2<Dual<f64, 2>>, DVector<Dual<f64, 2>>)| Ok::<_, ()>(w.dot(x) * s[0]),
        &Vector2::new(1.0, 2.0),
        &(Vector2::new(3.0, 5.0), DVector::from_vec(vec![2.0])),
    )
    .unwrap();
    assert_eq!((v, g[0], g[1]), (26.0, 6.0, 10.0));
    // the constants really have zero tangents: df/da is not leaked into the derivative
    let r = try_derivative_with(|x, a: Dual<f64, 1>| Ok::<_, ()>(a * a * x), 1.0, &5.0);
    assert_eq!(r, Ok((25.0, 25.0)));
    // f32
    let r = try_derivative_with(|x, a: Dual<f32, 1>| Some(a * x * x), 3.0_f32, &2.0_f32);
    assert_eq!(r, Some((18.0, 12.0)));
    // nested duals: the argument is a dual of the inner level, lifted to a constant of the
    // outer one. d/dx (a x²) with a carrying its own tangent da = 1: the inner tangent of
    // the derivative is ∂²/∂a∂x (a x²) = 2x
    let a = Dual::<f64, 1>::new(3.0, [1.0]);
    let x = Dual::<f64, 1>::constant(2.0);
    let (v, d) = try_derivative_with(|t, a: Dual<Dual<f64, 1>, 1>| Some(a * t * t), x, &a).unwrap();
    assert_eq!((v.re, v.eps[0]), (12.0, 4.0));
    assert_eq!((d.re, d.eps[0]), (12.0, 4.0));
}

/// The chunked fallible Jacobian: equal to `jacobian_chunked` on success (bit for bit), the
/// user's error with the pass it happened in on failure (later passes do not run), a
/// changing output length reported, and no panic at special inputs.
#[test]
fn chunked_try_jacobian() {
    // Broyden-like tridiagonal map, n = 7, chunks of 3 (three passes)
    let f = |x: &DVector<Dual<f64, 3>>| {
        let n = x.len();
        DVector::from_fn(n, |i, _| {
            let left = if i > 0 { x[i - 1] } else { Dual::constant(0.0) };
            let right = if i + 1 < n {
                x[i + 1]
            } else {
                Dual::constant(0.0)
            };
            (3.0 - 2.0 * x[i]) * x[i] - left - 2.0 * right + 1.0
        })
    };
    let x = DVector::from_fn(7, |i, _| 0.1 * i as f64 - 0.3);
    let (v, j) = jacobian_chunked(f, &x).unwrap();
    let (tv, tj) = try_jacobian_chunked(|x| Ok::<_, ()>(f(x)), &x).unwrap();
    assert_eq!((v, j), (tv, tj));
    // an error in the second pass: columns 3.., and no third pass
    let mut passes = 0;
    let failing = |x: &DVector<Dual<f64, 3>>| {
        passes += 1;
        if x[3].eps[0] == 1.0 {
            Err(DomainError {
                what: "second pass".into(),
                at: x[3].re,
            })
        } else {
            Ok(f(x))
        }
    };
    let e = try_jacobian_chunked(failing, &x).unwrap_err();
    assert_eq!(
        e,
        TryJacobianError::Function {
            error: DomainError {
                what: "second pass".into(),
                at: x[3]
            },
            start: 3
        }
    );
    assert_eq!(passes, 2);
    // Option through ok_or
    let none = try_jacobian_chunked(
        |x: &DVector<Dual<f64, 2>>| None::<DVector<_>>.ok_or(x.len()),
        &x,
    );
    assert_eq!(none, Err(TryJacobianError::Function { error: 7, start: 0 }));
    // an output length that changes between passes
    let mut calls = 0;
    let changing = |x: &DVector<Dual<f64, 3>>| {
        calls += 1;
        Ok::<_, ()>(DVector::from_element(calls, x[0]))
    };
    assert_eq!(
        try_jacobian_chunked(changing, &x),
        Err(TryJacobianError::Jacobian(
            JacobianError::OutputLengthChanged { first: 1, now: 2 }
        ))
    );
    // no inputs: one pass, the value only
    let (v0, j0) = try_jacobian_chunked(
        |_: &DVector<Dual<f64, 2>>| Ok::<_, ()>(DVector::from_element(2, Dual::constant(5.0))),
        &DVector::from_vec(vec![]),
    )
    .unwrap();
    assert_eq!((v0.len(), j0.shape()), (2, (2, 0)));
    // special inputs: no panic, the error passes through where the function refuses them
    for &s in HELPER_SPECIALS.iter() {
        let xs = DVector::from_vec(vec![s, 1.0, 2.0]);
        let r = try_jacobian_chunked(
            |x: &DVector<Dual<f64, 2>>| {
                if x[0].re.is_finite() {
                    Ok(x.map(|v| v.exp()))
                } else {
                    Err(x[0].re.to_bits())
                }
            },
            &xs,
        );
        assert_eq!(r.is_ok(), s.is_finite());
    }
    assert!(e_display_mentions_pass());
}

fn e_display_mentions_pass() -> bool {
    let e: TryJacobianError<&str> = TryJacobianError::Function {
        error: "boom",
        start: 4,
    };
    e.to_string().contains("column 4") && e.to_string().contains("boom")
}
