//! Mergeable moments: mean, variance, skewness and kurtosis of one column (and co-moments of
//! two), updated a batch at a time and merged with the parallel formulas (Chan et al. for the
//! second moments, Pébay 2008 for the third and fourth).
//!
//! Why batches: the per-value Welford/Terriberry update costs two divisions and ~30 flops per
//! value. A batch's moments about its own mean take a few flops per value in two tight,
//! vectorisable passes, and one merge per batch folds them in. Batches are cut by value count
//! (never by chunk), so results stay the same for any chunking, and merging the partial
//! results of byte ranges uses the same code.

/// Values per batch before the moments are updated.
pub const BATCH: usize = 256;

/// Chan's parallel formula for (count, mean, M2): `a` then `b` merged.
#[inline]
pub fn merge_mean_m2(a: (u64, f64, f64), b: (u64, f64, f64)) -> (u64, f64, f64) {
    if b.0 == 0 {
        return a;
    }
    if a.0 == 0 {
        return b;
    }
    let (na, nb) = (a.0 as f64, b.0 as f64);
    let n = na + nb;
    let d = b.1 - a.1;
    (a.0 + b.0, a.1 + d * nb / n, a.2 + b.2 + d * d * na * nb / n)
}

/// Count, mean, central moment sums m2..m4, and a compensated (Neumaier) sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
    pub m3: f64,
    pub m4: f64,
    sum: f64,
    sum_c: f64,
}

/// Neumaier's compensated addition of `x` to (`sum`, `c`).
#[inline]
fn neumaier(sum: &mut f64, c: &mut f64, x: f64) {
    let t = *sum + x;
    *c += if sum.abs() >= x.abs() { (*sum - t) + x } else { (x - t) + *sum };
    *sum = t;
}

impl Moments {
    /// One value (the slow path; [`Moments::push_batch`] is what the engine uses).
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.push_batch(&[x]);
    }

    /// The moments of `xs` about their own mean, merged in.
    pub fn push_batch(&mut self, xs: &[f64]) {
        if xs.is_empty() {
            return;
        }
        let n = xs.len() as f64;
        // Pairwise-ish: 4 lanes keep the sum accurate and let the compiler vectorise.
        let mut lanes = [0.0f64; 4];
        let mut chunks = xs.chunks_exact(4);
        for c in &mut chunks {
            for i in 0..4 {
                lanes[i] += c[i];
            }
        }
        let mut s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        for &x in chunks.remainder() {
            s += x;
        }
        let mean = s / n;
        let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
        let mut dsum = 0.0;
        for &x in xs {
            let d = x - mean;
            let d2 = d * d;
            dsum += d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        // Correct the mean for the rounding of the first pass (the corrected two-pass
        // algorithm): dsum is ~0 up to rounding.
        let mean = mean + dsum / n;
        let m2 = m2 - dsum * dsum / n;
        let mut b = Moments { n: xs.len() as u64, mean, m2, m3, m4, sum: 0.0, sum_c: 0.0 };
        for &x in xs {
            neumaier(&mut b.sum, &mut b.sum_c, x);
        }
        self.merge(&b);
    }

    /// Folds in the moments of other values (`other` comes after `self` in the file; the
    /// result does not depend on the order up to rounding).
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let (na, nb) = (self.n as f64, o.n as f64);
        let n = na + nb;
        let d = o.mean - self.mean;
        let d_n = d / n;
        let d2 = d * d;
        let m2 = self.m2 + o.m2 + d2 * na * nb / n;
        let m3 = self.m3 + o.m3 + d * d_n * d_n * na * nb * (na - nb) + 3.0 * d_n * (na * o.m2 - nb * self.m2);
        let m4 = self.m4
            + o.m4
            + d2 * d_n * d_n * na * nb * (na * na - na * nb + nb * nb) / n
            + 6.0 * d_n * d_n * (na * na * o.m2 + nb * nb * self.m2)
            + 4.0 * d_n * (na * o.m3 - nb * self.m3);
        self.mean += d * nb / n;
        self.m2 = m2;
        self.m3 = m3;
        self.m4 = m4;
        self.n += o.n;
        neumaier(&mut self.sum, &mut self.sum_c, o.sum);
        neumaier(&mut self.sum, &mut self.sum_c, o.sum_c);
    }

    pub fn sum(&self) -> f64 {
        self.sum + self.sum_c
    }

    /// Sample standard deviation; `None` below two values.
    pub fn std(&self) -> Option<f64> {
        (self.n > 1).then(|| (self.m2.max(0.0) / (self.n - 1) as f64).sqrt())
    }

    /// Adjusted Fisher-Pearson skewness (pandas' `skew`); `None` below three values or when
    /// all values are equal.
    pub fn skewness(&self) -> Option<f64> {
        let n = self.n as f64;
        if self.n < 3 || self.m2 <= 0.0 {
            return None;
        }
        let g1 = n.sqrt() * self.m3 / libm::pow(self.m2, 1.5);
        Some(g1 * (n * (n - 1.0)).sqrt() / (n - 2.0)).filter(|v| v.is_finite())
    }

    /// Bias-corrected excess kurtosis (pandas' `kurt`); `None` below four values or when all
    /// values are equal.
    pub fn kurtosis(&self) -> Option<f64> {
        let n = self.n as f64;
        if self.n < 4 || self.m2 <= 0.0 {
            return None;
        }
        let g2 = n * self.m4 / (self.m2 * self.m2) - 3.0;
        Some(((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))).filter(|v| v.is_finite())
    }
}

/// Co-moments of two columns over the rows where both are numbers: counts, means, m2 of each
/// and the co-moment sum (Pearson's r at the end).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoMoment {
    pub n: u64,
    pub mx: f64,
    pub my: f64,
    pub m2x: f64,
    pub m2y: f64,
    pub c: f64,
}

impl CoMoment {
    /// One pair (Welford).
    #[inline]
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mx;
        self.mx += dx / n;
        let dy = y - self.my;
        self.my += dy / n;
        self.m2x += dx * (x - self.mx);
        self.m2y += dy * (y - self.my);
        self.c += dx * (y - self.my);
    }

    /// The co-moments of `n` pairs from two-pass sums about provisional means `mx`, `my`:
    /// the sums of the deviations (`dxs`, `dys`, ~0 up to rounding), of their squares and of
    /// their products (the corrected two-pass algorithm).
    #[allow(clippy::too_many_arguments)]
    pub fn from_two_pass(n: u64, mx: f64, my: f64, dxs: f64, dys: f64, m2x: f64, m2y: f64, c: f64) -> CoMoment {
        let nf = n as f64;
        CoMoment {
            n,
            mx: mx + dxs / nf,
            my: my + dys / nf,
            m2x: (m2x - dxs * dxs / nf).max(0.0),
            m2y: (m2y - dys * dys / nf).max(0.0),
            c: c - dxs * dys / nf,
        }
    }

    /// Folds in the co-moments of other rows.
    pub fn merge(&mut self, o: &CoMoment) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let (na, nb) = (self.n as f64, o.n as f64);
        let n = na + nb;
        let (dx, dy) = (o.mx - self.mx, o.my - self.my);
        let f = na * nb / n;
        self.m2x += o.m2x + dx * dx * f;
        self.m2y += o.m2y + dy * dy * f;
        self.c += o.c + dx * dy * f;
        self.mx += dx * nb / n;
        self.my += dy * nb / n;
        self.n += o.n;
    }

    /// Pearson's r; `None` below two pairs or when either side is constant.
    pub fn r(&self) -> Option<f64> {
        let d = (self.m2x * self.m2y).sqrt();
        (self.n > 1 && d > 0.0).then(|| (self.c / d).clamp(-1.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::SplitMix64;

    fn exact(xs: &[f64]) -> (f64, f64, f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let m = |p: i32| xs.iter().map(|x| (x - mean).powi(p)).sum::<f64>();
        (mean, m(2), m(3), m(4))
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300) || (a - b).abs() < 1e-300
    }

    #[test]
    fn batches_and_merges_match_two_pass() {
        let mut r = SplitMix64(7);
        let xs: Vec<f64> = (0..10_000).map(|_| 1e6 + (r.normal() * 3.0).exp()).collect();
        let (mean, m2, m3, m4) = exact(&xs);
        for cut in [1usize, 3, 255, 256, 257, 4999, 10_000] {
            let mut a = Moments::default();
            for c in xs.chunks(cut) {
                a.push_batch(c);
            }
            assert!(close(a.mean, mean, 1e-14), "{cut}");
            assert!(close(a.m2, m2, 1e-10), "{cut} m2 {} {}", a.m2, m2);
            assert!(close(a.m3, m3, 1e-8), "{cut} m3 {} {}", a.m3, m3);
            assert!(close(a.m4, m4, 1e-8), "{cut} m4 {} {}", a.m4, m4);
            assert!(close(a.sum(), xs.iter().sum::<f64>(), 1e-13));
            // Split in two and merged.
            let (l, rr) = xs.split_at(cut.min(xs.len()));
            let (mut p, mut q) = (Moments::default(), Moments::default());
            p.push_batch(l);
            q.push_batch(rr);
            p.merge(&q);
            assert_eq!(p.n, xs.len() as u64);
            assert!(close(p.m4, m4, 1e-8) && close(p.m3, m3, 1e-8) && close(p.m2, m2, 1e-10));
        }
    }

    #[test]
    fn co_moments_merged_by_batches_match_welford() {
        let mut r = SplitMix64(9);
        let pairs: Vec<(f64, f64)> = (0..5000)
            .map(|_| {
                let x = 50.0 + r.normal();
                (x, 3.0 * x + r.normal())
            })
            .collect();
        let mut w = CoMoment::default();
        for &(x, y) in &pairs {
            w.push(x, y);
        }
        let mut merged = CoMoment::default();
        for batch in pairs.chunks(256) {
            let mut part = CoMoment::default();
            for &(x, y) in batch {
                part.push(x, y);
            }
            merged.merge(&part);
        }
        assert_eq!(merged.n, w.n);
        for (a, b) in [(merged.mx, w.mx), (merged.my, w.my), (merged.m2x, w.m2x), (merged.m2y, w.m2y), (merged.c, w.c)] {
            assert!(close(a, b, 1e-10), "{a} {b}");
        }
        assert!(close(merged.r().unwrap(), w.r().unwrap(), 1e-12));
    }
}

impl CoMoment {
    /// The same co-moments with x and y swapped.
    pub fn swapped(&self) -> CoMoment {
        let CoMoment { n, mx, my, m2x, m2y, c } = *self;
        CoMoment { n, mx: my, my: mx, m2x: m2y, m2y: m2x, c }
    }
}
