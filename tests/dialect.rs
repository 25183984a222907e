//! Reading CSV files as they come (issue 19): a table of small files, each with the dialect,
//! header, skipped lines, encoding and first row expected, each also mined in 1-byte chunks and
//! in chunks of 2, 3 and 7 bytes; the options that force each choice; parallel parts that use
//! the head's dialect; and decoding across chunk boundaries.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    delimiter: char,
    quote: Option<char>,
    escape: Option<char>,
    comment: Option<char>,
    header: bool,
    skipped: u64,
    comments: u64,
    encoding: &'static str,
    line_ending: &'static str,
    /// The first data row's values, as text.
    first: Vec<&'static str>,
    /// Its line.
    line: u64,
    /// Rows that do not have the header's fields are expected.
    ragged: bool,
    opts: Options,
}

fn case(name: &'static str, bytes: impl AsRef<[u8]>, first: &[&'static str]) -> Case {
    Case {
        name,
        bytes: bytes.as_ref().to_vec(),
        delimiter: ',',
        quote: Some('"'),
        escape: None,
        comment: None,
        header: true,
        skipped: 0,
        comments: 0,
        encoding: "utf-8",
        line_ending: "\n",
        first: first.to_vec(),
        line: 2,
        ragged: false,
        opts: Options::default(),
    }
}

impl Case {
    fn d(mut self, d: char) -> Self {
        self.delimiter = d;
        self
    }
    fn q(mut self, q: Option<char>) -> Self {
        self.quote = q;
        self
    }
    fn esc(mut self, e: char) -> Self {
        self.escape = Some(e);
        self
    }
    fn comment(mut self, c: char, later: u64) -> Self {
        self.comment = Some(c);
        self.comments = later;
        self
    }
    fn no_header(mut self) -> Self {
        self.header = false;
        self.line -= 1;
        self
    }
    fn skipped(mut self, n: u64) -> Self {
        self.skipped = n;
        self.line += n;
        self
    }
    fn line(mut self, n: u64) -> Self {
        self.line = n;
        self
    }
    fn enc(mut self, e: &'static str) -> Self {
        self.encoding = e;
        self
    }
    fn ends(mut self, e: &'static str) -> Self {
        self.line_ending = e;
        self
    }
    fn ragged(mut self) -> Self {
        self.ragged = true;
        self
    }
    fn opts(mut self, f: impl FnOnce(&mut Options)) -> Self {
        f(&mut self.opts);
        self
    }
}

fn utf16le(s: &str, bom: bool) -> Vec<u8> {
    let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn utf16be(s: &str, bom: bool) -> Vec<u8> {
    let mut v = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
    v.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    v
}

fn cases() -> Vec<Case> {
    vec![
        // Delimiters.
        case("comma", "a,b,c\n1,2,3\n4,5,6\n", &["1", "2", "3"]),
        case("semicolon with decimal commas", "a;b;c\n1,5;2,5;x\n3,5;4,5;y\n", &["1.5", "2.5", "x"]).d(';'),
        case("tab", "a\tb\n1\t2\n3\t4\n", &["1", "2"]).d('\t'),
        case("pipe", "a|b|c\nx|y|z\nu|v|w\n", &["x", "y", "z"]).d('|'),
        case("colon when every line agrees", "a:b\nx:1\ny:2\n", &["x", "1"]).d(':'),
        case("space when every line agrees", "a b c\nx 1 2\ny 3 4\n", &["x", "1", "2"]).d(' '),
        case("space not taken when lines disagree", "title\nsome words here\nand more\n", &["some words here"]),
        case("quoted commas under semicolons", "name;note\n\"a, b, c\";x\n\"d, e\";y\n", &["a, b, c", "x"]).d(';'),
        case("one column", "v\nx\ny\n", &["x"]),
        case("comma over semicolons in text", "a,b\nx;y,1\nz;w,2\n", &["x;y", "1"]),
        case("Excel's sep= line", "sep=;\r\na;b\r\n1;2\r\n", &["1", "2"]).d(';').skipped(1).ends("\r\n"),
        // Quotes.
        case("doubled quotes", "a,b\n\"say \"\"hi\"\"\",1\n\"x\",2\n", &["say \"hi\"", "1"]),
        case("newline inside quotes", "a,b\n\"two\nlines\",1\nx,2\n", &["two\nlines", "1"]),
        case("single quotes", "a|b\n1|'x|y'\n2|'z'\n", &["1", "x|y"]).d('|').q(Some('\'')),
        case("single quotes with commas", "id,t\n1,'a, b'\n2,'c, d'\n", &["1", "a, b"]).q(Some('\'')),
        case("apostrophes in text are data", "who,said\nAnn,it's fine\nBob,don't\n", &["Ann", "it's fine"]),
        case("inch marks are data", "size,name\n\"12,pipe\n\"14,tube\n\"16,rod\n", &["\"12", "pipe"]).q(None),
        case("quote forced off", "a,b\n\"x\",1\n\"y\",2\n", &["\"x\"", "1"]).q(None).opts(|o| o.quote = Some(String::new())),
        case("quote forced to '", "a,b\n'x,y',1\n'z',2\n", &["x,y", "1"]).q(Some('\'')).opts(|o| o.quote = Some("'".into())),
        // Escapes.
        case("backslash escapes", "a,b\n1,\"say \\\"hi\\\", ok\"\n2,\"x\"\n", &["1", "say \"hi\", ok"]).esc('\\'),
        case("backslash escaping itself", "p,n\n\"C:\\\\dir\\\\\",1\n\"a \\\"b\\\"\",2\n", &["C:\\dir\\", "1"]).esc('\\'),
        case("backslash in single quotes", "a;b\n'it\\'s';1\n'x';2\n", &["it's", "1"]).d(';').q(Some('\'')).esc('\\'),
        case("backslashes outside quotes are data", "path,n\nC:\\x,1\nD:\\y,2\n", &["C:\\x", "1"]),
        case("escape forced", "a,b\n\"x\\\"\",1\n\"y\",2\n", &["x\"", "1"]).esc('\\').opts(|o| o.escape = Some("\\".into())),
        case("escape forced off", "a,b\n\"x\\\"\"\",1\n\"y\",2\n", &["x\\\"", "1"]).opts(|o| o.escape = Some(String::new())),
        // Comments.
        case("comment preamble", "# exported 2024\n# by tool\na,b\n1,2\n3,4\n", &["1", "2"]).comment('#', 0).skipped(2),
        case("comments between rows", "a,b\n1,2\n# note\n3,4\n# end\n", &["1", "2"]).comment('#', 2),
        case("percent comments", "% arff style\na,b\n1,2\n% x\n3,4\n", &["1", "2"]).comment('%', 1).skipped(1),
        case("hash values are data", "id,n\n#1,2\n#2,3\n#3,4\n", &["#1", "2"]),
        case("comment forced off", "a,b\n#1,2\n#2,3\n", &["#1", "2"]).opts(|o| o.comment = Some(String::new())),
        case("comment forced", "a,b\n;x\n1,2\n", &["1", "2"]).comment(';', 1).line(3).opts(|o| o.comment = Some(";".into())),
        case("comment with CRLF", "# c\r\na,b\r\n1,2\r\n# d\r\n3,4\r\n", &["1", "2"]).comment('#', 1).skipped(1).ends("\r\n"),
        case("comment inside quotes is data", "a,b\n\"x\n# not a comment\",1\n# real\n2,3\n", &["x\n# not a comment", "1"]).comment('#', 1),
        // Preambles.
        case("title and blank line", "Sales report\n\nregion,q1,q2\nnorth,1,2\nsouth,3,4\n", &["north", "1", "2"]).skipped(2),
        case("key: value lines", "Exported: 2024-01-01\nBy: tool\nregion,q1,q2,q3\nn,1,2,3\ns,4,5,6\n", &["n", "1", "2", "3"]).skipped(2),
        case("key, value lines", "Report,Q1\nregion,a,b,c,d\nn,1,2,3,4\ns,5,6,7,8\n", &["n", "1", "2", "3", "4"]).skipped(1),
        case("preamble before a semicolon table", "Export vom 01.01.2024\nName;Ort;Betrag\nAnna;Berlin;1,5\nBen;Köln;2,5\n", &["Anna", "Berlin", "1.5"]).d(';').skipped(1),
        case("narrow header is not a preamble", "a,b,c\n1,2,3,4\n5,6,7,8\n", &["1", "2", "3"]).ragged(),
        case("skip_lines forced", "x,y,z\na,b\n1,2\n", &["1", "2"]).skipped(1).opts(|o| o.skip_lines = Some(1)),
        case("skip_lines forced to none", "Title\na,b\n1,2\n", &["Title"]).no_header().ragged().opts(|o| {
            o.skip_lines = Some(0);
            o.has_header = Some(false);
        }),
        case("preamble and a BOM", "\u{feff}Title\n\na;b\n1;2\n3;4\n", &["1", "2"]).d(';').skipped(2),
        // Headers, with other dialects.
        case("no header, semicolons", "1;2,5;abc\n2;3,5;def\n3;4,5;ghi\n", &["1", "2.5", "abc"]).d(';').no_header(),
        case("no header, tabs", "1\t2\n3\t4\n5\t6\n", &["1", "2"]).d('\t').no_header(),
        case("no header, single quotes", "1|'a|b'\n2|'c'\n3|'d'\n", &["1", "a|b"]).d('|').q(Some('\'')).no_header(),
        case("header forced", "1,2\n3,4\n", &["3", "4"]).opts(|o| o.has_header = Some(true)),
        case("no header after a preamble", "# data\n1,2\n3,4\n5,6\n", &["1", "2"]).comment('#', 0).skipped(1).no_header(),
        case("trailing delimiter", "a;b;\n1;2;\n3;4;\n", &["1", "2"]).d(';'),
        case("trailing delimiter after a preamble", "Title\n\na,b,c,\n1,2,3,\n4,5,6,\n", &["1", "2", "3"]).skipped(2),
        // Line endings.
        case("CRLF", "a,b\r\n1,2\r\n3,4\r\n", &["1", "2"]).ends("\r\n"),
        case("CR", "a,b\r1,2\r3,4\r", &["1", "2"]).ends("\r"),
        case("mixed", "a,b\r\n1,2\n3,4\r\n", &["1", "2"]).ends("mixed"),
        case("no line break", "a,b", &[]).ends("none").line(0),
        case("lf forced: a lone CR is data", "a,b\nx\ry,1\nz,2\n", &["x\ry", "1"]).opts(|o| o.line_ending = Some("lf".into())),
        case("lf forced on CRLF keeps the CR", "a,b\r\nx,1\r\n", &["x", "1\r"]).opts(|o| o.line_ending = Some("\n".into())),
        case("lf forced, CR inside a comment", "# a\rb\nk,v\n1,2\n# c\rd\n3,4\n", &["1", "2"]).comment('#', 1).skipped(1).opts(|o| o.line_ending = Some("lf".into())),
        case("blank lines between", "a,b\n\n1,2\n\n3,4\n", &["1", "2"]).line(3),
        // Encodings.
        case("Windows-1252 é", b"name,city\nJos\xe9,M\xe1laga\nAnna,Oslo\n", &["José", "Málaga"]).enc("windows-1252"),
        case("Windows-1252 euro sign", b"item;price\nTee;\x805 each\nBrot;\x803 each\n", &["Tee", "€5 each"]).d(';').enc("windows-1252"),
        case("Latin-1 with a preamble", b"Liste f\xfcr 2024\nName;Stadt;Wert\nJ\xfcrgen;M\xfcnchen;1\nZo\xeb;Z\xfcrich;2\n", &["Jürgen", "München", "1"]).d(';').skipped(1).enc("windows-1252"),
        case("latin1 forced", b"a,b\nx,y\n", &["x", "y"]).enc("windows-1252").opts(|o| o.encoding = Some("latin1".into())),
        case("UTF-16 LE with BOM", utf16le("a,b\nCafé,€5 each\n😀,x\n", true), &["Café", "€5 each"]).enc("utf-16le"),
        case("UTF-16 BE with BOM", utf16be("a;b\nCafé;1\nx;2\n", true), &["Café", "1"]).d(';').enc("utf-16be"),
        case("UTF-16 LE without BOM", utf16le("a\tb\nx\t1\ny\t2\n", false), &["x", "1"]).d('\t').enc("utf-16le"),
        case("UTF-16 BE without BOM", utf16be("a,b\nCafé,€5 each\n😀,x\n", false), &["Café", "€5 each"]).enc("utf-16be"),
        case("UTF-16 LE with CRLF and a comment", utf16le("# c\r\na,b\r\n1,2\r\n", true), &["1", "2"]).comment('#', 0).skipped(1).ends("\r\n").enc("utf-16le"),
        case("UTF-16 forced", utf16le("a,b\nx,1\n", false), &["x", "1"]).enc("utf-16le").opts(|o| o.encoding = Some("utf-16le".into())),
        case("UTF-8 é stays UTF-8", "name,city\nJosé,Málaga\n", &["José", "Málaga"]),
        case("UTF-8 BOM", "\u{feff}a,b\n1,2\n", &["1", "2"]),
        case("UTF-8 with invalid bytes stays UTF-8", b"a,b\n\xc3\xa9,\xe1x\n", &["é", "\u{fffd}x"]),
        case("Shift_JIS forced", b"a,b\n\x83e\x83X\x83g,1\n", &["テスト", "1"]).enc("shift_jis").opts(|o| o.encoding = Some("shift_jis".into())),
    ]
}

fn json(p: &sluice::Profile) -> Value {
    let mut v = serde_json::to_value(p).unwrap();
    v.as_object_mut().unwrap().remove("memory");
    v
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

fn mine_in(bytes: &[u8], opts: &Options, size: usize) -> Value {
    let mut m = Miner::new(opts.clone()).unwrap();
    for c in bytes.chunks(size) {
        m.push(c).unwrap();
    }
    json(&m.finish().unwrap())
}

#[test]
fn files_as_they_come() {
    let all = cases();
    assert!(all.len() >= 60, "{} cases", all.len());
    for c in &all {
        let p = json(&mine_bytes(&c.bytes, c.opts.clone()).unwrap());
        let d = &p["dialect"];
        let ch = |v: Option<char>| v.map_or(Value::Null, |c| Value::String(c.to_string()));
        assert_eq!(d["delimiter"], c.delimiter.to_string(), "{}: {d}", c.name);
        assert_eq!(d["quote"], ch(c.quote), "{}: {d}", c.name);
        assert_eq!(d["escape"], ch(c.escape), "{}: {d}", c.name);
        assert_eq!(d["comment"], ch(c.comment), "{}: {d}", c.name);
        assert_eq!(d["line_ending"], c.line_ending, "{}: {d}", c.name);
        assert_eq!(p["header"]["present"], c.header, "{}: {}", c.name, p["header"]);
        assert_eq!(p["skipped_lines"], c.skipped, "{}", c.name);
        assert_eq!(p["comment_lines"], c.comments, "{}", c.name);
        assert_eq!(p["encoding"], c.encoding, "{}: {}", c.name, p["encoding_reason"]);
        assert_eq!(p["encoding_detected"], c.opts.encoding.is_none(), "{}", c.name);
        let first: Vec<String> = p["sample"]["head"].get(0).map_or(Vec::new(), |r| r.as_array().unwrap().iter().map(text).collect());
        assert_eq!(first, c.first, "{}: {}", c.name, p["sample"]);
        if !c.first.is_empty() {
            assert_eq!(p["sample"]["head_lines"][0], c.line, "{}", c.name);
        }
        let kinds: Vec<&str> = p["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds.contains(&"skipped_lines"), c.skipped > 0, "{}: {kinds:?}", c.name);
        assert_eq!(kinds.contains(&"comment_lines"), c.comments > 0, "{}: {kinds:?}", c.name);
        assert_eq!(kinds.contains(&"ragged_rows"), c.ragged, "{}: {kinds:?}", c.name);
        // Any chunking gives the same profile, decoding included.
        for size in [1, 2, 3, 7] {
            assert_eq!(mine_in(&c.bytes, &c.opts, size), p, "{}: chunks of {size}", c.name);
        }
    }
}

#[test]
fn the_profile_says_what_was_forced_and_the_runner_up() {
    let p = json(&mine_bytes(b"a|b\n1|'x|y'\n2|'z'\n", Options::default()).unwrap());
    assert_eq!(p["dialect"]["forced"], serde_json::json!([]));
    assert_eq!(p["dialect"]["consistency"], 1.0);
    let r = &p["dialect"]["runner_up"];
    assert_eq!(r["quote"], "\"", "{r}");
    assert!(r["consistency"].as_f64().unwrap() < 1.0, "{r}");
    let opts = Options { delimiter: Some(";".into()), quote: Some(String::new()), comment: Some("#".into()), skip_lines: Some(0), line_ending: Some("lf".into()), ..Options::default() };
    let p = json(&mine_bytes(b"a;b\r\n1;2\r\n", opts).unwrap());
    assert_eq!(p["dialect"]["forced"], serde_json::json!(["delimiter", "quote", "comment", "skip_lines", "line_ending"]));
    assert_eq!(p["dialect"]["line_ending"], "\n");
    // Bad options are refused with a clear message.
    for (o, want) in [
        (Options { quote: Some("ab".into()), ..Options::default() }, "quote must be one ASCII character"),
        (Options { delimiter: Some(";".into()), comment: Some(";".into()), ..Options::default() }, "must differ"),
        (Options { encoding: Some("klingon".into()), ..Options::default() }, "not an encoding name"),
        (Options { line_ending: Some("\r".into()), ..Options::default() }, "line_ending must be"),
    ] {
        let e = Miner::new(o).err().expect("refused").to_string();
        assert!(e.contains(want), "{e}");
    }
    let e = mine_bytes(b"a,b\n", Options { skip_lines: Some(10), ..Options::default() }).unwrap_err().to_string();
    assert!(e.contains("skip_lines"), "{e}");
    // Binary files are still refused, with today's messages.
    let e = mine_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", Options::default()).unwrap_err().to_string();
    assert!(e.contains("PNG"), "{e}");
}

#[test]
fn parallel_parts_use_the_heads_dialect() {
    // A preamble, single quotes around pipes and line breaks, backslash escapes, and comment
    // lines all through the file.
    let mut csv = String::from("Export of 2024\n\nid|note|n\n");
    for i in 0..30_000 {
        if i % 97 == 0 {
            csv.push_str(&format!("# checkpoint {i}\n"));
        }
        match i % 5 {
            0 => csv.push_str(&format!("{i}|'a|b\nc'|{}\n", i % 11)),
            1 => csv.push_str(&format!("{i}|'it\\'s {i}'|{}\n", i % 11)),
            _ => csv.push_str(&format!("{i}|w{}|{}\n", i % 13, i % 11)),
        }
    }
    let one = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    assert_eq!(one["dialect"]["quote"], "'");
    assert_eq!(one["dialect"]["escape"], "\\");
    assert_eq!(one["dialect"]["comment"], "#");
    assert_eq!(one["skipped_lines"], 2);
    assert_eq!(one["comment_lines"], (0..30_000).filter(|i| i % 97 == 0).count());
    assert_eq!(one["rows"], 30_000);
    for workers in [2, 3] {
        let cfg = Config { workers, min_range_bytes: 1 << 16, ..Config::default() };
        let p = json(&mine_bytes_parallel(csv.as_bytes(), Options::default(), &cfg).unwrap());
        assert_eq!(p["workers"], workers as u64);
        for k in ["dialect", "skipped_lines", "comment_lines", "rows", "lines", "header", "sample"] {
            assert_eq!(p[k], one[k], "{k} with {workers} workers");
        }
        for (c, d) in p["columns"].as_array().unwrap().iter().zip(one["columns"].as_array().unwrap()) {
            for k in ["name", "count", "distinct", "min", "max", "top", "examples", "outliers"] {
                assert_eq!(c[k], d[k], "{k} of {} with {workers} workers", d["name"]);
            }
        }
    }
    // A file that is not UTF-8 is decoded in one pass, whatever the workers.
    let mut latin = b"name;city\n".to_vec();
    for i in 0..20_000 {
        latin.extend_from_slice(format!("J\u{fc}rgen {i};M\u{fc}nchen\n").chars().map(|c| c as u32 as u8).collect::<Vec<u8>>().as_slice());
    }
    let cfg = Config { workers: 2, min_range_bytes: 1 << 14, ..Config::default() };
    let p = json(&mine_bytes_parallel(&latin, Options::default(), &cfg).unwrap());
    assert_eq!(p["encoding"], "windows-1252");
    assert_eq!(p["workers"], 1);
    assert!(p["parallel_note"].as_str().unwrap().contains("decoded in one pass"), "{}", p["parallel_note"]);
    assert_eq!(p["columns"][1]["top"][0]["value"], "München");
}
