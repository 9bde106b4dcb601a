//! [`Special`] for `f64` and `f32`: the values of the `libm` crate (a port of musl's libm:
//! `erf`, `erfc`, `tgamma`, `lgamma`, `j0`, `j1`, `jn`, `y0`, `y1`, `yn` and their `f32`
//! forms), and the polygamma and spherical Bessel functions of `dual/special_kernels.rs`,
//! which `libm` lacks (evaluated in `f64` for `f32`, then rounded), and `lerp`, `midpoint`,
//! `hypot3` from the value functions `Dual` uses (`dual/special.rs`). No formula is
//! written here.

use crate::Special;
use crate::dual::special::{hypot3_parts, lerp_value, midpoint_value};
use crate::dual::special_kernels::{polygamma, spherical_bessel_j};

impl Special for f64 {
    #[inline]
    fn erf(self) -> Self {
        libm::erf(self)
    }
    #[inline]
    fn erfc(self) -> Self {
        libm::erfc(self)
    }
    #[inline]
    fn gamma(self) -> Self {
        libm::tgamma(self)
    }
    #[inline]
    fn ln_gamma(self) -> Self {
        libm::lgamma(self)
    }
    #[inline]
    fn polygamma(self, n: u32) -> Self {
        polygamma(n, self)
    }
    #[inline]
    fn bessel_j0(self) -> Self {
        libm::j0(self)
    }
    #[inline]
    fn bessel_j1(self) -> Self {
        libm::j1(self)
    }
    #[inline]
    fn bessel_jn(self, n: i32) -> Self {
        libm::jn(n, self)
    }
    #[inline]
    fn bessel_y0(self) -> Self {
        libm::y0(self)
    }
    #[inline]
    fn bessel_y1(self) -> Self {
        libm::y1(self)
    }
    #[inline]
    fn bessel_yn(self, n: i32) -> Self {
        libm::yn(n, self)
    }
    #[inline]
    fn spherical_jn(self, n: u32) -> Self {
        spherical_bessel_j(n, self)
    }
    #[inline]
    fn lerp(self, start: Self, end: Self) -> Self {
        lerp_value(self, start, end)
    }
    #[inline]
    fn midpoint(self, other: Self) -> Self {
        midpoint_value(self, other)
    }
    #[inline]
    fn hypot3(self, y: Self, z: Self) -> Self {
        hypot3_parts(self, y, z).0
    }
}

impl Special for f32 {
    #[inline]
    fn erf(self) -> Self {
        libm::erff(self)
    }
    #[inline]
    fn erfc(self) -> Self {
        libm::erfcf(self)
    }
    #[inline]
    fn gamma(self) -> Self {
        libm::tgammaf(self)
    }
    #[inline]
    fn ln_gamma(self) -> Self {
        libm::lgammaf(self)
    }
    #[inline]
    fn polygamma(self, n: u32) -> Self {
        polygamma(n, f64::from(self)) as f32
    }
    #[inline]
    fn bessel_j0(self) -> Self {
        libm::j0f(self)
    }
    #[inline]
    fn bessel_j1(self) -> Self {
        libm::j1f(self)
    }
    #[inline]
    fn bessel_jn(self, n: i32) -> Self {
        libm::jnf(n, self)
    }
    #[inline]
    fn bessel_y0(self) -> Self {
        libm::y0f(self)
    }
    #[inline]
    fn bessel_y1(self) -> Self {
        libm::y1f(self)
    }
    #[inline]
    fn bessel_yn(self, n: i32) -> Self {
        libm::ynf(n, self)
    }
    #[inline]
    fn spherical_jn(self, n: u32) -> Self {
        spherical_bessel_j(n, f64::from(self)) as f32
    }
    #[inline]
    fn lerp(self, start: Self, end: Self) -> Self {
        lerp_value(self, start, end)
    }
    #[inline]
    fn midpoint(self, other: Self) -> Self {
        midpoint_value(self, other)
    }
    #[inline]
    fn hypot3(self, y: Self, z: Self) -> Self {
        hypot3_parts(self, y, z).0
    }
}
