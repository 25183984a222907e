//! What changed between two datasets: the diff of two profiles (`sluice diff OLD NEW`, the
//! page's compare view). It reads profiles as JSON values, so a saved profile of any version
//! compares with what it has (a field an older profile lacks is left out of the comparison).
//!
//! - **Schema:** columns added, removed, renamed (a guess from the values and the position,
//!   stated as one) or retyped.
//! - **Per column:** the change in null rate, distinct count, min/max, mean/std and quantiles.
//! - **Drift:** the population stability index (PSI) over shared bins and the
//!   Kolmogorov-Smirnov distance (KS), both from the two histograms. A histogram gives each
//!   column's CDF exactly at its edges and within a bin's mass between them, so each value
//!   comes with a bound `[lower, upper]` that holds the value computed from the exact data
//!   (widened by the sketch's rank error where a histogram is estimated).
//! - **Categories:** new and vanished top values, and the change in their shares.
//! - **Findings:** new and resolved findings.
//! - **Changes:** all of it ranked by severity, with the thresholds of [`DiffOptions`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::profile::Severity;

/// The version of the diff's shape.
pub const DIFF_VERSION: u32 = 1;

/// Thresholds that decide a change's severity (warning at the first, error at the second).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DiffOptions {
    /// PSI: 0.1 and 0.25 (the usual "moderate" and "significant" shifts).
    pub psi_warning: f64,
    pub psi_error: f64,
    /// KS distance: 0.1 and 0.25.
    pub ks_warning: f64,
    pub ks_error: f64,
    /// Null rate, in share of rows: a change of 0.05 (5 points) and 0.2.
    pub null_rate_warning: f64,
    pub null_rate_error: f64,
    /// A top value's share of the non-null values: a change of 0.05 and 0.2.
    pub share_warning: f64,
    pub share_error: f64,
    /// The mean's move, in old standard deviations: 0.5 and 1.
    pub mean_warning: f64,
    pub mean_error: f64,
    /// Bins of the PSI (at most; from the old histogram's edges, by its mass).
    pub psi_bins: usize,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            psi_warning: 0.1,
            psi_error: 0.25,
            ks_warning: 0.1,
            ks_error: 0.25,
            null_rate_warning: 0.05,
            null_rate_error: 0.2,
            share_warning: 0.05,
            share_error: 0.2,
            mean_warning: 0.5,
            mean_error: 1.0,
            psi_bins: 10,
        }
    }
}

/// The diff of two profiles.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diff {
    pub diff_version: u32,
    pub old: Side,
    pub new: Side,
    pub schema: Schema,
    /// Each column of both, by the new profile's order (renamed columns under their new name),
    /// then the removed ones.
    pub columns: Vec<ColumnDiff>,
    pub findings: FindingsDiff,
    /// Everything that changed, most severe first (then by size).
    pub changes: Vec<Change>,
    /// The severest change: `"none"`, `"info"`, `"warning"` or `"error"`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::DiffSeverity"))]
    pub severity: &'static str,
    pub options: DiffOptions,
}

/// One side of the diff.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Side {
    /// The files it is of (a profile's `files`), or what was given.
    pub name: String,
    pub rows: Option<u64>,
    pub columns: usize,
    pub profile_version: u32,
    pub sluice_version: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Schema {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub renamed: Vec<Renamed>,
    pub retyped: Vec<Retyped>,
}

/// A removed column that seems to be an added one under another name.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Renamed {
    pub from: String,
    pub to: String,
    /// How alike they are, from 0 to 1 (at least 0.6 to be called a rename).
    pub score: f64,
    /// Always true: a rename is guessed from the values and the position.
    pub guess: bool,
    pub why: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Retyped {
    pub column: String,
    pub from: String,
    pub to: String,
}

/// A statistic on both sides.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pair {
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::profile::Scalar>"))]
    pub old: Value,
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::profile::Scalar>"))]
    pub new: Value,
    /// new − old, for numbers.
    pub change: Option<f64>,
}

/// A drift measure, with the interval that holds its exact value.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Drift {
    /// From the histograms, counts spread evenly within each bin.
    pub value: f64,
    /// The exact data's value lies in `[lower, upper]` (rank error of estimated histograms
    /// added).
    pub lower: f64,
    pub upper: f64,
    /// PSI: the shared bins' edges (the first and last bins are open: values below the old
    /// minimum, and above the old maximum); null for KS.
    pub edges: Option<Vec<f64>>,
    /// Whether both histograms were exact.
    pub exact: bool,
}

/// A top value's share on both sides.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Share {
    pub value: String,
    /// Share of the non-null values; null when the value is not among that side's top values.
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// `new` (not on the old side, whose top values list every value), `entered` (not among
    /// the old top values), `vanished`, `left` (not among the new top values) or `shifted`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ShareStatus"))]
    pub status: &'static str,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnDiff {
    pub name: String,
    /// The old name of a renamed column.
    pub old_name: Option<String>,
    /// `same`, `added`, `removed`, `renamed` or `retyped`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ColumnStatus"))]
    pub status: &'static str,
    pub old_type: Option<String>,
    pub new_type: Option<String>,
    pub null_rate: Option<Pair>,
    pub distinct: Option<Pair>,
    pub min: Option<Pair>,
    pub max: Option<Pair>,
    pub mean: Option<Pair>,
    pub std: Option<Pair>,
    /// p1 ... p99 on both sides (numbers; dates as text).
    pub quantiles: Vec<(String, Pair)>,
    pub psi: Option<Drift>,
    pub ks: Option<Drift>,
    /// Top values that are new, vanished or whose share moved by `share_warning` or more.
    pub categories: Vec<Share>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingsDiff {
    /// Findings of the new profile with no finding of the same kind and column in the old.
    pub new: Vec<FindingRef>,
    /// Findings of the old profile gone from the new.
    pub resolved: Vec<FindingRef>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingRef {
    pub kind: String,
    pub column: Option<String>,
    pub severity: String,
    pub message: String,
}

/// One change, for the ranked list.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    pub severity: Severity,
    /// `schema`, `drift`, `nulls`, `categories`, `findings`, `stats` or `rows`: the groups of
    /// `sluice diff --fail-on`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ChangeGroup"))]
    pub group: &'static str,
    /// What changed: `column_added`, `column_removed`, `column_renamed`, `column_retyped`,
    /// `psi`, `ks`, `null_rate`, `new_value`, `vanished_value`, `share`, `new_finding`,
    /// `resolved_finding`, `mean`, `range`, `distinct`, `rows`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ChangeKind"))]
    pub kind: &'static str,
    pub column: Option<String>,
    pub message: String,
    /// The size it is ranked by within its severity (PSI, KS, a share's change, ...).
    pub magnitude: f64,
}

/// Why a JSON value is not a profile this version can read.
pub fn check_profile(v: &Value) -> Result<u32, String> {
    let Some(o) = v.as_object() else {
        return Err(if v.is_array() { "a JSON array (several profiles?), not one profile".into() } else { "not a JSON object".into() });
    };
    if !o.contains_key("sluice_version") || !o.get("columns").is_some_and(Value::is_array) {
        return Err("not a Sluice profile (it has no sluice_version and columns)".into());
    }
    let version = match o.get("profile_version") {
        None => 1,
        Some(Value::Number(n)) => n.as_u64().filter(|&n| n >= 1 && n <= u32::MAX as u64).ok_or("profile_version is not a positive integer")? as u32,
        Some(_) => return Err("profile_version is not a number".into()),
    };
    if version > crate::profile::PROFILE_VERSION {
        return Err(format!(
            "a profile of version {version}, newer than this Sluice reads ({}): open it with a newer Sluice",
            crate::profile::PROFILE_VERSION
        ));
    }
    for (i, c) in o["columns"].as_array().unwrap().iter().enumerate() {
        if !c.get("name").is_some_and(Value::is_string) {
            return Err(format!("column {} has no name: the profile is damaged", i + 1));
        }
    }
    Ok(version)
}

fn side(v: &Value, name: &str) -> Side {
    let files: Vec<&str> = v["files"].as_array().map(|a| a.iter().filter_map(|f| f["name"].as_str()).collect()).unwrap_or_default();
    Side {
        name: match files.len() {
            0 => name.to_string(),
            1 => files[0].to_string(),
            n => format!("{} and {} more files", files[0], n - 1),
        },
        rows: v["rows"].as_u64(),
        columns: v["columns"].as_array().map_or(0, Vec::len),
        profile_version: v["profile_version"].as_u64().unwrap_or(1) as u32,
        sluice_version: v["sluice_version"].as_str().map(String::from),
    }
}

/// The diff of two profiles (JSON values; see [`check_profile`]); `old_name` and `new_name`
/// name them where they list no files.
pub fn diff(old: &Value, new: &Value, old_name: &str, new_name: &str, opts: &DiffOptions) -> Result<Diff, String> {
    check_profile(old).map_err(|e| format!("{old_name}: {e}"))?;
    check_profile(new).map_err(|e| format!("{new_name}: {e}"))?;
    // A profile read back from JSON written by JavaScript has `40` where the engine wrote
    // `40.0`: the same number, compared as one.
    let (old, new) = (&normalised(old), &normalised(new));
    let oc: Vec<&Value> = old["columns"].as_array().unwrap().iter().collect();
    let nc: Vec<&Value> = new["columns"].as_array().unwrap().iter().collect();
    let name = |c: &Value| c["name"].as_str().unwrap_or_default().to_string();
    let old_names: Vec<String> = oc.iter().map(|c| name(c)).collect();
    let new_names: Vec<String> = nc.iter().map(|c| name(c)).collect();
    let mut schema = Schema::default();
    let mut removed: Vec<usize> = (0..oc.len()).filter(|&i| !new_names.contains(&old_names[i])).collect();
    let mut added: Vec<usize> = (0..nc.len()).filter(|&j| !old_names.contains(&new_names[j])).collect();

    // Renames: the most alike removed and added pairs, each column once.
    let mut pairs: Vec<(f64, usize, usize, String)> = Vec::new();
    for &i in &removed {
        for &j in &added {
            let (score, why) = likeness(oc[i], nc[j], i, j, old, new);
            if score >= 0.6 {
                pairs.push((score, i, j, why));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut renamed_to: Vec<Option<usize>> = vec![None; nc.len()];
    for (score, i, j, why) in pairs {
        if removed.contains(&i) && added.contains(&j) {
            removed.retain(|&x| x != i);
            added.retain(|&x| x != j);
            renamed_to[j] = Some(i);
            schema.renamed.push(Renamed { from: old_names[i].clone(), to: new_names[j].clone(), score: round(score, 3), guess: true, why });
        }
    }
    schema.added = added.iter().map(|&j| new_names[j].clone()).collect();
    schema.removed = removed.iter().map(|&i| old_names[i].clone()).collect();

    let rows = |v: &Value| v["rows"].as_f64().unwrap_or(0.0);
    let (old_rows, new_rows) = (rows(old), rows(new));
    let mut columns = Vec::new();
    let mut changes = Vec::new();
    for (j, c) in nc.iter().enumerate() {
        let old_index = renamed_to[j].or_else(|| old_names.iter().position(|n| *n == new_names[j]));
        let Some(i) = old_index else {
            columns.push(one_sided(c, "added", false));
            continue;
        };
        let o = oc[i];
        let (ot, nt) = (o["type"].as_str().unwrap_or("").to_string(), c["type"].as_str().unwrap_or("").to_string());
        let status = if renamed_to[j].is_some() {
            "renamed"
        } else if ot != nt {
            schema.retyped.push(Retyped { column: new_names[j].clone(), from: ot.clone(), to: nt.clone() });
            "retyped"
        } else {
            "same"
        };
        let d = column_diff(o, c, old_rows, new_rows, status, opts, &mut changes);
        columns.push(ColumnDiff { old_name: (status == "renamed").then(|| old_names[i].clone()), ..d });
    }
    for &i in &removed {
        columns.push(one_sided(oc[i], "removed", true));
    }

    for a in &schema.added {
        changes.push(change(Severity::Warning, "schema", "column_added", Some(a), format!("Column \"{a}\" is new."), 1.0));
    }
    for r in &schema.removed {
        changes.push(change(Severity::Error, "schema", "column_removed", Some(r), format!("Column \"{r}\" is gone."), 1.0));
    }
    for r in &schema.renamed {
        changes.push(change(
            Severity::Warning,
            "schema",
            "column_renamed",
            Some(&r.to),
            format!("Column \"{}\" seems renamed to \"{}\" (a guess: {}).", r.from, r.to, r.why),
            r.score,
        ));
    }
    for r in &schema.retyped {
        changes.push(change(Severity::Error, "schema", "column_retyped", Some(&r.column), format!("Column \"{}\" was {} and is now {}.", r.column, r.from, r.to), 1.0));
    }
    if old_rows != new_rows {
        let rel = if old_rows > 0.0 { (new_rows - old_rows) / old_rows } else { 1.0 };
        changes.push(change(Severity::Info, "rows", "rows", None, format!("Rows: {} → {} ({:+.1}%).", old_rows, new_rows, 100.0 * rel), rel.abs()));
    }

    let findings = findings_diff(old, new, &schema);
    for f in &findings.new {
        let sev = match f.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        changes.push(change(sev, "findings", "new_finding", f.column.as_deref(), format!("New finding ({}): {}", f.kind, f.message), 1.0));
    }
    for f in &findings.resolved {
        changes.push(change(Severity::Info, "findings", "resolved_finding", f.column.as_deref(), format!("Resolved ({}): {}", f.kind, f.message), 1.0));
    }
    changes.sort_by(|a, b| rank(b.severity).cmp(&rank(a.severity)).then(b.magnitude.total_cmp(&a.magnitude)));
    let severity = changes.first().map_or("none", |c| match c.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    });
    Ok(Diff {
        diff_version: DIFF_VERSION,
        old: side(old, old_name),
        new: side(new, new_name),
        schema,
        columns,
        findings,
        changes,
        severity,
        options: opts.clone(),
    })
}

/// `v` with every whole number written as an integer (`40.0` as `40`), so that equal numbers
/// compare equal however they were written.
fn normalised(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(x as i64),
            _ => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(normalised).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), normalised(x))).collect()),
        _ => v.clone(),
    }
}

impl Diff {
    /// Whether a change of `group` (`schema`, `drift`, `nulls`, `findings`, `categories`,
    /// `stats`, `rows`) of severity warning or error is in the diff: `sluice diff --fail-on`.
    pub fn fails_on(&self, group: &str) -> bool {
        self.changes.iter().any(|c| c.group == group && c.severity != Severity::Info)
    }
}

/// The groups `--fail-on` takes.
pub const GROUPS: [&str; 7] = ["schema", "drift", "nulls", "findings", "categories", "stats", "rows"];

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn change(severity: Severity, group: &'static str, kind: &'static str, column: Option<&str>, message: String, magnitude: f64) -> Change {
    Change { severity, group, kind, column: column.map(String::from), message, magnitude }
}

fn level(x: f64, warning: f64, error: f64) -> Option<Severity> {
    if x >= error {
        Some(Severity::Error)
    } else if x >= warning {
        Some(Severity::Warning)
    } else {
        None
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

fn one_sided(c: &Value, status: &'static str, old: bool) -> ColumnDiff {
    let ty = c["type"].as_str().map(String::from);
    ColumnDiff {
        name: c["name"].as_str().unwrap_or_default().to_string(),
        old_name: None,
        status,
        old_type: if old { ty.clone() } else { None },
        new_type: if old { None } else { ty },
        null_rate: None,
        distinct: None,
        min: None,
        max: None,
        mean: None,
        std: None,
        quantiles: Vec::new(),
        psi: None,
        ks: None,
        categories: Vec::new(),
    }
}

fn pair(o: &Value, n: &Value) -> Option<Pair> {
    if o.is_null() && n.is_null() {
        return None;
    }
    let change = match (o.as_f64(), n.as_f64()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    Some(Pair { old: o.clone(), new: n.clone(), change })
}

fn null_rate(c: &Value, rows: f64) -> Option<f64> {
    let nulls = c["nulls"].as_f64()?;
    let total = (c["count"].as_f64().unwrap_or(0.0) + nulls).max(rows);
    (total > 0.0).then(|| nulls / total)
}

/// How alike a removed old column and an added new one are, from 0 to 1, and why.
fn likeness(o: &Value, n: &Value, i: usize, j: usize, old: &Value, new: &Value) -> (f64, String) {
    if o["type"] != n["type"] {
        return (0.0, String::new());
    }
    let mut score = 0.0;
    let mut why = vec![format!("both {}", o["type"].as_str().unwrap_or("?"))];
    let (oi, nj) = (i as f64 / old["columns"].as_array().map_or(1, Vec::len).max(1) as f64, j as f64 / new["columns"].as_array().map_or(1, Vec::len).max(1) as f64);
    if i == j || (oi - nj).abs() < 0.1 {
        score += 0.3;
        why.push(if i == j { "at the same position".to_string() } else { "at about the same position".to_string() });
    }
    let near = |a: Option<f64>, b: Option<f64>, tol: f64| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= tol * a.abs().max(b.abs()).max(1e-9),
        (None, None) => true,
        _ => false,
    };
    let (or, nr) = (null_rate(o, old["rows"].as_f64().unwrap_or(0.0)), null_rate(n, new["rows"].as_f64().unwrap_or(0.0)));
    if match (or, nr) {
        (Some(a), Some(b)) => (a - b).abs() < 0.05,
        _ => false,
    } {
        score += 0.15;
        why.push("a like null rate".into());
    }
    if near(o["distinct"].as_f64(), n["distinct"].as_f64(), 0.2) {
        score += 0.15;
        why.push("a like distinct count".into());
    }
    let values = |c: &Value| -> Vec<String> { c["top"].as_array().map(|t| t.iter().filter_map(|v| v["value"].as_str().map(String::from)).collect()).unwrap_or_default() };
    let (ov, nv) = (values(o), values(n));
    let numeric = o["mean"].is_number();
    if numeric {
        if near(o["mean"].as_f64(), n["mean"].as_f64(), 0.1) && near(o["std"].as_f64(), n["std"].as_f64(), 0.2) {
            score += 0.4;
            why.push("a like mean and spread".into());
        }
    } else if !ov.is_empty() {
        let shared = ov.iter().filter(|v| nv.contains(v)).count() as f64;
        let jac = shared / (ov.len() + nv.len()) as f64 * 2.0;
        if jac >= 0.5 {
            score += 0.4 * jac;
            why.push(format!("{} of their top values shared", shared as u64));
        }
    } else if o["min"] == n["min"] && o["max"] == n["max"] {
        score += 0.3;
        why.push("the same range".into());
    }
    (score, why.join(", "))
}

fn column_diff(o: &Value, c: &Value, old_rows: f64, new_rows: f64, status: &'static str, opts: &DiffOptions, changes: &mut Vec<Change>) -> ColumnDiff {
    let name = c["name"].as_str().unwrap_or_default().to_string();
    let col = Some(name.as_str());
    let (onr, nnr) = (null_rate(o, old_rows), null_rate(c, new_rows));
    let null_pair = match (onr, nnr) {
        (Some(a), Some(b)) => {
            let d = b - a;
            if let Some(sev) = level(d.abs(), opts.null_rate_warning, opts.null_rate_error) {
                changes.push(change(sev, "nulls", "null_rate", col, format!("Column \"{name}\" is {:.1}% null, was {:.1}%.", 100.0 * b, 100.0 * a), d.abs()));
            }
            Some(Pair { old: a.into(), new: b.into(), change: Some(d) })
        }
        _ => None,
    };
    let same_type = o["type"] == c["type"];
    let mean = pair(&o["mean"], &c["mean"]);
    if let (Some(m), Some(s)) = (&mean, o["std"].as_f64()) {
        if let Some(d) = m.change {
            let moved = if s > 0.0 { d.abs() / s } else if d != 0.0 { f64::INFINITY } else { 0.0 };
            if same_type && moved.is_finite() {
                if let Some(sev) = level(moved, opts.mean_warning, opts.mean_error) {
                    changes.push(change(sev, "stats", "mean", col, format!("The mean of \"{name}\" moved by {moved:.2} old standard deviations ({} → {}).", num(&m.old), num(&m.new)), moved));
                }
            }
        }
    }
    let distinct = pair(&o["distinct"], &c["distinct"]);
    if let Some(d) = &distinct {
        if let (Some(a), Some(b)) = (d.old.as_f64(), d.new.as_f64()) {
            let rel = (b - a).abs() / a.max(1.0);
            if rel >= 0.5 && (b - a).abs() >= 10.0 {
                changes.push(change(Severity::Info, "stats", "distinct", col, format!("Column \"{name}\" has {b} distinct values, had {a}."), rel));
            }
        }
    }
    let (min, max) = (pair(&o["min"], &c["min"]), pair(&o["max"], &c["max"]));
    if same_type && (o["min"] != c["min"] || o["max"] != c["max"]) && !o["min"].is_null() && !c["min"].is_null() {
        changes.push(change(
            Severity::Info,
            "stats",
            "range",
            col,
            format!("The range of \"{name}\" is [{}, {}], was [{}, {}].", num(&c["min"]), num(&c["max"]), num(&o["min"]), num(&o["max"])),
            0.0,
        ));
    }
    let mut quantiles = Vec::new();
    if let (Some(qo), Some(qn)) = (o["quantiles"].as_object(), c["quantiles"].as_object()) {
        for k in ["p1", "p5", "p25", "p50", "p75", "p95", "p99"] {
            if let (Some(a), Some(b)) = (qo.get(k), qn.get(k)) {
                quantiles.push((k.to_string(), pair(a, b).unwrap()));
            }
        }
    }
    let (mut psi, mut ks) = (None, None);
    if same_type {
        if let (Some(a), Some(b)) = (Cdf::of(o), Cdf::of(c)) {
            let k = ks_distance(&a, &b);
            if let Some(sev) = level(k.value, opts.ks_warning, opts.ks_error) {
                changes.push(change(sev, "drift", "ks", col, format!("The distribution of \"{name}\" moved: Kolmogorov-Smirnov distance {:.3} (between {:.3} and {:.3}).", k.value, k.lower, k.upper), k.value));
            }
            let p = psi_of(&a, &b, opts.psi_bins.max(1));
            if let Some(sev) = level(p.value, opts.psi_warning, opts.psi_error) {
                changes.push(change(sev, "drift", "psi", col, format!("The distribution of \"{name}\" shifted: population stability index {:.3} (between {:.3} and {:.3}).", p.value, p.lower, p.upper), p.value));
            }
            ks = Some(k);
            psi = Some(p);
        }
    }
    let categories = if same_type { categories(o, c, &name, opts, changes) } else { Vec::new() };
    ColumnDiff {
        name: name.clone(),
        old_name: None,
        status,
        old_type: o["type"].as_str().map(String::from),
        new_type: c["type"].as_str().map(String::from),
        null_rate: null_pair,
        distinct,
        min,
        max,
        mean,
        std: pair(&o["std"], &c["std"]),
        quantiles,
        psi,
        ks,
        categories,
    }
}

fn num(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() != 0.0 => format!("{}", round(x, 6)),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn categories(o: &Value, c: &Value, name: &str, opts: &DiffOptions, changes: &mut Vec<Change>) -> Vec<Share> {
    let top = |v: &Value| -> Vec<(String, f64)> {
        let count = v["count"].as_f64().unwrap_or(0.0).max(1.0);
        v["top"].as_array().map(|t| t.iter().filter_map(|x| Some((x["value"].as_str()?.to_string(), x["count"].as_f64()? / count))).collect()).unwrap_or_default()
    };
    // Numbers and dates drift through their histograms; their top values are not categories.
    if o["mean"].is_number() || !o["histogram"].is_null() {
        return Vec::new();
    }
    let (ot, nt) = (top(o), top(c));
    if ot.is_empty() && nt.is_empty() {
        return Vec::new();
    }
    let complete = |v: &Value, t: &[(String, f64)]| v["distinct"].as_u64().is_some_and(|d| d as usize <= t.len()) && v["distinct_exact"].as_bool().unwrap_or(false);
    let (oc, nc) = (complete(o, &ot), complete(c, &nt));
    let mut out = Vec::new();
    let mut values: Vec<&String> = nt.iter().map(|x| &x.0).collect();
    values.extend(ot.iter().map(|x| &x.0).filter(|v| !nt.iter().any(|y| &y.0 == *v)));
    for v in values {
        let a = ot.iter().find(|x| &x.0 == v).map(|x| x.1);
        let b = nt.iter().find(|x| &x.0 == v).map(|x| x.1);
        let (status, d) = match (a, b) {
            (None, Some(b)) => (if oc { "new" } else { "entered" }, b),
            (Some(a), None) => (if nc { "vanished" } else { "left" }, a),
            (Some(a), Some(b)) => ("shifted", (b - a).abs()),
            (None, None) => continue,
        };
        if status == "shifted" && d < opts.share_warning {
            continue;
        }
        let sev = level(d, opts.share_warning, opts.share_error).unwrap_or(Severity::Info);
        let (kind, message) = match status {
            "new" => ("new_value", format!("Column \"{name}\" has a new value \"{v}\" ({:.1}% of its values).", 100.0 * d)),
            "entered" => ("new_value", format!("\"{v}\" is now among the top values of \"{name}\" ({:.1}% of its values).", 100.0 * d)),
            "vanished" => ("vanished_value", format!("Value \"{v}\" of column \"{name}\" is gone (it was {:.1}% of its values).", 100.0 * d)),
            "left" => ("vanished_value", format!("\"{v}\" is no longer among the top values of \"{name}\" (it was {:.1}% of its values).", 100.0 * d)),
            _ => ("share", format!("Value \"{v}\" of column \"{name}\" is {:.1}% of its values, was {:.1}%.", 100.0 * b.unwrap(), 100.0 * a.unwrap())),
        };
        changes.push(change(sev, "categories", kind, Some(name), message, d));
        out.push(Share { value: v.clone(), old: a.map(|x| round(x, 6)), new: b.map(|x| round(x, 6)), status });
    }
    out
}

fn findings_diff(old: &Value, new: &Value, schema: &Schema) -> FindingsDiff {
    let list = |v: &Value| -> Vec<FindingRef> {
        v["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| FindingRef {
                        kind: f["kind"].as_str().unwrap_or("").to_string(),
                        column: f["column"].as_str().map(String::from),
                        severity: f["severity"].as_str().unwrap_or("info").to_string(),
                        message: f["message"].as_str().unwrap_or("").to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // A renamed column's findings are matched under its new name.
    let rename = |c: &Option<String>| c.as_ref().map(|c| schema.renamed.iter().find(|r| &r.from == c).map_or(c.clone(), |r| r.to.clone()));
    let (o, n) = (list(old), list(new));
    let key = |f: &FindingRef, col: Option<String>| (f.kind.clone(), col);
    let ok: Vec<_> = o.iter().map(|f| key(f, rename(&f.column))).collect();
    let nk: Vec<_> = n.iter().map(|f| key(f, f.column.clone())).collect();
    // The file-level findings about the run itself are not changes of the data.
    let about_run = |k: &str| matches!(k, "estimated_statistics" | "file_mismatch" | "sample_limited");
    FindingsDiff {
        new: n.iter().zip(&nk).filter(|(f, k)| !about_run(&f.kind) && !ok.contains(k)).map(|(f, _)| f.clone()).collect(),
        resolved: o.iter().zip(&ok).filter(|(f, k)| !about_run(&f.kind) && !nk.contains(k)).map(|(f, _)| f.clone()).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Drift from histograms.

/// A column's distribution as its histogram tells it: bins `[edges[i], edges[i+1])` (the last
/// edge just past the maximum), cumulative shares at the edges, and the rank error to widen
/// them by when the histogram is estimated.
#[derive(Clone, Debug)]
pub struct Cdf {
    pub edges: Vec<f64>,
    /// `cum[i]`: the share of values below `edges[i]` (0 at the first, 1 at the last).
    pub cum: Vec<f64>,
    pub error: f64,
    pub exact: bool,
}

/// A histogram edge as a number: numbers as they are, dates as days since 1970-01-01 and
/// datetimes as fractional days (times of day as fractions of a day).
pub fn edge_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_time(s),
        _ => None,
    }
}

fn parse_time(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> { std::str::from_utf8(b.get(r)?).ok()?.parse().ok() };
    if b.len() >= 8 && b.get(2) == Some(&b':') && b.len() <= 15 {
        // A time of day HH:MM:SS[.fff].
        let secs = digits(0..2)? * 3600 + digits(3..5)? * 60 + digits(6..8)?;
        let frac: f64 = if b.len() > 9 { format!("0{}", &s[8..]).parse().unwrap_or(0.0) } else { 0.0 };
        return Some((secs as f64 + frac) / 86400.0);
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146097 + doe - 719468) as f64;
    if b.len() <= 10 {
        return Some(days);
    }
    let secs = digits(11..13)? * 3600 + digits(14..16)? * 60 + digits(17..19).unwrap_or(0);
    let frac: f64 = match b.get(19) {
        Some(b'.') => {
            let end = s[20..].find(|c: char| !c.is_ascii_digit()).map_or(s.len(), |k| 20 + k);
            format!("0{}", &s[19..end]).parse().unwrap_or(0.0)
        }
        _ => 0.0,
    };
    Some(days + (secs as f64 + frac) / 86400.0)
}

impl Cdf {
    /// From a column profile's `histogram` (None without one, or with an empty one).
    pub fn of(c: &Value) -> Option<Cdf> {
        let h = c["histogram"].as_object()?;
        let mut edges: Vec<f64> = h.get("edges")?.as_array()?.iter().map(edge_value).collect::<Option<_>>()?;
        let counts: Vec<f64> = h.get("counts")?.as_array()?.iter().map(Value::as_f64).collect::<Option<_>>()?;
        if edges.len() != counts.len() + 1 || counts.is_empty() || edges.windows(2).any(|w| !(w[0] <= w[1])) {
            return None;
        }
        let total: f64 = counts.iter().sum();
        if total <= 0.0 {
            return None;
        }
        // A float or datetime histogram's last edge is the maximum, in its last bin: move it
        // just past, so that every bin is half-open. (An integer or date histogram's last edge
        // is past the maximum already.)
        let last = edges.len() - 1;
        let integers = c["type"] == "integer" || c["type"] == "date";
        if !integers || edges[last] == edges[last - 1] {
            edges[last] = edges[last].next_up();
        }
        let mut cum = Vec::with_capacity(edges.len());
        let mut acc = 0.0;
        cum.push(0.0);
        for x in &counts {
            acc += x;
            cum.push(acc / total);
        }
        let exact = c["histogram_exact"].as_bool().unwrap_or(true);
        let error = if exact { 0.0 } else { c["quantiles_rank_error"].as_f64().unwrap_or(0.01) };
        Some(Cdf { edges, cum, error, exact })
    }

    /// The share of values below `x`: an estimate (the bin's values spread evenly) and bounds.
    pub fn at(&self, x: f64) -> (f64, f64, f64) {
        let n = self.edges.len();
        if x <= self.edges[0] {
            return (0.0, 0.0, 0.0);
        }
        if x >= self.edges[n - 1] {
            return (1.0, 1.0, 1.0);
        }
        // The bin [edges[i], edges[i+1]) holding x.
        let i = self.edges.partition_point(|&e| e <= x) - 1;
        let (a, b) = (self.cum[i], self.cum[i + 1]);
        let (lo, hi, est) = if x == self.edges[i] {
            (a, a, a)
        } else {
            let t = (x - self.edges[i]) / (self.edges[i + 1] - self.edges[i]);
            (a, b, a + t * (b - a))
        };
        ((lo - self.error).max(0.0), est, (hi + self.error).min(1.0))
    }
}

/// The Kolmogorov-Smirnov distance of two histograms' CDFs, with bounds.
pub fn ks_distance(a: &Cdf, b: &Cdf) -> Drift {
    let mut grid: Vec<f64> = a.edges.iter().chain(&b.edges).copied().collect();
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    let (mut value, mut lower, mut upper) = (0.0f64, 0.0f64, 0.0f64);
    let pts: Vec<((f64, f64, f64), (f64, f64, f64))> = grid.iter().map(|&x| (a.at(x), b.at(x))).collect();
    for (k, &((alo, aest, ahi), (blo, best, bhi))) in pts.iter().enumerate() {
        value = value.max((aest - best).abs());
        lower = lower.max(alo - bhi).max(blo - ahi);
        upper = upper.max(ahi - blo).max(bhi - alo);
        // Between this grid point and the next, each CDF stays within its bounds there.
        if let Some(&((_, _, nahi), (_, _, nbhi))) = pts.get(k + 1) {
            upper = upper.max(nahi - blo).max(nbhi - alo);
        }
    }
    Drift { value: round(value, 9), lower: round(lower.max(0.0), 9), upper: round(upper.min(1.0), 9), edges: None, exact: a.exact && b.exact }
}

/// The smallest share a PSI bin counts with (an empty bin would make it infinite).
pub const PSI_FLOOR: f64 = 1e-4;

/// One bin's PSI term.
fn psi_term(p: f64, q: f64) -> f64 {
    let (p, q) = (p.max(PSI_FLOOR), q.max(PSI_FLOOR));
    (q - p) * (q / p).ln()
}

/// The bounds of a PSI term over shares `p` in `[plo, phi]` and `q` in `[qlo, qhi]`: the term
/// is convex, so its maximum is at a corner; it is 0 where the intervals meet, and otherwise
/// least at the corner nearest the diagonal.
fn psi_term_bounds(plo: f64, phi: f64, qlo: f64, qhi: f64) -> (f64, f64) {
    let hi = [psi_term(plo, qlo), psi_term(plo, qhi), psi_term(phi, qlo), psi_term(phi, qhi)].into_iter().fold(0.0, f64::max);
    let lo = if plo.max(PSI_FLOOR) > qhi.max(PSI_FLOOR) {
        psi_term(plo, qhi)
    } else if qlo.max(PSI_FLOOR) > phi.max(PSI_FLOOR) {
        psi_term(phi, qlo)
    } else {
        0.0
    };
    (lo, hi)
}

/// The shared bins of a PSI: edges of the old histogram chosen so that each bin holds about
/// `1/bins` of the old values, with open bins below the old minimum and above the old maximum.
pub fn psi_edges(old: &Cdf, bins: usize) -> Vec<f64> {
    let mut edges = vec![old.edges[0]];
    for k in 1..bins {
        let target = k as f64 / bins as f64;
        let i = old.cum.partition_point(|&c| c < target).min(old.edges.len() - 1);
        let e = old.edges[i];
        if e > *edges.last().unwrap() && e < old.edges[old.edges.len() - 1] {
            edges.push(e);
        }
    }
    edges.push(old.edges[old.edges.len() - 1]);
    edges
}

/// The PSI of two histograms over shared bins ([`psi_edges`]), with bounds.
pub fn psi_of(old: &Cdf, new: &Cdf, bins: usize) -> Drift {
    let inner = psi_edges(old, bins);
    // Each CDF at -inf, at each shared edge and at +inf: the bins are (-inf, e0), [e0, e1),
    // ..., [e_last, inf).
    let ends = |c: &Cdf| -> Vec<(f64, f64, f64)> {
        std::iter::once((0.0, 0.0, 0.0)).chain(inner.iter().map(|&e| c.at(e))).chain(std::iter::once((1.0, 1.0, 1.0))).collect()
    };
    let (po, pn) = (ends(old), ends(new));
    // A bin's share lies between its upper end's low bound less its lower end's high bound,
    // and the other way round.
    let share = |a: (f64, f64, f64), b: (f64, f64, f64)| ((b.0 - a.2).max(0.0), (b.1 - a.1).max(0.0), (b.2 - a.0).min(1.0));
    let (mut value, mut lower, mut upper) = (0.0, 0.0, 0.0);
    for k in 0..po.len() - 1 {
        let (plo, pest, phi) = share(po[k], po[k + 1]);
        let (qlo, qest, qhi) = share(pn[k], pn[k + 1]);
        value += psi_term(pest, qest);
        let (lo, hi) = psi_term_bounds(plo, phi, qlo, qhi);
        lower += lo;
        upper += hi;
    }
    Drift { value: round(value, 9), lower: round(lower, 9), upper: round(upper, 9), edges: Some(inner), exact: old.exact && new.exact }
}

/// The JSON Schema (draft 2020-12) of [`Diff`]: what `www/diff.schema.json` holds.
#[cfg(feature = "schema")]
pub fn diff_schema() -> Value {
    let mut s = schemars::generate::SchemaSettings::draft2020_12().for_serialize().into_generator().into_root_schema_for::<Diff>();
    s.insert("$id".into(), "https://sluice.invalid/diff.schema.json".into());
    serde_json::to_value(s).expect("a schema serialises")
}
