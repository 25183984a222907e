//! Sluice: a streaming dataset miner. Bytes go in, in chunks of any size; a profile comes out,
//! computed in one pass in bounded memory, identical for any chunking.
//!
//! The core (`format`, `infer`, `column`, `profile`, `miner`) has no browser types; the wasm
//! binding lives in `wasm.rs` only, and the CLI in `src/bin/sluice.rs`.

pub mod alloc;
pub mod block;
pub mod budget;
pub mod cross;
#[cfg(not(target_arch = "wasm32"))]
pub mod dataset;
pub mod diff;
pub mod column;
pub mod findings;
pub mod file;
pub mod format;
pub mod infer;
pub mod miner;
pub mod moments;
pub mod options;
pub mod parallel;
pub mod profile;
pub mod sketch;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use miner::{Miner, mine_bytes};
pub use options::Options;
pub use profile::Profile;

#[cfg(feature = "counting-alloc")]
#[global_allocator]
static GLOBAL: alloc::CountingAlloc = alloc::CountingAlloc;

/// What can go wrong. Problems in the data are findings in the profile, not errors.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The options are invalid; the message says which and why.
    Options(String),
    /// The input is not something Sluice can mine (e.g. a binary file).
    Input(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Options(m) => write!(f, "invalid options: {m}"),
            Error::Input(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}
