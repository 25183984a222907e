//! HyperLogLog distinct counter over 64-bit hashes, with Otmar Ertl's improved estimator
//! ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs no
//! empirical bias tables and is accurate from 0 to far beyond 2^32. Registers are allocated
//! once; updates never allocate. Merging is a register-wise max.

#[derive(Clone, Debug)]
pub struct Hll {
    p: u8,
    regs: Box<[u8]>,
}

impl Hll {
    /// 2^p registers of one byte (p in 4..=18). Relative standard error ≈ 1.04 / sqrt(2^p).
    pub fn new(p: u8) -> Self {
        assert!((4..=18).contains(&p));
        Hll { p, regs: vec![0; 1 << p].into_boxed_slice() }
    }

    #[inline]
    pub fn push(&mut self, hash: u64) {
        let idx = (hash >> (64 - self.p)) as usize;
        let w = (hash << self.p) | (1u64 << (self.p - 1)); // guard bit bounds the rank
        let rank = w.leading_zeros() as u8 + 1;
        let r = &mut self.regs[idx];
        if rank > *r {
            *r = rank;
        }
    }

    pub fn merge(&mut self, other: &Hll) {
        assert_eq!(self.p, other.p);
        for (a, b) in self.regs.iter_mut().zip(other.regs.iter()) {
            *a = (*a).max(*b);
        }
    }

    /// Relative standard error of the estimate.
    pub fn rel_error(&self) -> f64 {
        1.04 / ((1u64 << self.p) as f64).sqrt()
    }

    pub fn estimate(&self) -> f64 {
        let m = (1u64 << self.p) as f64;
        let q = 64 - self.p as usize;
        let mut c = vec![0u32; q + 2];
        for &r in self.regs.iter() {
            c[r as usize] += 1;
        }
        let mut z = m * tau(1.0 - c[q + 1] as f64 / m);
        for k in (1..=q).rev() {
            z = 0.5 * (z + c[k] as f64);
        }
        z += m * sigma(c[0] as f64 / m);
        let alpha_inf = 1.0 / (2.0 * std::f64::consts::LN_2);
        alpha_inf * m * m / z
    }
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let z_old = z;
        z += x * y;
        y += y;
        if z == z_old {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = x.sqrt();
        let z_old = z;
        y *= 0.5;
        z -= (1.0 - x).powi(2) * y;
        if z == z_old {
            return z / 3.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::hash_u64;

    #[test]
    fn accurate_across_the_range() {
        for (n, tol) in [(0u64, 0.0f64), (1, 0.01), (100, 0.02), (10_000, 0.02), (50_000, 0.02), (1_000_000, 0.02)] {
            let mut h = Hll::new(16);
            for i in 0..n {
                h.push(hash_u64(i));
                h.push(hash_u64(i)); // repeats change nothing
            }
            let e = h.estimate();
            let err = if n == 0 { e } else { (e - n as f64).abs() / n as f64 };
            assert!(err <= tol.max(1e-9), "n {n}: estimate {e}");
        }
    }

    #[test]
    fn merge_is_the_union() {
        let (mut a, mut b, mut all) = (Hll::new(12), Hll::new(12), Hll::new(12));
        for i in 0..20_000u64 {
            let h = hash_u64(i);
            if i % 3 == 0 { a.push(h) } else { b.push(h) }
            all.push(h);
        }
        a.merge(&b);
        assert_eq!(a.estimate(), all.estimate());
    }
}

// Serialisation and merging for parallel mining (see `crate::parallel`).
mod merge;
