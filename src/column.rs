//! Per-column accumulators: one pass, constant memory per column, the same result for any
//! chunking (values arrive in file order whatever the chunk boundaries).

use crate::format::csv::Field;
use crate::infer::{self, Classified, ColumnFormat, Form, FormView, Nulls, Settled, Type, Value, evidence};
use crate::block::BLOCK_ROWS;
use crate::profile::{ColumnProfile, Finding, Histogram, LengthStats, Quantiles, Scalar, Severity, TypeCounts};
use crate::budget::Budget;
use crate::block::ColumnIn;
use crate::sketch::{Digest, Frequencies, SketchParams, hash_bytes, tag};
pub use crate::moments::Moments;
use crate::moments::BATCH;

/// Hash of a typed value: numbers by value (an integral float equals the integer), others by
/// kind and value, text by bytes.
#[inline]
fn value_hash(v: &Value, raw: &[u8]) -> u64 {
    use crate::sketch::mix;
    // Distinct odd multipliers keep the kinds apart; mix() spreads the bits.
    match *v {
        Value::Int(i) => mix((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 1),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => mix((f as i64 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 1),
        Value::Float(f) => mix(f.to_bits().wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ 2),
        Value::Bool(b) => mix(b as u64 ^ 3),
        Value::Date(d) => mix(((d as i64 * MS_PER_DAY) as u64).wrapping_mul(0x1656_67B1_9E37_79F9) ^ 4),
        Value::DateTime(ms) => mix((ms as u64).wrapping_mul(0x1656_67B1_9E37_79F9) ^ 4),
        Value::Time(ms) => mix((ms as u64).wrapping_mul(0x1656_67B1_9E37_79F9) ^ 5),
        _ => hash_bytes(raw),
    }
}

/// `v` without surrounding ASCII whitespace (most values have none: two comparisons).
#[inline]
fn trim_blanks(v: &[u8]) -> &[u8] {
    match (v.first(), v.last()) {
        (Some(&a), Some(&b)) if a > b' ' && b > b' ' => v,
        _ => v.trim_ascii(),
    }
}

/// Value hashes of a null and of a NaN token (for duplicate rows).
const NULL_HASH: u64 = 0x6E75_6C6C_6E75_6C6C;
const NAN_HASH: u64 = 0x4E61_4E4E_614E_4E61;

/// Example line numbers kept per finding.
pub const EXAMPLE_LINES: usize = 10;

/// A count plus the first few line numbers where something happened.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Examples {
    pub count: u64,
    lines: [u64; EXAMPLE_LINES],
}

impl Examples {
    #[inline]
    pub fn add(&mut self, line: u64) {
        if (self.count as usize) < EXAMPLE_LINES {
            self.lines[self.count as usize] = line;
        }
        self.count += 1;
    }

    pub fn lines(&self) -> Vec<u64> {
        self.lines[..(self.count as usize).min(EXAMPLE_LINES)].to_vec()
    }
}

/// Byte-wise minimum and maximum of byte strings, each kept to a bounded prefix.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
struct BytesMinMax {
    min: Vec<u8>,
    max: Vec<u8>,
    /// The first 8 bytes of min and max as big-endian integers (zero-padded): most values
    /// fall strictly between them, which one integer comparison each tells.
    min8: u64,
    max8: u64,
    seen: bool,
}

/// The first 8 bytes of `v` as a big-endian integer, zero-padded: `prefix8(a) < prefix8(b)`
/// implies `a < b` byte-wise.
#[inline]
fn prefix8(v: &[u8]) -> u64 {
    if let Some(b) = v.first_chunk::<8>() {
        return u64::from_be_bytes(*b);
    }
    // Shorter: two overlapping loads put each byte at its place (overlaps OR equal bytes).
    let n = v.len();
    if n >= 4 {
        let hi = u32::from_be_bytes([v[0], v[1], v[2], v[3]]) as u64;
        let lo = u32::from_be_bytes([v[n - 4], v[n - 3], v[n - 2], v[n - 1]]) as u64;
        (hi << 32) | (lo << (64 - 8 * n))
    } else if n > 0 {
        let at = |i: usize| (v[i] as u64) << (56 - 8 * i);
        at(0) | at(n / 2) | at(n - 1)
    } else {
        0
    }
}

impl BytesMinMax {
    #[inline]
    fn push(&mut self, v: &[u8], cap: usize) {
        let v = &v[..v.len().min(cap)];
        let p = prefix8(v);
        // Strictly between min and max, or equal to either when both fit in 8 bytes: nothing
        // changes (equal 8-byte prefixes and equal lengths up to 8 mean equal values).
        let above_min = p > self.min8 || (p == self.min8 && v.len() <= 8 && v.len() == self.min.len());
        let below_max = p < self.max8 || (p == self.max8 && v.len() <= 8 && v.len() == self.max.len());
        if self.seen && above_min && below_max {
            return;
        }
        self.push_slow(v, cap);
    }

    #[cold]
    fn push_slow(&mut self, v: &[u8], cap: usize) {
        let v = &v[..v.len().min(cap)];
        if !self.seen {
            self.seen = true;
            self.min.extend_from_slice(v);
            self.max.extend_from_slice(v);
        } else if v < self.min.as_slice() {
            self.min.clear();
            self.min.extend_from_slice(v);
        } else if v > self.max.as_slice() {
            self.max.clear();
            self.max.extend_from_slice(v);
        }
        self.min8 = prefix8(&self.min);
        self.max8 = prefix8(&self.max);
    }
}

#[derive(Clone, Copy, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
struct LenAcc {
    min: u64,
    max: u64,
    sum: u64,
    n: u64,
}

impl Default for LenAcc {
    fn default() -> Self {
        LenAcc { min: u64::MAX, max: 0, sum: 0, n: 0 }
    }
}

impl LenAcc {
    #[inline]
    fn push(&mut self, len: u64) {
        self.min = self.min.min(len);
        self.max = self.max.max(len);
        self.sum = self.sum.saturating_add(len);
        self.n += 1;
    }

    fn merge(&mut self, o: &LenAcc) {
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.sum = self.sum.saturating_add(o.sum);
        self.n += o.n;
    }

    fn stats(&self) -> LengthStats {
        if self.n == 0 {
            return LengthStats::default();
        }
        LengthStats {
            min: Some(self.min),
            max: Some(self.max),
            mean: Some(self.sum as f64 / self.n as f64),
            quantiles: None,
            quantiles_exact: true,
        }
    }
}

/// Everything one column accumulates.
#[derive(Clone, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ColumnAcc {
    nulls: u64,
    /// `nan`-like tokens: floats if the column ends numeric, nulls otherwise.
    nan_tokens: u64,
    nan_len: LenAcc,
    types: [u64; 7],
    type_lines: [Examples; 7],
    /// Finite numbers (integers and floats), in batches of [`BATCH`] (allocated on the first
    /// number): moments, min/max, zeros, negatives and quantiles are updated a batch at a time.
    nums: Vec<f64>,
    moments: Moments,
    fmin: f64,
    fmax: f64,
    imin: i64,
    imax: i64,
    non_finite: u64,
    zeros: u64,
    negatives: u64,
    trues: u64,
    /// Dates and datetimes in milliseconds since the epoch.
    tmin: i64,
    tmax: i64,
    text: BytesMinMax,
    len: LenAcc,
    /// Quantiles of finite numbers, of dates/datetimes (in days), and of lengths.
    num_digest: Digest,
    time_digest: Digest,
    len_digest: Digest,
    freq: Frequencies,
    /// First distinct values seen (prefixes), with their hashes.
    examples: Vec<(u64, Box<[u8]>)>,
    value_prefix: usize,
    /// Values longer than what min/max (`max_value_bytes`) or the sketches (the value prefix)
    /// keep of them: shown as a prefix, and reported.
    long_values: Examples,
    /// The smallest and largest finite numbers, and dates/datetimes (in days), with their lines.
    num_ext: Extremes,
    time_ext: Extremes,
    /// Dates and datetimes in file order: whether they are sorted.
    time_order: time::Order,
    /// Times of day (milliseconds since midnight): the smallest and largest.
    clock_min: i32,
    clock_max: i32,
    /// The column's conventions, from the head (the same in every part).
    fmt: ColumnFormat,
    /// How the values are written: each form with its count and first lines (at most
    /// [`FORMS`]; values of further forms are counted in `forms_other`).
    forms: Vec<(Form, Examples)>,
    forms_other: Examples,
    /// The index in `forms` of the last form seen (most values repeat it).
    #[serde(skip)]
    last_form: usize,
    /// What the values said about the day/month order and the decimal mark, by
    /// [`infer::evidence`] constant (`DAY_FIRST` to `POINT`; slot 0 unused), with first lines.
    evidence: [Examples; 6],
    /// Boolean words of each pair of [`infer::BOOL_WORDS`], read as booleans or not.
    bool_words: [u64; 5],
    /// Digit strings kept as text: with a leading zero, and with more than 15 significant
    /// digits.
    zero_padded: Examples,
    long_digits: Examples,
    /// What the string values mean (`crate::infer::semantic`): allocated on the first value of
    /// a semantic kind.
    semantic: Option<Box<Semantic>>,
}

/// A column's values by semantic kind, and the first lines of those that are personal data.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Semantic {
    counts: [u64; 15],
    personal: Examples,
}

/// Share of a column's non-null values one semantic kind needs to be its `semantic` type.
pub const SEMANTIC_SHARE: f64 = 0.9;

/// Most heap a column's forms and semantic counts take besides [`ColumnAcc`] itself: at most
/// [`FORMS`] forms with their lines, and the semantic counts once a value has a kind.
pub const fn written_bytes_bound() -> u64 {
    (FORMS * std::mem::size_of::<(Form, Examples)>() + std::mem::size_of::<Semantic>()) as u64
}

/// Distinct forms a column keeps apart ([`ColumnAcc::forms`]).
pub const FORMS: usize = 16;

/// The statistics a column demotes one by one, in the order ties are broken.
pub const STATISTICS: [&str; 4] = ["distinct and top values", "quantiles", "date quantiles", "length quantiles"];

/// Example values kept per column.
pub const EXAMPLES: usize = 5;

/// Most frequent values reported per column.
pub const TOP_VALUES: usize = 10;

impl ColumnAcc {
    pub fn new(params: SketchParams) -> Self {
        ColumnAcc {
            nulls: 0,
            nan_tokens: 0,
            nan_len: LenAcc::default(),
            types: [0; 7],
            type_lines: Default::default(),
            nums: Vec::new(),
            moments: Moments::default(),
            fmin: f64::INFINITY,
            fmax: f64::NEG_INFINITY,
            imin: i64::MAX,
            imax: i64::MIN,
            non_finite: 0,
            zeros: 0,
            negatives: 0,
            trues: 0,
            tmin: i64::MAX,
            tmax: i64::MIN,
            text: BytesMinMax::default(),
            len: LenAcc::default(),
            num_digest: Digest::new(params.kll_k),
            time_digest: Digest::new(params.kll_k),
            len_digest: Digest::new(params.kll_k),
            freq: Frequencies::new(params),
            examples: Vec::new(),
            value_prefix: params.value_prefix,
            long_values: Examples::default(),
            num_ext: Extremes::new(params.extremes),
            time_ext: Extremes::new(params.extremes),
            time_order: time::Order::default(),
            clock_min: i32::MAX,
            clock_max: i32::MIN,
            fmt: ColumnFormat::default(),
            forms: Vec::new(),
            forms_other: Examples::default(),
            last_form: 0,
            evidence: Default::default(),
            bool_words: [0; 5],
            zero_padded: Examples::default(),
            long_digits: Examples::default(),
            semantic: None,
        }
    }

    /// Sets the column's conventions (before any value).
    pub fn set_format(&mut self, fmt: ColumnFormat) {
        self.fmt = fmt;
    }

    /// What this column's values have said about its conventions so far: the head's decision
    /// for every part (`crate::miner::partial::Head`). Forced options win.
    pub fn decide_format(&self, forced_day_first: Option<bool>, forced_decimal_comma: Option<bool>) -> ColumnFormat {
        let n = |e: u8| self.evidence[e as usize].count;
        let day_first = forced_day_first.or_else(|| {
            let (d, m) = (n(evidence::DAY_FIRST), n(evidence::MONTH_FIRST));
            (d + m > 0).then_some(d > m)
        });
        // Plain decimals count for a decimal point, but for those a thousands dot also reads (`1.234`).
        let plain_points: u64 = self.forms.iter().filter(|(f, _)| matches!(f.view(), FormView::Number(nf) if nf.is_plain() && nf.decimal == b'.' && !nf.maybe_grouped)).map(|(_, e)| e.count).sum();
        let decimal_comma = forced_decimal_comma.or_else(|| {
            let (c, p) = (n(evidence::COMMA), n(evidence::POINT) + plain_points);
            (c + p > 0).then_some(c > p)
        });
        // A pair besides true/false: the one spelled most, when at least half the values are
        // its words.
        let non_null: u64 = self.types.iter().sum();
        let (best, words) = (1..5).map(|p| (p as u8, self.bool_words[p])).max_by_key(|&(p, w)| (w, std::cmp::Reverse(p))).unwrap();
        let bools = if words > 0 && 2 * words >= non_null { best } else { 0 };
        let semantic_off = self.types[Type::String.index()] >= infer::SEMANTIC_EVIDENCE && self.semantic.is_none();
        ColumnFormat { day_first, decimal_comma, bools, order_forced: forced_day_first.is_some(), semantic_off }
    }
}

const MS_PER_DAY: i64 = 86_400_000;

/// A column's exact table past this many bytes (more than a core's cache holds) gets the
/// slots of a block's values fetched before they are probed.
const PREFETCH_ABOVE: u64 = 256 << 10;

/// Share of non-null values a non-string type family needs to be the column's type when
/// other values do not fit it (those are reported as `mixed_types`).
pub const DOMINANT_TYPE_SHARE: f64 = 0.95;

impl ColumnAcc {
    /// A field missing from a short row: counted as a null.
    #[inline]
    pub fn push_missing(&mut self) {
        self.nulls += 1;
    }

    /// The parser this column's next values try first (see [`infer::classify_settled`]).
    fn settled(&self) -> Settled {
        let [b, i, f, d, dt, st, tm] = self.types;
        if i + f > 0 && b + d + dt + st + tm == 0 {
            Settled::Number
        } else if d + dt > 0 && b + i + f + st + tm == 0 {
            Settled::Temporal
        } else {
            Settled::Any
        }
    }

    /// This column's fields in a block's complete rows, in file order: each value's finite
    /// number and hash go to `col.numbers` and `col.hashes`.
    ///
    /// Three passes over the column's vector: every value is classified (with the settled
    /// type's parser first) and hashed once; while the column's exact table is larger than a
    /// cache, the slots of the block's values are fetched ahead of use; then each value goes
    /// into the column's statistics.
    ///
    /// `typed` is scratch space for the classified values: at least [`BLOCK_ROWS`] slots.
    pub fn push_block(&mut self, col: ColumnIn<'_>, typed: &mut [(Value, u64)], nulls: &Nulls, max_value_bytes: usize, budget: &mut Budget) {
        let ColumnIn { spans, arena, lines, numbers, hashes } = col;
        let n = spans.len();
        debug_assert!(n <= BLOCK_ROWS);
        let typed = &mut typed[..n];
        let settled = self.settled();
        let fmt = self.fmt;
        const STR: Classified = Classified { value: Value::Str, form: Form::NONE };
        for ((t, &s), &line) in typed.iter_mut().zip(spans).zip(lines) {
            if s.is_missing() {
                *t = (Value::Null, 0);
                continue;
            }
            let f = s.field(arena);
            // A truncated field is a string: its kept prefix cannot say otherwise.
            let c = if f.truncated() { STR } else { infer::classify_settled(f.bytes, settled, &fmt, nulls) };
            // How the value is written, and what it says of the column's conventions.
            if c.form != Form::NONE {
                self.add_form(c.form, line);
            }
            let h = if matches!(c.value, Value::Null | Value::NanToken) { 0 } else { value_hash(&c.value, f.bytes) };
            *t = (c.value, h);
        }
        if self.freq.exact_bytes() > PREFETCH_ABOVE {
            for (&(v, h), &s) in typed.iter().zip(spans) {
                if !s.is_missing() && !matches!(v, Value::Null | Value::NanToken) {
                    self.freq.prefetch(h);
                }
            }
        }
        for (r, &s) in spans.iter().enumerate() {
            if s.is_missing() {
                self.nulls += 1;
                continue;
            }
            let (v, h) = typed[r];
            let (x, h) = self.push_typed(s.field(arena), v, h, lines[r], max_value_bytes, budget);
            numbers[r] = x.unwrap_or(f64::NAN);
            hashes[r] = h;
        }
    }

    /// A value's form and evidence ([`Form::written`], [`Form::evidence`]).
    #[inline]
    fn add_form(&mut self, form: Form, line: u64) {
        if form.evidence() != evidence::NONE {
            self.add_evidence(form.evidence(), line);
            if form.written() == Form::NONE {
                return;
            }
        }
        let form = form.written();
        if let Some((f, ex)) = self.forms.get_mut(self.last_form) {
            if *f == form {
                ex.add(line);
                return;
            }
        }
        self.add_form_slow(form, line);
    }

    #[cold]
    fn add_form_slow(&mut self, form: Form, line: u64) {
        match self.forms.iter().position(|(f, _)| *f == form) {
            Some(i) => {
                self.forms[i].1.add(line);
                self.last_form = i;
            }
            None if self.forms.len() < FORMS => {
                let mut ex = Examples::default();
                ex.add(line);
                self.forms.push((form, ex));
                self.last_form = self.forms.len() - 1;
            }
            None => self.forms_other.add(line),
        }
    }

    #[cold]
    fn add_evidence(&mut self, e: u8, line: u64) {
        if e >= evidence::WORD {
            self.bool_words[(e - evidence::WORD) as usize] += 1;
        } else {
            self.evidence[e as usize].add(line);
        }
    }

    /// One field of this column, found on physical line `line`, classified as `v`, with value
    /// hash `h`.
    ///
    /// Returns the field's finite numeric value (for correlations) and its hash in a row's
    /// identity (for duplicate rows: equal values, e.g. `1` and `1.0` or two null tokens, hash
    /// equal).
    #[inline]
    fn push_typed(&mut self, field: Field<'_>, v: Value, h: u64, line: u64, max_value_bytes: usize, budget: &mut Budget) -> (Option<f64>, u64) {
        let (ty, tag, val) = match v {
            Value::Null => {
                self.nulls += 1;
                return (None, NULL_HASH);
            }
            Value::NanToken => {
                self.nan_tokens += 1;
                self.nan_len.push(field.len);
                return (None, NAN_HASH);
            }
            Value::Bool(b) => {
                self.trues += b as u64;
                (Type::Boolean, tag::NONE, 0.0)
            }
            Value::Int(i) => {
                self.imin = self.imin.min(i);
                self.imax = self.imax.max(i);
                // E.164 phone numbers read as integers: `+15551234567`.
                if field.bytes.first() == Some(&b'+') && !self.fmt.semantic_off {
                    let k = infer::semantic::kinds(trim_blanks(field.bytes));
                    if k != 0 {
                        self.add_semantic(k, line);
                    }
                }
                (Type::Integer, tag::NUMBER, i as f64)
            }
            Value::Float(f) if f.is_finite() => (Type::Float, tag::NUMBER, f),
            Value::Float(_) => {
                self.non_finite += 1;
                (Type::Float, tag::NONE, 0.0)
            }
            Value::Date(d) => {
                self.time_range(d as i64 * MS_PER_DAY);
                (Type::Date, tag::TIME, d as f64)
            }
            Value::DateTime(ms) => {
                self.time_range(ms);
                (Type::Datetime, tag::TIME, ms as f64 / MS_PER_DAY as f64)
            }
            Value::Time(ms) => {
                self.clock_min = self.clock_min.min(ms);
                self.clock_max = self.clock_max.max(ms);
                (Type::Time, tag::TIME, ms as f64 / MS_PER_DAY as f64)
            }
            Value::Str => {
                if field.bytes.first().is_some_and(u8::is_ascii_digit) {
                    self.digits_as_text(field.bytes, line);
                }
                if !self.fmt.semantic_off {
                    let k = infer::semantic::kinds(trim_blanks(field.bytes));
                    if k != 0 {
                        self.add_semantic(k, line);
                    }
                }
                (Type::String, tag::LENGTH, field.len as f64)
            }
        };
        // While the exact table holds this value, it also holds its number for the quantiles:
        // the quantile digests take values only once it is demoted.
        if self.freq.push(h, field.bytes, tag, val, budget) {
            self.freq_demoted(budget);
        }
        let covered = self.freq.is_exact();
        match tag {
            tag::NUMBER => {
                self.num_ext.push(val, line);
                self.number(val, budget)
            }
            tag::TIME => {
                self.time_ext.push(val, line);
                self.time_order.push(val, line);
                if !covered {
                    self.time_digest.push(val, budget);
                }
            }
            // Length quantiles are reported for string columns: their values are strings.
            tag::LENGTH if !covered => self.len_digest.push(val, budget),
            _ => {}
        }
        if self.examples.len() < EXAMPLES && !self.examples.iter().any(|(k, _)| *k == h) {
            self.examples.push((h, field.bytes[..field.bytes.len().min(self.value_prefix)].into()));
        }
        let t = ty.index();
        self.types[t] += 1;
        if self.types[t] <= EXAMPLE_LINES as u64 {
            self.type_lines[t].add(line);
        }
        if field.len > self.value_prefix.min(max_value_bytes) as u64 {
            self.long_values.add(line);
        }
        self.text.push(field.bytes, max_value_bytes);
        self.len.push(field.len);
        let row_h = if field.truncated() { h ^ field.len.wrapping_mul(0xA24B_AED4_963E_E407) } else { h };
        (Self::numeric(&v), row_h)
    }

    /// A value of the semantic kinds in bit set `k`.
    #[inline]
    fn add_semantic(&mut self, k: u16, line: u64) {
        let s = self.semantic.get_or_insert_with(Default::default);
        let mut bits = k;
        while bits != 0 {
            s.counts[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        if k & infer::semantic::PERSONAL != 0 {
            s.personal.add(line);
        }
    }

    /// The column's semantic kind and its share of the non-null values, when at least
    /// [`SEMANTIC_SHARE`].
    fn semantic_kind(&self, count: u64) -> Option<(infer::semantic::Kind, f64)> {
        let s = self.semantic.as_ref()?;
        // Most values first; ties in the order of Kind::ALL.
        let (i, n) = s.counts.iter().enumerate().max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
        let share = *n as f64 / count.max(1) as f64;
        (count > 0 && share >= SEMANTIC_SHARE).then(|| (infer::semantic::Kind::ALL[i], share))
    }

    /// A string of digits: an identifier with a leading zero or too many digits for a number.
    #[cold]
    fn digits_as_text(&mut self, bytes: &[u8], line: u64) {
        let t = bytes.trim_ascii_end();
        if infer::identifier_digits(t) {
            if t[0] == b'0' {
                self.zero_padded.add(line);
            } else {
                self.long_digits.add(line);
            }
        }
    }

    #[inline]
    fn number(&mut self, x: f64, budget: &mut Budget) {
        if self.nums.len() == self.nums.capacity() {
            if self.nums.capacity() == 0 {
                self.nums.reserve_exact(BATCH);
            } else {
                self.flush_numbers(budget);
            }
        }
        self.nums.push(x);
    }

    /// Folds the batch of numbers into the statistics.
    fn flush_numbers(&mut self, budget: &mut Budget) {
        let to_digest = !self.freq.is_exact();
        self.fold_numbers(to_digest, budget);
    }

    /// Folds the batch of numbers into the statistics (into the quantile digest too when
    /// `to_digest`: when the exact table does not hold them).
    #[cold]
    fn fold_numbers(&mut self, to_digest: bool, budget: &mut Budget) {
        let xs = &self.nums[..];
        if xs.is_empty() {
            return;
        }
        self.moments.push_batch(xs);
        let (mut lo, mut hi) = (self.fmin, self.fmax);
        let (mut zeros, mut neg) = (0u64, 0u64);
        for &x in xs {
            lo = lo.min(x);
            hi = hi.max(x);
            zeros += (x == 0.0) as u64;
            neg += (x < 0.0) as u64;
        }
        (self.fmin, self.fmax) = (lo, hi);
        self.zeros += zeros;
        self.negatives += neg;
        if to_digest {
            self.num_digest.push_batch(xs, budget);
        }
        self.nums.clear();
    }

    #[inline]
    fn time_range(&mut self, ms: i64) {
        self.tmin = self.tmin.min(ms);
        self.tmax = self.tmax.max(ms);
    }

    /// The exact table of values was just demoted: the numbers of the batch in progress are
    /// folded in (they are in the table, so not into the digest), and the quantile digests
    /// start from the table's numbers, as exact counts while they fit the budget.
    #[cold]
    fn freq_demoted(&mut self, budget: &mut Budget) {
        self.fold_numbers(false, budget);
        if let Some(t) = self.freq.take_demoted() {
            let entries: Vec<(u8, f64, u64)> = t.payloads().collect();
            drop(t);
            self.digests_from(&entries, Some(budget));
        }
    }

    /// Builds the quantile digests from an exact table's (tag, number, count) entries.
    fn digests_from(&mut self, entries: &[(u8, f64, u64)], budget: Option<&mut Budget>) {
        let k = self.num_digest.k();
        let mut budget = budget;
        for (t, d) in [(tag::NUMBER, &mut self.num_digest), (tag::TIME, &mut self.time_digest), (tag::LENGTH, &mut self.len_digest)] {
            debug_assert!(d.is_empty());
            let mut items: Vec<(f64, u64)> = entries.iter().filter(|e| e.0 == t).map(|e| (e.1, e.2)).collect();
            if t == tag::LENGTH {
                // Different strings share lengths: one item per length.
                items.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                items.dedup_by(|b, a| {
                    let same = a.0 == b.0;
                    if same {
                        a.1 += b.1;
                    }
                    same
                });
            }
            *d = match budget.as_deref_mut() {
                Some(b) => Digest::from_items(k, items, b),
                None => Digest::finished(k, items),
            };
        }
    }

    /// Bytes of this column's exact tables that demotion would give back, by statistic
    /// ([`STATISTICS`]): distinct and top values, number quantiles, date quantiles, length
    /// quantiles. 0 for one already sketched.
    pub fn exact_bytes(&self) -> [u64; 4] {
        [self.freq.exact_bytes(), self.num_digest.exact_bytes(), self.time_digest.exact_bytes(), self.len_digest.exact_bytes()]
    }

    /// Bytes held by this column's exact tables (what the budget counts).
    pub fn state_bytes(&self) -> u64 {
        self.exact_bytes().iter().sum()
    }

    /// Demotes statistic `what` (an index into [`STATISTICS`]) to its sketch.
    pub fn demote(&mut self, what: usize, budget: &mut Budget) {
        match what {
            0 => {
                self.freq.demote(budget);
                self.freq_demoted(budget);
            }
            1 => self.num_digest.demote(budget),
            2 => self.time_digest.demote(budget),
            _ => self.len_digest.demote(budget),
        }
    }

    /// The finite numeric value of a field, for correlations (`None` for anything else).
    #[inline]
    pub fn numeric(v: &Value) -> Option<f64> {
        match *v {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            _ => None,
        }
    }

    /// Dates and datetimes seen.
    fn time_ext_n(&self) -> u64 {
        self.types[Type::Date.index()] + self.types[Type::Datetime.index()] + self.types[Type::Time.index()]
    }

    /// How the values of type `ty` are written: the most common form merged with those it is
    /// compatible with, and the values whose form contradicts it.
    fn written_as(&self, ty: Type) -> Written {
        let family = |f: &FormView| match f {
            FormView::Number(_) => matches!(ty, Type::Integer | Type::Float),
            FormView::Date(_) => matches!(ty, Type::Date | Type::Datetime | Type::Time),
            FormView::Bool(_) => ty == Type::Boolean,
            FormView::None => false,
        };
        let mut forms: Vec<(FormView, &Examples)> = self.forms.iter().map(|(f, e)| (f.view(), e)).filter(|(f, _)| family(f)).collect();
        // Most common first; ties in the order first seen (the same in every part).
        forms.sort_by(|a, b| b.1.count.cmp(&a.1.count));
        let mut w = Written { merged: FormView::None, format: None, unit: None, mismatches: 0, lines: Vec::new(), examples: Vec::new(), utc: 0, ambiguous: false };
        let Some(&(first, _)) = forms.first() else { return w };
        let mut merged = first;
        let mut lines: Vec<u64> = Vec::new();
        for (f, ex) in &forms[1..] {
            let fits = match (&mut merged, f) {
                (FormView::Date(a), FormView::Date(b)) if a.compatible(b) => {
                    a.merge(b);
                    true
                }
                (FormView::Number(a), FormView::Number(b)) if a.compatible(b) => {
                    a.merge(b);
                    true
                }
                (FormView::Bool(a), FormView::Bool(b)) => a == b,
                _ => false,
            };
            if !fits {
                w.mismatches += ex.count;
                lines.extend(ex.lines());
                w.examples.push(*f);
            }
        }
        w.mismatches += self.forms_other.count;
        lines.extend(self.forms_other.lines());
        match merged {
            FormView::Date(d) => {
                w.format = Some(d.strftime());
                w.utc = forms.iter().filter(|(f, _)| matches!(f, FormView::Date(x) if x.zone != infer::date::zone::NONE && x.time != infer::date::time::NONE)).map(|(_, e)| e.count).sum();
                let n = |e: u8| self.evidence[e as usize].count;
                w.ambiguous = !self.fmt.order_forced && matches!(d.layout, infer::date::layout::MDY | infer::date::layout::DMY) && n(evidence::DAY_FIRST) + n(evidence::MONTH_FIRST) == 0;
            }
            FormView::Number(nf) => {
                if !nf.is_plain() {
                    w.format = Some(nf.pattern());
                }
                w.unit = nf.unit().map(str::to_string);
                if nf.unit().is_some() {
                    // Numbers written plainly (no unit) do not have the column's unit.
                    let formed: u64 = forms.iter().map(|(_, e)| e.count).sum::<u64>() + self.forms_other.count;
                    let all = self.types[Type::Integer.index()] + self.types[Type::Float.index()];
                    w.mismatches += all.saturating_sub(formed);
                }
            }
            FormView::Bool(p) => {
                let (t, f) = infer::BOOL_WORDS[p as usize];
                w.format = Some(format!("{t}/{f}"));
            }
            FormView::None => {}
        }
        w.merged = merged;
        lines.sort_unstable();
        lines.truncate(EXAMPLE_LINES);
        w.lines = lines;
        w
    }

    /// The outliers of `n` values whose quantiles are in `digest` and extremes in `ext`; `fmt`
    /// gives a value its profile form, `fence_fmt` a fence (which may fall between integers).
    fn outliers_of(digest: &mut Digest, ext: &Extremes, n: u64, fmt: &dyn Fn(f64) -> Scalar, fence_fmt: &dyn Fn(f64) -> Scalar) -> Option<crate::profile::Outliers> {
        let q = digest.quantiles()?;
        let (mad, mean_ad) = digest.deviations(q[3])?;
        let center = outliers::Center { q1: q[2], median: q[3], q3: q[4], mad, mean_ad, exact: digest.is_exact() };
        let digest = &*digest;
        let estimate = |x: f64, below: bool| digest.share_beyond(x, below) * n as f64;
        outliers::outliers(ext, &center, fmt, fence_fmt, &estimate)
    }

    /// The inferred type, and whether NaN tokens count as (float) values.
    fn infer(&self) -> (Type, bool) {
        let [b, i, f, d, dt, s, tm] = self.types;
        let families = [(b, Type::Boolean), (i + f, Type::Integer), (d + dt, Type::Date), (s, Type::String), (tm, Type::Time)];
        let non_null: u64 = self.types.iter().sum();
        if non_null == 0 {
            // All null; a column of only NaN tokens is a float column of non-finite values.
            return if self.nan_tokens > 0 { (Type::Float, true) } else { (Type::String, false) };
        }
        let (top, fam) = families.iter().copied().max_by_key(|&(n, _)| n).unwrap();
        let fam = if top == non_null
            || (fam != Type::String && top as f64 >= DOMINANT_TYPE_SHARE * non_null as f64)
        {
            fam
        } else {
            Type::String
        };
        // Digits kept as text among the numbers (`02134`, a 16-digit card number): the column is
        // text, as those values must stay.
        let fam = if fam == Type::Integer && self.zero_padded.count + self.long_digits.count > 0 { Type::String } else { fam };
        match fam {
            Type::Integer if f > 0 || self.nan_tokens > 0 => (Type::Float, true),
            Type::Integer => (Type::Integer, false),
            Type::Date if dt > 0 => (Type::Datetime, false),
            other => (other, false),
        }
    }

    /// The column's min and max as type `ty` says (booleans: whether all are true, whether any
    /// is), from `n` finite numbers in `[lo, hi]` for a float column: the final profile's and a
    /// snapshot's alike.
    pub(crate) fn range(&self, ty: Type, lo: f64, hi: f64, n: u64) -> (Option<Scalar>, Option<Scalar>) {
        let text = |b: &[u8]| Scalar::Text(String::from_utf8_lossy(b).into_owned());
        match ty {
            Type::Boolean => {
                let n = self.types[Type::Boolean.index()];
                (Some(Scalar::Bool(self.trues == n)), Some(Scalar::Bool(self.trues > 0)))
            }
            Type::Integer if self.imin <= self.imax => (Some(Scalar::Int(self.imin)), Some(Scalar::Int(self.imax))),
            Type::Float if n > 0 => (Some(Scalar::Float(lo)), Some(Scalar::Float(hi))),
            Type::Date if self.tmin <= self.tmax => (
                Some(Scalar::Text(infer::format_date(self.tmin.div_euclid(MS_PER_DAY) as i32))),
                Some(Scalar::Text(infer::format_date(self.tmax.div_euclid(MS_PER_DAY) as i32))),
            ),
            Type::Datetime if self.tmin <= self.tmax => {
                (Some(Scalar::Text(infer::format_datetime(self.tmin))), Some(Scalar::Text(infer::format_datetime(self.tmax))))
            }
            Type::Time if self.clock_min <= self.clock_max => {
                (Some(Scalar::Text(infer::format_time(self.clock_min))), Some(Scalar::Text(infer::format_time(self.clock_max))))
            }
            Type::String if self.text.seen => (Some(text(&self.text.min)), Some(text(&self.text.max))),
            _ => (None, None),
        }
    }

    /// The column's profile and its findings.
    pub fn finish(&mut self, index: usize, name: &str, budget: &mut Budget) -> (ColumnProfile, Vec<Finding>) {
        self.flush_numbers(budget);
        if let Some(entries) = self.freq.exact_payloads().map(|p| p.collect::<Vec<_>>()) {
            // The exact table holds every value with its number: the quantiles come from it.
            self.digests_from(&entries, None);
        }
        let (ty, nan_is_value) = self.infer();
        let mut types = self.types;
        let mut nulls = self.nulls;
        let mut len = self.len;
        if nan_is_value {
            types[Type::Float.index()] += self.nan_tokens;
            len.merge(&self.nan_len);
        } else {
            nulls += self.nan_tokens;
        }
        let count: u64 = types.iter().sum();
        let fits = |t: Type| match ty {
            Type::Float => matches!(t, Type::Integer | Type::Float),
            Type::Datetime => matches!(t, Type::Date | Type::Datetime),
            Type::String => true,
            _ => t == ty,
        };
        let (min, max) = self.range(ty, self.fmin, self.fmax, self.moments.n);
        let (mean, std) = match ty {
            Type::Boolean => {
                let n = types[0];
                let p = self.trues as f64 / n as f64;
                (Some(p), (n > 1).then(|| (n as f64 / (n - 1) as f64 * p * (1.0 - p)).sqrt()))
            }
            Type::Integer => (Some(self.moments.mean), self.moments.std()),
            Type::Float => ((self.moments.n > 0).then_some(self.moments.mean), self.moments.std()),
            _ => (None, None),
        };
        let mut findings = Vec::new();
        let misfits: Vec<Type> = Type::ALL.iter().copied().filter(|&t| !fits(t) && types[t.index()] > 0).collect();
        if !misfits.is_empty() {
            let n: u64 = misfits.iter().map(|t| types[t.index()]).sum();
            let mut lines: Vec<u64> = misfits.iter().flat_map(|t| self.type_lines[t.index()].lines()).collect();
            lines.sort_unstable();
            lines.truncate(EXAMPLE_LINES);
            let what: Vec<String> =
                misfits.iter().map(|t| format!("{} {}", types[t.index()], t.name())).collect();
            findings.push(Finding {
                kind: "mixed_types",
                severity: Severity::Warning,
                column: Some(name.to_string()),
                column_index: Some(index),
                count: n,
                lines,
                message: format!(
                    "Column \"{name}\" is {} but has {} value(s) that are not ({}); they are left out of min, max and mean. Check those lines for typos or a different unit.",
                    ty.name(),
                    n,
                    what.join(", ")
                ),
            });
        }
        let written = self.written_as(ty);
        findings.extend(self.format_findings(index, name, ty, &written));
        let semantic = self.semantic_kind(count);
        if let Some((k, share)) = semantic.filter(|(k, _)| k.personal()) {
            let lines = self.semantic.as_ref().map(|s| s.personal.lines()).unwrap_or_default();
            findings.push(Finding {
                kind: "personal_data",
                severity: Severity::Warning,
                column: Some(name.to_string()),
                column_index: Some(index),
                count: self.semantic.as_ref().map_or(0, |s| s.personal.count),
                lines,
                message: format!(
                    "Column \"{name}\" holds personal data ({}, {:.0}% of its values): its examples, top values and min/max carry it into any export of this profile. Export it without values (the page's \"without values\" option) to share the profile, and check you may process this data.",
                    k.name().replace('_', " "),
                    100.0 * share
                ),
            });
        }
        let numeric = matches!(ty, Type::Integer | Type::Float);
        let temporal = matches!(ty, Type::Date | Type::Datetime | Type::Time);
        let non_finite = self.non_finite + if nan_is_value { self.nan_tokens } else { 0 };
        let num = |x: f64| Scalar::Float(x);
        let (quantiles, histogram) = if numeric {
            let q = self.num_digest.quantiles().map(|q| Quantiles::from_array(q, num));
            let h = self.num_digest.histogram(self.fmin, self.fmax, self.moments.n, ty == Type::Integer).map(|b| Histogram {
                edges: b
                    .edges
                    .into_iter()
                    .map(|e| if ty == Type::Integer { Scalar::Int(e as i64) } else { Scalar::Float(e) })
                    .collect(),
                counts: b.counts,
            });
            (q, h)
        } else if temporal {
            let date = ty == Type::Date;
            let fmt = time_scalar(ty);
            let n = self.time_ext_n();
            let (lo, hi) = if ty == Type::Time {
                (self.clock_min as f64 / MS_PER_DAY as f64, self.clock_max as f64 / MS_PER_DAY as f64)
            } else {
                (self.tmin as f64 / MS_PER_DAY as f64, self.tmax as f64 / MS_PER_DAY as f64)
            };
            let q = self.time_digest.quantiles().map(|q| Quantiles::from_array(q, fmt));
            let h = self
                .time_digest
                .histogram(lo, hi, n, date)
                .map(|b| Histogram { edges: b.edges.into_iter().map(fmt).collect(), counts: b.counts });
            (q, h)
        } else {
            (None, None)
        };
        let outliers = if numeric {
            let fmt = |x: f64| if ty == Type::Integer { Scalar::Int(x as i64) } else { Scalar::Float(x) };
            Self::outliers_of(&mut self.num_digest, &self.num_ext, self.moments.n, &fmt, &Scalar::Float)
        } else if temporal {
            let fmt = time_scalar(ty);
            let n = self.time_ext_n();
            Self::outliers_of(&mut self.time_digest, &self.time_ext, n, &fmt, &fmt)
        } else {
            None
        };
        if let Some(o) = &outliers {
            findings.extend(outliers_finding(index, name, o));
        }
        let (order, time_series) = if temporal {
            let exact = self.time_digest.is_exact();
            let series = if ty == Type::Time { None } else { self.time_digest.sorted_items().and_then(|items| time::series(items, exact)) };
            (self.time_order.finish(), series)
        } else {
            (None, None)
        };
        let mut length = len.stats();
        if ty == Type::String {
            length.quantiles = self.len_digest.quantiles().map(|q| Quantiles::from_array(q, num));
            length.quantiles_exact = self.len_digest.is_exact();
        }
        let digest = if numeric { Some(&self.num_digest) } else if temporal { Some(&self.time_digest) } else { None };
        let quantiles_exact = digest.is_none_or(|d| d.is_exact());
        let quantiles_rank_error = digest.map_or(0.0, |d| d.rank_error());
        let (distinct, distinct_exact) = self.freq.distinct();
        // An estimate cannot be more than the number of values.
        let distinct = distinct.min(count);
        if self.long_values.count > 0 {
            let kept = self.value_prefix;
            findings.push(Finding {
                kind: "long_values",
                severity: Severity::Info,
                column: Some(name.to_string()),
                column_index: Some(index),
                count: self.long_values.count,
                lines: self.long_values.lines(),
                message: format!(
                    "{} value(s) in column \"{name}\" are longer than what is kept of a value (min/max: max_value_bytes; top values and examples: {kept} bytes here): those show only their beginning. Their lengths are exact.",
                    self.long_values.count
                ),
            });
        }
        let profile = ColumnProfile {
            index,
            name: name.to_string(),
            ty: ty.name(),
            count,
            nulls,
            types: TypeCounts {
                boolean: types[0],
                integer: types[1],
                float: types[2],
                date: types[3],
                datetime: types[4],
                string: types[5],
                time: types[6],
            },
            format: written.format,
            unit: written.unit,
            format_ambiguous: written.ambiguous,
            utc_normalized: written.utc,
            semantic: semantic.map(|(k, _)| k.name()),
            semantic_share: semantic.map(|(_, s)| s),
            personal_data: semantic.is_some_and(|(k, _)| k.personal()),
            identifier_like: ty == Type::Integer && count >= 2 && (if distinct_exact { distinct == count } else { distinct as f64 >= count as f64 * (1.0 - 3.0 * self.freq.distinct_error()) }),
            boolean_like: ty == Type::Integer && self.imin >= 0 && self.imax <= 1 && count > 0,
            min,
            max,
            mean,
            std,
            length,
            distinct,
            distinct_exact,
            distinct_error: self.freq.distinct_error(),
            top: self.freq.top(TOP_VALUES),
            examples: self.examples.iter().map(|(_, t)| String::from_utf8_lossy(t).into_owned()).collect(),
            sum: numeric.then(|| self.moments.sum()),
            skewness: if numeric { self.moments.skewness() } else { None },
            kurtosis: if numeric { self.moments.kurtosis() } else { None },
            zeros: numeric.then_some(self.zeros),
            negatives: numeric.then_some(self.negatives),
            non_finite: numeric.then_some(non_finite),
            quantiles,
            quantiles_exact,
            quantiles_rank_error,
            histogram_exact: quantiles_exact,
            histogram,
            outliers,
            order,
            time_series,
        };
        (profile, findings)
    }
}

/// A date, datetime (in days since the epoch) or time of day (in days since midnight) as
/// its profile text.
fn time_scalar(ty: Type) -> impl Fn(f64) -> Scalar + Copy {
    move |days: f64| match ty {
        Type::Date => Scalar::Text(infer::format_date(days.floor() as i32)),
        Type::Time => Scalar::Text(infer::format_time(((days * MS_PER_DAY as f64).round() as i64).clamp(0, MS_PER_DAY - 1) as i32)),
        _ => Scalar::Text(infer::format_datetime((days * MS_PER_DAY as f64).round() as i64)),
    }
}

/// How a column's values are written ([`ColumnAcc::written_as`]).
struct Written {
    merged: FormView,
    format: Option<String>,
    unit: Option<String>,
    /// Values of the column's type whose form contradicts its format, their first lines and
    /// their forms.
    mismatches: u64,
    lines: Vec<u64>,
    examples: Vec<FormView>,
    /// Datetimes given with a zone or offset, normalised to UTC.
    utc: u64,
    /// Numeric dates of which none says whether the day or the month comes first.
    ambiguous: bool,
}

fn form_text(f: &FormView) -> String {
    match f {
        FormView::Date(d) => d.strftime(),
        FormView::Number(n) => n.pattern(),
        FormView::Bool(p) => format!("{}/{}", infer::BOOL_WORDS[*p as usize].0, infer::BOOL_WORDS[*p as usize].1),
        FormView::None => "plain".into(),
    }
}

impl ColumnAcc {
    /// The findings about how the column is written: values against its format, ambiguous
    /// dates, digits kept as text.
    fn format_findings(&self, index: usize, name: &str, ty: Type, w: &Written) -> Vec<Finding> {
        let mut out = Vec::new();
        let finding = |kind: &'static str, severity, count: u64, lines: Vec<u64>, message: String| Finding {
            kind,
            severity,
            column: Some(name.to_string()),
            column_index: Some(index),
            count,
            lines,
            message,
        };
        if w.mismatches > 0 {
            let others: Vec<String> = w.examples.iter().take(3).map(form_text).collect();
            let fmt = w.format.clone().unwrap_or_else(|| form_text(&w.merged));
            out.push(finding(
                "format_mismatch",
                Severity::Warning,
                w.mismatches,
                w.lines.clone(),
                format!(
                    "{} value(s) of column \"{name}\" ({}) are not written as the rest ({fmt}){}; they are read by their own form. Mixed formats often mean merged sources: check those lines.",
                    w.mismatches,
                    ty.name(),
                    if others.is_empty() { String::new() } else { format!(" but as {}", others.join(", ")) }
                ),
            ));
        }
        if w.ambiguous && matches!(ty, Type::Date | Type::Datetime) {
            let e = &self.evidence[evidence::EITHER as usize];
            let month_first = matches!(w.merged, FormView::Date(d) if d.layout == infer::date::layout::MDY);
            out.push(finding(
                "ambiguous_dates",
                Severity::Info,
                e.count,
                e.lines(),
                format!(
                    "No date in column \"{name}\" has a day over 12, so day and month could be either way round: read {} ({}). Set the day_first option (CLI --day-first true|false) if that is wrong.",
                    if month_first { "month first, the US convention" } else { "day first" },
                    w.format.as_deref().unwrap_or("")
                ),
            ));
        }
        if ty == Type::String && self.zero_padded.count > 0 {
            out.push(finding(
                "leading_zeros",
                Severity::Info,
                self.zero_padded.count,
                self.zero_padded.lines(),
                format!(
                    "{} value(s) of column \"{name}\" are digits with a leading zero (ZIP codes, codes, IDs): the column is text, to keep the zeros. Read it as text elsewhere too (pandas: dtype=str), or the zeros are lost.",
                    self.zero_padded.count
                ),
            ));
        }
        if ty == Type::String && self.long_digits.count > 0 {
            out.push(finding(
                "long_digits",
                Severity::Info,
                self.long_digits.count,
                self.long_digits.lines(),
                format!(
                    "{} value(s) of column \"{name}\" are digit strings of more than 15 significant digits (card numbers, long IDs): more than a float holds exactly, so they are identifiers (text). Read them as text elsewhere too, or their last digits change.",
                    self.long_digits.count
                ),
            ));
        }
        out
    }
}

/// The `outliers` finding of a column: values with a modified z-score above 3.5.
fn outliers_finding(index: usize, name: &str, o: &crate::profile::Outliers) -> Option<Finding> {
    let z = o.modified_z.as_ref()?;
    let n = z.below + z.above;
    if n == 0 {
        return None;
    }
    // Beyond 1% of the values, the tails are long rather than a few values out of place (the
    // skewness and the histogram say so): no finding.
    if n as f64 > 0.01 * o.values as f64 {
        return None;
    }
    let about = if z.exact { "" } else { "about " };
    let t = &o.tukey;
    let extreme: Vec<String> = z.most_extreme.iter().map(|e| format!("{} (line {})", e.value.text(), e.line)).collect();
    Some(Finding {
        kind: "outliers",
        severity: Severity::Info,
        column: Some(name.to_string()),
        column_index: Some(index),
        count: n,
        lines: z.lines.clone(),
        message: format!(
            "{about}{n} value(s) in column \"{name}\" have a modified z-score above 3.5 (outside {} to {}); Tukey's fences (1.5 × IQR) put {}{} outside {} to {}. The most extreme: {}. Check those lines for typos, wrong units or sentinel values.",
            z.lower.text(),
            z.upper.text(),
            if t.exact { "" } else { "about " },
            t.below + t.above,
            t.lower.text(),
            t.upper.text(),
            extreme.join(", ")
        ),
    })
}

// Merging for parallel mining (see `crate::parallel`).
mod merge;
mod snapshot;
pub mod outliers;
use outliers::Extremes;
pub mod time;

#[cfg(test)]
mod tests {
    #[test]
    fn prefix8_is_the_zero_padded_big_endian_prefix() {
        let slow = |v: &[u8]| v.iter().take(8).enumerate().fold(0u64, |x, (i, &b)| x | (b as u64) << (56 - 8 * i));
        let bytes: Vec<u8> = (1..=12u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=bytes.len() {
            assert_eq!(super::prefix8(&bytes[..n]), slow(&bytes[..n]), "{n} bytes");
        }
    }
}
