//! Parquet files (`sluice::format::parquet`): any bytes read as a Parquet file and mined: a
//! profile or a clear error, no panic, no hang, no allocation beyond the file's own size.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::parquet::mine_parquet;
use sluice::Options;

fuzz_target!(|data: &[u8]| {
    let opts = Options { memory_budget_bytes: 4 << 20, sample_rows: 16, ..Options::default() };
    if let Ok(p) = mine_parquet(std::io::Cursor::new(data.to_vec()), &opts, &mut |_, _| {}) {
        assert_eq!(p.format, "parquet");
        let info = p.parquet.as_ref().expect("a Parquet profile has its footer's info");
        assert_eq!(info.file_bytes, data.len() as u64);
    }
});
