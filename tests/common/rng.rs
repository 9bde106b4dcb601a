//! The one pseudo-random generator of the tests: SplitMix64, reproducible without a
//! dependency, so every randomized case is reproducible from its seed.

use nalgebra::{DMatrix, SMatrix};

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[-1, 1)`.
    pub fn uniform(&mut self) -> f64 {
        self.unit() * 2.0 - 1.0
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `n` numbers uniform in `[lo, hi)`.
    pub fn vec(&mut self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        (0..n).map(|_| self.range(lo, hi)).collect()
    }

    /// An `R x C` matrix of numbers uniform in `[lo, hi)`, filled in storage order.
    pub fn smatrix<const R: usize, const C: usize>(
        &mut self,
        lo: f64,
        hi: f64,
    ) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|_, _| self.range(lo, hi))
    }

    /// An `r x c` matrix of numbers uniform in `[lo, hi)`, filled in storage order.
    pub fn dmatrix(&mut self, r: usize, c: usize, lo: f64, hi: f64) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |_, _| self.range(lo, hi))
    }
}
