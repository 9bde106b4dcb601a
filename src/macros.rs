//! Crate-internal macros. Declared before every module (`#[macro_use]` in `lib.rs`), so
//! each is visible in every file below; each says what it generates.
//!
//! - `with_float_const_names!`: the list of `FloatConst` constants, for a callback;
//! - `with_unary_function_names!`: THE table of one-argument elementary functions, by
//!   kind, from which the `Float`, `ComplexField` and tracer impls are generated;
//! - `forward_unary!`: trait methods that forward to the inherent function of the same
//!   name (where its formula is written);
//! - `float_constants_and_queries!`: the `Float` constants and queries shared by every
//!   number type of the crate.

/// Calls the macro `$m` with the names of every `num_traits::FloatConst` constant, so each
/// number type that implements `FloatConst` lists them once, here.
macro_rules! with_float_const_names {
    ($m:ident) => {
        $m!(
            E,
            FRAC_1_PI,
            FRAC_1_SQRT_2,
            FRAC_2_PI,
            FRAC_2_SQRT_PI,
            FRAC_PI_2,
            FRAC_PI_3,
            FRAC_PI_4,
            FRAC_PI_6,
            FRAC_PI_8,
            LN_10,
            LN_2,
            LOG10_E,
            LOG2_E,
            PI,
            SQRT_2,
            TAU,
            LOG10_2,
            LOG2_10
        );
    };
}

/// THE table of one-argument elementary functions, by kind; calls `$m!($args ...)` with
/// the table appended:
/// `differentiable [...] degrees [...] constant [...]`.
///
/// - `differentiable`: a derivative that is not identically zero (for a tracer: the
///   result keeps the argument's dependencies); each is an inherent `Dual` method whose
///   doc gives its formula;
/// - `degrees`: `to_degrees` and `to_radians` (in `Float`, not in `ComplexField`);
/// - `constant`: piecewise constant, zero derivative (for a tracer: no dependency).
///
/// Adding a one-argument function to the crate is one inherent method plus one name here.
macro_rules! with_unary_function_names {
    ($m:ident!($($args:tt)*)) => {
        $m!($($args)*
            differentiable [
                fract, abs, recip, sqrt, cbrt, exp, exp2, exp_m1, ln, ln_1p, log2, log10, sin,
                cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
            ]
            degrees [to_degrees, to_radians]
            constant [floor, ceil, round, trunc, signum]
        );
    };
}

/// Trait methods `fn name(self) -> Self { Ty::name(self) }` forwarding to the inherent
/// method of the same name, where the derivative is written. Used with
/// `with_unary_function_names!`: `all to Ty;` generates every function of the table
/// (the `Float` methods), `without_degrees to Ty;` all but the degree conversions (the
/// `ComplexField` methods).
macro_rules! forward_unary {
    (all to $ty:ident; differentiable [$($d:ident),*] degrees [$($g:ident),*]
        constant [$($c:ident),*]) => {
        forward_unary!(@emit $ty; $($d,)* $($g,)* $($c),*);
    };
    (without_degrees to $ty:ident; differentiable [$($d:ident),*] degrees [$($g:ident),*]
        constant [$($c:ident),*]) => {
        forward_unary!(@emit $ty; $($d,)* $($c),*);
    };
    (@emit $ty:ident; $($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> Self {
            $ty::$name(self)
        }
    )*};
}

/// The `num_traits::Float` methods that every number type of this crate answers the same
/// way: the constants (`nan`, `epsilon`, ...) as `Self::constant` of the inner type's, and
/// the queries (`is_nan`, `is_sign_negative`, ...) from `self.value()`. Used inside
/// `impl Float` blocks, with the inner (value) type as the argument.
macro_rules! float_constants_and_queries {
    ($inner:ty) => {
        float_constants_and_queries!(@constants $inner;
            nan, infinity, neg_infinity, neg_zero, min_value, min_positive_value, epsilon,
            max_value);
        float_constants_and_queries!(@queries
            is_nan, is_infinite, is_finite, is_normal, is_subnormal, is_sign_positive,
            is_sign_negative);
    };
    (@constants $inner:ty; $($name:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Self::constant(<$inner as num_traits::Float>::$name())
        }
    )*};
    (@queries $($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> bool {
            self.value().$name()
        }
    )*};
}

/// Trait methods that forward to an inherent method of `$ty`, where the formula is
/// written: each `fn name(self, arg: Ty, ...) -> Ret => target;` generates
/// `#[inline] fn name(self, arg: Ty, ...) -> Ret { $ty::target(self, arg, ...) }`;
/// without `=> target` the inherent method has the trait method's name.
macro_rules! forward_methods {
    ($ty:ident; $(fn $name:ident(self $(, $arg:ident: $argty:ty)*) -> $ret:ty $(=> $target:ident)?;)*) => {$(
        #[inline]
        fn $name(self $(, $arg: $argty)*) -> $ret {
            forward_methods!(@target $ty, $name $(, $target)?)(self $(, $arg)*)
        }
    )*};
    (@target $ty:ident, $name:ident) => {
        $ty::$name
    };
    (@target $ty:ident, $name:ident, $target:ident) => {
        $ty::$target
    };
}
