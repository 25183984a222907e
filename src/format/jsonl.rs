//! Incremental JSON Lines reader: one JSON object per line.
//!
//! Push-driven like the CSV reader: [`JsonlReader::feed`] takes chunks of any size; a partial
//! last line is carried (in a buffer the reader reuses, at most `max_record_bytes`) to the next
//! chunk. Each complete line is scanned by a small JSON scanner that borrows from the line:
//! top-level keys become columns, nested objects are flattened to dotted names (`a.b.c`) up to
//! `max_depth` levels (deeper objects are kept as their JSON text), and arrays are reported as
//! their length. Numbers keep their text as written, so a JSON Lines file and the same data as
//! CSV profile alike. Strings are unescaped into a reused buffer. A line that is not a JSON
//! object is reported (with its line number) and skipped; mining goes on.
//!
//! **JSON arrays.** The same reader reads a top-level array of objects (`[{...}, {...}]`,
//! pretty-printed or not) and an object whose member holds that array (`{"data": [...]}`):
//! [`layout`] decides it from the head, and [`JsonlReader::array`] splits the array into its
//! elements as the bytes stream in (tracking strings and nesting, carrying an element cut by a
//! chunk in the same bounded buffer), so each element is read exactly as a line would be. A
//! record's line is the line its element starts on. An element that is not an object, one
//! longer than `max_record_bytes`, an array cut short and bytes after the array are reported
//! as malformed, with their lines.

/// A value found at a path of the object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    /// The number's text as written.
    Number(&'a [u8]),
    /// The unescaped string.
    Str(&'a [u8]),
    /// An array: its number of elements.
    ArrayLen(u64),
    /// An object deeper than `max_depth`: its JSON text.
    Raw(&'a [u8]),
}

/// What the reader tells its sink.
pub enum Event<'a> {
    /// A line holding an object begins.
    /// A record begins on `line`, at byte `offset` of the file (as numbered by
    /// [`JsonlReader::start_at`]).
    RowStart { line: u64, offset: u64 },
    /// One flattened member of the current object.
    Value { path: &'a str, value: Scalar<'a>, line: u64 },
    /// The object ended; `bytes` is the whole line.
    RowEnd { line: u64, bytes: &'a [u8] },
    /// A non-empty line that is not a JSON object (or is longer than `max_record_bytes`).
    Malformed { line: u64, reason: &'static str },
}

/// How the JSON text holds its records (decided on the head by [`layout`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One object per line (JSON Lines).
    Lines,
    /// An array of objects whose elements start after byte `start` of the text (just past its
    /// `[`); `key` is the member of the top-level object that holds it (`None`: the array is
    /// the top level).
    Array { start: usize, key: Option<String> },
}

impl Layout {
    /// Where the records are, as a JSONPath: `$` for a top-level array, `$.data` for the
    /// member `data`; `None` for JSON Lines.
    pub fn records_path(&self) -> Option<String> {
        match self {
            Layout::Lines => None,
            Layout::Array { key: None, .. } => Some("$".into()),
            Layout::Array { key: Some(k), .. } => Some(if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !k.is_empty() {
                format!("$.{k}")
            } else {
                format!("$[{}]", serde_json::to_string(k).unwrap_or_default())
            }),
        }
    }
}

/// Decides how a JSON text starting with `head` holds its records: a top-level array; an
/// object (spread over lines, or alone on its line) one of whose top-level members, the first
/// whose value is an array of objects (or empty), holds the records; else JSON Lines.
pub fn layout(head: &[u8]) -> Layout {
    let mut s = Scanner { s: head, i: 0 };
    s.ws();
    match s.peek() {
        Some(b'[') => return Layout::Array { start: s.i + 1, key: None },
        Some(b'{') => {}
        _ => return Layout::Lines,
    }
    // A first line that is a whole object, and more after it: JSON Lines. (One object alone,
    // minified on one line, is looked into: an API's `{"data":[...]}`.)
    let line_end = memchr::memchr(b'\n', &head[s.i..]).map_or(head.len(), |j| s.i + j);
    let mut first = Scanner { s: &head[..line_end], i: s.i };
    if first.skip_value(0).is_ok() && head[first.i..].iter().any(|b| !b.is_ascii_whitespace()) {
        return Layout::Lines;
    }
    s.i += 1;
    let mut key = Vec::new();
    loop {
        s.ws();
        key.clear();
        if s.string_into(&mut key).is_err() {
            return Layout::Lines;
        }
        s.ws();
        if s.expect(b':').is_err() {
            return Layout::Lines;
        }
        s.ws();
        if s.peek() == Some(b'[') {
            let start = s.i + 1;
            let mut t = Scanner { s: head, i: start };
            t.ws();
            if matches!(t.peek(), Some(b'{' | b']')) {
                return Layout::Array { start, key: Some(String::from_utf8_lossy(&key).into_owned()) };
            }
        }
        if s.skip_value(0).is_err() {
            return Layout::Lines;
        }
        s.ws();
        if !s.eat(b',') {
            return Layout::Lines;
        }
    }
}

/// Where the array splitter is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    /// Bytes before the records (the `[`, or `{"key": [`) still to skip.
    Before(u64),
    /// Between elements (after `[` or a `,`).
    Between,
    /// Inside an element: its nesting, and whether inside a string (and after a backslash).
    Element { depth: u32, string: bool, escape: bool },
    /// After the closing `]`.
    After,
}

struct Splitter {
    at: At,
    /// Whether the array is a member of a top-level object (what follows it is not checked).
    wrapped: bool,
    /// Line and file offset where the current element starts.
    line: u64,
    offset: u64,
    /// The element is longer than `max_line`: skip it.
    skipping: bool,
    /// Something other than whitespace followed the array (reported once).
    trailing: bool,
}

pub struct JsonlReader {
    /// `Some`: a JSON array (see the module docs).
    array: Option<Splitter>,
    layout: Layout,
    max_line: usize,
    max_depth: usize,
    carry: Vec<u8>,
    /// The current line is longer than `max_line`: skip to its end.
    skipping: bool,
    /// Number of the line being read (1-based).
    line: u64,
    blank_lines: u64,
    scratch: Vec<u8>,
    path: String,
    /// Offset of the end of the input fed so far (see [`JsonlReader::stop_at`]).
    offset: u64,
    /// Offset of the first byte of the line being read.
    line_start: u64,
    stop_at: Option<u64>,
    stopped_at: Option<u64>,
}

impl JsonlReader {
    pub fn new(max_line: usize, max_depth: usize) -> Self {
        JsonlReader {
            array: None,
            layout: Layout::Lines,
            max_line,
            max_depth: max_depth.max(1),
            carry: Vec::new(),
            skipping: false,
            line: 1,
            blank_lines: 0,
            scratch: Vec::new(),
            path: String::new(),
            offset: 0,
            line_start: 0,
            stop_at: None,
            stopped_at: None,
        }
    }

    /// A reader of the records of a JSON array laid out as `layout` says (JSON Lines for
    /// [`Layout::Lines`]).
    pub fn with_layout(max_line: usize, max_depth: usize, layout: &Layout) -> Self {
        let mut r = JsonlReader::new(max_line, max_depth);
        if let Layout::Array { start, key } = layout {
            r.layout = layout.clone();
            r.array = Some(Splitter { at: At::Before(*start as u64), wrapped: key.is_some(), line: 1, offset: 0, skipping: false, trailing: false });
        }
        r
    }

    /// How the text holds its records.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// For mining a part of a file (`crate::parallel`): the input starts at byte `start` of the
    /// file, at a line start (call before feeding).
    pub fn start_at(&mut self, start: u64) {
        self.offset = start;
        self.line_start = start;
    }

    /// The reader stops, without reading it, at the first line that starts at or after byte
    /// `stop` of the file (not before what was fed so far).
    pub fn stop_at(&mut self, stop: u64) {
        self.stop_at = Some(stop);
    }

    /// The file offset of the line the reader stopped before, if it did.
    pub fn stopped_at(&self) -> Option<u64> {
        self.stopped_at
    }

    /// At a line start at or past `stop_at`: stop there.
    #[inline]
    fn must_stop(&mut self, rest: usize) -> bool {
        if let Some(stop) = self.stop_at {
            let at = self.offset - rest as u64;
            if at >= stop && self.carry.is_empty() && !self.skipping {
                self.stopped_at = Some(at);
                return true;
            }
        }
        false
    }

    pub fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Number of `\n` seen plus one.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn feed<F: FnMut(Event<'_>)>(&mut self, mut input: &[u8], sink: &mut F) {
        if self.array.is_some() {
            return self.feed_array(input, sink);
        }
        if self.stopped_at.is_some() {
            return;
        }
        self.offset += input.len() as u64;
        if self.must_stop(input.len()) {
            return;
        }
        while !input.is_empty() {
            match memchr::memchr(b'\n', input) {
                Some(i) => {
                    let (head, rest) = (&input[..i], &input[i + 1..]);
                    if self.skipping {
                        self.skipping = false;
                    } else if self.carry.len() + head.len() > self.max_line {
                        sink(Event::Malformed { line: self.line, reason: "longer than max_record_bytes" });
                        self.carry.clear();
                    } else if self.carry.is_empty() {
                        self.process(head, sink);
                    } else {
                        let mut carry = std::mem::take(&mut self.carry);
                        carry.extend_from_slice(head);
                        self.process(&carry, sink);
                        carry.clear();
                        self.carry = carry;
                    }
                    self.line += 1;
                    input = rest;
                    self.line_start = self.offset - input.len() as u64;
                    if self.must_stop(input.len()) {
                        return;
                    }
                }
                None => {
                    if !self.skipping {
                        if self.carry.len() + input.len() > self.max_line {
                            sink(Event::Malformed { line: self.line, reason: "longer than max_record_bytes" });
                            self.carry.clear();
                            self.skipping = true;
                        } else {
                            self.carry.extend_from_slice(input);
                        }
                    }
                    return;
                }
            }
        }
    }

    /// Ends the input: a last line without `\n` is processed.
    pub fn finish<F: FnMut(Event<'_>)>(&mut self, sink: &mut F) {
        if let Some(a) = &self.array {
            match a.at {
                At::Element { .. } if !a.skipping => {
                    let (line, offset) = (a.line, a.offset);
                    let carry = std::mem::take(&mut self.carry);
                    // An element cut short is malformed: reported, as a truncated object.
                    self.record(&carry, line, offset, sink);
                    sink(Event::Malformed { line: self.line, reason: "the JSON array ends without its closing ]: the input is truncated" });
                }
                At::After => {}
                _ => sink(Event::Malformed { line: self.line, reason: "the JSON array ends without its closing ]: the input is truncated" }),
            }
            return;
        }
        if self.stopped_at.is_none() && !self.carry.is_empty() && !self.skipping {
            let carry = std::mem::take(&mut self.carry);
            self.process(&carry, sink);
        }
    }

    fn process<F: FnMut(Event<'_>)>(&mut self, line: &[u8], sink: &mut F) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            self.blank_lines += 1;
            return;
        }
        let (n, offset) = (self.line, self.line_start);
        self.record(line, n, offset, sink);
    }

    /// One record's text (a line, or an array's element) that starts on `line`, at `offset`.
    fn record<F: FnMut(Event<'_>)>(&mut self, line: &[u8], n: u64, offset: u64, sink: &mut F) {
        // Validate first, so that a malformed line yields no values at all.
        let mut v = Scanner { s: line, i: 0 };
        v.ws();
        if v.peek() != Some(b'{') {
            sink(Event::Malformed { line: n, reason: if self.layout != Layout::Lines { "an array element that is not a JSON object" } else { "not a JSON object" } });
            return;
        }
        if v.skip_value(0).is_err() || {
            v.ws();
            v.i != line.len()
        } {
            sink(Event::Malformed { line: n, reason: "invalid JSON" });
            return;
        }
        sink(Event::RowStart { line: n, offset });
        let mut s = Scanner { s: line, i: 0 };
        s.ws();
        self.path.clear();
        let (depth, scratch, path) = (self.max_depth, &mut self.scratch, &mut self.path);
        let _ = walk_object(&mut s, 1, depth, path, scratch, n, sink);
        sink(Event::RowEnd { line: n, bytes: line });
    }
}

impl JsonlReader {
    /// Splits a JSON array into its elements (see the module docs).
    fn feed_array<F: FnMut(Event<'_>)>(&mut self, input: &[u8], sink: &mut F) {
        let base = self.offset;
        self.offset += input.len() as u64;
        let mut a = self.array.take().expect("array mode");
        let mut i = 0;
        // Where the current element starts in `input`, when it starts in this chunk.
        let mut from: Option<usize> = matches!(a.at, At::Element { .. }).then_some(0);
        while i < input.len() {
            let b = input[i];
            match a.at {
                At::Before(n) => {
                    let k = (n.min((input.len() - i) as u64)) as usize;
                    self.line += memchr::memchr_iter(b'\n', &input[i..i + k]).count() as u64;
                    i += k;
                    a.at = if n as usize == k { At::Between } else { At::Before(n - k as u64) };
                    continue;
                }
                At::Between => match b {
                    b'\n' => self.line += 1,
                    b' ' | b'\t' | b'\r' | b',' => {}
                    b']' => a.at = At::After,
                    _ => {
                        a.at = At::Element { depth: 0, string: false, escape: false };
                        a.line = self.line;
                        a.offset = base + i as u64;
                        a.skipping = false;
                        from = Some(i);
                        continue;
                    }
                },
                At::Element { depth, string, escape } => {
                    if string {
                        // To the next quote or backslash (lines inside strings are counted).
                        let rest = &input[i..];
                        let j = if escape { 0 } else { memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len()) };
                        self.line += memchr::memchr_iter(b'\n', &rest[..j]).count() as u64;
                        i += j;
                        if i == input.len() {
                            break;
                        }
                        a.at = match (escape, input[i]) {
                            (true, _) => At::Element { depth, string: true, escape: false },
                            (false, b'\\') => At::Element { depth, string: true, escape: true },
                            _ => At::Element { depth, string: false, escape: false },
                        };
                    } else {
                        let end = match b {
                            b'"' => {
                                a.at = At::Element { depth, string: true, escape: false };
                                false
                            }
                            b'{' | b'[' => {
                                a.at = At::Element { depth: depth + 1, string: false, escape: false };
                                false
                            }
                            b'}' | b']' if depth > 0 => {
                                a.at = At::Element { depth: depth - 1, string: false, escape: false };
                                false
                            }
                            b']' | b',' if depth == 0 => true,
                            b'\n' => {
                                self.line += 1;
                                false
                            }
                            _ => false,
                        };
                        if end {
                            let f = from.take();
                            if !a.skipping {
                                let (line, offset) = (a.line, a.offset);
                                match f {
                                    Some(f) if self.carry.is_empty() && i - f > self.max_line => {
                                        sink(Event::Malformed { line, reason: "longer than max_record_bytes" });
                                    }
                                    Some(f) if self.carry.is_empty() => self.record(&input[f..i], line, offset, sink),
                                    f => {
                                        let mut carry = std::mem::take(&mut self.carry);
                                        carry.extend_from_slice(&input[f.unwrap_or(0)..i]);
                                        if carry.len() > self.max_line {
                                            sink(Event::Malformed { line, reason: "longer than max_record_bytes" });
                                        } else {
                                            self.record(&carry, line, offset, sink);
                                        }
                                        carry.clear();
                                        self.carry = carry;
                                    }
                                }
                            }
                            a.at = if b == b']' { At::After } else { At::Between };
                        }
                    }
                }
                At::After => match b {
                    b'\n' => self.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    _ if a.wrapped => {
                        // The rest of the wrapping object: its other members are not records.
                        self.line += memchr::memchr_iter(b'\n', &input[i..]).count() as u64;
                        break;
                    }
                    _ => {
                        if !a.trailing {
                            a.trailing = true;
                            sink(Event::Malformed { line: self.line, reason: "text after the JSON array" });
                        }
                    }
                },
            }
            i += 1;
        }
        // An element still open: carry what this chunk holds of it, bounded.
        if let (At::Element { .. }, false) = (a.at, a.skipping) {
            let part = &input[from.unwrap_or(0)..];
            if self.carry.len() + part.len() > self.max_line {
                sink(Event::Malformed { line: a.line, reason: "longer than max_record_bytes" });
                self.carry.clear();
                a.skipping = true;
            } else {
                self.carry.extend_from_slice(part);
            }
        }
        self.array = Some(a);
    }
}

/// Emits the members of the object at `s` (which starts at `{`), flattened.
fn walk_object<F: FnMut(Event<'_>)>(
    s: &mut Scanner<'_>,
    depth: usize,
    max_depth: usize,
    path: &mut String,
    scratch: &mut Vec<u8>,
    line: u64,
    sink: &mut F,
) -> Result<(), ()> {
    s.expect(b'{')?;
    s.ws();
    if s.eat(b'}') {
        return Ok(());
    }
    loop {
        s.ws();
        let base = path.len();
        if base > 0 {
            path.push('.');
        }
        scratch.clear();
        s.string_into(scratch)?;
        path.push_str(&String::from_utf8_lossy(scratch));
        s.ws();
        s.expect(b':')?;
        s.ws();
        match s.peek() {
            Some(b'{') if depth < max_depth => walk_object(s, depth + 1, max_depth, path, scratch, line, sink)?,
            Some(b'{') => {
                let start = s.i;
                s.skip_value(0)?;
                sink(Event::Value { path, value: Scalar::Raw(&s.s[start..s.i]), line });
            }
            Some(b'[') => {
                let n = s.array_len()?;
                sink(Event::Value { path, value: Scalar::ArrayLen(n), line });
            }
            Some(b'"') => {
                scratch.clear();
                s.string_into(scratch)?;
                sink(Event::Value { path, value: Scalar::Str(scratch), line });
            }
            Some(b't') => {
                s.literal(b"true")?;
                sink(Event::Value { path, value: Scalar::Bool(true), line });
            }
            Some(b'f') => {
                s.literal(b"false")?;
                sink(Event::Value { path, value: Scalar::Bool(false), line });
            }
            Some(b'n') => {
                s.literal(b"null")?;
                sink(Event::Value { path, value: Scalar::Null, line });
            }
            _ => {
                let start = s.i;
                s.number()?;
                sink(Event::Value { path, value: Scalar::Number(&s.s[start..s.i]), line });
            }
        }
        path.truncate(base);
        s.ws();
        if s.eat(b',') {
            continue;
        }
        s.expect(b'}')?;
        return Ok(());
    }
}

/// Most nesting a line may have (deeper lines are malformed): bounds the scanner's recursion.
const MAX_NESTING: usize = 256;

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.i += 1;
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    #[inline]
    fn expect(&mut self, c: u8) -> Result<(), ()> {
        if self.eat(c) { Ok(()) } else { Err(()) }
    }

    fn literal(&mut self, lit: &[u8]) -> Result<(), ()> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(())
        }
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    fn number(&mut self) -> Result<(), ()> {
        self.eat(b'-');
        let digits = |s: &mut Self| {
            let st = s.i;
            while let Some(b'0'..=b'9') = s.peek() {
                s.i += 1;
            }
            s.i - st
        };
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(()),
        }
        if self.eat(b'.') && digits(self) == 0 {
            return Err(());
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if digits(self) == 0 {
                return Err(());
            }
        }
        Ok(())
    }

    /// Reads a string (at `"`), unescaping it into `out`.
    fn string_into(&mut self, out: &mut Vec<u8>) -> Result<(), ()> {
        self.expect(b'"')?;
        loop {
            let rest = &self.s[self.i..];
            let Some(j) = memchr::memchr2(b'"', b'\\', rest) else { return Err(()) };
            if rest[..j].iter().any(|&b| b < 0x20) {
                return Err(()); // raw control characters are not allowed in JSON strings
            }
            out.extend_from_slice(&rest[..j]);
            self.i += j + 1;
            if rest[j] == b'"' {
                return Ok(());
            }
            let e = self.peek().ok_or(())?;
            self.i += 1;
            match e {
                b'"' => out.push(b'"'),
                b'\\' => out.push(b'\\'),
                b'/' => out.push(b'/'),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'u' => {
                    let mut c = self.hex4()?;
                    if (0xD800..0xDC00).contains(&c) && self.s[self.i..].starts_with(b"\\u") {
                        self.i += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                        }
                    }
                    let ch = char::from_u32(c).unwrap_or('\u{FFFD}');
                    let mut b = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                }
                _ => return Err(()),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ()> {
        let h = self.s.get(self.i..self.i + 4).ok_or(())?;
        let s = std::str::from_utf8(h).map_err(|_| ())?;
        let v = u32::from_str_radix(s, 16).map_err(|_| ())?;
        self.i += 4;
        Ok(v)
    }

    /// Skips one value of any kind, checking its syntax.
    fn skip_value(&mut self, nesting: usize) -> Result<(), ()> {
        if nesting > MAX_NESTING {
            return Err(());
        }
        self.ws();
        match self.peek().ok_or(())? {
            b'{' => {
                self.i += 1;
                self.ws();
                if self.eat(b'}') {
                    return Ok(());
                }
                loop {
                    self.ws();
                    self.skip_string()?;
                    self.ws();
                    self.expect(b':')?;
                    self.skip_value(nesting + 1)?;
                    self.ws();
                    if self.eat(b',') {
                        continue;
                    }
                    return self.expect(b'}');
                }
            }
            b'[' => {
                self.array_len_at(nesting)?;
                Ok(())
            }
            b'"' => self.skip_string(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(),
        }
    }

    fn skip_string(&mut self) -> Result<(), ()> {
        self.expect(b'"')?;
        loop {
            let rest = &self.s[self.i..];
            let j = memchr::memchr2(b'"', b'\\', rest).ok_or(())?;
            if rest[..j].iter().any(|&b| b < 0x20) {
                return Err(());
            }
            self.i += j + 1;
            if rest[j] == b'"' {
                return Ok(());
            }
            match self.peek().ok_or(())? {
                b'u' => {
                    self.i += 1;
                    self.hex4()?;
                }
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                _ => return Err(()),
            }
        }
    }

    fn array_len(&mut self) -> Result<u64, ()> {
        self.array_len_at(0)
    }

    fn array_len_at(&mut self, nesting: usize) -> Result<u64, ()> {
        self.expect(b'[')?;
        self.ws();
        if self.eat(b']') {
            return Ok(0);
        }
        let mut n = 0;
        loop {
            self.skip_value(nesting + 1)?;
            n += 1;
            self.ws();
            if self.eat(b',') {
                continue;
            }
            self.expect(b']')?;
            return Ok(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8], chunk: usize) -> Vec<String> {
        events_max(input, chunk, 1 << 20)
    }

    fn events_max(input: &[u8], chunk: usize, max: usize) -> Vec<String> {
        let mut r = JsonlReader::with_layout(max, 2, &layout(input));
        let mut out = Vec::new();
        let mut sink = |e: Event<'_>| {
            out.push(match e {
                Event::RowStart { line, .. } => format!("start {line}"),
                Event::Value { path, value, line } => format!("{line} {path}={value:?}"),
                Event::RowEnd { line, .. } => format!("end {line}"),
                Event::Malformed { line, reason } => format!("malformed {line}: {reason}"),
            })
        };
        for c in input.chunks(chunk) {
            r.feed(c, &mut sink);
        }
        r.finish(&mut sink);
        out
    }

    #[test]
    fn array_elements_over_the_limit_are_long_in_any_chunking() {
        // Found by the fuzzer: an element over max_record_bytes inside one chunk was read (and
        // found invalid) where a chunked read called it too long.
        let mut data = b"[{\"a\": \"".to_vec();
        data.extend(std::iter::repeat_n(b'x', 300));
        data.extend_from_slice(b"\"}, {\"a\": 1}]");
        let whole = events_max(&data, data.len(), 256);
        assert_eq!(whole[0], "malformed 1: longer than max_record_bytes");
        for chunk in [1, 7, 100, 299] {
            assert_eq!(events_max(&data, chunk, 256), whole, "chunk {chunk}");
        }
        assert_eq!(whole.len(), 4, "{whole:?}");
    }

    #[test]
    fn arrays_split_across_chunks_like_whole() {
        let text = b"{\"meta\": {\"k\": [1, 2]},\n \"data\": [\n  {\"a\": \"x, ]\\\"}\", \"b\": {\"c\": [1, {\"d\": 2}]}},\n  7,\n  {\"a\": null}\n ], \"z\": 1}\n";
        let start = memchr::memmem::find(text, b"\"data\": [").unwrap() + 9;
        assert_eq!(layout(text), Layout::Array { start, key: Some("data".into()) });
        let whole = events(text, text.len());
        assert!(whole.iter().any(|e| e == "malformed 4: an array element that is not a JSON object"), "{whole:?}");
        assert_eq!(whole.iter().filter(|e| e.starts_with("start")).count(), 2, "{whole:?}");
        for chunk in 1..text.len() {
            assert_eq!(events(text, chunk), whole, "chunk {chunk}");
        }
    }

    #[test]
    fn flattens_objects_and_counts_arrays() {
        let input = br#"{"a": 1.50, "b": {"c": "x\"y", "d": {"e": 1}}, "f": [1, [2, 3], {"g": 4}], "h": null, "i": true}
{"a": -2e3}"#;
        for chunk in [1, 3, 1000] {
            assert_eq!(
                events(input, chunk),
                vec![
                    "start 1",
                    "1 a=Number([49, 46, 53, 48])",
                    "1 b.c=Str([120, 34, 121])",
                    "1 b.d=Raw([123, 34, 101, 34, 58, 32, 49, 125])",
                    "1 f=ArrayLen(3)",
                    "1 h=Null",
                    "1 i=Bool(true)",
                    "end 1",
                    "start 2",
                    "2 a=Number([45, 50, 101, 51])",
                    "end 2",
                ],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn malformed_lines_are_reported_and_skipped() {
        let input = b"{\"a\": 1}\n{\"a\": }\n[1,2]\n\n{\"a\": 01}\n{\"a\": \"\\u00e9\\ud83d\\ude00\"}\n";
        let ev = events(input, 4);
        assert!(ev.contains(&"malformed 2: invalid JSON".to_string()));
        assert!(ev.contains(&"malformed 3: not a JSON object".to_string()));
        assert!(ev.contains(&"malformed 5: invalid JSON".to_string()));
        assert!(ev.contains(&format!("6 a={:?}", Scalar::Str("é😀".as_bytes()))));
    }

    #[test]
    fn long_lines_are_bounded() {
        let mut r = JsonlReader::new(16, 2);
        let mut bad = Vec::new();
        let mut rows = 0;
        let mut sink = |e: Event<'_>| match e {
            Event::Malformed { line, .. } => bad.push(line),
            Event::RowEnd { .. } => rows += 1,
            _ => {}
        };
        let long = format!("{{\"a\": \"{}\"}}\n{{\"a\": 1}}\n", "x".repeat(100));
        for c in long.as_bytes().chunks(5) {
            r.feed(c, &mut sink);
        }
        r.finish(&mut sink);
        assert_eq!(bad, vec![1]);
        assert_eq!(rows, 1);
        assert!(r.carry.capacity() <= 32);
    }

    #[test]
    fn a_long_line_inside_one_chunk_is_bounded_too() {
        // Found by fuzz/jsonl: the limit only applied to lines that crossed a chunk boundary.
        let line = format!("{{\"a\": \"{}\"}}\n", "x".repeat(100));
        for chunk in [3, 1000] {
            let mut r = JsonlReader::new(16, 2);
            let (mut bad, mut rows) = (0, 0);
            let mut sink = |e: Event<'_>| match e {
                Event::Malformed { .. } => bad += 1,
                Event::RowEnd { .. } => rows += 1,
                _ => {}
            };
            for c in line.as_bytes().chunks(chunk) {
                r.feed(c, &mut sink);
            }
            r.finish(&mut sink);
            assert_eq!((bad, rows), (1, 0), "chunk {chunk}");
        }
    }
}
