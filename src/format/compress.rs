//! Compressed input, decompressed as it streams: gzip, zstd, bzip2, xz, and a ZIP archive's
//! file entry. A push decoder, like the readers: [`Decoder::push`] takes compressed bytes as
//! they arrive and hands the decompressed bytes to a sink in pieces of at most [`OUT`] bytes,
//! so what it holds is its codec's own state plus one output buffer, whatever the ratio.
//!
//! | codec | crate (pure Rust, also in wasm) | memory besides the 128 KiB output buffer |
//! |---|---|---|
//! | gzip, and ZIP's deflate | `flate2` (miniz_oxide) | the 32 KiB window, about 43 KiB |
//! | zstd | `ruzstd` | the frame's window (at most 100 MiB; `zstd -19` uses 8 MiB, `--long` 128 MiB, refused) plus a block |
//! | bzip2 | `bzip2` (libbz2-rs-sys) | about 3.6 MiB at `-9` |
//! | xz | `xz4rust` | the dictionary (at most [`XZ_MAX_DICT`], 64 MiB: `xz -9`) |
//!
//! The codec is chosen by the first bytes (magic numbers; [`Codec::sniff`]), or forced by the
//! `compression` option. Concatenated members (gzip, bzip2 streams as `pbzip2` writes them, xz
//! streams, zstd frames and skippable frames) are read one after another. A ZIP archive is read
//! from its first local file header: directories and macOS metadata entries are skipped, the
//! first file entry is decompressed (stored, deflate, bzip2, zstd or xz), and the name of a
//! second file entry, if one follows, is reported ([`Decoder::next_entry`]).
//!
//! **Decompression bombs.** [`Limits`]: past [`Limits::ratio_floor`] bytes of output, the
//! decoder stops once the output is more than `max_ratio` times the input read so far, or
//! past `max_bytes` in all; [`Decoder::stopped`] then says why.

use std::io::Read as _;

/// Largest piece handed to the sink.
pub const OUT: usize = 128 << 10;
/// Largest xz dictionary accepted (what `xz -9` uses).
pub const XZ_MAX_DICT: usize = 64 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Gzip,
    Zstd,
    Bzip2,
    Xz,
    Zip,
}

impl Codec {
    pub fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
            Codec::Bzip2 => "bzip2",
            Codec::Xz => "xz",
            Codec::Zip => "zip",
        }
    }

    /// Its name in a message: `ZIP` for `zip`.
    pub fn label(self) -> &'static str {
        if self == Codec::Zip { "ZIP" } else { self.name() }
    }

    /// The codec the first bytes announce (at least 6 bytes decide every one).
    pub fn sniff(head: &[u8]) -> Option<Codec> {
        if head.starts_with(b"\x1F\x8B") {
            Some(Codec::Gzip)
        } else if head.starts_with(b"\x28\xB5\x2F\xFD") || (head.len() >= 4 && u32::from_le_bytes([head[0], head[1], head[2], head[3]]) & 0xFFFF_FFF0 == 0x184D_2A50) {
            Some(Codec::Zstd)
        } else if head.starts_with(b"BZh") && head.get(3).is_none_or(|b| (b'1'..=b'9').contains(b)) && head.len() >= 4 {
            Some(Codec::Bzip2)
        } else if head.starts_with(b"\xFD7zXZ\x00") {
            Some(Codec::Xz)
        } else if head.starts_with(b"PK\x03\x04") {
            Some(Codec::Zip)
        } else {
            None
        }
    }

    /// The codec a `compression` option names (`gzip`/`gz`, `zstd`/`zst`, `bzip2`/`bz2`,
    /// `xz`, `zip`).
    pub fn from_name(s: &str) -> Option<Codec> {
        match s.to_ascii_lowercase().as_str() {
            "gzip" | "gz" => Some(Codec::Gzip),
            "zstd" | "zst" => Some(Codec::Zstd),
            "bzip2" | "bz2" => Some(Codec::Bzip2),
            "xz" => Some(Codec::Xz),
            "zip" => Some(Codec::Zip),
            _ => None,
        }
    }

    /// The codec a file name's extension names (`.gz`, `.zst`, `.bz2`, `.xz`, `.zip`).
    pub fn from_file_name(name: &str) -> Option<Codec> {
        let ext = name.rsplit_once('.')?.1;
        match ext.to_ascii_lowercase().as_str() {
            "gz" | "gzip" | "tgz" => Some(Codec::Gzip),
            "zst" | "zstd" => Some(Codec::Zstd),
            "bz2" => Some(Codec::Bzip2),
            "xz" => Some(Codec::Xz),
            "zip" => Some(Codec::Zip),
            _ => None,
        }
    }
}

/// The decompression-bomb guard (see the module docs).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_ratio: f64,
    pub max_bytes: u64,
    pub ratio_floor: u64,
}

impl Limits {
    /// The limits the options set (`max_decompression_ratio`, `max_decompressed_bytes`).
    pub fn of(opts: &crate::Options) -> Limits {
        Limits { max_ratio: opts.max_decompression_ratio, max_bytes: opts.max_decompressed_bytes, ..Default::default() }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_ratio: 1000.0, max_bytes: 1 << 40, ratio_floor: 64 << 20 }
    }
}

/// One decompression method's state.
enum Engine {
    /// Raw deflate (gzip's members, ZIP's method 8).
    Deflate(Box<flate2::Decompress>),
    Bzip2(Box<bzip2::Decompress>),
    Xz(Box<xz4rust::XzDecoder<'static>>),
    Zstd(Box<Zstd>),
    /// ZIP's method 0: this many bytes left.
    Stored(u64),
}

/// Where a zstd stream is: between frames, in a frame's blocks, or at its checksum.
struct Zstd {
    dec: ruzstd::decoding::FrameDecoder,
    at: ZstdAt,
    checksum: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ZstdAt {
    Frame,
    Blocks,
    Checksum,
    /// Inside a skippable frame: this many bytes left.
    Skip(u64),
}

/// What a step of an engine did.
struct Step {
    read: usize,
    wrote: usize,
    ended: bool,
}

impl Engine {
    fn new(codec: Codec) -> Engine {
        match codec {
            Codec::Gzip | Codec::Zip => Engine::Deflate(Box::new(flate2::Decompress::new(false))),
            Codec::Bzip2 => Engine::Bzip2(Box::new(bzip2::Decompress::new(false))),
            Codec::Xz => Engine::Xz(xz4rust::XzDecoder::in_heap_with_alloc_dict_size(64 << 10, XZ_MAX_DICT)),
            Codec::Zstd => Engine::Zstd(Box::new(Zstd { dec: ruzstd::decoding::FrameDecoder::new(), at: ZstdAt::Frame, checksum: false })),
        }
    }

    /// Decompresses what it can of `input` into `out`. `read == 0 && wrote == 0 && !ended`:
    /// it needs more input.
    fn step(&mut self, input: &[u8], out: &mut [u8], last: bool) -> Result<Step, String> {
        match self {
            Engine::Deflate(d) => {
                let (i, o) = (d.total_in(), d.total_out());
                let status = d.decompress(input, out, flate2::FlushDecompress::None).map_err(|e| format!("the deflate data is corrupted ({e})"))?;
                let (read, wrote) = ((d.total_in() - i) as usize, (d.total_out() - o) as usize);
                Ok(Step { read, wrote, ended: status == flate2::Status::StreamEnd })
            }
            Engine::Bzip2(d) => {
                let (i, o) = (d.total_in(), d.total_out());
                let status = d.decompress(input, out).map_err(|e| format!("the bzip2 data is corrupted ({e})"))?;
                let (read, wrote) = ((d.total_in() - i) as usize, (d.total_out() - o) as usize);
                Ok(Step { read, wrote, ended: status == bzip2::Status::StreamEnd })
            }
            Engine::Xz(d) => match d.decode(input, out) {
                Ok(xz4rust::XzNextBlockResult::NeedMoreData(read, wrote)) => Ok(Step { read, wrote, ended: false }),
                Ok(xz4rust::XzNextBlockResult::EndOfStream(read, wrote)) => Ok(Step { read, wrote, ended: true }),
                Err(xz4rust::XzError::NeedsLargerInputBuffer) if !last => Ok(Step { read: 0, wrote: 0, ended: false }),
                Err(xz4rust::XzError::DictionaryTooLarge(n)) => Err(format!(
                    "the xz stream needs a {} MiB dictionary; Sluice reads at most {} MiB (what xz -9 uses)",
                    n >> 20,
                    XZ_MAX_DICT >> 20
                )),
                Err(e) => Err(format!("the xz data is corrupted ({e:?})")),
            },
            Engine::Stored(left) => {
                let n = (*left).min(input.len() as u64).min(out.len() as u64) as usize;
                out[..n].copy_from_slice(&input[..n]);
                *left -= n as u64;
                Ok(Step { read: n, wrote: n, ended: *left == 0 })
            }
            Engine::Zstd(z) => z.step(input, out, last),
        }
    }
}

impl Zstd {
    /// One frame header, one block, or one checksum at a time, so the output of a call is at
    /// most a block (128 KiB) past the window, whatever the input holds.
    fn step(&mut self, input: &[u8], out: &mut [u8], last: bool) -> Result<Step, String> {
        let bad = |e: &dyn std::fmt::Display| format!("the zstd data is corrupted ({e})");
        // Decoded bytes first.
        if self.at != ZstdAt::Frame || self.dec.can_collect() > 0 {
            let wrote = self.dec.read(out).map_err(|e| bad(&e))?;
            if wrote > 0 {
                return Ok(Step { read: 0, wrote, ended: false });
            }
        }
        match self.at {
            ZstdAt::Skip(left) => {
                let n = left.min(input.len() as u64);
                self.at = if n == left { ZstdAt::Frame } else { ZstdAt::Skip(left - n) };
                Ok(Step { read: n as usize, wrote: 0, ended: false })
            }
            ZstdAt::Frame => {
                if input.len() < 8 && !(last && input.len() >= 5) {
                    return Ok(Step { read: 0, wrote: 0, ended: false });
                }
                let magic = u32::from_le_bytes([input[0], input[1], input[2], input[3]]);
                if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                    if input.len() < 8 {
                        return Err("the zstd data ends inside a skippable frame's header".into());
                    }
                    self.at = ZstdAt::Skip(u32::from_le_bytes([input[4], input[5], input[6], input[7]]) as u64);
                    return Ok(Step { read: 8, wrote: 0, ended: false });
                }
                if magic != 0xFD2F_B528 {
                    return Err(format!("the zstd data is corrupted (a frame starts with 0x{magic:08X}, not zstd's magic number)"));
                }
                let fhd = input[4];
                let single = fhd & 0x20 != 0;
                let fcs = match fhd >> 6 {
                    0 => single as usize,
                    1 => 2,
                    2 => 4,
                    _ => 8,
                };
                let len = 5 + (!single) as usize + [0, 1, 2, 4][(fhd & 3) as usize] + fcs;
                if input.len() < len {
                    return if last { Err("the zstd data ends inside a frame header".into()) } else { Ok(Step { read: 0, wrote: 0, ended: false }) };
                }
                let mut src = &input[..len];
                self.dec.reset(&mut src).map_err(|e| match e {
                    ruzstd::decoding::errors::FrameDecoderError::WindowSizeTooBig { requested } => {
                        format!("the zstd frame needs a {} MiB window; Sluice reads at most 100 MiB (zstd --long=27 and above write more)", requested >> 20)
                    }
                    e => bad(&e),
                })?;
                self.checksum = fhd & 0x04 != 0;
                self.at = ZstdAt::Blocks;
                Ok(Step { read: len, wrote: 0, ended: false })
            }
            ZstdAt::Blocks => {
                if input.len() < 3 {
                    return if last { Err("the zstd data is truncated (it ends inside a frame)".into()) } else { Ok(Step { read: 0, wrote: 0, ended: false }) };
                }
                let h = u32::from_le_bytes([input[0], input[1], input[2], 0]);
                let size = (h >> 3) as usize;
                let body = match (h >> 1) & 3 {
                    0 | 2 => size,
                    1 => 1,
                    _ => return Err("the zstd data is corrupted (a reserved block type)".into()),
                };
                if size > 128 << 10 {
                    return Err("the zstd data is corrupted (a block larger than 128 KiB)".into());
                }
                if input.len() < 3 + body {
                    return if last { Err("the zstd data is truncated (it ends inside a block)".into()) } else { Ok(Step { read: 0, wrote: 0, ended: false }) };
                }
                let (read, wrote) = self.dec.decode_from_to(&input[..3 + body], out).map_err(|e| bad(&e))?;
                if h & 1 != 0 {
                    self.at = if self.checksum { ZstdAt::Checksum } else { ZstdAt::Frame };
                }
                Ok(Step { read: read.max(3 + body), wrote, ended: false })
            }
            ZstdAt::Checksum => {
                if input.len() < 4 {
                    return if last { Err("the zstd data is truncated (it ends before a frame's checksum)".into()) } else { Ok(Step { read: 0, wrote: 0, ended: false }) };
                }
                let (_, wrote) = self.dec.decode_from_to(&input[..4], out).map_err(|e| bad(&e))?;
                if let (Some(a), Some(b)) = (self.dec.get_checksum_from_data(), self.dec.get_calculated_checksum())
                    && a != b
                {
                    return Err("the zstd data is corrupted (a frame's checksum does not match its content)".into());
                }
                self.at = ZstdAt::Frame;
                Ok(Step { read: 4, wrote, ended: false })
            }
        }
    }

    /// Whether the input may end here.
    fn at_end(&self) -> bool {
        self.at == ZstdAt::Frame && self.dec.can_collect() == 0
    }
}

/// Where the container around the engine is.
enum Phase {
    /// gzip: a member header; ZIP: a local file header.
    Header,
    Body,
    /// gzip: the 8-byte trailer (CRC-32 and size).
    Trailer,
    /// bzip2 and xz: after a stream, more streams may follow (xz: after zero padding).
    Between,
    Done,
}

/// Decompresses one input (see the module docs).
pub struct Decoder {
    codec: Codec,
    engine: Engine,
    phase: Phase,
    pending: Vec<u8>,
    out: Vec<u8>,
    limits: Limits,
    bytes_in: u64,
    bytes_out: u64,
    crc: flate2::Crc,
    entry: Option<String>,
    next_entry: Option<String>,
    stopped: Option<String>,
    /// ZIP: bytes of a skipped entry still to come.
    skip: u64,
    /// Compressed bytes decompressed so far (the guard's ratio is to these).
    used: u64,
}

impl Decoder {
    pub fn new(codec: Codec, limits: Limits) -> Decoder {
        let phase = match codec {
            Codec::Gzip | Codec::Zip => Phase::Header,
            _ => Phase::Body,
        };
        Decoder {
            codec,
            engine: Engine::new(codec),
            phase,
            pending: Vec::new(),
            out: vec![0; OUT],
            limits,
            bytes_in: 0,
            bytes_out: 0,
            crc: flate2::Crc::new(),
            entry: None,
            next_entry: None,
            stopped: None,
            skip: 0,
            used: 0,
        }
    }

    pub fn codec(&self) -> Codec {
        self.codec
    }

    /// Compressed bytes given so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Decompressed bytes handed to the sink so far.
    pub fn bytes_out(&self) -> u64 {
        self.bytes_out
    }

    /// ZIP: the name of the entry read.
    pub fn entry(&self) -> Option<&str> {
        self.entry.as_deref()
    }

    /// ZIP: the name of the file entry after the one read, when the archive holds another.
    pub fn next_entry(&self) -> Option<&str> {
        self.next_entry.as_deref()
    }

    /// Whether it takes no more input: the guard stopped it, or a ZIP entry has ended.
    pub fn finished(&self) -> bool {
        self.stopped.is_some() || (self.codec == Codec::Zip && matches!(self.phase, Phase::Done))
    }

    /// Why the guard stopped decompression, if it did.
    pub fn stopped(&self) -> Option<&str> {
        self.stopped.as_deref()
    }

    /// Decompresses `input` into `sink`; `last` ends the input (a stream cut short is then an
    /// error). Once the guard stops it or the data ends, further input is ignored.
    pub fn push(&mut self, input: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) -> Result<(), String> {
        self.bytes_in += input.len() as u64;
        if self.pending.is_empty() {
            let used = self.run(input, last, sink)?;
            if used < input.len() && !matches!(self.phase, Phase::Done) && self.stopped.is_none() {
                self.pending.extend_from_slice(&input[used..]);
            }
        } else {
            self.pending.extend_from_slice(input);
            let pending = std::mem::take(&mut self.pending);
            let used = self.run(&pending, last, sink);
            self.pending = pending;
            let used = used?;
            if matches!(self.phase, Phase::Done) || self.stopped.is_some() {
                self.pending.clear();
            } else {
                self.pending.drain(..used);
            }
        }
        if last && self.stopped.is_none() && !matches!(self.phase, Phase::Done) {
            self.check_end()?;
        }
        Ok(())
    }

    fn check_end(&self) -> Result<(), String> {
        let name = self.codec.label();
        match (&self.phase, &self.engine) {
            (Phase::Between, _) => Ok(()),
            (Phase::Body, Engine::Zstd(z)) if z.at_end() => Ok(()),
            (Phase::Header, _) if self.codec == Codec::Gzip && self.bytes_out > 0 => Ok(()),
            (Phase::Header, _) if self.codec == Codec::Zip => Err("the ZIP archive holds no file to read (only directories or metadata)".into()),
            _ if self.bytes_in == 0 => Err(format!("the {name} data is empty")),
            _ => Err(format!("the {name} data is truncated: it ends after {} compressed bytes, inside a compressed stream", self.bytes_in)),
        }
    }

    /// Runs the container over `input`; returns the bytes used.
    fn run(&mut self, input: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) -> Result<usize, String> {
        let mut at = 0;
        loop {
            if self.stopped.is_some() {
                return Ok(at);
            }
            let rest = &input[at..];
            match self.phase {
                Phase::Done => return Ok(input.len()),
                Phase::Header => {
                    if self.skip > 0 {
                        let n = self.skip.min(rest.len() as u64);
                        self.skip -= n;
                        at += n as usize;
                        if self.skip > 0 {
                            return Ok(at);
                        }
                        continue;
                    }
                    if rest.is_empty() {
                        return Ok(at);
                    }
                    let header = if self.codec == Codec::Gzip { gzip_header(rest)? } else { self.zip_header(rest)? };
                    match header {
                        Header::More if last => {
                            return Err(format!("the {} data is truncated: it ends inside a header", self.codec.label()));
                        }
                        Header::More => return Ok(at),
                        Header::Skip(n) => {
                            let here = n.min(rest.len());
                            at += here;
                            self.skip = (n - here) as u64;
                        }
                        Header::Body(n, engine) => {
                            at += n;
                            if let Some(e) = engine {
                                self.engine = e;
                            }
                            self.phase = Phase::Body;
                        }
                        Header::End(n) => {
                            at += n;
                            self.phase = Phase::Done;
                        }
                    }
                }
                Phase::Trailer => {
                    if rest.len() < 8 {
                        if last {
                            return Err("the gzip data is truncated: it ends inside a member's trailer".into());
                        }
                        return Ok(at);
                    }
                    let crc = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                    let size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]);
                    if crc != self.crc.sum() || size != self.crc.amount() {
                        return Err("the gzip data is corrupted: a member's CRC-32 or size does not match its content".into());
                    }
                    at += 8;
                    self.crc.reset();
                    self.engine = Engine::new(Codec::Gzip);
                    self.phase = Phase::Header;
                }
                Phase::Between => {
                    let zeros = rest.iter().take_while(|&&b| b == 0).count();
                    at += zeros;
                    let rest = &input[at..];
                    if rest.is_empty() {
                        return Ok(at);
                    }
                    let magic: &[u8] = if self.codec == Codec::Xz { b"\xFD7zXZ\x00" } else { b"BZh" };
                    if rest.len() < magic.len() && !last && magic.starts_with(rest) {
                        return Ok(at);
                    }
                    if !rest.starts_with(magic) {
                        // Trailing bytes that are not another stream: ignored, as the tools do.
                        self.phase = Phase::Done;
                        return Ok(input.len());
                    }
                    self.engine = Engine::new(self.codec);
                    self.phase = Phase::Body;
                }
                Phase::Body => {
                    let step = self.engine.step(rest, &mut self.out, last)?;
                    at += step.read;
                    self.used += step.read as u64;
                    if step.wrote > 0 {
                        let piece = &self.out[..step.wrote];
                        if matches!(self.codec, Codec::Gzip) {
                            self.crc.update(piece);
                        }
                        self.bytes_out += step.wrote as u64;
                        sink(piece);
                        self.guard();
                    }
                    if step.ended {
                        self.phase = match self.codec {
                            Codec::Gzip => Phase::Trailer,
                            Codec::Zip => Phase::Header,
                            _ => Phase::Between,
                        };
                        if self.codec == Codec::Zip {
                            self.entry.get_or_insert_with(String::new);
                        }
                    } else if step.read == 0 && step.wrote == 0 {
                        return Ok(at);
                    }
                }
            }
        }
    }

    fn guard(&mut self) {
        let l = self.limits;
        if self.bytes_out > l.max_bytes {
            self.stopped = Some(format!(
                "decompression stopped after {} bytes, the limit (max_decompressed_bytes)",
                self.bytes_out
            ));
        } else if self.bytes_out > l.ratio_floor && self.bytes_out as f64 > l.max_ratio * self.used.max(1) as f64 {
            self.stopped = Some(format!(
                "decompression stopped after {} bytes from {} compressed bytes: more than {} times the input (max_decompression_ratio), as a decompression bomb writes",
                self.bytes_out, self.used, l.max_ratio
            ));
        }
    }

    /// A ZIP local file header at the start of `s` (or the end of the entries).
    fn zip_header(&mut self, s: &[u8]) -> Result<Header, String> {
        if s.len() < 4 {
            return Ok(Header::More);
        }
        if self.entry.is_some() && !s.starts_with(b"PK\x03\x04") {
            // After the entry read: its data descriptor (12 to 24 bytes, with or without a
            // signature), then the next entry or the central directory.
            if s.len() < 32 {
                return Ok(Header::More);
            }
            return Ok(match memchr::memmem::find(&s[..32], b"PK\x03\x04") {
                Some(k) if k <= 24 => Header::Skip(k),
                _ => Header::End(s.len()),
            });
        }
        if !s.starts_with(b"PK\x03\x04") {
            // The central directory (or a data descriptor, then the directory): the entries end.
            return if self.entry.is_some() { Ok(Header::End(s.len())) } else { Err("the ZIP archive holds no file to read (only directories or metadata)".into()) };
        }
        if s.len() < 30 {
            return Ok(Header::More);
        }
        let u16_at = |i: usize| u16::from_le_bytes([s[i], s[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
        let (flags, method) = (u16_at(6), u16_at(8));
        let (csize, nlen, xlen) = (u32_at(18) as u64, u16_at(26) as usize, u16_at(28) as usize);
        if s.len() < 30 + nlen + xlen {
            return Ok(Header::More);
        }
        let name = String::from_utf8_lossy(&s[30..30 + nlen]).into_owned();
        let len = 30 + nlen + xlen;
        let meta = name.ends_with('/') || name.starts_with("__MACOSX/") || name.rsplit('/').next().is_some_and(|b| b.starts_with("._") || b == ".DS_Store");
        if self.entry.is_some() {
            if meta {
                // Skip it (when its size is known) and look at what follows.
                return Ok(if flags & 8 == 0 { Header::Skip(len + size_of(s, csize, nlen, len) as usize) } else { Header::End(s.len()) });
            }
            self.next_entry = Some(name);
            return Ok(Header::End(s.len()));
        }
        if crate::format::xlsx::is_office_part(&name) {
            return Err(format!(
                "This ZIP archive is an Office document (its first entry is {name}). An Excel workbook (.xlsx) is read from a file, with random access to its parts: open it in the page, or give its path to the CLI (`sluice FILE.xlsx`); a stream of it cannot be mined. Other Office documents hold no table."
            ));
        }
        if flags & 1 != 0 {
            return Err(format!("the ZIP entry {name} is encrypted: Sluice cannot read it"));
        }
        let size = size_of(s, csize, nlen, len);
        if meta {
            if flags & 8 != 0 {
                return Err(format!("the ZIP archive starts with a metadata entry ({name}) whose size follows its data: unzip it first"));
            }
            return Ok(Header::Skip(len + size as usize));
        }
        let engine = match method {
            0 if flags & 8 != 0 => return Err(format!("the ZIP entry {name} is stored with its size after its data, which cannot be streamed: unzip it first")),
            0 => Engine::Stored(size),
            8 => Engine::new(Codec::Gzip),
            12 => Engine::new(Codec::Bzip2),
            93 => Engine::new(Codec::Zstd),
            95 => Engine::new(Codec::Xz),
            m => {
                let what = match m {
                    9 => "Deflate64",
                    14 => "LZMA",
                    98 => "PPMd",
                    99 => "AES encryption",
                    _ => "an unknown method",
                };
                return Err(format!("the ZIP entry {name} is compressed with {what} (method {m}), which Sluice cannot read: unzip it first"));
            }
        };
        if matches!(engine, Engine::Stored(0)) {
            self.entry = Some(name);
            return Ok(Header::Skip(len));
        }
        self.entry = Some(name);
        Ok(Header::Body(len, Some(engine)))
    }
}

enum Header {
    /// Needs more bytes.
    More,
    /// Skip this many bytes and read another header.
    Skip(usize),
    /// The header was this long; the body follows (with this engine).
    Body(usize, Option<Engine>),
    /// No more entries: ignore the rest.
    End(usize),
}

/// A ZIP entry's compressed size: the local header's, or its ZIP64 extra field's (id 1).
fn size_of(s: &[u8], csize: u64, nlen: usize, len: usize) -> u64 {
    let mut size = csize;
    if csize == 0xFFFF_FFFF {
        let mut x = &s[30 + nlen..len];
        while x.len() >= 4 {
            let (id, n) = (u16::from_le_bytes([x[0], x[1]]), u16::from_le_bytes([x[2], x[3]]) as usize);
            if id == 1 && n >= 16 && x.len() >= 4 + 16 {
                size = u64::from_le_bytes(x[12..20].try_into().expect("8 bytes"));
            }
            x = &x[(4 + n).min(x.len())..];
        }
    }
    size
}

/// A gzip member header at the start of `s` (RFC 1952).
fn gzip_header(s: &[u8]) -> Result<Header, String> {
    if s.first().is_some_and(|&b| b != 0x1F) || s.get(1).is_some_and(|&b| b != 0x8B) {
        // Bytes after the last member: gzip ignores trailing zeros and warns of the rest.
        return Ok(Header::End(s.len()));
    }
    if s.len() < 10 {
        return Ok(Header::More);
    }
    if s[2] != 8 {
        return Err(format!("the gzip data uses compression method {}, not deflate", s[2]));
    }
    let flags = s[3];
    let mut at = 10;
    if flags & 4 != 0 {
        if s.len() < at + 2 {
            return Ok(Header::More);
        }
        at += 2 + u16::from_le_bytes([s[at], s[at + 1]]) as usize;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            match s.get(at..).and_then(|r| memchr::memchr(0, r)) {
                Some(i) => at += i + 1,
                None => return Ok(Header::More),
            }
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    if s.len() < at {
        return Ok(Header::More);
    }
    Ok(Header::Body(at, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(codec: Codec, data: &[u8], chunk: usize) -> Result<Vec<u8>, String> {
        let mut d = Decoder::new(codec, Limits::default());
        let mut out = Vec::new();
        let chunks: Vec<&[u8]> = data.chunks(chunk.max(1)).collect();
        for (i, c) in chunks.iter().enumerate() {
            d.push(c, i + 1 == chunks.len(), &mut |b| out.extend_from_slice(b))?;
        }
        if chunks.is_empty() {
            d.push(&[], true, &mut |b| out.extend_from_slice(b))?;
        }
        Ok(out)
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn sniffs() {
        assert_eq!(Codec::sniff(b"\x1F\x8B\x08\0"), Some(Codec::Gzip));
        assert_eq!(Codec::sniff(b"\x28\xB5\x2F\xFD\0"), Some(Codec::Zstd));
        assert_eq!(Codec::sniff(b"BZh91AY"), Some(Codec::Bzip2));
        assert_eq!(Codec::sniff(b"BZhello"), None);
        assert_eq!(Codec::sniff(b"\xFD7zXZ\0\0"), Some(Codec::Xz));
        assert_eq!(Codec::sniff(b"PK\x03\x04"), Some(Codec::Zip));
        assert_eq!(Codec::sniff(b"a,b\n"), None);
        assert_eq!(Codec::from_file_name("x.csv.zst"), Some(Codec::Zstd));
        assert_eq!(Codec::from_file_name("x.csv"), None);
    }

    #[test]
    fn gzip_members_in_any_chunks() {
        let text: Vec<u8> = (0..5000).flat_map(|i| format!("{i},row {i}\n").into_bytes()).collect();
        let mut two = gz(&text[..20000]);
        two.extend(gz(&text[20000..]));
        for chunk in [1, 7, 4096, 1 << 20] {
            assert_eq!(decode(Codec::Gzip, &two, chunk).unwrap(), text, "chunk {chunk}");
        }
        let cut = &two[..two.len() / 3];
        assert!(decode(Codec::Gzip, cut, 1000).unwrap_err().contains("truncated"));
        let mut bad = gz(&text);
        let n = bad.len();
        bad[n - 6] ^= 1;
        assert!(decode(Codec::Gzip, &bad, 1000).unwrap_err().contains("CRC"));
    }

    #[test]
    fn the_guard_stops_a_bomb() {
        let zeros = vec![b'0'; 200 << 20];
        let bomb = gz(&zeros);
        let mut d = Decoder::new(Codec::Gzip, Limits::default());
        let mut n = 0u64;
        d.push(&bomb, true, &mut |b| n += b.len() as u64).unwrap();
        assert!(d.stopped().unwrap().contains("max_decompression_ratio"), "{:?} {n}", d.stopped());
        assert!(n < 100 << 20);
    }
}
