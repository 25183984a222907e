//! What a dataset of many files needs that is not tied to threads or a file system: the same
//! decisions for the CLI's thread pool (`crate::dataset`) and the page's pool of Web Workers
//! (`crate::wasm`). Which files are one dataset ([`key_of`]), which are profiled on their own
//! ([`alone_reason`]), reading every file with the first file's conventions ([`adopt`]), and
//! the `file_mismatch` findings of files that are profiled apart ([`mismatch_messages`]).

use super::partial::{columns_difference, Head, Joined};

/// Why an Excel workbook or a Parquet file among several is profiled on its own.
pub const WORKBOOK: &str = "an Excel workbook or a Parquet file is profiled on its own among several files";
/// Why a file that is read in one pass (not UTF-8, or a JSON array) is profiled on its own.
pub const ONE_PASS: &str = "a file that is not UTF-8, or a JSON array, is profiled on its own among several files";

/// What a file must share with the first file of a dataset to join it ([`joins`]): the kind of
/// text (`"CSV"` or `"JSON"`) and its columns in order (CSV: the header's; JSON Lines: the
/// members of the objects in its head, in the order they appear).
pub type Key = (String, Vec<String>);

/// The file's [`Key`].
pub fn key_of(h: &Head) -> Key {
    let names = h.names.clone().unwrap_or_default();
    match h.sniffed {
        Some(_) => ("CSV".to_string(), names),
        None => ("JSON".to_string(), names),
    }
}

/// Whether a file of key `b` joins the dataset whose first file has key `a`: CSV files with the
/// same columns in the same order; JSON Lines files with the same members in any order; a
/// JSON Lines file after a CSV file with its columns in any order (its members are matched by
/// name); a CSV file after a JSON Lines file with its columns in the order of the first file's
/// keys (CSV columns are read by position).
pub fn joins(a: &Key, b: &Key) -> bool {
    match (a.0 == "CSV", b.0 == "CSV") {
        (_, true) => a.1 == b.1,
        (_, false) => sorted(&a.1) == sorted(&b.1),
    }
}

/// How the columns of key `b` differ from those of the first file's `a`, when `b` does not
/// join `a`.
pub fn difference(a: &Key, b: &Key) -> String {
    let why = columns_difference(&a.1, &b.1);
    if b.0 == "CSV" && a.0 != "CSV" && sorted(&a.1) == sorted(&b.1) {
        format!("{why} (a CSV file joins JSON Lines files when its columns come in the order of the first file's keys)")
    } else {
        why
    }
}

/// Each key's dataset (0, 1, ... in the order of their first files): a file joins the first
/// dataset whose first file it [`joins`], or begins a new one.
pub fn datasets(keys: &[Key]) -> Vec<usize> {
    let mut firsts: Vec<&Key> = Vec::new();
    keys.iter()
        .map(|k| match firsts.iter().position(|f| joins(f, k)) {
            Some(g) => g,
            None => {
                firsts.push(k);
                firsts.len() - 1
            }
        })
        .collect()
}

/// Why a text file cannot be cut into ranges and joined to others (`None`: it can).
pub fn alone_reason(h: &Head) -> Option<&'static str> {
    (h.layout != crate::format::jsonl::Layout::Lines || !h.encoding.is_utf8()).then_some(ONE_PASS)
}

/// Reads a later file of a dataset with its first file's decisions: each column's convention
/// (day or month first, the decimal mark, boolean words) and the candidate columns for pairs,
/// as one file's later ranges are read with its head's, and its columns and their layout
/// ([`Joined`]).
pub fn adopt(h: &mut Head, first: &Head) {
    h.formats = first.formats.clone();
    h.hints = first.hints.clone();
    h.joined = Some(Joined { names: first.names.clone().unwrap_or_default(), csv: first.sniffed.is_some() });
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// One profile among the datasets that several files gave: the path of its first file, its
/// profile's `format` (`csv`, `jsonl`, `json`, `xlsx`, `parquet`), its columns, and why it was
/// profiled on its own, if it was (an Excel workbook or a Parquet file always is).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Member {
    pub path: String,
    pub format: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub alone: Option<String>,
}

fn kind_of_format(f: &str) -> &'static str {
    match f {
        "csv" => "CSV",
        "jsonl" | "json" => "JSON",
        "parquet" => "Parquet",
        "xlsx" => "Excel",
        _ => "other",
    }
}

/// The `file_mismatch` message of each profile when `files` files gave several (`members`, in
/// the order of their first files): the first says that files were profiled apart; each other
/// names how its columns differ from the first's.
pub fn mismatch_messages(members: &[Member], files: usize) -> Vec<String> {
    let Some(first) = members.first() else { return Vec::new() };
    let a = kind_of_format(&first.format);
    members
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let mut message = if k == 0 {
                format!("{files} files were given: those with other columns than {} are profiled apart", first.path)
            } else {
                let b = kind_of_format(&m.format);
                let text = |k: &str| k == "CSV" || k == "JSON";
                let why = if a != b && !(text(a) && text(b)) {
                    format!("it is {b} data and the first is {a}")
                } else {
                    difference(&(a.to_string(), first.names.clone()), &(b.to_string(), m.names.clone()))
                };
                format!("{} is profiled apart from {}: {why}", m.path, first.path)
            };
            let workbook = matches!(m.format.as_str(), "xlsx" | "parquet").then_some(WORKBOOK);
            if let Some(why) = m.alone.as_deref().or(workbook) {
                message = format!("{message} ({why})");
            }
            message
        })
        .collect()
}

/// The `file_mismatch` finding with `message`, for a profile of `files` files.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn mismatch_finding(message: String, files: usize) -> crate::profile::Finding {
    crate::profile::Finding {
        kind: "file_mismatch",
        severity: crate::profile::Severity::Warning,
        column: None,
        column_index: None,
        count: files.max(1) as u64,
        lines: Vec::new(),
        message,
    }
}
