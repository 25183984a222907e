//! A compact serialised form of [`Hll`]: the precision, then the registers, or nothing when
//! every register is zero (a HyperLogLog that was never fed, e.g. while a column's distinct
//! values are still counted exactly).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Hll;

#[derive(Serialize, Deserialize)]
struct Repr<'a> {
    p: u8,
    #[serde(borrow)]
    regs: Option<&'a [u8]>,
}

impl Serialize for Hll {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Hll { p, regs } = self;
        let empty = regs.iter().all(|&r| r == 0);
        Repr { p: *p, regs: (!empty).then_some(&regs[..]) }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Hll {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let r = Repr::deserialize(d)?;
        if !(4..=18).contains(&r.p) {
            return Err(D::Error::custom("HyperLogLog precision out of range"));
        }
        let mut h = Hll::new(r.p);
        if let Some(regs) = r.regs {
            if regs.len() != h.regs.len() {
                return Err(D::Error::custom("HyperLogLog registers of the wrong size"));
            }
            h.regs.copy_from_slice(regs);
        }
        Ok(h)
    }
}

impl Hll {
    /// log2 of the number of registers.
    pub fn precision(&self) -> u8 {
        self.p
    }
}
