//! Merging the accumulators of two consecutive parts of a file (see `crate::parallel`).
//!
//! `a.merge(b, shift)`: `b` was mined from a later part whose line numbers start at 1 again;
//! `shift` is the number of physical lines before that part, added to every line number of
//! `b`. Every exact statistic ends up equal to a single pass over both parts; the sketches
//! merge with their documented error (see `crate::sketch`).

use crate::budget::Budget;

use super::{BytesMinMax, ColumnAcc, EXAMPLE_LINES, EXAMPLES, Examples, LenAcc, prefix8};

impl Examples {
    /// Adds `o`'s occurrences, which come after this one's, with their lines shifted.
    pub fn merge(&mut self, o: &Examples, shift: u64) {
        for &l in &o.lines[..(o.count as usize).min(EXAMPLE_LINES)] {
            if (self.count as usize) < EXAMPLE_LINES {
                self.lines[self.count as usize] = l + shift;
            }
            self.count += 1;
        }
        self.count += o.count.saturating_sub(EXAMPLE_LINES as u64);
    }
}

impl super::Semantic {
    fn merge(&mut self, o: &super::Semantic, shift: u64) {
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
        self.personal.merge(&o.personal, shift);
    }
}

impl BytesMinMax {
    fn merge(&mut self, o: &BytesMinMax) {
        if !o.seen {
            return;
        }
        if !self.seen {
            *self = o.clone();
            return;
        }
        if o.min < self.min {
            self.min.clone_from(&o.min);
        }
        if o.max > self.max {
            self.max.clone_from(&o.max);
        }
        self.min8 = prefix8(&self.min);
        self.max8 = prefix8(&self.max);
    }
}

impl ColumnAcc {
    /// A column that has seen `rows` missing values (a JSON Lines column that appears only in
    /// a later part: the rows before had no such member).
    pub fn missing(params: crate::sketch::SketchParams, rows: u64) -> ColumnAcc {
        let mut c = ColumnAcc::new(params);
        c.nulls = rows;
        c
    }

    /// Folds the batch of numbers in progress into the statistics.
    pub fn flush(&mut self, budget: &mut Budget) {
        self.flush_numbers(budget);
    }

    /// `n` fields missing from short rows (or JSON Lines rows without this member).
    pub fn add_missing(&mut self, n: u64) {
        self.nulls += n;
    }

    /// Adds `o`, the same column in the next part of the file (see the module docs).
    pub fn merge(&mut self, o: &ColumnAcc, shift: u64, budget: &mut Budget) {
        if !o.nums.is_empty() {
            // o's own tables are not in this budget: only what merges into self counts.
            let mut o = o.clone();
            o.flush_numbers(&mut Budget::new(u64::MAX));
            return self.merge(&o, shift, budget);
        }
        // While a column's table of values is exact, its quantile digests are empty (the table
        // holds the numbers). When only one side is exact, it is demoted first, which moves its
        // numbers into its digests; then both sides merge statistic by statistic.
        if self.freq.is_exact() && !o.freq.is_exact() {
            self.demote(0, budget);
        } else if !self.freq.is_exact() && o.freq.is_exact() {
            let mut o = o.clone();
            o.demote(0, &mut Budget::new(u64::MAX));
            return self.merge(&o, shift, budget);
        }
        self.flush_numbers(budget);
        // Destructured in full, so that a new field cannot be forgotten here.
        let ColumnAcc {
            nums: _,
            nulls,
            nan_tokens,
            nan_len,
            types,
            type_lines,
            moments,
            fmin,
            fmax,
            imin,
            imax,
            non_finite,
            zeros,
            negatives,
            trues,
            tmin,
            tmax,
            text,
            len,
            num_digest,
            time_digest,
            len_digest,
            freq,
            examples,
            value_prefix,
            long_values,
            num_ext,
            time_ext,
            time_order,
            clock_min,
            clock_max,
            fmt: _,
            forms,
            forms_other,
            last_form: _,
            evidence,
            bool_words,
            zero_padded,
            long_digits,
            semantic,
        } = self;
        assert_eq!(*value_prefix, o.value_prefix, "columns with different sketch sizes");
        *nulls += o.nulls;
        *nan_tokens += o.nan_tokens;
        LenAcc::merge(nan_len, &o.nan_len);
        for t in 0..types.len() {
            types[t] += o.types[t];
            // Only the first EXAMPLE_LINES values of a type are recorded, as in a single pass.
            type_lines[t].merge(&o.type_lines[t], shift);
            type_lines[t].count = type_lines[t].count.min(EXAMPLE_LINES as u64);
        }
        moments.merge(&o.moments);
        *fmin = fmin.min(o.fmin);
        *fmax = fmax.max(o.fmax);
        *imin = (*imin).min(o.imin);
        *imax = (*imax).max(o.imax);
        *non_finite += o.non_finite;
        *zeros += o.zeros;
        *negatives += o.negatives;
        *trues += o.trues;
        *tmin = (*tmin).min(o.tmin);
        *tmax = (*tmax).max(o.tmax);
        text.merge(&o.text);
        LenAcc::merge(len, &o.len);
        num_digest.merge(&o.num_digest, budget);
        time_digest.merge(&o.time_digest, budget);
        len_digest.merge(&o.len_digest, budget);
        freq.merge(&o.freq, budget);
        for (h, t) in &o.examples {
            if examples.len() < EXAMPLES && !examples.iter().any(|(k, _)| k == h) {
                examples.push((*h, t.clone()));
            }
        }
        long_values.merge(&o.long_values, shift);
        num_ext.merge(&o.num_ext, shift);
        time_ext.merge(&o.time_ext, shift);
        time_order.merge(&o.time_order, shift);
        *clock_min = (*clock_min).min(o.clock_min);
        *clock_max = (*clock_max).max(o.clock_max);
        // Forms in the order first seen, as in one pass over both parts.
        for (f, ex) in &o.forms {
            let at = forms.iter().position(|(g, _)| g == f);
            match at {
                Some(i) => forms[i].1.merge(ex, shift),
                None if forms.len() < super::FORMS => {
                    let mut e = Examples::default();
                    e.merge(ex, shift);
                    forms.push((*f, e));
                }
                None => forms_other.merge(ex, shift),
            }
        }
        forms_other.merge(&o.forms_other, shift);
        for (e, oe) in evidence.iter_mut().zip(&o.evidence) {
            e.merge(oe, shift);
        }
        for (w, ow) in bool_words.iter_mut().zip(&o.bool_words) {
            *w += ow;
        }
        zero_padded.merge(&o.zero_padded, shift);
        long_digits.merge(&o.long_digits, shift);
        if let Some(os) = &o.semantic {
            let s = semantic.get_or_insert_with(Default::default);
            s.merge(os, shift);
        }
    }
}
