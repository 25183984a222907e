//! Type inference for the files people have (issue 13): a table of columns as they are written
//! in real exports (dates in every common shape, numbers with separators, units and accounting
//! negatives, identifiers, booleans, null tokens), each with the type, format, unit, minimum
//! and maximum a reader of the values would give them, and the findings expected. Each column
//! is also mined in 1-byte and 7-byte chunks, which must give the same column.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Value, json};
use sluice::{Miner, Options, mine_bytes};

struct Case {
    values: Vec<String>,
    ty: &'static str,
    format: Option<&'static str>,
    unit: Option<&'static str>,
    min: Value,
    max: Value,
    findings: Vec<&'static str>,
    /// The delimiter the file is written with (`;` unless a case says otherwise).
    delimiter: u8,
    opts: Options,
    check: Option<fn(&Value)>,
}

/// A column of `values` (separated by `|`): expected type, format, unit, min and max.
fn c(values: &str, ty: &'static str, format: &'static str, unit: &'static str, min: Value, max: Value) -> Case {
    Case {
        values: values.split('|').map(str::to_string).collect(),
        ty,
        format: (!format.is_empty()).then_some(format),
        unit: (!unit.is_empty()).then_some(unit),
        min,
        max,
        findings: Vec::new(),
        delimiter: b';',
        opts: Options::default(),
        check: None,
    }
}

impl Case {
    fn finds(mut self, kinds: &[&'static str]) -> Self {
        self.findings = kinds.to_vec();
        self
    }
    fn delim(mut self, d: u8) -> Self {
        self.delimiter = d;
        self
    }
    fn opts(mut self, f: impl FnOnce(&mut Options)) -> Self {
        f(&mut self.opts);
        self
    }
    fn check(mut self, f: fn(&Value)) -> Self {
        self.check = Some(f);
        self
    }

    /// The file: a header, then each value beside its row number, quoted where it must be.
    fn csv(&self) -> Vec<u8> {
        let d = self.delimiter as char;
        let mut s = format!("v{d}row\n");
        for (i, v) in self.values.iter().enumerate() {
            if v.contains(d) || v.contains('"') {
                s.push_str(&format!("\"{}\"{d}{i}\n", v.replace('"', "\"\"")));
            } else {
                s.push_str(&format!("{v}{d}{i}\n"));
            }
        }
        s.into_bytes()
    }
}

fn s(v: &str) -> Value {
    json!(v)
}

fn cases() -> Vec<Case> {
    let mut all = vec![
        // Dates: the shapes, each with its strftime-style format.
        c("12/31/2023|01/15/2024", "date", "%m/%d/%Y", "", s("2023-12-31"), s("2024-01-15")),
        c("31/12/2023|15/01/2024", "date", "%d/%m/%Y", "", s("2023-12-31"), s("2024-01-15")),
        c("31.12.2023|15.01.2024", "date", "%d.%m.%Y", "", s("2023-12-31"), s("2024-01-15")),
        c("31-12-2023|15-01-2024", "date", "%d-%m-%Y", "", s("2023-12-31"), s("2024-01-15")),
        c("12-31-2023|01-15-2024", "date", "%m-%d-%Y", "", s("2023-12-31"), s("2024-01-15")),
        c("2023/12/31|2024/01/15", "date", "%Y/%m/%d", "", s("2023-12-31"), s("2024-01-15")),
        c("2023.12.31|2024.01.15", "date", "%Y.%m.%d", "", s("2023-12-31"), s("2024-01-15")),
        c("1/5/2024|12/25/2024", "date", "%-m/%-d/%Y", "", s("2024-01-05"), s("2024-12-25")),
        c("12/31/99|01/15/00", "date", "%m/%d/%y", "", s("1999-12-31"), s("2000-01-15")),
        c("31.12.23|15.01.24", "date", "%d.%m.%y", "", s("2023-12-31"), s("2024-01-15")),
        c("12/31/69|01/01/68", "date", "%m/%d/%y", "", s("1969-12-31"), s("2068-01-01")),
        c("2024-01-05|2024-02-29", "date", "%Y-%m-%d", "", s("2024-01-05"), s("2024-02-29")),
        c("Jan 5, 2024|Feb 10, 2024", "date", "%b %-d, %Y", "", s("2024-01-05"), s("2024-02-10")),
        c("January 5, 2024|March 15, 2024", "date", "%B %-d, %Y", "", s("2024-01-05"), s("2024-03-15")),
        c("Mar 8 2024|Mar 19 2024", "date", "%b %-d %Y", "", s("2024-03-08"), s("2024-03-19")),
        c("5 January 2024|15 March 2024", "date", "%-d %B %Y", "", s("2024-01-05"), s("2024-03-15")),
        c("5 Jan 2024|15 Mar 2024", "date", "%-d %b %Y", "", s("2024-01-05"), s("2024-03-15")),
        c("05-Jan-2024|15-Mar-2024", "date", "%d-%b-%Y", "", s("2024-01-05"), s("2024-03-15")),
        c("05-JAN-24|15-MAR-24", "date", "%d-%b-%y", "", s("2024-01-05"), s("2024-03-15")),
        c("Friday, March 8, 2024|Saturday, March 9, 2024", "date", "%A, %B %-d, %Y", "", s("2024-03-08"), s("2024-03-09")),
        c("Sept 3, 2024|Sep 4, 2024", "date", "%b %-d, %Y", "", s("2024-09-03"), s("2024-09-04")),
        c("May 1, 2024|June 2, 2024", "date", "%B %-d, %Y", "", s("2024-05-01"), s("2024-06-02")),
        // Ambiguity: decided by the values that decide it, else reported.
        c("01/02/2024|03/04/2024", "date", "%m/%d/%Y", "", s("2024-01-02"), s("2024-03-04")).finds(&["ambiguous_dates"]).check(|c| assert_eq!(c["format_ambiguous"], true)),
        c("01.02.2024|03.04.2024", "date", "%d.%m.%Y", "", s("2024-02-01"), s("2024-04-03")).finds(&["ambiguous_dates"]),
        c("01-02-2024|03-04-2024", "date", "%d-%m-%Y", "", s("2024-02-01"), s("2024-04-03")).finds(&["ambiguous_dates"]),
        c("01/02/2024|13/02/2024", "date", "%d/%m/%Y", "", s("2024-02-01"), s("2024-02-13")).check(|c| assert_eq!(c["format_ambiguous"], false)),
        c("02/01/2024|02/13/2024", "date", "%m/%d/%Y", "", s("2024-02-01"), s("2024-02-13")),
        c("01/02/2024|03/04/2024|05/06/2024|25/12/2024", "date", "%d/%m/%Y", "", s("2024-02-01"), s("2024-12-25")),
        c("12/31/2023|12/30/2023|31/12/2023", "date", "%m/%d/%Y", "", s("2023-12-30"), s("2023-12-31")).finds(&["format_mismatch"]),
        c("01/02/2024|03/04/2024", "date", "%d/%m/%Y", "", s("2024-02-01"), s("2024-04-03")).opts(|o| o.day_first = Some(true)),
        c("01.02.2024|03.04.2024", "date", "%m.%d.%Y", "", s("2024-01-02"), s("2024-03-04")).opts(|o| o.day_first = Some(false)),
        // Datetimes.
        c("2024-01-05T10:00:00|2024-01-06T11:00:00", "datetime", "%Y-%m-%dT%H:%M:%S", "", s("2024-01-05T10:00:00"), s("2024-01-06T11:00:00")),
        c("2024-01-05 10:00:00.250|2024-01-06 11:00:00", "datetime", "%Y-%m-%d %H:%M:%S%.f", "", s("2024-01-05T10:00:00.250"), s("2024-01-06T11:00:00")),
        c("2024-01-05T10:00:00Z|2024-01-06T11:00:00Z", "datetime", "%Y-%m-%dT%H:%M:%SZ", "", s("2024-01-05T10:00:00"), s("2024-01-06T11:00:00")).check(|c| assert_eq!(c["utc_normalized"], 2)),
        c("2024-01-05T10:00:00+02:00|2024-01-05T10:00:00-05:00", "datetime", "%Y-%m-%dT%H:%M:%S%z", "", s("2024-01-05T08:00:00"), s("2024-01-05T15:00:00")),
        c("2024-01-05T10:00|2024-01-05 11:00", "datetime", "%Y-%m-%dT%H:%M", "", s("2024-01-05T10:00:00"), s("2024-01-05T11:00:00")),
        c("2024-01-05|2024-01-06T10:00:00", "datetime", "%Y-%m-%dT%H:%M:%S", "", s("2024-01-05T00:00:00"), s("2024-01-06T10:00:00")),
        c("2023-12-31T10:00:00+02:00|2024-01-15 08:30:00Z", "datetime", "%Y-%m-%dT%H:%M:%S%z", "", s("2023-12-31T08:00:00"), s("2024-01-15T08:30:00")).check(|c| assert_eq!(c["utc_normalized"], 2)),
        c("2024-01-05T10:00:00|2024-01-05T11:00:00Z", "datetime", "%Y-%m-%dT%H:%M:%S", "", s("2024-01-05T10:00:00"), s("2024-01-05T11:00:00")).finds(&["format_mismatch"]),
        c("Tue, 05 Mar 2024 10:00:00 GMT|Wed, 06 Mar 2024 11:30:00 GMT", "datetime", "%a, %d %b %Y %H:%M:%S %Z", "", s("2024-03-05T10:00:00"), s("2024-03-06T11:30:00")),
        c("Tue, 05 Mar 2024 10:00:00 +0200|Wed, 06 Mar 2024 11:30:00 -0500", "datetime", "%a, %d %b %Y %H:%M:%S %z", "", s("2024-03-05T08:00:00"), s("2024-03-06T16:30:00")),
        c("Tue, 05 Mar 2024 10:00:00 EST|Tue, 05 Mar 2024 10:00:00 PDT", "datetime", "%a, %d %b %Y %H:%M:%S %Z", "", s("2024-03-05T15:00:00"), s("2024-03-05T17:00:00")),
        c("05 Mar 2024 10:00:00 GMT|06 Mar 2024 10:00:00 UT", "datetime", "%d %b %Y %H:%M:%S %Z", "", s("2024-03-05T10:00:00"), s("2024-03-06T10:00:00")),
        c("12/31/2023 11:30 PM|01/01/2024 12:05 AM", "datetime", "%m/%d/%Y %I:%M %p", "", s("2023-12-31T23:30:00"), s("2024-01-01T00:05:00")),
        c("12/31/2023 11:30:15pm|01/01/2024 1:05:00am", "datetime", "%m/%d/%Y %-I:%M:%S%p", "", s("2023-12-31T23:30:15"), s("2024-01-01T01:05:00")),
        c("12/31/2023 23:59:59|01/01/2024 00:00:00", "datetime", "%m/%d/%Y %H:%M:%S", "", s("2023-12-31T23:59:59"), s("2024-01-01T00:00:00")),
        c("31.12.2023 23:59|01.01.2024 00:00", "datetime", "%d.%m.%Y %H:%M", "", s("2023-12-31T23:59:00"), s("2024-01-01T00:00:00")),
        c("2023/12/31 23:59:59.5|2024/01/01 00:00:00", "datetime", "%Y/%m/%d %H:%M:%S%.f", "", s("2023-12-31T23:59:59.500"), s("2024-01-01T00:00:00")),
        c("Jan 5, 2024 10:00 AM|Jan 6, 2024 4:30 PM", "datetime", "%b %-d, %Y %-I:%M %p", "", s("2024-01-05T10:00:00"), s("2024-01-06T16:30:00")),
        // Times of day.
        c("10:30|23:15", "time", "%H:%M", "", s("10:30:00"), s("23:15:00")),
        c("10:30:15|23:15:00", "time", "%H:%M:%S", "", s("10:30:15"), s("23:15:00")),
        c("9:05 AM|2:30 PM", "time", "%-I:%M %p", "", s("09:05:00"), s("14:30:00")),
        c("10:30:15.5|11:00:00", "time", "%H:%M:%S%.f", "", s("10:30:15.500"), s("11:00:00")),
        c("12:00 AM|12:00 PM", "time", "%I:%M %p", "", s("00:00:00"), s("12:00:00")),
        c("10:00AM|11:30PM", "time", "%I:%M%p", "", s("10:00:00"), s("23:30:00")),
        c("08:00|17:30|9:15", "time", "%-H:%M", "", s("08:00:00"), s("17:30:00")),
        c("10:30|2:30 PM|11:00", "time", "%H:%M", "", s("10:30:00"), s("14:30:00")).finds(&["format_mismatch"]),
        // Not dates: out of range, invalid, other things with separators.
        c("0999-01-01|0998-01-01", "string", "", "", s("0998-01-01"), s("0999-01-01")),
        c("02/30/2024|02/31/2024", "string", "", "", s("02/30/2024"), s("02/31/2024")),
        c("13/13/2024|14/14/2024", "string", "", "", s("13/13/2024"), s("14/14/2024")),
        c("Jan 32, 2024|Feb 30, 2024", "string", "", "", s("Feb 30, 2024"), s("Jan 32, 2024")),
        c("2024-13-01|2024-00-10", "string", "", "", s("2024-00-10"), s("2024-13-01")),
        c("10.2.1|4.5.6", "string", "", "", s("10.2.1"), s("4.5.6")),
        c("192.168.1.1|10.0.0.1", "string", "", "", s("10.0.0.1"), s("192.168.1.1")),
        c("555-1234|555-9876", "string", "", "", s("555-1234"), s("555-9876")),
        c("24:00|25:61", "string", "", "", s("24:00"), s("25:61")),
        c("Maybe 5 2024|Mars 5 2024", "string", "", "", s("Mars 5 2024"), s("Maybe 5 2024")),
        c("12/31/2023|01/15/2024|2024-01-20", "date", "%m/%d/%Y", "", s("2023-12-31"), s("2024-01-20")).finds(&["format_mismatch"]),
        c("2024-01-05|2024-01-06|n/a|", "date", "%Y-%m-%d", "", s("2024-01-05"), s("2024-01-06")).check(|c| assert_eq!(c["nulls"], 2)),
        // Numbers as they are written.
        c("1,5|2,25", "float", "0,##", "", json!(1.5), json!(2.25)),
        c("1.234,5|2.345,75", "float", "#.##0,##", "", json!(1234.5), json!(2345.75)),
        c("1,234|12,345", "integer", "#,##0", "", json!(1234), json!(12345)),
        c("1,234|2,5", "float", "0,##", "", json!(1.234), json!(2.5)),
        c("1.234|2.5|3.75", "float", "", "", json!(1.234), json!(3.75)),
        c("1.234|1.234.567", "integer", "#.##0", "", json!(1234), json!(1234567)),
        c("1,234,567|2,000", "integer", "#,##0", "", json!(2000), json!(1234567)),
        c("1 234 567|2 000", "integer", "# ##0", "", json!(2000), json!(1234567)),
        c("1'234'567|2'000", "integer", "#'##0", "", json!(2000), json!(1234567)),
        c("1\u{a0}234,5|2\u{a0}000,25", "float", "#\u{a0}##0,##", "", json!(1234.5), json!(2000.25)),
        c("1\u{202f}234|2\u{202f}000", "integer", "#\u{a0}##0", "", json!(1234), json!(2000)),
        c("1,234.50|2,000.00", "float", "#,##0.##", "", json!(1234.5), json!(2000.0)),
        c("999|1,234", "integer", "#,##0", "", json!(999), json!(1234)),
        c("+5|+7", "integer", "", "", json!(5), json!(7)),
        c("+1,5|-2,5", "float", "+0,##", "", json!(-2.5), json!(1.5)),
        c("12.5%|3%", "float", "0.##%", "%", json!(3.0), json!(12.5)),
        c("12,5 %|3 %", "float", "0,##%", "%", json!(3.0), json!(12.5)),
        c("-4.5%|10%", "float", "0.##%", "%", json!(-4.5), json!(10.0)),
        c("$1,234.50|$99.99", "float", "$#,##0.##", "$", json!(99.99), json!(1234.5)),
        c("-$5.00|$10.00", "float", "$0.##", "$", json!(-5.0), json!(10.0)),
        c("$-5|$10", "integer", "$0", "$", json!(-5), json!(10)),
        c("(1,234)|2,000", "integer", "#,##0;(#,##0)", "", json!(-1234), json!(2000)),
        c("($1,234.50)|$2,000.00", "float", "$#,##0.##;($#,##0.##)", "$", json!(-1234.5), json!(2000.0)),
        c("€1.234,50|€99,00", "float", "€#.##0,##", "€", json!(99.0), json!(1234.5)),
        c("1.234,50 €|99,00 €", "float", "#.##0,## €", "€", json!(99.0), json!(1234.5)),
        c("£5|£10", "integer", "£0", "£", json!(5), json!(10)),
        c("¥1,000|¥250", "integer", "¥#,##0", "¥", json!(250), json!(1000)),
        c("₹1,500|₹20", "integer", "₹#,##0", "₹", json!(20), json!(1500)),
        c("R$ 10,50|R$ 3,25", "float", "R$0,##", "R$", json!(3.25), json!(10.5)),
        c("USD 12|USD 1,000", "integer", "USD #,##0", "USD", json!(12), json!(1000)),
        c("12,50 EUR|1.000,00 EUR", "float", "#.##0,## EUR", "EUR", json!(12.5), json!(1000.0)),
        c("CHF 5|CHF 7.50", "float", "CHF 0.##", "CHF", json!(5.0), json!(7.5)),
        c("$5|€5|$6", "integer", "$0", "$", json!(5), json!(6)).finds(&["format_mismatch"]),
        c("5%|0.05|7%", "float", "0%", "%", json!(0.05), json!(7.0)).finds(&["format_mismatch"]),
        c("1,5|2.5|3,5", "float", "0,##", "", json!(1.5), json!(3.5)).finds(&["format_mismatch"]),
        c("1,5|2,25", "float", "0,##", "", json!(1.5), json!(2.25)).delim(b','),
        c("1,234|12,345", "integer", "#,##0", "", json!(1234), json!(12345)).delim(b','),
        c("$1,234.50|$7.00", "float", "$#,##0.##", "$", json!(7.0), json!(1234.5)).delim(b','),
        c("1,5|2,25", "float", "0,##", "", json!(1.5), json!(2.25)).delim(b'\t'),
        c("1e3|2.5E-2", "float", "", "", json!(0.025), json!(1000.0)),
        c("1,5e3|2,0e1", "float", "0,##", "", json!(20.0), json!(1500.0)),
        c("1.234|2.000", "integer", "#.##0", "", json!(1234), json!(2000)).opts(|o| o.decimal = Some(",".into())),
        c("1,234|2,000", "float", "0,##", "", json!(1.234), json!(2.0)).opts(|o| o.decimal = Some(",".into())),
        c("1,234|2,000", "integer", "#,##0", "", json!(1234), json!(2000)).opts(|o| o.decimal = Some(".".into())),
        c("0,123|0,5", "float", "0,##", "", json!(0.123), json!(0.5)),
        c("1,23,456|2,34,567", "string", "", "", s("1,23,456"), s("2,34,567")),
        c("12a|13b", "string", "", "", s("12a"), s("13b")),
        c("EUR2|EUR3", "string", "", "", s("EUR2"), s("EUR3")),
        c("5 apples|6 pears", "string", "", "", s("5 apples"), s("6 pears")),
        c("1, 234|2, 345", "string", "", "", s("1, 234"), s("2, 345")),
        // Identifiers are not numbers.
        c("02134|12345|90210", "string", "", "", s("02134"), s("90210")).finds(&["leading_zeros"]),
        c("007|123", "string", "", "", s("007"), s("123")).finds(&["leading_zeros"]),
        c("02134|n/a|12345", "string", "", "", s("02134"), s("12345")).finds(&["leading_zeros"]),
        c("0|1|2", "integer", "", "", json!(0), json!(2)).check(|c| assert_eq!(c["boolean_like"], false)),
        c("0|1|1|0", "integer", "", "", json!(0), json!(1)).check(|c| assert_eq!((c["boolean_like"].clone(), c["identifier_like"].clone()), (json!(true), json!(false)))),
        c("4111111111111111|5500005555555559", "string", "", "", s("4111111111111111"), s("5500005555555559")).finds(&["long_digits"]),
        c("1234567890123456789012|1", "string", "", "", s("1"), s("1234567890123456789012")).finds(&["long_digits"]),
        c("123456789012345|2", "integer", "", "", json!(2), json!(123456789012345i64)),
        c("1000000000000000000|2", "integer", "", "", json!(2), json!("1000000000000000000")),
        c("1|2|3|4|5", "integer", "", "", json!(1), json!(5)).check(|c| assert_eq!(c["identifier_like"], true)),
        c("1|1|2", "integer", "", "", json!(1), json!(2)).check(|c| assert_eq!(c["identifier_like"], false)),
        c("-007|5", "integer", "", "", json!(-7), json!(5)),
        c("0.5|00.5", "float", "", "", json!(0.5), json!(0.5)),
        // Booleans.
        c("true|false|TRUE", "boolean", "true/false", "", json!(false), json!(true)),
        c("yes|no|Yes|NO", "boolean", "yes/no", "", json!(false), json!(true)),
        c("y|n|Y|N", "boolean", "y/n", "", json!(false), json!(true)),
        c("t|f|T|F", "boolean", "t/f", "", json!(false), json!(true)),
        c("on|off|ON", "boolean", "on/off", "", json!(false), json!(true)),
        c("Y|N|", "boolean", "y/n", "", json!(false), json!(true)),
        c("yes|no|maybe|maybe|maybe", "string", "", "", s("maybe"), s("yes")),
        c("M|F|M|X|X", "string", "", "", s("F"), s("X")),
        c("yes|no|true|yes", "boolean", "yes/no", "", json!(false), json!(true)).finds(&["format_mismatch"]),
        c("Yes|Yes|Yes", "boolean", "yes/no", "", json!(true), json!(true)),
        // Null tokens in the list, and the option that replaces it.
        c("1|2|none", "string", "", "", s("1"), s("none")),
        c("1|-999|2", "integer", "", "", json!(1), json!(2)).opts(|o| o.null_values = Some(vec!["-999".into()])).check(|c| assert_eq!(c["nulls"], 1)),
        c("1|NA|2|3", "string", "", "", s("1"), s("NA")).opts(|o| o.null_values = Some(vec!["-999".into()])),
        c("1|(missing)|2", "integer", "", "", json!(1), json!(2)).opts(|o| o.null_values = Some(vec!["(missing)".into(), "x".into()])).check(|c| assert_eq!(c["nulls"], 1)),
    ];
    for t in sluice::infer::NULL_TOKENS {
        all.push(c(&format!("1|{t}|2"), "integer", "", "", json!(1), json!(2)).check(|c| assert_eq!(c["nulls"], 1)));
    }
    all
}

fn column(p: &Value) -> Value {
    p["columns"][0].clone()
}

#[test]
fn columns_as_they_are_written() {
    let all = cases();
    assert!(all.len() >= 150, "{} cases", all.len());
    for (i, case) in all.iter().enumerate() {
        let mut opts = case.opts.clone();
        opts.delimiter = Some((case.delimiter as char).to_string());
        let bytes = case.csv();
        let p = serde_json::to_value(mine_bytes(&bytes, opts.clone()).unwrap()).unwrap();
        let col = column(&p);
        let what = format!("case {i} {:?}: {col}", case.values);
        assert_eq!(col["type"], case.ty, "{what}");
        assert_eq!(col["format"], json!(case.format), "{what}");
        assert_eq!(col["unit"], json!(case.unit), "{what}");
        assert_eq!(col["min"], case.min, "{what}");
        assert_eq!(col["max"], case.max, "{what}");
        let kinds: Vec<&str> = p["findings"].as_array().unwrap().iter().filter(|f| f["column_index"] == 0).map(|f| f["kind"].as_str().unwrap()).collect();
        for k in ["format_mismatch", "ambiguous_dates", "leading_zeros", "long_digits", "mixed_types"] {
            assert_eq!(kinds.contains(&k), case.findings.contains(&k), "{what}: {k} in {kinds:?}");
        }
        if let Some(f) = case.check {
            f(&col);
        }
        // Any chunking gives the same column.
        for chunk in [1, 7] {
            let mut m = Miner::new(opts.clone()).unwrap();
            for part in bytes.chunks(chunk) {
                m.push(part).unwrap();
            }
            let q = serde_json::to_value(m.finish().unwrap()).unwrap();
            assert_eq!(column(&q), col, "{what}: chunks of {chunk}");
        }
    }
}

#[test]
fn mismatches_carry_their_lines() {
    let csv = "d;n\n12/31/2023;1,5\n01/15/2024;2,5\n2024-01-20;3.5\n02/01/2024;4,5\n";
    let p = serde_json::to_value(mine_bytes(csv.as_bytes(), Options::default()).unwrap()).unwrap();
    let f = |col: &str| p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "format_mismatch" && f["column"] == col).cloned().unwrap();
    assert_eq!(f("d")["lines"], json!([4]));
    assert_eq!(f("d")["count"], 1);
    assert_eq!(f("n")["lines"], json!([4]));
}

#[test]
fn a_deciding_value_past_the_head_is_a_mismatch_and_says_so() {
    // The head (64 KiB) holds only dates that read either way: month first. A day over 12
    // later reads only day first.
    let mut csv = String::from("d\n");
    let mut n = 0;
    while csv.len() < 70_000 {
        csv.push_str(&format!("{:02}/{:02}/2024\n", 1 + n % 12, 1 + (n / 12) % 12));
        n += 1;
    }
    csv.push_str("25/12/2024\n");
    let p = serde_json::to_value(mine_bytes(csv.as_bytes(), Options::default()).unwrap()).unwrap();
    let c = column(&p);
    assert_eq!(c["format"], "%m/%d/%Y");
    assert_eq!(c["format_ambiguous"], false);
    assert_eq!(c["max"], "2024-12-25");
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "format_mismatch").unwrap();
    assert_eq!(f["lines"], json!([n + 2]));
}

#[test]
fn json_strings_get_the_same_detection_and_json_values_keep_their_types() {
    let jsonl = r#"{"d":"12/31/2023","n":"1,234","b":"yes","x":1.5,"t":true,"z":"02134","m":"$5.50"}
{"d":"01/15/2024","n":"12,345","b":"no","x":2,"t":false,"z":"12345","m":"$7.25"}
"#;
    let p = serde_json::to_value(mine_bytes(jsonl.as_bytes(), Options::default()).unwrap()).unwrap();
    let by = |n: &str| p["columns"].as_array().unwrap().iter().find(|c| c["name"] == n).cloned().unwrap();
    assert_eq!((by("d")["type"].clone(), by("d")["format"].clone(), by("d")["min"].clone()), (json!("date"), json!("%m/%d/%Y"), json!("2023-12-31")));
    assert_eq!((by("n")["type"].clone(), by("n")["max"].clone()), (json!("integer"), json!(12345)));
    assert_eq!((by("b")["type"].clone(), by("b")["format"].clone()), (json!("boolean"), json!("yes/no")));
    assert_eq!(by("x")["type"], "float");
    assert_eq!(by("t")["type"], "boolean");
    assert_eq!(by("z")["type"], "string");
    assert_eq!((by("m")["type"].clone(), by("m")["unit"].clone(), by("m")["max"].clone()), (json!("float"), json!("$"), json!(7.25)));
}

#[test]
fn parallel_parts_read_each_column_as_one_pass_does() {
    use sluice::parallel::{Config, mine_bytes_parallel};
    let mut csv = String::from("d;n;p;b;z;t\n");
    for i in 0..20_000u32 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        csv.push_str(&format!("{day:02}/{month:02}/2023;{},{:02};{}%;{};{:05};{}:{:02} {}\n", i % 1000, i % 100, i % 50, if i % 3 == 0 { "ja" } else if i % 2 == 0 { "yes" } else { "no" }, i % 90_000, 1 + i % 12, i % 60, if i % 2 == 0 { "AM" } else { "PM" }));
    }
    let one = serde_json::to_value(mine_bytes(csv.as_bytes(), Options::default()).unwrap()).unwrap();
    for workers in [2, 4] {
        let cfg = Config { workers, min_range_bytes: 1 << 16, ..Config::default() };
        let par = serde_json::to_value(mine_bytes_parallel(csv.as_bytes(), Options::default(), &cfg).unwrap()).unwrap();
        assert_eq!(par["columns"], one["columns"], "{workers} workers");
        assert_eq!(par["findings"], one["findings"], "{workers} workers");
    }
    let col = |n: usize| one["columns"][n].clone();
    assert_eq!((col(0)["type"].clone(), col(0)["format"].clone()), (json!("date"), json!("%d/%m/%Y")));
    assert_eq!((col(1)["type"].clone(), col(1)["format"].clone()), (json!("float"), json!("0,##")));
    assert_eq!(col(2)["unit"], "%");
    assert_eq!(col(3)["type"], "string");
    assert_eq!(col(4)["type"], "string");
    assert_eq!((col(5)["type"].clone(), col(5)["format"].clone()), (json!("time"), json!("%-I:%M %p")));
}
