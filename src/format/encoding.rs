//! The input's text encoding: detected on the sniff window (or given by the `encoding` option)
//! and decoded to UTF-8 on the fly, chunk by chunk, with `encoding_rs`.
//!
//! Detection, in order:
//!
//! 1. a byte order mark: UTF-8, UTF-16 LE or BE (a UTF-32 one is left to [`super::not_text`],
//!    which refuses it);
//! 2. UTF-16 without a byte order mark, when it is unambiguous: text whose every other byte is
//!    NUL (at least 70% of the odd bytes and at most a quarter of the even ones for little-endian, and
//!    the mirror for big-endian), in a window of at least 8 bytes;
//! 3. valid UTF-8 (a character cut by the end of the window aside): UTF-8;
//! 4. not valid UTF-8, and without a single valid multi-byte UTF-8 character: Windows-1252,
//!    which is what Excel's "CSV" writes on Windows and a superset of Latin-1 (ISO-8859-1 is
//!    read as Windows-1252, as browsers do). A window with valid multi-byte characters *and*
//!    invalid bytes is UTF-8 with errors: those rows are counted in an `invalid_utf8` finding.
//!
//! Decoding writes into one buffer that the [`Transcoder`] reuses, so a chunk costs no
//! allocation once the buffer has grown to the largest chunk. A sequence that is invalid in the
//! chosen encoding (an unpaired UTF-16 surrogate) becomes the byte 0xFF, which is never valid
//! UTF-8: the row that holds it is counted as invalid, with its line, as for UTF-8 input.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The encoding used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub encoding: &'static Encoding,
    pub detected: bool,
    pub reason: String,
    /// Bytes of a UTF-16 byte order mark to skip before decoding (a UTF-8 one is left to the
    /// readers, which report it as `bom`).
    pub bom_len: usize,
}

impl Choice {
    pub fn is_utf8(&self) -> bool {
        self.encoding == UTF_8
    }

    /// The name the profile reports: `utf-8`, `windows-1252`, `utf-16le`, ... (WHATWG names,
    /// lower case).
    pub fn name(&self) -> String {
        self.encoding.name().to_ascii_lowercase()
    }
}

/// Decides the encoding of an input that starts with `sample` (all of it when `complete`);
/// `forced` is the `encoding` option (a WHATWG label: `utf-8`, `windows-1252`, `latin1`,
/// `iso-8859-1`, `utf-16le`, `utf-16be`, `shift_jis`, ...).
pub fn detect(sample: &[u8], complete: bool, forced: Option<&str>) -> Result<Choice, String> {
    let utf16_bom = |e: &'static Encoding| match (e == UTF_16LE, e == UTF_16BE) {
        (true, _) if sample.starts_with(b"\xFF\xFE") => 2,
        (_, true) if sample.starts_with(b"\xFE\xFF") => 2,
        _ => 0,
    };
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| format!("encoding {label:?} is not an encoding name Sluice knows (e.g. utf-8, windows-1252, latin1, utf-16le, utf-16be)"))?;
        if encoding == encoding_rs::REPLACEMENT || encoding == encoding_rs::X_USER_DEFINED {
            return Err(format!("encoding {label:?} cannot be read"));
        }
        return Ok(Choice { encoding, detected: false, reason: format!("the encoding option says {label}"), bom_len: utf16_bom(encoding) });
    }
    let choice = |encoding: &'static Encoding, reason: &str| Choice { encoding, detected: true, reason: reason.into(), bom_len: utf16_bom(encoding) };
    if sample.starts_with(super::UTF8_BOM) {
        return Ok(choice(UTF_8, "a UTF-8 byte order mark"));
    }
    if sample.starts_with(b"\xFF\xFE\x00\x00") || sample.starts_with(b"\x00\x00\xFE\xFF") {
        return Ok(choice(UTF_8, "a UTF-32 byte order mark (not read)"));
    }
    if sample.starts_with(b"\xFF\xFE") {
        return Ok(choice(UTF_16LE, "a UTF-16 little-endian byte order mark"));
    }
    if sample.starts_with(b"\xFE\xFF") {
        return Ok(choice(UTF_16BE, "a UTF-16 big-endian byte order mark"));
    }
    let pairs = sample.len() / 2;
    if pairs >= 4 {
        let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).take(pairs).filter(|&&b| b == 0).count();
        let (even, odd) = (zeros(0), zeros(1));
        if odd * 10 >= pairs * 7 && even * 4 <= pairs {
            return Ok(choice(UTF_16LE, "every other byte is NUL, as in UTF-16 little-endian text without a byte order mark"));
        }
        if even * 10 >= pairs * 7 && odd * 4 <= pairs {
            return Ok(choice(UTF_16BE, "every other byte is NUL, as in UTF-16 big-endian text without a byte order mark"));
        }
    }
    let mut multibyte = false;
    let mut invalid: Option<usize> = None;
    let mut at = 0;
    for chunk in sample.utf8_chunks() {
        multibyte |= !chunk.valid().is_ascii();
        at += chunk.valid().len();
        let bad = chunk.invalid();
        // A character cut by the end of an incomplete window is not an error.
        let cut = !complete && at + bad.len() == sample.len() && std::str::from_utf8(bad).err().is_some_and(|e| e.error_len().is_none());
        if !bad.is_empty() && !cut && invalid.is_none() {
            invalid = Some(at);
        }
        at += bad.len();
    }
    match invalid {
        None => Ok(choice(UTF_8, "valid UTF-8")),
        Some(_) if multibyte => Ok(choice(UTF_8, "UTF-8 characters, with some bytes that are not valid UTF-8")),
        Some(i) => {
            let line = 1 + memchr::memchr_iter(b'\n', &sample[..i]).count();
            Ok(choice(WINDOWS_1252, &format!("not valid UTF-8 (byte 0x{:02X} on line {line}) and no multi-byte UTF-8 character: read as Windows-1252, a superset of Latin-1", sample[i])))
        }
    }
}

/// Decodes chunks to UTF-8 (see the module docs).
pub struct Transcoder {
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    done: bool,
}

impl Transcoder {
    pub fn new(encoding: &'static Encoding) -> Transcoder {
        Transcoder { decoder: encoding.new_decoder_without_bom_handling(), out: Vec::new(), done: false }
    }

    /// The UTF-8 text of the next chunk; `last` ends the input (a sequence cut at the end is
    /// then invalid). The result is valid until the next call.
    pub fn decode(&mut self, input: &[u8], last: bool) -> &[u8] {
        if self.done {
            return &[];
        }
        self.done = last;
        let need = self.decoder.max_utf8_buffer_length_without_replacement(input.len()).unwrap_or(usize::MAX / 2).max(16);
        if self.out.len() < need {
            self.out.resize(need, 0);
        }
        let (mut read, mut written) = (0, 0);
        loop {
            let (r, n_in, n_out) = self.decoder.decode_to_utf8_without_replacement(&input[read..], &mut self.out[written..], last);
            read += n_in;
            written += n_out;
            match r {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    if written == self.out.len() {
                        self.out.resize(self.out.len() * 2, 0);
                    }
                    self.out[written] = 0xFF;
                    written += 1;
                }
                encoding_rs::DecoderResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
            }
        }
        &self.out[..written]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &[u8]) -> String {
        detect(s, true, None).unwrap().name()
    }

    #[test]
    fn detects() {
        assert_eq!(name(b"a,b\n1,2\n"), "utf-8");
        assert_eq!(name("a,b\nCaf\u{e9},2\n".as_bytes()), "utf-8");
        assert_eq!(name(b"a,b\nCaf\xE9,2\n"), "windows-1252");
        assert_eq!(name(b"a,b\n\xE6\x9D,\x8E\xE9\x9B\xB7\n"), "utf-8");
        let le: Vec<u8> = "a,b\n1,2\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "a,b\n1,2\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(name(&le), "utf-16le");
        assert_eq!(name(&be), "utf-16be");
        assert_eq!(detect(&[b"\xFF\xFE".as_slice(), &le].concat(), true, None).unwrap().bom_len, 2);
        // A character cut by the end of the window.
        assert_eq!(detect("ab\u{e9}".as_bytes().split_last().unwrap().1, false, None).unwrap().name(), "utf-8");
        assert_eq!(detect(b"x", true, Some("latin1")).unwrap().name(), "windows-1252");
        assert!(detect(b"x", true, Some("klingon")).is_err());
    }

    #[test]
    fn decodes_across_chunks() {
        let text = "a,b\nCaf\u{e9},\u{20ac}5\n\u{1F600},x\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        for cut in 1..le.len() {
            let mut t = Transcoder::new(UTF_16LE);
            let mut out = t.decode(&le[..cut], false).to_vec();
            out.extend_from_slice(t.decode(&le[cut..], false));
            out.extend_from_slice(t.decode(&[], true));
            assert_eq!(out, text.as_bytes(), "cut {cut}");
        }
        let mut t = Transcoder::new(WINDOWS_1252);
        assert_eq!(t.decode(b"Caf\xE9 \x80", true), "Caf\u{e9} \u{20ac}".as_bytes());
        // An unpaired surrogate becomes an invalid byte.
        let mut t = Transcoder::new(UTF_16LE);
        assert_eq!(t.decode(&[b'a', 0, 0x00, 0xD8, b'b', 0], true), b"a\xFFb");
    }
}
