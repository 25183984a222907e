//! The measures of [`super::relations`], computed once at the end from its exact tables:
//! associations (Cramér's V with Bergsma's bias correction, Theil's U, mutual information,
//! the correlation ratio η, Pearson's r), keys, functional dependencies with their
//! violations, one-to-one columns, and rules with their exceptions; and their findings.

use std::collections::HashMap;

use super::Finish;
use super::relations::{Col, DICT_VALUES, DepCell, DepSample, Group, Relations, Table, idx};
use crate::profile::{
    AssociationPair, Associations, CategoryMean, ContingencyTable, Dependency, DuplicateValue, Finding, KeyColumn, Profile, RedundantColumns, Rule,
    RuleItem, Severity, ValueCount, Violation,
};

/// Categories a column is measured with: all its values up to this many, else the most
/// frequent `CATEGORIES - 1` and "other".
pub const CATEGORIES: usize = 64;
/// Rows and columns of a contingency table in the profile (then "(other)").
pub const TABLE_VALUES: usize = 12;
/// Categories of a per-category means list in the profile (then "(other)").
pub const GROUP_VALUES: usize = 24;
/// Dependencies reported: g3 error at most this.
pub const DEPENDENCY_ERROR: f64 = 0.05;
/// Rules: support of at least this share of the rows (and at least `MIN_RULE_ROWS` rows).
pub const MIN_RULE_SUPPORT: f64 = 0.01;
pub const MIN_RULE_ROWS: u64 = 5;
/// Rules: confidence or lift at least this, and a chi-square above [`CHI_SQUARE_001`].
pub const RULE_CONFIDENCE: f64 = 0.9;
pub const RULE_LIFT: f64 = 2.0;
/// The chi-square (1 degree of freedom) of p = 0.001.
pub const CHI_SQUARE_001: f64 = 10.828;
/// Rules listed at most.
pub const MAX_RULES: usize = 100;
/// Exceptions are listed for rules of confidence in [0.95, 0.9999).
pub const EXCEPTION_CONFIDENCE: (f64, f64) = (0.95, 0.9999);
/// Associations from this value on are a `strong_association` finding.
pub const STRONG_ASSOCIATION: f64 = 0.5;
/// A column is listed as a near-key when at least this share of its values is distinct.
pub const NEAR_KEY_SHARE: f64 = 0.95;
/// A near-key with at most this share of duplicate rows is a `duplicate_key` finding.
pub const DUPLICATE_KEY_SHARE: f64 = 0.01;
/// Findings of one kind (dependency violations, rule exceptions) at most.
const MAX_FINDINGS: usize = 10;
const OTHER: &str = "(other)";

/// A dictionary column's categories: each value id's category, and the categories' names.
struct Fold {
    of: Vec<usize>,
    names: Vec<String>,
}

/// Value ids in order of count (descending), ties by first appearance.
fn ranked(values: &[super::relations::Value]) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..values.len()).collect();
    ids.sort_by(|&a, &b| values[b].count.cmp(&values[a].count).then(a.cmp(&b)));
    ids
}

/// Folds a dictionary into at most `most` categories (the last one "other" when needed).
fn fold(values: &[super::relations::Value], most: usize) -> Fold {
    let ids = ranked(values);
    let keep = if ids.len() <= most { ids.len() } else { most - 1 };
    let mut of = vec![0; values.len()];
    let mut names = Vec::new();
    for (rank, &id) in ids.iter().enumerate() {
        if rank < keep {
            of[id] = rank;
            names.push(values[id].text.clone());
        } else {
            of[id] = keep;
        }
    }
    if keep < ids.len() {
        names.push(OTHER.to_string());
    }
    Fold { of, names }
}

/// Counts of a table folded: `m[a][b]`, with the tracked columns in (x, y) order.
fn folded(t: &Table, fx: &Fold, fy: &Fold, transpose: bool) -> Vec<Vec<u64>> {
    let (nx, ny) = (fx.names.len(), fy.names.len());
    let mut m = vec![vec![0u64; ny]; nx];
    let (ra, rb) = if transpose { (fy.of.len(), fx.of.len()) } else { (fx.of.len(), fy.of.len()) };
    for a in 0..ra {
        for b in 0..rb {
            let (count, _) = t.cell(a, b);
            if count > 0 {
                let (x, y) = if transpose { (b, a) } else { (a, b) };
                m[fx.of[x]][fy.of[y]] += count;
            }
        }
    }
    m
}

/// The association measures of a contingency table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub n: u64,
    pub cramers_v: Option<f64>,
    /// U(x | y) and U(y | x).
    pub u_xy: Option<f64>,
    pub u_yx: Option<f64>,
    pub mi: Option<f64>,
}

/// Cramér's V (Bergsma 2013's bias correction), Theil's U both ways and the mutual
/// information (nats) of a table of counts.
pub fn measures(m: &[Vec<u64>]) -> Measures {
    let rows: Vec<u64> = m.iter().map(|r| r.iter().sum()).collect();
    let ny = m.first().map_or(0, Vec::len);
    let cols: Vec<u64> = (0..ny).map(|b| m.iter().map(|r| r[b]).sum()).collect();
    let n: u64 = rows.iter().sum();
    let none = Measures { n, cramers_v: None, u_xy: None, u_yx: None, mi: None };
    if n < 2 {
        return none;
    }
    let nf = n as f64;
    let (r, k) = (rows.iter().filter(|&&x| x > 0).count() as f64, cols.iter().filter(|&&x| x > 0).count() as f64);
    let entropy = |xs: &mut dyn Iterator<Item = u64>| -> f64 {
        xs.filter(|&x| x > 0).map(|x| {
            let p = x as f64 / nf;
            -p * libm::log(p)
        }).sum()
    };
    let hx = entropy(&mut rows.iter().copied());
    let hy = entropy(&mut cols.iter().copied());
    let hxy = entropy(&mut m.iter().flat_map(|r| r.iter().copied()));
    let mi = (hx + hy - hxy).max(0.0);
    let mut sum = 0.0;
    for (a, row) in m.iter().enumerate() {
        for (b, &c) in row.iter().enumerate() {
            if c > 0 {
                sum += (c as f64) * (c as f64) / (rows[a] as f64 * cols[b] as f64);
            }
        }
    }
    let phi2 = (sum - 1.0).max(0.0);
    let v = if r >= 2.0 && k >= 2.0 {
        let phi2c = (phi2 - (k - 1.0) * (r - 1.0) / (nf - 1.0)).max(0.0);
        let rc = r - (r - 1.0).powi(2) / (nf - 1.0);
        let kc = k - (k - 1.0).powi(2) / (nf - 1.0);
        let d = (kc - 1.0).min(rc - 1.0);
        (d > 0.0).then(|| (phi2c / d).sqrt().min(1.0))
    } else {
        None
    };
    Measures {
        n,
        cramers_v: v,
        u_xy: (hx > 0.0).then(|| (mi / hx).min(1.0)),
        u_yx: (hy > 0.0).then(|| (mi / hy).min(1.0)),
        mi: (r >= 1.0 && k >= 1.0).then_some(mi),
    }
}

/// The correlation ratio of groups: sqrt(between-group / total sum of squares).
pub fn eta(groups: &[Group]) -> Option<f64> {
    let mut total = Group::default();
    for g in groups {
        total.merge(g);
    }
    let between: f64 = groups.iter().filter(|g| g.n > 0).map(|g| g.n as f64 * (g.mean() - total.mean()).powi(2)).sum();
    let nonempty = groups.iter().filter(|g| g.n > 0).count();
    (nonempty >= 2 && total.m2() > 0.0).then(|| (between / total.m2()).clamp(0.0, 1.0).sqrt())
}

fn std_of(g: &Group) -> Option<f64> {
    (g.n > 1).then(|| (g.m2() / (g.n - 1) as f64).sqrt())
}

/// Cell (a of x, b of y) of a pair's table.
fn cell(t: &Table, transpose: bool, a: usize, b: usize) -> (u64, u64) {
    if transpose { t.cell(b, a) } else { t.cell(a, b) }
}

fn finding(kind: &'static str, severity: Severity, column: Option<(&str, usize)>, count: u64, mut lines: Vec<u64>, message: String) -> Finding {
    lines.sort_unstable();
    lines.dedup();
    lines.truncate(10);
    Finding { kind, severity, column: column.map(|c| c.0.to_string()), column_index: column.map(|c| c.1), count, lines, message }
}

pub fn finish(rel: &Relations, ctx: &Finish<'_>, p: &mut Profile) {
    let n = rel.cols.len().min(ctx.columns.len());
    if n == 0 {
        return;
    }
    let cols = &ctx.columns[..n];
    let names: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
    let dict = |c: usize| match &rel.cols[c] {
        Col::Dict(v) if !v.is_empty() => Some(&v[..]),
        _ => None,
    };
    let numeric = |c: usize| matches!(cols[c].ty, "integer" | "float");
    let roles: Vec<&'static str> = (0..n)
        .map(|c| if numeric(c) { "numeric" } else if dict(c).is_some() { "categorical" } else { "other" })
        .collect();
    let folds: Vec<Option<Fold>> = (0..n).map(|c| dict(c).map(|v| fold(v, CATEGORIES))).collect();
    let mut measure = vec![vec![None; n]; n];
    let mut value = vec![vec![None; n]; n];
    let mut theil_u = vec![vec![None; n]; n];
    let mut mutual = vec![vec![None; n]; n];
    let mut pairs = Vec::new();
    let mut left_out = Vec::new();
    let pearson_at: HashMap<&str, usize> = p.correlations.columns.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let mut strong = Vec::new();
    for j in 0..n {
        for i in 0..j {
            match (roles[i], roles[j]) {
                ("categorical", "categorical") => {
                    let Some((t, tr)) = rel.table_of(i, j) else {
                        if rel.pairs[idx(i, j)].dropped {
                            left_out.push((i, j));
                        }
                        continue;
                    };
                    let (fi, fj) = (folds[i].as_ref().unwrap(), folds[j].as_ref().unwrap());
                    let m = folded(t, fi, fj, tr);
                    let ms = measures(&m);
                    for (a, b) in [(i, j), (j, i)] {
                        measure[a][b] = Some("cramers_v");
                        value[a][b] = ms.cramers_v;
                        mutual[a][b] = ms.mi;
                    }
                    theil_u[i][j] = ms.u_xy;
                    theil_u[j][i] = ms.u_yx;
                    // The table shown: the most frequent values of each, then "(other)".
                    let (si, sj) = (fold(dict(i).unwrap(), TABLE_VALUES + 1), fold(dict(j).unwrap(), TABLE_VALUES + 1));
                    let shown = folded(t, &si, &sj, tr);
                    pairs.push(AssociationPair {
                        columns: vec![names[i].clone(), names[j].clone()],
                        measure: "cramers_v",
                        value: ms.cramers_v,
                        rows: ms.n,
                        table: Some(ContingencyTable { rows: si.names, columns: sj.names, counts: shown }),
                        groups: None,
                    });
                    if let Some(v) = ms.cramers_v.filter(|&v| v >= STRONG_ASSOCIATION) {
                        strong.push((i, j, "Cramér's V", v, ms.n));
                    }
                }
                ("categorical", "numeric") | ("numeric", "categorical") => {
                    let (c, x) = if roles[i] == "categorical" { (i, j) } else { (j, i) };
                    let g = &rel.groups[c * rel.cols.len() + x];
                    if g.is_empty() {
                        continue;
                    }
                    let f = folds[c].as_ref().unwrap();
                    let mut fg = vec![Group::default(); f.names.len()];
                    for (id, grp) in g.iter().enumerate().take(f.of.len()) {
                        fg[f.of[id]].merge(grp);
                    }
                    let rows: u64 = fg.iter().map(|g| g.n).sum();
                    if rows == 0 {
                        continue;
                    }
                    let e = eta(&fg);
                    for (a, b) in [(i, j), (j, i)] {
                        measure[a][b] = Some("eta");
                        value[a][b] = e;
                    }
                    let shown = fold(dict(c).unwrap(), GROUP_VALUES + 1);
                    let mut sg = vec![Group::default(); shown.names.len()];
                    for (id, grp) in g.iter().enumerate().take(shown.of.len()) {
                        sg[shown.of[id]].merge(grp);
                    }
                    pairs.push(AssociationPair {
                        columns: vec![names[c].clone(), names[x].clone()],
                        measure: "eta",
                        value: e,
                        rows,
                        table: None,
                        groups: Some(
                            shown.names.iter().zip(&sg).filter(|(_, g)| g.n > 0).map(|(v, g)| CategoryMean { value: v.clone(), count: g.n, mean: g.mean(), std: std_of(g) }).collect(),
                        ),
                    });
                    if let Some(v) = e.filter(|&v| v >= STRONG_ASSOCIATION) {
                        strong.push((c, x, "the correlation ratio η", v, rows));
                    }
                }
                ("numeric", "numeric") => {
                    if let (Some(&a), Some(&b)) = (pearson_at.get(names[i].as_str()), pearson_at.get(names[j].as_str())) {
                        let r = p.correlations.pearson[a][b];
                        for (x, y) in [(i, j), (j, i)] {
                            measure[x][y] = Some("pearson");
                            value[x][y] = r;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for c in 0..n {
        if roles[c] != "other" || numeric(c) {
            measure[c][c] = match roles[c] {
                "categorical" => Some("cramers_v"),
                "numeric" => Some("pearson"),
                _ => None,
            };
            value[c][c] = Some(1.0);
        }
        if roles[c] == "categorical" {
            theil_u[c][c] = Some(1.0);
        }
    }

    // Dependencies (X -> A) between dictionary columns, and one-to-one pairs.
    let mut deps = Vec::new();
    let mut exact_fd = vec![vec![false; n]; n];
    for x in 0..n {
        for a in 0..n {
            if x == a {
                continue;
            }
            let (Some(vx), Some(va)) = (dict(x), dict(a)) else { continue };
            let Some((t, tr)) = rel.table_of(x, a) else { continue };
            if let Some(d) = dependency(t, tr, vx, va, &names[x], &names[a]) {
                if d.violating_rows == 0 {
                    exact_fd[x][a] = true;
                }
                deps.push((x, a, d));
            }
        }
    }
    // Dependencies of over columns on dictionary columns, from their samples.
    let ncols = rel.cols.len();
    for x in 0..n {
        for a in 0..n {
            let (Some(ds), Some(va)) = (rel.deps.get(x * ncols + a).and_then(Option::as_ref), dict(a)) else { continue };
            if !matches!(rel.cols[x], Col::Over(_)) {
                continue;
            }
            if let Some(d) = sampled_dependency(ds, va, &names[x], &names[a]) {
                deps.push((x, a, d));
            }
        }
    }
    let mut redundant = Vec::new();
    let one_to_one = |x: usize, a: usize| exact_fd[x][a] && exact_fd[a][x];
    let texts: Vec<HashMap<u64, String>> = (0..n)
        .map(|c| match &rel.cols[c] {
            Col::Dict(v) => v.iter().map(|x| (x.hash, x.text.clone())).collect(),
            Col::Over(k) => k.values.iter().map(|(&h, x)| (h, x.text())).collect(),
        })
        .collect();
    let pair_deps = pair_dependencies(rel, n, &names, &texts);
    for (x, a, d) in &deps {
        if one_to_one(*x, *a) && x < a {
            redundant.push((*x, *a, RedundantColumns { columns: vec![names[*x].clone(), names[*a].clone()], values: d.determinant_values, rows: d.rows }));
        }
    }
    let mut dependencies: Vec<(usize, usize, Dependency)> = deps.into_iter().filter(|(x, a, _)| !one_to_one(*x, *a)).collect();
    dependencies.extend(pair_deps);
    dependencies.sort_by(|a, b| a.2.error.total_cmp(&b.2.error).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));

    // Rules between values of categorical (not numeric) columns.
    let mut rules = Vec::new();
    for x in 0..n {
        for y in 0..n {
            if x == y || roles[x] != "categorical" || roles[y] != "categorical" || exact_fd[x][y] {
                continue;
            }
            let (Some(vx), Some(vy)) = (dict(x), dict(y)) else { continue };
            let Some((t, tr)) = rel.table_of(x, y) else { continue };
            rules_of(t, tr, vx, vy, &names[x], &names[y], &mut rules);
        }
    }
    rules.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then(b.lift.total_cmp(&a.lift)).then(b.rows.cmp(&a.rows)));
    rules.truncate(MAX_RULES);

    // Keys.
    let mut keys = Vec::new();
    for c in 0..n {
        if let Some(k) = key(rel, c, &cols[c]) {
            keys.push((c, k));
        }
    }
    // No single column is a key: pairs, from what is counted anyway (a table of two dictionary
    // columns, exactly; a dependency sample of a column past its dictionary, by its sample).
    if !keys.iter().any(|(_, k)| k.key) && ctx.rows >= 2 {
        let mut pairs = Vec::new();
        for j in 0..n {
            for i in 0..j {
                if cols[i].nulls > 0 || cols[j].nulls > 0 {
                    continue;
                }
                let found = match (&rel.cols[i], &rel.cols[j]) {
                    (Col::Dict(vi), Col::Dict(vj)) => rel.table_of(i, j).map(|(t, _)| {
                        let mut cells = Vec::new();
                        t.for_cells(|a, b, count, first| cells.push((format!("{} | {}", vi[a].text, vj[b].text), count, first, 0)));
                        (cells, 1.0, true)
                    }),
                    (Col::Over(_), Col::Dict(va)) | (Col::Dict(va), Col::Over(_)) => {
                        let (x, a) = if matches!(rel.cols[i], Col::Over(_)) { (i, j) } else { (j, i) };
                        rel.deps.get(x * ncols + a).and_then(Option::as_ref).map(|ds| {
                            let text: HashMap<u64, &str> = va.iter().map(|v| (v.hash, v.text.as_str())).collect();
                            let cells = ds.cells.values().map(|c| {
                                let (xv, av) = (c.text(), text.get(&c.a).copied().unwrap_or(""));
                                (if x == i { format!("{xv} | {av}") } else { format!("{av} | {xv}") }, c.count, c.first, 0)
                            }).collect();
                            (cells, ds.share(), ds.level == 0)
                        })
                    }
                    _ => None,
                };
                let Some((cells, share, complete)) = found else { continue };
                if let Some(k) = pair_key(&names, (i, j), cells, share, complete, ctx.rows) {
                    pairs.push((i, k));
                }
            }
        }
        // Pairs of columns with too many values for a table, from the pair search's key samples.
        if let (Some(h), false) = (&rel.two.hints, rel.two.broken) {
            let mut q = 0;
            for j in 0..h.keys.len() {
                for i in 0..j {
                    let ks = &rel.two.keys[q];
                    q += 1;
                    let (ci, cj) = (h.keys[i], h.keys[j]);
                    if cj >= n || cols[ci].nulls > 0 || cols[cj].nulls > 0 || matches!((&rel.cols[ci], &rel.cols[cj]), (Col::Dict(_), Col::Dict(_))) {
                        continue;
                    }
                    if pairs.iter().any(|(_, k)| k.columns[0] == names[ci] && k.columns[1] == names[cj]) {
                        continue;
                    }
                    let cells = ks.values.values().map(|k| (k.text(), k.count, k.first, k.second)).collect();
                    if let Some(k) = pair_key(&names, (ci, cj), cells, ks.share(), ks.level == 0, ctx.rows) {
                        pairs.push((ci, k));
                    }
                }
            }
        }
        pairs.sort_by(|a, b| b.1.key.cmp(&a.1.key).then(b.1.exact.cmp(&a.1.exact)).then(a.1.duplicate_rows.cmp(&b.1.duplicate_rows)));
        pairs.truncate(10);
        keys.extend(pairs);
    }

    // Findings.
    let f = &mut p.findings;
    for (c, k) in &keys {
        if !k.key && k.duplicate_rows > 0 && k.nulls == 0 && (k.duplicate_rows as f64) <= DUPLICATE_KEY_SHARE * cols[*c].count as f64 {
            // Rows that share a duplicated value: its repeats, and its first occurrence.
            let rows = k.duplicate_rows + k.duplicated_values;
            let lines = k.duplicates.iter().flat_map(|d| d.lines.iter().copied()).collect();
            let examples: Vec<String> = k.duplicates.iter().take(3).map(|d| format!("\"{}\" ({} times)", d.value, d.count)).collect();
            let what = if k.columns.len() == 1 { format!("Column \"{}\"", k.columns[0]) } else { format!("The pair of columns \"{}\"", k.columns.join("\", \"")) };
            f.push(finding("duplicate_key", Severity::Warning, Some((&names[*c], *c)), rows, lines, format!(
                "{what} is nearly a key: {}{} row(s) repeat a value of an earlier row, e.g. {}. If each row should have its own, those rows are duplicates or errors.",
                if k.exact { "" } else { "about " }, k.duplicate_rows, examples.join(", "))));
        }
    }
    for (x, a, d) in dependencies.iter().filter(|(_, _, d)| d.violating_rows > 0).take(MAX_FINDINGS) {
        let lines = d.violations.iter().flat_map(|v| v.conflicts.iter().map(|c| c.first_line)).collect();
        let ex = &d.violations[0];
        let x_names: Vec<String> = d.determinant.iter().map(|c| format!("\"{c}\"")).collect();
        let verb = if x_names.len() > 1 { "together determine" } else { "determines" };
        f.push(finding("dependency_violations", Severity::Warning, Some((&names[*x], *x)), d.violating_rows, lines, format!(
            "{} {verb} \"{}\" except in {}{} row(s) ({:.2}%{}): e.g. \"{}\" goes with \"{}\" {} time(s) but with \"{}\" {} time(s) (first on line {}). Those rows may be errors.",
            x_names.join(" and "), names[*a], if d.exact { "" } else { "about " }, d.violating_rows, d.error * 100.0,
            if d.exact { String::new() } else { format!(" ± {:.2}%, from a sample of {:.1}% of its values", d.error_margin * 100.0, d.sampled * 100.0) }, ex.value, ex.expected.value, ex.expected.count, ex.conflicts[0].value, ex.conflicts[0].count, ex.conflicts[0].first_line)));
    }
    for (x, a, r) in &redundant {
        f.push(finding("redundant_columns", Severity::Info, Some((&names[*x], *x)), r.rows, vec![], format!(
            "Columns \"{}\" and \"{}\" encode the same thing: each of their {} values goes with exactly one of the other's. One of them is redundant.",
            names[*x], names[*a], r.values)));
    }
    for r in rules.iter().filter(|r| !r.exception_values.is_empty()).take(MAX_FINDINGS) {
        let c = names.iter().position(|x| *x == r.antecedent[0].column).unwrap_or(0);
        let lines = r.exception_values.iter().map(|v| v.first_line).collect();
        let ex = &r.exception_values[0];
        f.push(finding("rule_exceptions", Severity::Warning, Some((&names[c], c)), r.exceptions, lines, format!(
            "{}=\"{}\" goes with {}=\"{}\" in {:.2}% of its rows; the {} exception(s) may be errors, e.g. \"{}\" {} time(s) (first on line {}).",
            r.antecedent[0].column, r.antecedent[0].value, r.consequent.column, r.consequent.value, r.confidence * 100.0, r.exceptions, ex.value, ex.count, ex.first_line)));
    }
    for (i, j, what, v, rows) in &strong {
        if exact_fd[*i][*j] || exact_fd[*j][*i] {
            continue;
        }
        f.push(finding("strong_association", Severity::Info, Some((&names[*i], *i)), *rows, vec![], format!(
            "Columns \"{}\" and \"{}\" are strongly associated ({what} {v:.3}): knowing one tells much about the other.", names[*i], names[*j])));
    }
    let untracked = ctx.columns.len().saturating_sub(n);
    if untracked > 0 {
        f.push(crate::findings::limited_finding("relationships_limited", untracked as u64, format!(
            "{untracked} column(s) after the first {n} are not in the associations, keys, dependencies and rules (from \"{}\" on). Raise max_relationship_columns to include them (the work per row grows with its square).",
            ctx.columns[n].name)));
    }
    if !left_out.is_empty() {
        let named: Vec<String> = left_out.iter().take(5).map(|&(i, j)| format!("\"{}\" × \"{}\"", names[i], names[j])).collect();
        f.push(crate::findings::limited_finding("relationships_limited", left_out.len() as u64, format!(
            "The contingency tables of {} pair(s) of categorical columns did not fit the memory budget and were left out ({}{}): their associations, dependencies and rules are not reported. Raise memory_budget_bytes to include them.",
            left_out.len(), named.join(", "), if left_out.len() > 5 { ", ..." } else { "" })));
    }

    if let (Some(h), false) = (&rel.two.hints, rel.two.broken) {
        let named = |v: &[usize]| v.iter().filter(|&&c| c < n).take(5).map(|&c| format!("\"{}\"", names[c])).collect::<Vec<_>>().join(", ");
        if !h.determinants_left_out.is_empty() {
            f.push(crate::findings::limited_finding("relationships_limited", h.determinants_left_out.len() as u64, format!(
                "Dependencies on two columns are looked for among {} columns whose values repeat in the file's first {} bytes; {} more qualified and were left out ({}{}). Raise max_determinant_columns to include them.",
                h.determinants.len(), ctx.opts.sniff_bytes, h.determinants_left_out.len(), named(&h.determinants_left_out), if h.determinants_left_out.len() > 5 { ", ..." } else { "" })));
        }
        let shown: Vec<&[usize; 3]> = h.triples_left_out.iter().filter(|t| t.iter().all(|&c| c < n)).collect();
        if !shown.is_empty() {
            let named: Vec<String> = shown.iter().take(5).map(|t| format!("\"{}\", \"{}\" → \"{}\"", names[t[0]], names[t[1]], names[t[2]])).collect();
            f.push(crate::findings::limited_finding("relationships_limited", shown.len() as u64, format!(
                "{} more dependencies on two columns were likely in the file's first {} bytes but not followed through the file ({}{}): only the best {} are. Raise max_pair_dependencies to include them.",
                shown.len(), ctx.opts.sniff_bytes, named.join(", "), if shown.len() > 5 { ", ..." } else { "" }, h.triples.len())));
        }
        if !h.keys_left_out.is_empty() && !keys.iter().any(|(_, k)| k.key && k.columns.len() == 1) {
            f.push(crate::findings::limited_finding("relationships_limited", h.keys_left_out.len() as u64, format!(
                "Keys of two columns with many values are looked for among {} columns (those with the most distinct values in the file's first {} bytes); {} more were left out ({}{}). Raise max_key_pair_columns to include them.",
                h.keys.len(), ctx.opts.sniff_bytes, h.keys_left_out.len(), named(&h.keys_left_out), if h.keys_left_out.len() > 5 { ", ..." } else { "" })));
        }
    }

    p.associations = Some(Associations {
        columns: names.clone(),
        roles,
        categories: folds.iter().map(|f| f.as_ref().map(|f| f.names.len() as u64)).collect(),
        measure,
        value,
        theil_u,
        mutual_information: mutual,
        pairs,
        tracked_columns: n as u64,
        tables_left_out: left_out.len() as u64,
        determinant_columns: rel.two.hints.iter().flat_map(|h| h.determinants.iter()).filter(|&&c| c < n).map(|&c| names[c].clone()).collect(),
        pair_dependencies_searched: rel.two.hints.iter().flat_map(|h| h.triples.iter()).filter(|t| t.iter().all(|&c| c < n)).map(|t| t.iter().map(|&c| names[c].clone()).collect()).collect(),
        key_pair_columns: rel.two.hints.iter().flat_map(|h| h.keys.iter()).filter(|&&c| c < n).map(|&c| names[c].clone()).collect(),
    });
    p.keys = keys.into_iter().map(|(_, k)| k).collect();
    p.dependencies = dependencies.into_iter().map(|(_, _, d)| d).collect();
    p.redundant_columns = redundant.into_iter().map(|(_, _, r)| r).collect();
    p.rules = rules;
}

/// X -> A from their table, if it holds within [`DEPENDENCY_ERROR`] and is not trivial.
fn dependency(t: &Table, tr: bool, vx: &[super::relations::Value], va: &[super::relations::Value], nx: &str, na: &str) -> Option<Dependency> {
    let mut rows = 0u64;
    let mut kept = 0u64;
    let mut values = 0u64;
    let mut a_rows = vec![0u64; va.len()];
    let mut violations = Vec::new();
    for x in 0..vx.len() {
        let cells: Vec<(usize, u64, u64)> = (0..va.len()).map(|a| { let (c, l) = cell(t, tr, x, a); (a, c, l) }).filter(|c| c.1 > 0).collect();
        if cells.is_empty() {
            continue;
        }
        values += 1;
        let nx_rows: u64 = cells.iter().map(|c| c.1).sum();
        rows += nx_rows;
        for c in &cells {
            a_rows[c.0] += c.1;
        }
        let best = *cells.iter().max_by(|p, q| p.1.cmp(&q.1).then(q.2.cmp(&p.2))).unwrap();
        kept += best.1;
        if cells.len() > 1 {
            let mut conflicts: Vec<ValueCount> = cells.iter().filter(|c| c.0 != best.0).map(|c| ValueCount { value: va[c.0].text.clone(), count: c.1, first_line: c.2 }).collect();
            conflicts.sort_by(|p, q| q.count.cmp(&p.count).then(p.first_line.cmp(&q.first_line)));
            conflicts.truncate(5);
            violations.push((nx_rows - best.1, Violation { value: vx[x].text.clone(), rows: nx_rows, expected: ValueCount { value: va[best.0].text.clone(), count: best.1, first_line: best.2 }, conflicts }));
        }
    }
    let a_values = a_rows.iter().filter(|&&n| n > 0).count();
    // Trivial: A constant, or X (nearly) a key.
    if rows == 0 || a_values < 2 || values * 2 > rows {
        return None;
    }
    let violating = rows - kept;
    let error = violating as f64 / rows as f64;
    // A nearly constant A: X must explain at least half of what A's mode alone gets wrong.
    let baseline = 1.0 - *a_rows.iter().max().unwrap() as f64 / rows as f64;
    if error > DEPENDENCY_ERROR || error > baseline / 2.0 {
        return None;
    }
    violations.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.conflicts[0].first_line.cmp(&q.1.conflicts[0].first_line)));
    violations.truncate(10);
    Some(Dependency {
        determinant: vec![nx.to_string()],
        dependent: na.to_string(),
        error,
        violating_rows: violating,
        rows,
        determinant_values: values,
        exact: true,
        sampled: 1.0,
        error_margin: 0.0,
        violations: violations.into_iter().map(|v| v.1).collect(),
    })
}

/// A cell of a dependency sample: a determinant value (by its key), a dependent value (by
/// its hash), its rows and first line.
pub struct SampledCell {
    pub x: u64,
    pub a: u64,
    pub count: u64,
    pub first: u64,
}

/// X -> A from the dependency sample of an over column X, if it holds within
/// [`DEPENDENCY_ERROR`] and is not trivial.
fn sampled_dependency(ds: &DepSample, va: &[super::relations::Value], nx: &str, na: &str) -> Option<Dependency> {
    let text_of: HashMap<u64, &str> = va.iter().map(|v| (v.hash, v.text.as_str())).collect();
    let x_text: HashMap<u64, String> = ds.cells.values().map(|c| (c.x, c.text())).collect();
    let cells = ds.cells.values().map(|c: &DepCell| SampledCell { x: c.x, a: c.a, count: c.count, first: c.first }).collect();
    sampled(cells, ds.level == 0, ds.share(), &|x| x_text.get(&x).cloned().unwrap_or_default(), &|a| text_of.get(&a).map_or(String::new(), |t| t.to_string()), vec![nx.to_string()], na)
}

/// X -> A from a sample of X's values (X one column or two), if it holds within
/// [`DEPENDENCY_ERROR`] and is not trivial. The g3 error is a ratio estimate over the sampled
/// values of X (each one's rows all counted), with a cluster-sampling standard error; when no
/// sampled value breaks it, the bound is the rule of three over the sampled values.
pub fn sampled(cells: Vec<SampledCell>, exact: bool, share: f64, x_text: &dyn Fn(u64) -> String, a_text: &dyn Fn(u64) -> String, determinant: Vec<String>, na: &str) -> Option<Dependency> {
    // Each sampled x: its cells (a, count, first line), in a stable order.
    let mut by_x: HashMap<u64, Vec<SampledCell>> = HashMap::new();
    for c in cells {
        by_x.entry(c.x).or_default().push(c);
    }
    let mut xs: Vec<(u64, Vec<SampledCell>)> = by_x.into_iter().collect();
    for (_, cells) in &mut xs {
        cells.sort_by(|p, q| q.count.cmp(&p.count).then(p.first.cmp(&q.first)).then(p.a.cmp(&q.a)));
    }
    xs.sort_by_key(|(x, cells)| (cells.iter().map(|c| c.first).min().unwrap_or(0), *x));
    let m = xs.len();
    let rows: u64 = xs.iter().flat_map(|(_, c)| c.iter().map(|c| c.count)).sum();
    let mut a_rows: HashMap<u64, u64> = HashMap::new();
    for (_, cells) in &xs {
        for c in cells {
            *a_rows.entry(c.a).or_default() += c.count;
        }
    }
    if rows == 0 || a_rows.len() < 2 || m * 2 > rows as usize {
        return None;
    }
    let viol: Vec<(u64, u64)> = xs.iter().map(|(_, cells)| {
        let n: u64 = cells.iter().map(|c| c.count).sum();
        (n, n - cells[0].count)
    }).collect();
    let violating: u64 = viol.iter().map(|v| v.1).sum();
    let error = violating as f64 / rows as f64;
    let baseline = 1.0 - *a_rows.values().max().unwrap() as f64 / rows as f64;
    if error > DEPENDENCY_ERROR || error > baseline / 2.0 {
        return None;
    }
    let margin = if exact {
        0.0
    } else if violating == 0 {
        3.0 / m as f64
    } else if m < 2 {
        1.0
    } else {
        let mean = rows as f64 / m as f64;
        let ss: f64 = viol.iter().map(|&(n, v)| (v as f64 - error * n as f64).powi(2)).sum();
        1.96 * (ss / (m as f64 * (m - 1) as f64)).sqrt() / mean
    };
    let mut violations: Vec<(u64, Violation)> = xs.iter().filter(|(_, cells)| cells.len() > 1).map(|(x, cells)| {
        let n: u64 = cells.iter().map(|c| c.count).sum();
        let value = |c: &SampledCell| ValueCount { value: a_text(c.a), count: c.count, first_line: c.first };
        (n - cells[0].count, Violation { value: x_text(*x), rows: n, expected: value(&cells[0]), conflicts: cells[1..].iter().take(5).map(value).collect() })
    }).collect();
    violations.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.conflicts[0].first_line.cmp(&q.1.conflicts[0].first_line)));
    violations.truncate(10);
    let scale = |x: u64| if exact { x } else { (x as f64 / share).round() as u64 };
    Some(Dependency {
        determinant,
        dependent: na.to_string(),
        error,
        violating_rows: scale(violating),
        rows: scale(rows),
        determinant_values: scale(m as u64),
        exact,
        sampled: if exact { 1.0 } else { share },
        error_margin: margin,
        violations: violations.into_iter().map(|v| v.1).collect(),
    })
}

/// The notable rules `X=x => Y=y` of a table.
fn rules_of(t: &Table, tr: bool, vx: &[super::relations::Value], vy: &[super::relations::Value], nx: &str, ny: &str, out: &mut Vec<Rule>) {
    let (dx, dy) = (vx.len(), vy.len());
    let mut rows = vec![0u64; dx];
    let mut cols = vec![0u64; dy];
    for (x, row) in rows.iter_mut().enumerate() {
        for (y, col) in cols.iter_mut().enumerate() {
            let c = cell(t, tr, x, y).0;
            *row += c;
            *col += c;
        }
    }
    let n: u64 = rows.iter().sum();
    if n == 0 {
        return;
    }
    let min = ((MIN_RULE_SUPPORT * n as f64).ceil() as u64).max(MIN_RULE_ROWS);
    let nf = n as f64;
    for x in 0..dx {
        if rows[x] < min {
            continue;
        }
        for y in 0..dy {
            let (c, _) = cell(t, tr, x, y);
            if c < min || cols[y] == n {
                continue;
            }
            let confidence = c as f64 / rows[x] as f64;
            let lift = confidence / (cols[y] as f64 / nf);
            let (a, b, cc) = (c as f64, (rows[x] - c) as f64, (cols[y] - c) as f64);
            let d = nf - a - b - cc;
            let den = rows[x] as f64 * (nf - rows[x] as f64) * cols[y] as f64 * (nf - cols[y] as f64);
            if den <= 0.0 {
                continue;
            }
            let chi = nf * (a * d - b * cc).powi(2) / den;
            if !((confidence >= RULE_CONFIDENCE || lift >= RULE_LIFT) && chi >= CHI_SQUARE_001 && lift > 1.0) {
                continue;
            }
            let exceptions = rows[x] - c;
            let mut exception_values = Vec::new();
            if confidence >= EXCEPTION_CONFIDENCE.0 && confidence < EXCEPTION_CONFIDENCE.1 && exceptions > 0 {
                exception_values = (0..dy).filter(|&z| z != y).map(|z| (z, cell(t, tr, x, z))).filter(|(_, (c, _))| *c > 0)
                    .map(|(z, (c, l))| ValueCount { value: vy[z].text.clone(), count: c, first_line: l }).collect();
                exception_values.sort_by(|p, q| q.count.cmp(&p.count).then(p.first_line.cmp(&q.first_line)));
                exception_values.truncate(5);
            }
            out.push(Rule {
                antecedent: vec![RuleItem { column: nx.to_string(), value: vx[x].text.clone() }],
                consequent: RuleItem { column: ny.to_string(), value: vy[y].text.clone() },
                rows: c,
                support: c as f64 / nf,
                confidence,
                lift,
                chi_square: chi,
                exceptions,
                exception_values,
            });
        }
    }
}

/// Column `c` as a key or near-key, if it is one.
fn key(rel: &Relations, c: usize, col: &crate::profile::ColumnProfile) -> Option<KeyColumn> {
    // Identifiers are integers or text; a float or a timestamp that repeats is no key's defect.
    if !matches!(col.ty, "integer" | "string") || col.count < 2 || (col.distinct as f64) < NEAR_KEY_SHARE * col.count as f64 {
        return None;
    }
    let (mut dups, sampled, complete): (Vec<DuplicateValue>, f64, bool) = match &rel.cols[c] {
        Col::Dict(v) => {
            (v.iter().filter(|x| x.count > 1).map(|x| DuplicateValue { value: x.text.clone(), count: x.count, lines: vec![x.first, x.second] }).collect(), 1.0, true)
        }
        Col::Over(k) => (
            k.values.values().filter(|x| x.count > 1).map(|x| DuplicateValue { value: x.text(), count: x.count, lines: vec![x.first, x.second] }).collect(),
            k.share(),
            k.level == 0,
        ),
    };
    let duplicated_sampled = dups.len() as u64;
    let excess_sampled: u64 = dups.iter().map(|d| d.count - 1).sum();
    dups.sort_by(|a, b| a.lines[1].cmp(&b.lines[1]));
    dups.truncate(10);
    let exact = col.distinct_exact;
    let duplicate_rows = if col.distinct_exact { col.count - col.distinct.min(col.count) } else { (excess_sampled as f64 / sampled).round() as u64 };
    let duplicated_values = if complete { duplicated_sampled } else { (duplicated_sampled as f64 / sampled).round() as u64 };
    let _ = DICT_VALUES;
    Some(KeyColumn {
        columns: vec![col.name.clone()],
        key: col.nulls == 0 && duplicate_rows == 0 && duplicated_sampled == 0,
        nulls: col.nulls,
        distinct: col.distinct,
        duplicate_rows,
        duplicated_values,
        exact,
        sampled,
        duplicates_complete: complete,
        duplicates: dups,
    })
}

/// Columns `(i, j)` as a key or near-key from its value pairs (text, count, first line, second
/// line or 0), all of them (`complete`) or those of a sample of `share` of them.
fn pair_key(names: &[String], (i, j): (usize, usize), cells: Vec<(String, u64, u64, u64)>, share: f64, complete: bool, all_rows: u64) -> Option<KeyColumn> {
    let rows: u64 = cells.iter().map(|c| c.1).sum();
    let excess: u64 = cells.iter().map(|c| c.1 - 1).sum();
    let duplicate_rows = if complete { excess } else { (excess as f64 / share).round() as u64 };
    // A key, or a near-key: at most 1% of its rows repeat a pair.
    if rows == 0 || (complete && rows != all_rows) || excess as f64 > DUPLICATE_KEY_SHARE * rows as f64 {
        return None;
    }
    let mut dups: Vec<DuplicateValue> = cells
        .iter()
        .filter(|c| c.1 > 1)
        .map(|c| DuplicateValue { value: c.0.clone(), count: c.1, lines: if c.3 > 0 { vec![c.2, c.3] } else { vec![c.2] } })
        .collect();
    dups.sort_by(|a, b| a.lines.cmp(&b.lines));
    let duplicated = dups.len() as u64;
    dups.truncate(10);
    let scale = |x: u64| if complete { x } else { (x as f64 / share).round() as u64 };
    Some(KeyColumn {
        columns: vec![names[i].clone(), names[j].clone()],
        key: excess == 0,
        nulls: 0,
        distinct: scale(cells.len() as u64),
        duplicate_rows,
        duplicated_values: scale(duplicated),
        exact: complete,
        sampled: share,
        duplicates_complete: complete,
        duplicates: dups,
    })
}

/// The g3 error of X -> A for single columns, where it is counted: their table (both
/// dictionary columns) or X's dependency sample (an over X).
fn single_error(rel: &Relations, x: usize, a: usize) -> Option<f64> {
    let mut best: HashMap<u64, (u64, u64)> = HashMap::new();
    if let Some((t, tr)) = rel.table_of(x, a) {
        let mut per: HashMap<(usize, usize), u64> = HashMap::new();
        t.for_cells(|p, q, count, _| {
            let (vx, va) = if tr { (q, p) } else { (p, q) };
            per.insert((vx, va), count);
        });
        for ((vx, _), count) in per {
            let e = best.entry(vx as u64).or_default();
            e.0 += count;
            e.1 = e.1.max(count);
        }
    } else if let Some(ds) = rel.deps.get(x * rel.cols.len() + a).and_then(Option::as_ref) {
        for c in ds.cells.values() {
            let e = best.entry(c.x).or_default();
            e.0 += c.count;
            e.1 = e.1.max(c.count);
        }
    } else {
        return None;
    }
    let rows: u64 = best.values().map(|e| e.0).sum();
    let kept: u64 = best.values().map(|e| e.1).sum();
    (rows > 0).then(|| (rows - kept) as f64 / rows as f64)
}

/// Dependencies reported on two columns at most.
const MAX_PAIR_DEPENDENCIES: usize = 20;
/// A two-column determinant's rows per value at least (fewer: it is nearly a key, and splits
/// the rows finely enough to look like a dependency by chance).
const PAIR_ROWS_PER_VALUE: u64 = 20;

/// (X1, X2) -> A from the pair search's samples ([`super::pairs`]): those that hold within
/// [`DEPENDENCY_ERROR`], are not trivial (A constant, or (X1, X2) nearly a key: fewer than
/// [`PAIR_ROWS_PER_VALUE`] rows per value), and say more than either column alone (neither
/// X1 -> A nor X2 -> A holds within [`DEPENDENCY_ERROR`], where those are counted).
fn pair_dependencies(rel: &Relations, n: usize, names: &[String], texts: &[HashMap<u64, String>]) -> Vec<(usize, usize, Dependency)> {
    let two = &rel.two;
    let Some(h) = two.hints.as_ref().filter(|_| !two.broken) else { return Vec::new() };
    let text = |c: usize, hash: u64| texts.get(c).and_then(|t| t.get(&hash)).cloned().unwrap_or_else(|| "(a value not kept)".into());
    let mut out = Vec::new();
    for (&[ci, cj, ca], s) in h.triples.iter().zip(&two.samples) {
        if cj >= n || ca >= n || s.cells.is_empty() {
            continue;
        }
        let xs: HashMap<u64, (u64, u64)> = s.cells.values().map(|c| (c.c, (c.x1, c.x2))).collect();
        let cells = s.cells.values().map(|c| SampledCell { x: c.c, a: c.a, count: c.count, first: c.first }).collect();
        let x_text = |x: u64| xs.get(&x).map_or(String::new(), |&(x1, x2)| format!("{} | {}", text(ci, x1), text(cj, x2)));
        let Some(d) = sampled(cells, s.level == 0, s.share(), &x_text, &|a| text(ca, a), vec![names[ci].clone(), names[cj].clone()], &names[ca]) else {
            continue;
        };
        // Not a near-key pair: its values repeat (each 20 times on average).
        if d.determinant_values.saturating_mul(PAIR_ROWS_PER_VALUE) > d.rows {
            continue;
        }
        // Says more than either column alone, where that is counted: neither is a dependency.
        let alone = [single_error(rel, ci, ca), single_error(rel, cj, ca)].into_iter().flatten().fold(f64::INFINITY, f64::min);
        if alone <= DEPENDENCY_ERROR {
            continue;
        }
        out.push((ci, ca, d));
    }
    out.sort_by(|a, b| a.2.error.total_cmp(&b.2.error).then(b.2.exact.cmp(&a.2.exact)).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out.truncate(MAX_PAIR_DEPENDENCIES);
    out
}
