//! Findings about the data, and every threshold that decides them, in one place.

use crate::profile::{ColumnProfile, Correlations, Finding, Severity};

/// A column is "mostly null" above this share of nulls.
pub const MOSTLY_NULL_SHARE: f64 = 0.5;
/// Identifier-like: every value distinct (exact count), or at least this share (estimated),
/// with at least [`MIN_ROWS_FOR_CARDINALITY`] values.
pub const UNIQUE_SHARE_ESTIMATED: f64 = 0.99;
/// High-cardinality text: a string column with more distinct values than this share of its
/// values (and more than [`HIGH_CARDINALITY_MIN_DISTINCT`]), that is not identifier-like.
pub const HIGH_CARDINALITY_SHARE: f64 = 0.5;
pub const HIGH_CARDINALITY_MIN_DISTINCT: u64 = 1000;
/// Cardinality findings need at least this many values to mean anything.
pub const MIN_ROWS_FOR_CARDINALITY: u64 = 100;
/// Skewed: |adjusted skewness| above this.
pub const SKEWNESS_LIMIT: f64 = 2.0;
/// Many zeros: more than this share of a numeric column's values are 0.
pub const MANY_ZEROS_SHARE: f64 = 0.5;
/// Highly correlated pair: |Pearson r| above this.
pub const HIGH_CORRELATION: f64 = 0.95;
/// An estimated duplicate-row count is reported only above this many standard errors of the
/// HyperLogLog estimate (an exact count is reported whenever it is above 0).
pub const DUPLICATE_SIGMAS: f64 = 3.0;

fn col_finding(c: &ColumnProfile, kind: &'static str, severity: Severity, count: u64, message: String) -> Finding {
    Finding { kind, severity, column: Some(c.name.clone()), column_index: Some(c.index), count, lines: vec![], message }
}

/// Findings about one column, given the number of data rows.
pub fn column_findings(c: &ColumnProfile, rows: u64) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = &c.name;
    if rows == 0 {
        return out;
    }
    if c.count == 0 {
        out.push(col_finding(c, "all_null", Severity::Warning, c.nulls,
            format!("Column \"{name}\" has no values: every row is empty or a null token. Drop it or check the export.")));
        return out;
    }
    if c.distinct == 1 && c.distinct_exact && rows > 1 {
        let v = c.top.first().map(|t| t.value.as_str()).unwrap_or("");
        out.push(col_finding(c, "constant", Severity::Info, c.count,
            format!("Column \"{name}\" holds one value only (\"{v}\"); it carries no information for analysis.")));
    }
    let null_share = c.nulls as f64 / rows as f64;
    if null_share > MOSTLY_NULL_SHARE {
        out.push(col_finding(c, "mostly_null", Severity::Warning, c.nulls,
            format!("Column \"{name}\" is {:.1}% null ({} of {rows} rows). Check whether it is filled only in some cases, or impute before use.", null_share * 100.0, c.nulls)));
    }
    if c.count >= MIN_ROWS_FOR_CARDINALITY && matches!(c.type_name(), "integer" | "string") {
        let unique = if c.distinct_exact {
            c.distinct == c.count
        } else {
            c.distinct as f64 >= UNIQUE_SHARE_ESTIMATED * c.count as f64
        };
        if unique {
            out.push(col_finding(c, "unique", Severity::Info, c.distinct,
                format!("Column \"{name}\" looks like an identifier: {}every value is distinct. Use it as a key, not as a feature.", if c.distinct_exact { "" } else { "nearly " })));
        } else if c.type_name() == "string"
            && c.distinct > HIGH_CARDINALITY_MIN_DISTINCT
            && c.distinct as f64 > HIGH_CARDINALITY_SHARE * c.count as f64
        {
            out.push(col_finding(c, "high_cardinality", Severity::Info, c.distinct,
                format!("Text column \"{name}\" has {}{} distinct values for {} values: free text or an identifier, not a category.", if c.distinct_exact { "" } else { "about " }, c.distinct, c.count)));
        }
    }
    if let Some(s) = c.skewness.filter(|s| s.abs() > SKEWNESS_LIMIT) {
        out.push(col_finding(c, "skewed", Severity::Info, c.count,
            format!("Column \"{name}\" is strongly skewed (skewness {s:.2}): the mean is a poor summary; consider the median or a log transform.")));
    }
    if let Some(z) = c.zeros.filter(|&z| z as f64 > MANY_ZEROS_SHARE * c.count as f64) {
        out.push(col_finding(c, "many_zeros", Severity::Info, z,
            format!("Column \"{name}\" is {:.1}% zeros: check whether 0 means \"missing\" here.", z as f64 / c.count as f64 * 100.0)));
    }
    out
}

/// A finding for each pair of columns with |r| above [`HIGH_CORRELATION`]; its count is the
/// pair's rows (where both are numbers, `rows(i, j)` of the matrix's columns), like the other
/// relationship findings.
pub fn correlation_findings(corr: &Correlations, columns: &[ColumnProfile], rows: impl Fn(usize, usize) -> u64) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in 0..corr.columns.len() {
        for j in i + 1..corr.columns.len() {
            if let Some(r) = corr.pearson[i][j].filter(|r| r.abs() > HIGH_CORRELATION) {
                let (a, b) = (&corr.columns[i], &corr.columns[j]);
                let index = columns.iter().find(|c| &c.name == a).map(|c| c.index);
                out.push(Finding {
                    kind: "highly_correlated",
                    severity: Severity::Info,
                    column: Some(a.clone()),
                    column_index: index,
                    count: rows(i, j),
                    lines: vec![],
                    message: format!("Columns \"{a}\" and \"{b}\" are highly correlated (r = {r:.3}): one of them may be redundant."),
                });
            }
        }
    }
    out
}

/// The duplicate-rows finding, if the count is meaningful.
pub fn duplicate_finding(duplicates: u64, exact: bool, rows: u64, rel_error: f64) -> Option<Finding> {
    let meaningful = if exact { duplicates > 0 } else { duplicates as f64 > DUPLICATE_SIGMAS * rel_error * rows as f64 };
    meaningful.then(|| Finding {
        kind: "duplicate_rows",
        severity: Severity::Warning,
        column: None,
        column_index: None,
        count: duplicates,
        lines: vec![],
        message: format!(
            "{}{duplicates} row(s) repeat an earlier row exactly. Remove duplicates if each row should be one observation.",
            if exact { "" } else { "About " }
        ),
    })
}

/// Bytes as a short human figure (`32 MiB`).
pub fn human_bytes(b: u64) -> String {
    if b >= 1 << 30 && b % (1 << 30) == 0 {
        format!("{} GiB", b >> 30)
    } else if b >= 1 << 20 {
        format!("{:.0} MiB", b as f64 / (1u64 << 20) as f64)
    } else {
        format!("{b} bytes")
    }
}

/// The finding that names what is estimated because its exact state passed the memory budget.
pub fn estimated_finding(columns: &[ColumnProfile], duplicates_exact: bool, budget: u64) -> Option<Finding> {
    let quote = |cs: Vec<&ColumnProfile>| {
        let n = cs.len();
        let mut names: Vec<String> = cs.iter().take(5).map(|c| format!("\"{}\"", c.name)).collect();
        if n > 5 {
            names.push(format!("{} more", n - 5));
        }
        names.join(", ")
    };
    let distinct: Vec<&ColumnProfile> = columns.iter().filter(|c| !c.distinct_exact).collect();
    let quantiles: Vec<&ColumnProfile> =
        columns.iter().filter(|c| !c.quantiles_exact || !c.length.quantiles_exact).collect();
    let mut parts = Vec::new();
    if !distinct.is_empty() {
        parts.push(format!("distinct counts and top values of {}", quote(distinct.clone())));
    }
    if !quantiles.is_empty() {
        parts.push(format!("quantiles and histograms of {}", quote(quantiles.clone())));
    }
    if !duplicates_exact {
        parts.push("the duplicate-row count".to_string());
    }
    if parts.is_empty() {
        return None;
    }
    let mut cols: Vec<usize> = distinct.iter().chain(quantiles.iter()).map(|c| c.index).collect();
    cols.sort_unstable();
    cols.dedup();
    Some(Finding {
        kind: "estimated_statistics",
        severity: Severity::Info,
        column: None,
        column_index: None,
        count: cols.len() as u64,
        lines: vec![],
        message: format!(
            "Their exact state did not fit the memory budget ({}), so these are estimated, each with its error bound: {}. Everything else is exact. Raise memory_budget_bytes (CLI: --memory-budget) to keep more of them exact.",
            human_bytes(budget),
            parts.join("; ")
        ),
    })
}

/// A file-level info finding that `count` columns past an option's cap were left out.
pub fn limited_finding(kind: &'static str, count: u64, message: String) -> Finding {
    Finding { kind, severity: Severity::Info, column: None, column_index: None, count, lines: vec![], message }
}
