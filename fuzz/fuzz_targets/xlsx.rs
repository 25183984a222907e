//! Excel workbooks (`sluice::format::xlsx`): any bytes read as a workbook, every sheet mined:
//! a profile or a clear error, no panic, no hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::xlsx::{mine_workbook, SheetChoice};
use sluice::Options;

fuzz_target!(|data: &[u8]| {
    let opts = Options { memory_budget_bytes: 4 << 20, sample_rows: 16, ..Options::default() };
    if let Ok(profiles) = mine_workbook(std::io::Cursor::new(data), &SheetChoice::All, &opts, &mut |_, _| {}) {
        for p in profiles {
            assert_eq!(p.format, "xlsx");
            let s = p.sheet.as_ref().expect("a workbook's profile names its sheet");
            assert!(s.index >= 1 && s.index <= s.sheets.len());
        }
    }
});
