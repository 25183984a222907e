//! A counting global allocator: current heap in use, its peak, and the number of allocations.
//!
//! Installed as the global allocator by the `counting-alloc` feature (on by default) so the
//! profile can say how much memory the run that produced it took, and so tests can assert
//! that the steady state allocates nothing per chunk. The counters are relaxed atomics: on
//! wasm32 without threads they compile to plain loads and stores.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

/// Wraps the system allocator (dlmalloc on wasm32) and counts what passes through it.
pub struct CountingAlloc;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
/// The size of the last request the system allocator refused (0: none).
static FAILED: AtomicUsize = AtomicUsize::new(0);

#[inline]
fn refused(size: usize) {
    FAILED.store(size.max(1), Relaxed);
}

/// The size of the last allocation that failed, if one did: after such a failure the program
/// aborts (a trap on wasm32), and the caller reports this instead of a bare trap.
pub fn failed_allocation() -> Option<usize> {
    match FAILED.load(Relaxed) {
        0 => None,
        n => Some(n),
    }
}

#[inline]
fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        } else {
            refused(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        } else {
            refused(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
            }
        } else {
            refused(new_size);
        }
        p
    }
}

/// A snapshot of the allocator's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct HeapStats {
    /// Bytes currently allocated.
    pub heap_bytes: u64,
    /// Highest `heap_bytes` since the last [`reset_peak`].
    pub heap_peak_bytes: u64,
    /// Allocations (including reallocations) since the program started.
    pub allocations: u64,
}

/// Reads the counters. Zero everywhere when the `counting-alloc` feature is off.
pub fn stats() -> HeapStats {
    HeapStats {
        heap_bytes: CURRENT.load(Relaxed) as u64,
        heap_peak_bytes: PEAK.load(Relaxed) as u64,
        allocations: ALLOCATIONS.load(Relaxed),
    }
}

/// Starts a new peak window: the peak becomes the current heap size.
pub fn reset_peak() {
    PEAK.store(CURRENT.load(Relaxed), Relaxed);
}

/// Size of the memory the engine lives in. On wasm32 this is the linear memory (which never
/// shrinks, so it is also its peak); natively it is the process's peak resident set (VmHWM),
/// or 0 where the platform does not say.
pub fn linear_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            })
            .map_or(0, |kib| kib * 1024)
    }
}
