//! Rows over time against brute force: a date column's counts per day, week or month with its
//! gaps, and its order with the rows that break it; the same for any chunking and parallel parts.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use std::collections::BTreeMap;

use common::Lcg;
use serde_json::Value;
use sluice::infer::{civil_from_days, days_from_civil, format_date};
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

fn profile(csv: &str) -> Value {
    serde_json::to_value(mine_bytes(csv.as_bytes(), Options::default()).unwrap()).unwrap()
}

/// Counts per period by brute force: `start(day)` is the period's first day.
fn brute(days: &[i64], start: impl Fn(i64) -> i64) -> BTreeMap<i64, u64> {
    let mut m = BTreeMap::new();
    for &d in days {
        *m.entry(start(d)).or_insert(0) += 1;
    }
    m
}

fn check_series(c: &Value, days: &[i64], period: &str, start: impl Fn(i64) -> i64, next: impl Fn(i64) -> i64) {
    let t = &c["time_series"];
    assert_eq!(t["period"], period);
    assert_eq!(t["exact"], true);
    let want = brute(days, &start);
    // Every period from the first to the last, empty ones too.
    let (first, last) = (*want.keys().next().unwrap(), *want.keys().last().unwrap());
    let mut starts = Vec::new();
    let mut p = first;
    while p <= last {
        starts.push(p);
        p = next(p);
    }
    let got_starts: Vec<String> = t["starts"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    assert_eq!(got_starts, starts.iter().map(|&d| format_date(d as i32)).collect::<Vec<_>>());
    let counts: Vec<u64> = t["counts"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
    assert_eq!(counts, starts.iter().map(|d| want.get(d).copied().unwrap_or(0)).collect::<Vec<_>>());
    let gaps = starts.iter().filter(|d| !want.contains_key(d)).count() as u64;
    assert_eq!(t["gaps"].as_u64(), Some(gaps));
}

#[test]
fn counts_per_day_week_and_month_match_brute_force_with_their_gaps() {
    let mut r = Lcg(4);
    let base = days_from_civil(2023, 1, 1) as i64;
    for (span, period) in [(60i64, "day"), (500, "week"), (4000, "month")] {
        // Random days in the span, none in a planted hole of 20 days (a gap for days and weeks).
        let days: Vec<i64> = (0..5000)
            .map(|_| base + (r.next() * span as f64) as i64)
            .filter(|d| !(base + span / 3..base + span / 3 + 20).contains(d) || period == "month")
            .collect();
        let mut csv = String::from("d\n");
        for &d in &days {
            csv.push_str(&format_date(d as i32));
            csv.push('\n');
        }
        let p = profile(&csv);
        let c = &p["columns"][0];
        assert_eq!(c["type"], "date");
        match period {
            "day" => check_series(c, &days, period, |d| d, |d| d + 1),
            "week" => check_series(c, &days, period, |d| d - (d + 3).rem_euclid(7), |d| d + 7),
            _ => check_series(
                c,
                &days,
                period,
                |d| {
                    let (y, m, _) = civil_from_days(d as i32);
                    days_from_civil(y, m, 1) as i64
                },
                |d| {
                    let (y, m, _) = civil_from_days(d as i32);
                    (if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) }) as i64
                },
            ),
        }
        if period != "month" {
            assert!(c["time_series"]["gaps"].as_u64().unwrap() > 0, "the planted hole is a gap");
        }
    }
}

#[test]
fn the_order_of_a_log_and_the_rows_that_break_it() {
    // Timestamps ascending, with a few rows out of place at known lines.
    let mut csv = String::from("ts,v\n");
    let mut breaks = Vec::new();
    let mut last = 0i64;
    for i in 0..20_000i64 {
        let t = if i % 3001 == 1000 { 5 * 60 } else { 1_700_000_000 + i * 60 };
        if t < last {
            breaks.push(i as u64 + 2);
        }
        last = t;
        csv.push_str(&format!("{},{i}\n", sluice::infer::format_datetime(t * 1000)));
    }
    let p = profile(&csv);
    let o = &p["columns"][0]["order"];
    assert_eq!(o["direction"], "ascending");
    assert_eq!(o["sorted"], false);
    assert_eq!(o["breaks"].as_u64(), Some(breaks.len() as u64));
    let lines: Vec<u64> = o["break_lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
    assert_eq!(lines, breaks.iter().copied().take(10).collect::<Vec<_>>());
    // The same for any chunking and for parallel parts.
    let bytes = csv.as_bytes();
    for chunk in [1usize, 4093] {
        let mut m = Miner::new(Options::default()).unwrap();
        bytes.chunks(chunk).for_each(|c| m.push(c).unwrap());
        let q = serde_json::to_value(m.finish().unwrap()).unwrap();
        assert_eq!(q["columns"][0]["order"], *o, "chunk {chunk}");
        assert_eq!(q["columns"][0]["time_series"], p["columns"][0]["time_series"], "chunk {chunk}");
    }
    for workers in [2, 4] {
        let q = serde_json::to_value(mine_bytes_parallel(bytes, Options::default(), &Config::with_workers(workers)).unwrap()).unwrap();
        assert_eq!(q["columns"][0]["order"], *o, "{workers} parts");
        assert_eq!(q["columns"][0]["time_series"], p["columns"][0]["time_series"], "{workers} parts");
    }
    // Descending and sorted.
    let desc: String = std::iter::once("d\n".to_string()).chain((0..100).map(|i| format!("{}\n", format_date(20_000 - i)))).collect();
    let o = &profile(&desc)["columns"][0]["order"];
    assert_eq!((o["direction"].as_str(), o["sorted"].as_bool(), o["breaks"].as_u64()), (Some("descending"), Some(true), Some(0)));
}
