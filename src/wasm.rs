//! The wasm binding: the only file that knows about the browser.
//!
//! - `mine_stream(stream, options, on_progress)` reads a `ReadableStream<Uint8Array>` itself,
//!   copying each chunk once (`Uint8Array::copy_to`) into a buffer it reuses. Awaiting a read
//!   goes through one pair of callbacks made up front, so in steady state a chunk allocates
//!   nothing in the wasm heap. Cancellation (`options.signal`, an `AbortSignal`) is checked
//!   between chunks, and an abort also cancels the pending read.
//! - `Miner` (`push(Uint8Array)` / `finish()`) is for callers that already hold bytes.
//! - `memory_usage()` (`memory()` in JS, see `www/engine.js`) reports the allocator's counters and the linear memory size.
//!
//! Profiles cross to JS as plain objects (serde-wasm-bindgen, JSON-compatible).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, ReadableStream, ReadableStreamDefaultReader};

use crate::{Options, alloc};

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()).into())
}

fn options_from_js(options: &JsValue) -> Result<Options, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let opts: Options = serde_wasm_bindgen::from_value(options.clone())
        .map_err(|e| JsError::new(&format!("invalid options: {e}")))?;
    opts.validate().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(opts)
}

fn err(e: crate::Error) -> JsValue {
    JsError::new(&e.to_string()).into()
}

fn abort_error() -> JsValue {
    web_sys::DomException::new_with_message_and_name("Mining was cancelled.", "AbortError")
        .map(JsValue::from)
        .unwrap_or_else(|e| e)
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs when the module is instantiated: a panic (a bug) leaves its message where
/// `last_panic()` finds it, so the caller reports it instead of a bare "unreachable" trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&msg));
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(msg));
    }));
}

/// The message of the last panic, if the engine panicked, or of a failed allocation (after
/// either, this instance is unusable: the worker reports the message and is terminated).
#[wasm_bindgen]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow().clone()).or_else(|| {
        alloc::failed_allocation().map(|n| format!("memory allocation of {n} bytes failed: out of memory"))
    })
}

/// `{ linear_bytes, heap_bytes, heap_peak_bytes, allocations }`, built without allocating in
/// the wasm heap (so that sampling it does not disturb what it measures).
///
/// Re-exported to JS as `memory()` by `www/engine.js`: a wasm function export may not be named
/// `memory`, which is the name of the module's linear memory export (instantiation fails).
#[wasm_bindgen]
pub fn memory_usage() -> Object {
    let s = alloc::stats();
    let o = Object::new();
    let set = |k: &str, v: u64| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v as f64));
    };
    set("linear_bytes", alloc::linear_bytes());
    set("heap_bytes", s.heap_bytes);
    set("heap_peak_bytes", s.heap_peak_bytes);
    set("allocations", s.allocations);
    o
}

/// The engine's version.
/// What changed between two profiles (JSON texts): the diff's JSON (`crate::diff`). `options`
/// is a JSON object of thresholds (`DiffOptions`) or empty.
#[wasm_bindgen]
pub fn diff_profiles(old: &str, new: &str, old_name: &str, new_name: &str, options: &str) -> Result<String, JsValue> {
    let parse = |text: &str, name: &str| -> Result<serde_json::Value, JsValue> {
        serde_json::from_str(text).map_err(|e| JsValue::from(js_sys::Error::new(&format!("{name}: not a valid profile JSON: {e}"))))
    };
    let opts: crate::diff::DiffOptions = if options.trim().is_empty() {
        crate::diff::DiffOptions::default()
    } else {
        serde_json::from_str(options).map_err(|e| JsValue::from(js_sys::Error::new(&format!("compare options: {e}"))))?
    };
    let d = crate::diff::diff(&parse(old, old_name)?, &parse(new, new_name)?, old_name, new_name, &opts)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
    serde_json::to_string(&d).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A miner for bytes the caller already holds.
#[wasm_bindgen(js_name = Miner)]
pub struct JsMiner {
    inner: Option<crate::Miner>,
    buf: Vec<u8>,
}

#[wasm_bindgen(js_class = Miner)]
impl JsMiner {
    /// `new Miner(options?)`; options as in `mine()` (snake_case keys).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsMiner, JsValue> {
        let opts = options_from_js(&options)?;
        Ok(JsMiner { inner: Some(crate::Miner::new(opts).map_err(err)?), buf: Vec::new() })
    }

    /// Mines the next chunk (copied once into a buffer the miner reuses).
    pub fn push(&mut self, chunk: &Uint8Array) -> Result<(), JsValue> {
        let miner = self.inner.as_mut().ok_or_else(|| JsError::new("finish() was already called"))?;
        let len = chunk.length() as usize;
        if self.buf.len() < len {
            self.buf.resize(len, 0);
        }
        chunk.copy_to(&mut self.buf[..len]);
        miner.push(&self.buf[..len]).map_err(err)
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |m| m.bytes() as f64)
    }

    /// Data rows mined so far.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |m| m.rows() as f64)
    }

    /// Ends the input and returns the profile.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let miner = self.inner.take().ok_or_else(|| JsError::new("finish() was already called"))?;
        self.buf = Vec::new();
        to_js(&miner.finish().map_err(err)?)
    }
}

/// Where the settled value of the promise being awaited lands.
#[derive(Default)]
struct Slot {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// Awaits promises one at a time through callbacks made once, so that awaiting costs no
/// allocation (`JsFuture` makes two closures per promise).
struct Awaiter {
    slot: Rc<RefCell<Slot>>,
    on_ok: Closure<dyn FnMut(JsValue)>,
    on_err: Closure<dyn FnMut(JsValue)>,
}

impl Awaiter {
    fn new() -> Self {
        let slot = Rc::new(RefCell::new(Slot::default()));
        let settle = |ok: bool, slot: Rc<RefCell<Slot>>| {
            Closure::new(move |v: JsValue| {
                let mut s = slot.borrow_mut();
                s.result = Some(if ok { Ok(v) } else { Err(v) });
                if let Some(w) = s.waker.take() {
                    w.wake();
                }
            })
        };
        Awaiter { on_ok: settle(true, slot.clone()), on_err: settle(false, slot.clone()), slot }
    }

    fn wait(&self, p: &Promise) -> Settled<'_> {
        self.slot.borrow_mut().result = None;
        let _ = p.then2(&self.on_ok, &self.on_err);
        Settled { slot: &self.slot }
    }
}

struct Settled<'a> {
    slot: &'a RefCell<Slot>,
}

impl Future for Settled<'_> {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut s = self.slot.borrow_mut();
        if let Some(r) = s.result.take() {
            return Poll::Ready(r);
        }
        match &s.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => s.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

/// The `signal` (an `AbortSignal`) among the options, if any.
fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &JsValue::from_str("signal")).ok().filter(|s| s.is_object()).map(|s| s.unchecked_into())
}

/// Reads `stream` until its end or until `sink` returns `false` (then the stream is
/// cancelled), copying each chunk once into a buffer reused for every chunk, which `sink`
/// gets. An abort of `signal` cancels a pending read (so a stalled stream cannot hold the
/// engine) and rejects with an `AbortError`. A stream that errors rejects with its own error.
async fn read_stream(
    stream: ReadableStream,
    signal: Option<&AbortSignal>,
    mut sink: impl FnMut(&[u8]) -> Result<bool, JsValue>,
) -> Result<(), JsValue> {
    if signal.is_some_and(|s| s.aborted()) {
        return Err(abort_error());
    }
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let on_abort = {
        let reader = reader.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = reader.cancel();
        })
    };
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    let result = read_chunks(&reader, signal, &mut sink).await;
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    let result = match result {
        Ok(()) => Ok(()),
        // The stream itself failed: it is already errored, and cancelling it would only report
        // its error a second time (Chromium raises it in the page that made the stream).
        Err(ReadError::Stream(e)) => Err(e),
        Err(ReadError::Other(e)) => {
            let _ = reader.cancel();
            Err(e)
        }
    };
    reader.release_lock();
    result
}

enum ReadError {
    /// `read()` rejected: the stream errored.
    Stream(JsValue),
    /// Anything else (abort, bad chunk, engine error).
    Other(JsValue),
}

impl From<JsValue> for ReadError {
    fn from(e: JsValue) -> Self {
        ReadError::Other(e)
    }
}

async fn read_chunks(
    reader: &ReadableStreamDefaultReader,
    signal: Option<&AbortSignal>,
    sink: &mut impl FnMut(&[u8]) -> Result<bool, JsValue>,
) -> Result<(), ReadError> {
    let awaiter = Awaiter::new();
    let (done_key, value_key) = (JsValue::from_str("done"), JsValue::from_str("value"));
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let chunk = awaiter.wait(&reader.read()).await.map_err(ReadError::Stream)?;
        if signal.is_some_and(|s| s.aborted()) {
            return Err(abort_error().into());
        }
        if Reflect::get(&chunk, &done_key)?.is_truthy() {
            return Ok(());
        }
        let value = Reflect::get(&chunk, &value_key)?;
        let Some(array) = value.dyn_ref::<Uint8Array>() else {
            return Err(ReadError::Other(JsError::new("the stream gave a chunk that is not a Uint8Array").into()));
        };
        let len = array.length() as usize;
        if buf.len() < len {
            buf.resize(len, 0); // only while chunks grow; then reused as is
        }
        array.copy_to(&mut buf[..len]);
        if !sink(&buf[..len])? {
            let _ = reader.cancel();
            return Ok(());
        }
    }
}

/// Calls `f` with a snapshot from `take` once `every_ms` have passed since the last one.
struct Snapshots {
    f: Option<Function>,
    every_ms: f64,
    last: f64,
}

impl Snapshots {
    fn new(f: Option<Function>, every_ms: Option<f64>) -> Self {
        Snapshots { f, every_ms: every_ms.unwrap_or(1000.0), last: js_sys::Date::now() }
    }

    fn maybe(&mut self, take: impl FnOnce() -> Option<crate::profile::Snapshot>) -> Result<(), JsValue> {
        let Some(f) = &self.f else { return Ok(()) };
        let now = js_sys::Date::now();
        if now - self.last < self.every_ms {
            return Ok(());
        }
        self.last = now;
        if let Some(s) = take() {
            f.call1(&JsValue::NULL, &to_js(&s)?)?;
        }
        Ok(())
    }
}

/// Reads `stream` to the end and mines it. `options` may hold `signal` (an `AbortSignal`)
/// besides the mining options; `on_progress(bytes, rows)` is called after every chunk, and
/// `on_snapshot(snapshot)` (the profile so far, `Snapshot`) after a chunk once `snapshot_ms`
/// (default 1000) have passed since the last. Resolves with the profile; rejects with an
/// `AbortError` when aborted, or an `Error`.
#[wasm_bindgen]
pub async fn mine_stream(
    stream: ReadableStream,
    options: JsValue,
    on_progress: Option<Function>,
    on_snapshot: Option<Function>,
    snapshot_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let signal = signal_of(&options);
    let mut miner = crate::Miner::new(opts).map_err(err)?;
    let mut snapshots = Snapshots::new(on_snapshot, snapshot_ms);
    read_stream(stream, signal.as_ref(), |chunk| {
        miner.push(chunk).map_err(err)?;
        if let Some(f) = &on_progress {
            f.call2(&JsValue::NULL, &JsValue::from_f64(miner.bytes() as f64), &JsValue::from_f64(miner.rows() as f64))?;
        }
        snapshots.maybe(|| miner.snapshot())?;
        // A compressed input the guard stopped, or a ZIP entry that has ended: stop reading.
        Ok(!miner.done())
    })
    .await?;
    to_js(&miner.finish().map_err(err)?)
}

// ---------------------------------------------------------------------------------------------
// Parallel mining: what a pool of workers needs (see `crate::parallel` for the protocol).
//
// Coordinator (page or main worker):
//   const head = new Uint8Array(await file.slice(0, sniff_bytes).arrayBuffer());
//   const plan = plan_ranges(head, file.size, options, workers);   // { ranges: [[s, e], ...], note }
//   // each pool worker k: mine_range(file.slice(first).stream(), options, head, file.size,
//   //   s_k, k + 1 < n ? e_k : -1, k === 0, undefined), first = k === 0 ? 0 : s_k - 1
//   const merger = new Merger(head, file.size, options);
//   for k in 0..n (in order, as results arrive):
//     if (merger.complete) break;
//     const t = merger.next_start;
//     if (k > 0 && t >= e_k) continue;                       // covered by the parts before
//     let r = result_k;
//     if (r.start !== t) r = await mine_range(file.slice(t).stream(), options, head, file.size,
//                                             t, k + 1 < n ? e_k : -1, true, undefined);
//     if (!merger.add(r.partial))                             // JSON Lines, other column order
//       merger.add((await mine_range(file.slice(t).stream(), options, head, file.size,
//                                    t, k + 1 < n ? e_k : -1, true, merger.column_names())).partial);
//   const profile = merger.finish(n, note_or_null);

/// `{ ranges: [[start, end], ...], note }`: the byte ranges to mine with `workers` workers (one
/// range and a `note` saying why when the file should be mined in one pass). `head` is the
/// file's first `sniff_bytes` bytes (all of it if shorter). `min_range_bytes` (default 4 MiB):
/// a file under twice this is mined in one pass.
#[wasm_bindgen]
pub fn plan_ranges(head: &[u8], file_size: f64, options: JsValue, workers: u32, min_range_bytes: Option<f64>) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    if let Some(note) = crate::parallel::compressed_note(head, &opts) {
        #[derive(Serialize)]
        struct One {
            ranges: [(f64, f64); 1],
            note: String,
        }
        return to_js(&One { ranges: [(0.0, file_size)], note });
    }
    let h = crate::parallel::Head::parse(head, file_size as u64, &opts).map_err(err)?;
    let mut cfg = crate::parallel::Config::with_workers(workers as usize);
    if let Some(m) = min_range_bytes {
        cfg.min_range_bytes = (m as u64).max(1);
    }
    let plan = crate::parallel::plan(&h, file_size as u64, &cfg);
    #[derive(Serialize)]
    struct Out {
        ranges: Vec<(f64, f64)>,
        note: Option<String>,
    }
    to_js(&Out { ranges: plan.ranges.iter().map(|&(s, e)| (s as f64, e as f64)).collect(), note: plan.note })
}

/// Mines one range of a file for [`Merger`]: resolves with `{ partial: Uint8Array, start, stop,
/// lines, rows, snapshot }` (`snapshot`: the part's `Snapshot`, all its rows).
///
/// - `stream`: `file.slice(first).stream()` with `first = exact ? start : start - 1` (a
///   speculative part needs the byte before its range). The reader is cancelled as soon as the
///   part is complete, usually a little past `end`.
/// - `head`: the file's first `sniff_bytes` bytes; `file_size`: its length.
/// - `end`: the range's end, or a negative number for the last range (mined to the end).
/// - `exact`: `start` is a record start (0, or a `merger.next_start`); otherwise the part starts
///   at the first record start the boundary scan finds at or after `start`.
/// - `seed`: the columns to start with (`merger.column_names()`), only when mining a JSON Lines
///   part again after `merger.add` refused it.
/// - `options` as in `mine_stream` (`signal` honoured).
/// - Among many files (see [`describe_file`]): `file_index`, the file's place in the dataset
///   (the row sample is salted with it), and `first_head`/`first_size`, the head and length of
///   the dataset's first file, whose conventions every later file is read with, and
///   `first_options`, the options it is read with (its format may be another: CSV and JSON
///   Lines files of the same columns are one dataset); this file's when not given.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn mine_range(
    stream: ReadableStream,
    options: JsValue,
    head: Vec<u8>,
    file_size: f64,
    start: f64,
    end: f64,
    exact: bool,
    seed: Option<Vec<String>>,
    file_index: Option<u32>,
    first_head: Option<Vec<u8>>,
    first_size: Option<f64>,
    on_snapshot: Option<Function>,
    snapshot_ms: Option<f64>,
    first_options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let signal = signal_of(&options);
    let mut snapshots = Snapshots::new(on_snapshot, snapshot_ms);
    let fo = self::first_options(&opts, &first_options)?;
    let first = first_head.as_deref().map(|f| (f, first_size.unwrap_or(-1.0), &fo));
    let h = dataset_head(&head, file_size, &opts, first)?;
    drop(head);
    drop(first_head);
    let end = (end >= 0.0).then_some(end as u64);
    let window = crate::parallel::Config::default().window;
    let mut m = crate::parallel::RangeMiner::new(&h, &opts, start as u64, end, exact, seed.as_deref(), window).map_err(err)?;
    if let Some(i) = file_index {
        m.set_file(i as usize);
    }
    // The part is complete (push says false) usually a little past `end`: the rest is not read.
    read_stream(stream, signal.as_ref(), |chunk| {
        let more = m.push(chunk);
        snapshots.maybe(|| Some(m.snapshot()))?;
        Ok(more)
    })
    .await?;
    let p = m.finish(file_size as u64);
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("start", JsValue::from_f64(p.start as f64));
    set("stop", JsValue::from_f64(p.stop as f64));
    set("lines", JsValue::from_f64(p.lines as f64));
    set("rows", JsValue::from_f64(p.rows() as f64));
    set("snapshot", to_js(&p.snapshot())?);
    set("partial", Uint8Array::from(&p.to_bytes()[..]).into());
    Ok(o.into())
}

/// Adds up the parts of a file in order (see [`mine_range`]) and finishes the profile.
#[wasm_bindgen(js_name = Merger)]
pub struct JsMerger {
    inner: Option<crate::parallel::Merger>,
    opts: Options,
    start_allocations: u64,
}

#[wasm_bindgen(js_class = Merger)]
impl JsMerger {
    /// `new Merger(head, file_size, options?)`; `file_size` negative: a compressed file of
    /// unknown length (`head` then being its decompressed head).
    #[wasm_bindgen(constructor)]
    pub fn new(head: &[u8], file_size: f64, options: JsValue) -> Result<JsMerger, JsValue> {
        let opts = options_from_js(&options)?;
        let h = dataset_head(head, file_size, &opts, None)?;
        Ok(JsMerger {
            inner: Some(crate::parallel::Merger::new(h, &opts)),
            opts,
            start_allocations: alloc::stats().allocations,
        })
    }

    fn merger(&mut self) -> Result<&mut crate::parallel::Merger, JsValue> {
        self.inner.as_mut().ok_or_else(|| JsError::new("finish() was already called").into())
    }

    /// Where the next part must start.
    #[wasm_bindgen(getter)]
    pub fn next_start(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |m| m.next_start() as f64)
    }

    /// Whether the part that reached the end of the file was added.
    #[wasm_bindgen(getter)]
    pub fn complete(&self) -> bool {
        self.inner.as_ref().is_some_and(|m| m.is_complete())
    }

    /// Adds the next part (`mine_range(...).partial`). Throws when it does not start at
    /// `next_start`; returns false when a JSON Lines part must be mined again with
    /// `column_names()` as its seed.
    pub fn add(&mut self, partial: &[u8]) -> Result<bool, JsValue> {
        let p = crate::parallel::Partial::from_bytes(partial, &self.opts).map_err(err)?;
        let m = self.merger()?;
        if p.start != m.next_start() {
            return Err(JsError::new(&format!("a part starting at byte {} cannot follow one that stopped at {}", p.start, m.next_start())).into());
        }
        Ok(m.add(p).is_ok())
    }

    /// Goes on with the next file of the same dataset (the current one must be complete):
    /// its parts follow from its byte 0, its lines are numbered on. `head`/`file_size` as in
    /// the constructor (`file_size` negative: a compressed file of unknown length);
    /// `first_head`/`first_size`, the dataset's first file's; `options`, this file's options
    /// when they are not the first file's (the merger's): a `.jsonl` file after `.csv` ones
    /// names another format. Throws when its columns differ, saying how.
    pub fn next_file(&mut self, head: &[u8], file_size: f64, first_head: &[u8], first_size: f64, options: JsValue) -> Result<(), JsValue> {
        let own = first_options(&self.opts, &options)?;
        let h = dataset_head(head, file_size, &own, Some((first_head, first_size, &self.opts)))?;
        self.merger()?.next_file(h).map_err(|e| JsError::new(&e).into())
    }

    /// Names the current file (and its codec, when it was decompressed): the profile's `files`
    /// lists it with its rows, bytes and lines.
    pub fn name_file(&mut self, name: &str, compression: Option<String>) -> Result<(), JsValue> {
        let codec = compression.as_deref().and_then(crate::format::compress::Codec::from_name).map(|c| c.name());
        self.merger()?.name_file(name, codec);
        Ok(())
    }

    /// The columns of the parts added so far, in file order.
    pub fn column_names(&self) -> Vec<String> {
        self.inner.as_ref().map(|m| m.column_names()).unwrap_or_default()
    }

    /// The profile; `workers` and `note` go to `profile.workers` and `profile.parallel_note`.
    pub fn finish(&mut self, workers: u32, note: Option<String>) -> Result<JsValue, JsValue> {
        let m = self.inner.take().ok_or_else(|| JsError::new("finish() was already called"))?;
        let mut p = m.finish(self.start_allocations).map_err(err)?;
        p.workers = workers;
        p.parallel_note = note;
        to_js(&p)
    }
}

// ---------------------------------------------------------------------------------------------
// Many files as one dataset (`crate::miner::files`; `mine([file, ...])` in www/sluice.js):
//   for each file: describe_file(head, size, ...) ({ key, alone, ranges }), the head of a
//     compressed file being decompressed_head(...).head; files of one key are one dataset,
//     mined range by range with mine_range(..., file_index, first_head, first_size) (a
//     compressed one whole with mine_decompressed) and merged in file order by one Merger,
//     merger.next_file(...) and merger.name_file(...) between files;
//   several datasets: each profile's first finding is a file_mismatch (mismatch_messages).

/// The options a dataset's first file was read with (`first_options`, which may name another
/// format than this file's), or `opts` when they are not given.
fn first_options(opts: &Options, first_options: &JsValue) -> Result<Options, JsValue> {
    if first_options.is_undefined() || first_options.is_null() {
        Ok(opts.clone())
    } else {
        options_from_js(first_options)
    }
}

/// A file's head, read with the conventions of the dataset's first file (`first`: its head,
/// length and options, which may name another format). A negative length: a compressed file
/// whose length is not known.
fn dataset_head(head: &[u8], size: f64, opts: &Options, first: Option<(&[u8], f64, &Options)>) -> Result<crate::parallel::Head, JsValue> {
    let len = |n: f64| if n < 0.0 { u64::MAX } else { n as u64 };
    let mut h = crate::parallel::Head::parse(head, len(size), opts).map_err(err)?;
    if let Some((f, n, first_opts)) = first {
        let f = crate::parallel::Head::parse(f, len(n), first_opts).map_err(err)?;
        crate::miner::files::adopt(&mut h, &f);
    }
    Ok(h)
}

/// The codec a file is compressed with (from its first bytes and the `compression` option),
/// or null.
#[wasm_bindgen]
pub fn compressed_codec(head: &[u8], options: JsValue) -> Result<Option<String>, JsValue> {
    let opts = options_from_js(&options)?;
    Ok(crate::parallel::compressed_note(head, &opts).and_then(|_| match opts.compression.as_deref() {
        Some(c) if c != "auto" => crate::format::compress::Codec::from_name(c),
        _ => crate::format::compress::Codec::sniff(head),
    })
    .map(|c| c.name().to_string()))
}

/// Decompresses `stream` with `codec` into `sink`, within the options' guard; the total of
/// decompressed bytes. `sink` returns false to stop reading.
async fn decompress_stream(
    stream: ReadableStream,
    signal: Option<&AbortSignal>,
    codec: &str,
    opts: &Options,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<u64, JsValue> {
    use crate::format::compress::{Codec, Decoder, Limits};
    let codec = Codec::from_name(codec).ok_or_else(|| JsError::new(&format!("unknown codec {codec}")))?;
    let mut d = Decoder::new(codec, Limits::of(opts));
    let mut total = 0u64;
    let mut more = true;
    let mut step = |d: &mut Decoder, input: &[u8], last: bool| -> Result<bool, JsValue> {
        d.push(input, last, &mut |out: &[u8]| {
            total += out.len() as u64;
            if more {
                more = sink(out);
            }
        })
        .map_err(|e| JsError::new(&format!("cannot decompress the file: {e}")))?;
        if let Some(why) = d.stopped() {
            return Err(JsError::new(&format!("decompression stopped: {why}")).into());
        }
        Ok(more && !d.finished())
    };
    let mut open = true;
    read_stream(stream, signal, |chunk| {
        open = step(&mut d, chunk, false)?;
        Ok(open)
    })
    .await?;
    if open {
        step(&mut d, &[], true)?;
    }
    drop(step);
    Ok(total)
}

/// `{ head: Uint8Array, complete }`: the first `sniff_bytes` decompressed bytes of a compressed
/// file (`stream`, from its start), and whether they are all of it. The stream is cancelled
/// once they are read.
#[wasm_bindgen]
pub async fn decompressed_head(stream: ReadableStream, options: JsValue, codec: String) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let signal = signal_of(&options);
    let want = opts.sniff_bytes;
    let mut head: Vec<u8> = Vec::new();
    decompress_stream(stream, signal.as_ref(), &codec, &opts, &mut |b| {
        let room = (want + 1).saturating_sub(head.len());
        head.extend_from_slice(&b[..b.len().min(room)]);
        head.len() <= want
    })
    .await?;
    let complete = head.len() <= want;
    head.truncate(want);
    let o = Object::new();
    let _ = Reflect::set(&o, &JsValue::from_str("head"), &Uint8Array::from(&head[..]).into());
    let _ = Reflect::set(&o, &JsValue::from_str("complete"), &JsValue::from_bool(complete));
    Ok(o.into())
}

/// `{ key, alone, ranges }`: how a file joins a dataset of many. `key` (a JSON text) is what
/// [`datasets`] groups files by (the kind of text and the columns); `alone`, why the file
/// is profiled on its own (null when it joins); `ranges`, as in [`plan_ranges`] (one range for
/// a `compressed` file, whose `head` is its decompressed head and `file_size` its decompressed
/// length, negative when not known).
#[wasm_bindgen]
pub fn describe_file(head: &[u8], file_size: f64, options: JsValue, workers: u32, min_range_bytes: Option<f64>, compressed: bool) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let h = dataset_head(head, file_size, &opts, None)?;
    let alone = crate::miner::files::alone_reason(&h);
    let ranges: Vec<(f64, f64)> = if compressed || alone.is_some() || (h.sniffed.is_some() && h.names.is_none()) {
        vec![(0.0, file_size)]
    } else {
        let mut cfg = crate::parallel::Config::with_workers(workers as usize);
        if let Some(m) = min_range_bytes {
            cfg.min_range_bytes = (m as u64).max(1);
        }
        crate::parallel::plan(&h, file_size as u64, &cfg).ranges.iter().map(|&(s, e)| (s as f64, e as f64)).collect()
    };
    #[derive(Serialize)]
    struct Out {
        key: String,
        alone: Option<&'static str>,
        ranges: Vec<(f64, f64)>,
    }
    let key = serde_json::to_string(&crate::miner::files::key_of(&h)).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&Out { key, alone, ranges })
}

/// Mines a whole compressed file of a dataset (`stream` from its start) into one part:
/// `{ partial, rows, bytes, snapshot }` (`bytes` decompressed; `snapshot` as in
/// [`mine_range`]). `head`/`head_size` as [`decompressed_head`] gave them (`head_size` negative when not complete); the rest as in
/// [`mine_range`].
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn mine_decompressed(
    stream: ReadableStream,
    options: JsValue,
    codec: String,
    head: Vec<u8>,
    head_size: f64,
    file_index: u32,
    first_head: Option<Vec<u8>>,
    first_size: Option<f64>,
    first_options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let signal = signal_of(&options);
    let fo = self::first_options(&opts, &first_options)?;
    let first = first_head.as_deref().map(|f| (f, first_size.unwrap_or(-1.0), &fo));
    let h = dataset_head(&head, head_size, &opts, first)?;
    let mut m = crate::parallel::RangeMiner::new(&h, &opts, 0, None, true, None, 1 << 20).map_err(err)?;
    m.set_file(file_index as usize);
    let total = decompress_stream(stream, signal.as_ref(), &codec, &opts, &mut |b| {
        m.push(b);
        true
    })
    .await?;
    let p = m.finish(total);
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("rows", JsValue::from_f64(p.rows() as f64));
    set("bytes", JsValue::from_f64(total as f64));
    set("snapshot", to_js(&p.snapshot())?);
    set("partial", Uint8Array::from(&p.to_bytes()[..]).into());
    Ok(o.into())
}

/// Each file's dataset (0, 1, ... in the order of their first files), from the `key`s
/// [`describe_file`] gave, in file order (`crate::miner::files::datasets`: CSV and JSON Lines
/// files of the same columns are one dataset).
#[wasm_bindgen]
pub fn datasets(keys: Vec<String>) -> Result<Vec<u32>, JsValue> {
    let keys: Vec<crate::miner::files::Key> =
        keys.iter().map(|k| serde_json::from_str(k)).collect::<Result<_, _>>().map_err(|e| JsError::new(&format!("invalid dataset key: {e}")))?;
    Ok(crate::miner::files::datasets(&keys).into_iter().map(|g| g as u32).collect())
}

/// The `file_mismatch` message of each profile when `files` files gave several: `members` are
/// `[{ path, format, names, alone }]`, one per profile in the order of their first files.
#[wasm_bindgen]
pub fn mismatch_messages(members: JsValue, files: u32) -> Result<Vec<String>, JsValue> {
    let m: Vec<crate::miner::files::Member> = serde_wasm_bindgen::from_value(members).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::miner::files::mismatch_messages(&m, files as usize))
}

/// Whether a file is an Excel workbook, from its first bytes (512 are enough) and its name.
#[wasm_bindgen]
pub fn is_workbook(head: &[u8], name: Option<String>) -> bool {
    crate::format::xlsx::is_workbook(head, name.as_deref())
}

/// A `Blob` as `Read + Seek`, read slice by slice with `FileReaderSync` (in a worker): the
/// workbook reader seeks to the ZIP's central directory and then reads each part it needs.
struct BlobReader {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    pos: u64,
    size: u64,
}

impl std::io::Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = (self.pos + buf.len() as u64).min(self.size);
        if end <= self.pos {
            return Ok(0);
        }
        let io = |e: JsValue| std::io::Error::other(format!("cannot read the file: {e:?}"));
        let slice = self.blob.slice_with_f64_and_f64(self.pos as f64, end as f64).map_err(io)?;
        let ab = self.reader.read_as_array_buffer(&slice).map_err(io)?;
        let bytes = Uint8Array::new(&ab);
        let n = bytes.length() as usize;
        bytes.copy_to(&mut buf[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for BlobReader {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let p = match to {
            std::io::SeekFrom::Start(p) => p as i128,
            std::io::SeekFrom::End(d) => self.size as i128 + d as i128,
            std::io::SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if p < 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start of the file"));
        }
        self.pos = p as u64;
        Ok(self.pos)
    }
}

/// What a workbook's or a Parquet file's reader reports to (`crate::format::Progress`): the
/// rows to `on_progress`, the profile so far to `on_snapshot` about every `snapshot_ms`.
fn reporter(on_progress: Option<Function>, on_snapshot: Option<Function>, snapshot_ms: Option<f64>) -> impl FnMut(u64, &crate::Miner) {
    let mut snapshots = Snapshots::new(on_snapshot, snapshot_ms);
    move |rows, miner| {
        if let Some(f) = &on_progress {
            let _ = f.call1(&JsValue::NULL, &JsValue::from_f64(rows as f64));
        }
        let _ = snapshots.maybe(|| miner.snapshot());
    }
}

/// Mines one worksheet of an Excel workbook held in `blob` (a `File`): the sheet
/// `options.sheet` names (or numbers from 1), the first by default. The workbook's parts are
/// read with `FileReaderSync`, so this runs in a worker. `on_progress(rows)` is called every
/// few thousand rows, and `on_snapshot(snapshot)` then once `snapshot_ms` (default 1000) have
/// passed, as in [`mine_stream`].
#[wasm_bindgen]
pub fn mine_workbook(blob: web_sys::Blob, options: JsValue, on_progress: Option<Function>, on_snapshot: Option<Function>, snapshot_ms: Option<f64>) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let choice = crate::format::xlsx::SheetChoice::parse(opts.sheet.as_deref());
    if choice == crate::format::xlsx::SheetChoice::All {
        return Err(JsError::new("sheet \"all\" is for the CLI: mine each sheet in turn (profile.sheet.sheets lists them)").into());
    }
    let reader = web_sys::FileReaderSync::new()?;
    let size = blob.size() as u64;
    let source = std::io::BufReader::with_capacity(256 << 10, BlobReader { blob, reader, pos: 0, size });
    let mut progress = reporter(on_progress, on_snapshot, snapshot_ms);
    let mut profiles = crate::format::xlsx::mine_workbook(source, &choice, &opts, &mut progress).map_err(err)?;
    to_js(&profiles.remove(0))
}

/// Whether a file is a Parquet file, from its first bytes (the `PAR1` magic) and its name.
#[cfg(feature = "parquet")]
#[wasm_bindgen]
pub fn is_parquet(head: &[u8], name: Option<String>) -> bool {
    crate::format::parquet::is_parquet(head, name.as_deref())
}

/// A [`BlobReader`] the Parquet reader may hold: it asks for `Send` sources, and a wasm32
/// module without threads never moves one to another thread.
#[cfg(feature = "parquet")]
struct SendBlob(BlobReader);

// SAFETY: this module is built without atomics (one thread), so the value never crosses threads.
#[cfg(feature = "parquet")]
unsafe impl Send for SendBlob {}

#[cfg(feature = "parquet")]
impl std::io::Read for SendBlob {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

#[cfg(feature = "parquet")]
impl std::io::Seek for SendBlob {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

/// Mines a Parquet file held in `blob` (a `File`): the footer is read from the end, then each
/// column's pages as its values are needed, with `FileReaderSync` over `Blob.slice`, so this
/// runs in a worker and holds a page per column, never the file. `on_progress(rows)` is called
/// every few thousand rows, `on_snapshot` as in [`mine_workbook`]. Only in the Parquet module
/// (`pkg-parquet/`, feature `parquet`).
#[cfg(feature = "parquet")]
#[wasm_bindgen]
pub fn mine_parquet(blob: web_sys::Blob, options: JsValue, on_progress: Option<Function>, on_snapshot: Option<Function>, snapshot_ms: Option<f64>) -> Result<JsValue, JsValue> {
    let opts = options_from_js(&options)?;
    let reader = web_sys::FileReaderSync::new()?;
    let size = blob.size() as u64;
    // Pages are read whole (one slice each); page headers through the reader's 64 KiB buffer.
    let source = SendBlob(BlobReader { blob, reader, pos: 0, size });
    let mut progress = reporter(on_progress, on_snapshot, snapshot_ms);
    let profile = crate::format::parquet::mine_parquet(source, &opts, &mut progress).map_err(err)?;
    to_js(&profile)
}
