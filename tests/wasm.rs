//! wasm tests, run in headless Chromium by wasm-bindgen-test-runner:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{AbortController, Blob, ReadableStream};

use sluice::wasm::{JsMiner, memory_usage, mine_stream};

wasm_bindgen_test_configure!(run_in_browser);

const ROW: &str = "42,3.25,2024-05-06,\"Smith, \"\"J\"\"\",true,NA,\"multi\nline\"\n";
const HEADER: &str = "id,amount,day,name,flag,empty,note\n";

fn csv(bytes: usize) -> String {
    let mut s = String::from(HEADER);
    while s.len() < bytes {
        s.push_str(ROW);
    }
    s
}

fn blob_stream(data: &str) -> ReadableStream {
    let parts = Array::of1(&Uint8Array::from(data.as_bytes()));
    Blob::new_with_u8_array_sequence(&parts).unwrap().stream()
}

#[wasm_bindgen(inline_js = "export function chunked_stream(bytes, size) {
    let off = 0;
    return new ReadableStream({
        pull(c) {
            if (off >= bytes.length) { c.close(); return; }
            c.enqueue(bytes.slice(off, off + size));
            off += size;
        }
    });
}")]
extern "C" {
    /// A stream of `bytes` in chunks of `size` bytes.
    fn chunked_stream(bytes: &Uint8Array, size: u32) -> ReadableStream;
}

fn json(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(v).unwrap())).unwrap()
}

/// Numbers as f64 (JS has no integer type: 1.0 comes back as 1).
fn norm(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value::*;
    match v {
        Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Array(a) => Array(a.into_iter().map(norm).collect()),
        Object(o) => Object(o.into_iter().map(|(k, v)| (k, norm(v))).collect()),
        v => v,
    }
}

fn without_memory(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().unwrap().remove("memory");
    norm(v)
}

#[wasm_bindgen_test]
fn miner_class_push_and_finish() {
    let data = csv(100_000);
    let mut m = JsMiner::new(JsValue::UNDEFINED).unwrap();
    for c in data.as_bytes().chunks(777) {
        m.push(&Uint8Array::from(c)).unwrap();
    }
    let p = json(&m.finish().unwrap());
    let expected = sluice::mine_bytes(data.as_bytes(), sluice::Options::default()).unwrap();
    assert_eq!(without_memory(p.clone()), norm(expected.data_json()));
    assert_eq!(p["columns"][0]["type"], "integer");
    assert!(m.finish().is_err(), "finish twice is an error, not a panic");
}

#[wasm_bindgen_test]
fn bad_options_are_errors() {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"delimiter".into(), &"ab".into()).unwrap();
    assert!(JsMiner::new(o.into()).is_err());
}

#[wasm_bindgen_test]
async fn mine_stream_matches_the_core() {
    let data = csv(3 << 20);
    let p = mine_stream(blob_stream(&data), JsValue::UNDEFINED, None, None, None).await.unwrap();
    let expected = sluice::mine_bytes(data.as_bytes(), sluice::Options::default()).unwrap();
    let p = json(&p);
    assert_eq!(without_memory(p.clone()), norm(expected.data_json()));
    let mem = &p["memory"];
    assert!(mem["peak_linear_bytes"].as_u64().unwrap() >= 1 << 16);
    assert!(mem["peak_heap_bytes"].as_u64().unwrap() > 0);
    let m = json(&memory_usage().into());
    for k in ["linear_bytes", "heap_bytes", "heap_peak_bytes", "allocations"] {
        assert!(m[k].is_u64(), "memory().{k}: {m}");
    }
}

#[wasm_bindgen_test]
async fn snapshots_come_while_mining_and_leave_the_profile_as_it_is() {
    let data = csv(4 << 20);
    let seen: Rc<RefCell<Vec<serde_json::Value>>> = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let on_snapshot = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
        s.borrow_mut().push(json(&v));
    });
    let f: &js_sys::Function = on_snapshot.as_ref().unchecked_ref();
    let bytes = Uint8Array::from(data.as_bytes());
    // Every chunk (0 ms apart): the most snapshots a run can take.
    let live = mine_stream(chunked_stream(&bytes, 65_536), JsValue::UNDEFINED, None, Some(f.clone()), Some(0.0)).await.unwrap();
    let plain = mine_stream(chunked_stream(&bytes, 65_536), JsValue::UNDEFINED, None, None, None).await.unwrap();
    let (mut live, mut plain) = (json(&live), json(&plain));
    live.as_object_mut().unwrap().remove("memory");
    plain.as_object_mut().unwrap().remove("memory");
    assert_eq!(live, plain);
    let seen = seen.borrow();
    assert!(seen.len() > 20, "{} snapshots", seen.len());
    let last = seen.last().unwrap();
    let rows = last["rows"].as_u64().unwrap();
    assert!(rows > 0 && rows <= plain["rows"].as_u64().unwrap());
    for c in last["columns"].as_array().unwrap() {
        assert_eq!(c["count"].as_u64().unwrap() + c["nulls"].as_u64().unwrap(), rows, "{c}");
    }
}

#[wasm_bindgen_test]
async fn a_chunk_in_steady_state_allocates_nothing() {
    let data = csv(24 << 20);
    let samples: Rc<RefCell<Vec<u64>>> = Rc::new(RefCell::new(Vec::with_capacity(100_000)));
    let s = samples.clone();
    let on_progress = Closure::<dyn FnMut(f64, f64)>::new(move |_bytes: f64, _rows: f64| {
        s.borrow_mut().push(sluice::alloc::stats().allocations);
    });
    let f: &js_sys::Function = on_progress.as_ref().unchecked_ref();
    let bytes = Uint8Array::from(data.as_bytes());
    drop(data);
    let p = mine_stream(chunked_stream(&bytes, 65_536), JsValue::UNDEFINED, Some(f.clone()), None, None).await.unwrap();
    assert!(json(&p)["rows"].as_u64().unwrap() > 300_000);
    let samples = samples.borrow();
    let n = samples.len();
    assert!(n >= 300, "only {n} chunks");
    // Sniffing and the first records size the buffers; after that no chunk may allocate.
    let steady = &samples[8..];
    assert_eq!(steady.first(), steady.last(), "allocations over the last {} chunks: {:?}", steady.len(), steady);
}

#[wasm_bindgen_test]
async fn abort_before_and_during() {
    let ctl = AbortController::new().unwrap();
    ctl.abort();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &ctl.signal()).unwrap();
    let e = mine_stream(blob_stream(&csv(1000)), opts.into(), None, None, None).await.unwrap_err();
    assert_eq!(Reflect::get(&e, &"name".into()).unwrap(), "AbortError");

    let ctl = AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &ctl.signal()).unwrap();
    let calls = Rc::new(RefCell::new(0u32));
    let c = calls.clone();
    let ctl2 = ctl.clone();
    let on_progress = Closure::<dyn FnMut(f64, f64)>::new(move |_: f64, _: f64| {
        *c.borrow_mut() += 1;
        if *c.borrow() == 3 {
            ctl2.abort();
        }
    });
    let f: &js_sys::Function = on_progress.as_ref().unchecked_ref();
    let bytes = Uint8Array::from(csv(4 << 20).as_bytes());
    let e = mine_stream(chunked_stream(&bytes, 65_536), opts.into(), Some(f.clone()), None, None).await.unwrap_err();
    assert_eq!(Reflect::get(&e, &"name".into()).unwrap(), "AbortError");
    assert_eq!(*calls.borrow(), 3, "stopped at the next chunk");
}
