//! `sluice._sluice`: the engine's Python binding (PyO3), as thin as `src/wasm.rs` is for the
//! page. Options cross as a JSON object with the engine's own names (`sluice::Options`), the
//! profile as its JSON text (the CLI's output, byte for byte), a partial as its bytes
//! (`sluice::parallel::Partial::to_bytes`). The Python layer (`sluice/__init__.py`) turns them
//! into keyword arguments, dicts and `bytes`. Mining releases the GIL.

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use sluice::parallel::{Config, Head, Merger as CoreMerger, Partial, RangeMiner as CoreRangeMiner, plan as core_plan};
use sluice::{Error, Options, alloc};

create_exception!(_sluice, InputError, PyValueError, "The input cannot be mined: the message says why (the CLI's message).");

fn err(e: Error) -> PyErr {
    match e {
        Error::Options(_) => PyValueError::new_err(e.to_string()),
        Error::Input(m) => InputError::new_err(m),
    }
}

/// The option names `sluice::Options` knows, in its order.
fn names() -> Vec<String> {
    match serde_json::to_value(Options::default()) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Options from their JSON object; an unknown name is a `TypeError`, as for any keyword.
fn options(json: &str) -> PyResult<Options> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("invalid options: {e}")))?;
    if let serde_json::Value::Object(m) = &v {
        let known = names();
        if let Some(k) = m.keys().find(|k| !known.contains(k)) {
            return Err(PyTypeError::new_err(format!("unknown option {k:?} (options: {})", known.join(", "))));
        }
    }
    let o: Options = serde_json::from_value(v).map_err(|e| PyValueError::new_err(format!("invalid options: {e}")))?;
    o.validate().map_err(err)?;
    Ok(o)
}

fn to_json<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| PyValueError::new_err(format!("cannot write the profile: {e}")))
}

/// The names of the options, with their defaults, as a JSON object.
#[pyfunction]
fn default_options() -> PyResult<String> {
    to_json(&Options::default())
}

/// Mines the file at `path` as the CLI does; returns the profile's JSON (a JSON array of
/// profiles for an Excel workbook with `sheet: "all"`).
#[pyfunction]
fn mine_path(py: Python<'_>, path: String, options_json: &str, workers: usize, chunk_size: usize) -> PyResult<String> {
    let opts = options(options_json)?;
    let mined = py.detach(|| sluice::file::mine_path(&path, opts, workers, chunk_size)).map_err(err)?;
    match mined {
        sluice::file::Mined::One(p) => to_json(&p),
        sluice::file::Mined::Sheets(ps) => to_json(&ps),
    }
}

/// Mines several paths (files, directories, glob patterns) as the CLI does (`sluice::dataset`):
/// files with the same columns are one dataset; returns the profile's JSON, or a JSON array of
/// profiles when some files have other columns.
#[pyfunction]
fn mine_paths(py: Python<'_>, paths: Vec<String>, options_json: &str, workers: usize) -> PyResult<String> {
    let opts = options(options_json)?;
    let profiles = py
        .detach(|| sluice::dataset::expand(&paths).and_then(|files| sluice::dataset::mine_files(&files, opts, workers)))
        .map_err(err)?;
    match profiles.as_slice() {
        [one] => to_json(one),
        all => to_json(&all),
    }
}

/// One pass over pushed chunks (`sluice::Miner`).
#[pyclass(module = "sluice._sluice")]
struct Miner {
    inner: Option<sluice::Miner>,
}

impl Miner {
    fn get(&mut self) -> PyResult<&mut sluice::Miner> {
        self.inner.as_mut().ok_or_else(|| PyValueError::new_err("this Miner has finished"))
    }
}

#[pymethods]
impl Miner {
    #[new]
    fn new(options_json: &str) -> PyResult<Miner> {
        Ok(Miner { inner: Some(sluice::Miner::new(options(options_json)?).map_err(err)?) })
    }

    /// Mines the next bytes.
    fn push(&mut self, py: Python<'_>, chunk: &[u8]) -> PyResult<()> {
        let m = self.get()?;
        py.detach(|| m.push(chunk)).map_err(err)
    }

    /// Whether the miner needs no more bytes (a decompression limit was reached).
    #[getter]
    fn done(&mut self) -> PyResult<bool> {
        Ok(self.get()?.done())
    }

    /// Bytes pushed so far.
    #[getter]
    fn bytes(&mut self) -> PyResult<u64> {
        Ok(self.get()?.bytes())
    }

    /// Data rows so far.
    #[getter]
    fn rows(&mut self) -> PyResult<u64> {
        Ok(self.get()?.rows())
    }

    /// The profile's JSON. The miner cannot be used after.
    fn finish(&mut self, py: Python<'_>) -> PyResult<String> {
        let m = self.inner.take().ok_or_else(|| PyValueError::new_err("this Miner has finished"))?;
        let p = py.detach(|| m.finish()).map_err(err)?;
        to_json(&p)
    }
}

fn head(bytes: &[u8], length: u64, opts: &Options) -> PyResult<Head> {
    Head::parse(bytes, length, opts).map_err(err)
}

/// A later file's head, read with its dataset's first file's conventions (day or month first,
/// the decimal mark, boolean words, pair candidates) as the CLI reads it
/// (`sluice::parallel::adopt`).
fn dataset_head(bytes: &[u8], length: u64, opts: &Options, first: Option<(&[u8], u64)>) -> PyResult<Head> {
    let mut h = head(bytes, length, opts)?;
    if let Some((f, n)) = first {
        sluice::parallel::adopt(&mut h, &head(f, n, opts)?);
    }
    Ok(h)
}

fn first_of<'a>(first_head: Option<&'a [u8]>, first_length: Option<u64>) -> PyResult<Option<(&'a [u8], u64)>> {
    match (first_head, first_length) {
        (Some(h), Some(n)) => Ok(Some((h, n))),
        (None, None) => Ok(None),
        _ => Err(PyValueError::new_err("first_head and first_length go together")),
    }
}

/// The byte ranges for `workers` parts of a file of `length` bytes whose first bytes are
/// `head_bytes` (at least `min(sniff_bytes, length)` of them): `(ranges, note)`, the note
/// saying why there is one range when there is.
#[pyfunction]
#[pyo3(signature = (head_bytes, length, workers, options_json, min_range_bytes=None))]
fn plan(head_bytes: &[u8], length: u64, workers: usize, options_json: &str, min_range_bytes: Option<u64>) -> PyResult<(Vec<(u64, u64)>, Option<String>)> {
    let opts = options(options_json)?;
    let h = head(head_bytes, length, &opts)?;
    let mut cfg = Config::with_workers(workers.max(1));
    if let Some(m) = min_range_bytes {
        cfg.min_range_bytes = m.max(1);
    }
    let p = core_plan(&h, length, &cfg);
    Ok((p.ranges, p.note))
}

/// Why a file starting with these bytes must be mined in one pass because it is compressed.
#[pyfunction]
fn compressed_note(head_bytes: &[u8], options_json: &str) -> PyResult<Option<String>> {
    Ok(sluice::parallel::compressed_note(head_bytes, &options(options_json)?))
}

/// Mines one range of a file into a partial (`sluice::parallel::RangeMiner`).
#[pyclass(module = "sluice._sluice")]
struct RangeMiner {
    inner: Option<CoreRangeMiner>,
    length: u64,
}

#[pymethods]
impl RangeMiner {
    #[new]
    /// `first_head`, `first_length`: among several files, the dataset's first file's head and
    /// length, whose conventions this file is read with; `file_index`: the file's place in the
    /// dataset (salts the row sample as the CLI's).
    #[pyo3(signature = (head_bytes, length, options_json, start, end=None, exact=false, seed=None, window=1 << 20, first_head=None, first_length=None, file_index=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        head_bytes: &[u8],
        length: u64,
        options_json: &str,
        start: u64,
        end: Option<u64>,
        exact: bool,
        seed: Option<Vec<String>>,
        window: u64,
        first_head: Option<&[u8]>,
        first_length: Option<u64>,
        file_index: Option<usize>,
    ) -> PyResult<RangeMiner> {
        let opts = options(options_json)?;
        let h = dataset_head(head_bytes, length, &opts, first_of(first_head, first_length)?)?;
        if start > length || end.is_some_and(|e| e < start || e > length) {
            return Err(PyValueError::new_err(format!("the range {start}..{end:?} is not inside the file's {length} bytes")));
        }
        let mut m = CoreRangeMiner::new(&h, &opts, start, end, exact, seed.as_deref(), window.max(1)).map_err(err)?;
        if let Some(i) = file_index {
            m.set_file(i);
        }
        Ok(RangeMiner { inner: Some(m), length })
    }

    /// File offset of the first byte to push.
    #[getter]
    fn first_byte(&self) -> PyResult<u64> {
        Ok(self.inner.as_ref().ok_or_else(|| PyValueError::new_err("this RangeMiner has finished"))?.first_byte())
    }

    /// Mines the next bytes of the file; false once it needs no more.
    fn push(&mut self, py: Python<'_>, chunk: &[u8]) -> PyResult<bool> {
        let m = self.inner.as_mut().ok_or_else(|| PyValueError::new_err("this RangeMiner has finished"))?;
        Ok(py.detach(|| m.push(chunk)))
    }

    /// The partial's bytes (once `push` returned false or the file ended).
    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let m = self.inner.take().ok_or_else(|| PyValueError::new_err("this RangeMiner has finished"))?;
        let len = self.length;
        let bytes = py.detach(|| m.finish(len).to_bytes());
        Ok(PyBytes::new(py, &bytes))
    }
}

/// What a partial says about itself: `(start, stop, eof, rows, lines)`.
#[pyfunction]
fn partial_info(partial: &[u8], options_json: &str) -> PyResult<(u64, u64, bool, u64, u64)> {
    let p = Partial::from_bytes(partial, &options(options_json)?).map_err(err)?;
    Ok((p.start, p.stop, p.eof, p.rows(), p.lines))
}

/// Adds up partials in file order, over one file or several (`sluice::parallel::Merger`).
#[pyclass(module = "sluice._sluice")]
struct Merger {
    inner: Option<CoreMerger>,
    opts: Options,
    start_allocations: u64,
}

impl Merger {
    fn get(&mut self) -> PyResult<&mut CoreMerger> {
        self.inner.as_mut().ok_or_else(|| PyValueError::new_err("no file yet: call add_file first"))
    }
}

#[pymethods]
impl Merger {
    #[new]
    fn new(options_json: &str) -> PyResult<Merger> {
        Ok(Merger { inner: None, opts: options(options_json)?, start_allocations: alloc::stats().allocations })
    }

    /// Starts the next file (the first, or one after a complete file), whose first bytes are
    /// `head_bytes`; a file with other columns than the first is an `InputError` naming them.
    /// `name` lists the file in the profile's `files`, with its rows, bytes and lines.
    /// `first_head`, `first_length`: a later file is read with the first file's conventions
    /// (as its parts are: see `RangeMiner`).
    #[pyo3(signature = (head_bytes, length, name=None, first_head=None, first_length=None))]
    fn add_file(&mut self, head_bytes: &[u8], length: u64, name: Option<String>, first_head: Option<&[u8]>, first_length: Option<u64>) -> PyResult<()> {
        let h = dataset_head(head_bytes, length, &self.opts, first_of(first_head, first_length)?)?;
        let m = match &mut self.inner {
            None => self.inner.insert(CoreMerger::new(h, &self.opts)),
            Some(m) => {
                m.next_file(h).map_err(InputError::new_err)?;
                m
            }
        };
        if let Some(n) = name {
            m.name_file(&n, None);
        }
        Ok(())
    }

    /// Where the next part of the current file must start.
    #[getter]
    fn next_start(&mut self) -> PyResult<u64> {
        Ok(self.get()?.next_start())
    }

    /// Whether the current file's last part was added.
    #[getter]
    fn is_complete(&mut self) -> PyResult<bool> {
        Ok(self.get()?.is_complete())
    }

    /// The columns so far: the seed for mining a refused JSON Lines part again.
    #[getter]
    fn column_names(&mut self) -> PyResult<Vec<String>> {
        Ok(self.get()?.column_names())
    }

    /// Adds the next part; returns None, or why it was refused (it must then be mined again
    /// from `next_start`, seeded with `column_names`). A part that does not start at
    /// `next_start` is refused too.
    fn add(&mut self, py: Python<'_>, partial: &[u8]) -> PyResult<Option<String>> {
        let p = Partial::from_bytes(partial, &self.opts).map_err(err)?;
        let m = self.get()?;
        Ok(py.detach(|| m.add(p)).err())
    }

    /// The profile's JSON. The merger cannot be used after.
    fn finish(&mut self, py: Python<'_>) -> PyResult<String> {
        let m = self.inner.take().ok_or_else(|| PyValueError::new_err("no file was added"))?;
        let start = self.start_allocations;
        let p = py.detach(|| m.finish(start)).map_err(err)?;
        to_json(&p)
    }
}

#[pymodule]
fn _sluice(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(default_options, m)?)?;
    m.add_function(wrap_pyfunction!(mine_path, m)?)?;
    m.add_function(wrap_pyfunction!(mine_paths, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(compressed_note, m)?)?;
    m.add_function(wrap_pyfunction!(partial_info, m)?)?;
    m.add_class::<Miner>()?;
    m.add_class::<RangeMiner>()?;
    m.add_class::<Merger>()?;
    Ok(())
}
