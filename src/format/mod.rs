//! Incremental readers for the input formats, and the sniffing that picks one.

pub mod compress;
pub mod csv;
pub mod dialect;
pub mod encoding;
pub mod header;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod xlsx;

/// UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why the start of the input says it is not a text data file, if it does: known binary
/// signatures, UTF-16/32 byte order marks (not decoded: the message says how to convert), or
/// a sample where more than 1% of the bytes are NUL or other control characters.
pub fn not_text(sample: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an .xlsx/.docx file, which are ZIP archives)"),
        (b"\x1F\x8B", "gzip-compressed data (name the file .gz, or pass gzip: true)"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xFD7zXZ\x00", "xz-compressed data"),
        (b"(\xB5/\xFD", "zstd-compressed data"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"PAR1", "a Parquet file"),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Office document (.xls/.doc)"),
        (b"\x7FELF", "an executable"),
        (b"\x00\x00\xFE\xFF", "UTF-32 text"),
        (b"\xFF\xFE\x00\x00", "UTF-32 text"),
    ];
    for (magic, what) in MAGIC {
        if sample.starts_with(magic) {
            if *magic == b"PAR1" {
                // Parquet is read by its own reader, footer first, which needs the whole file.
                return Some("This is a Parquet file, read footer first with random access, not as a stream of text: give the CLI its path, or open the file in the page or with mine(file).".into());
            }
            return Some(format!("This is not a text data file: it looks like {what}. Sluice mines CSV and JSON Lines text."));
        }
    }
    if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") {
        return Some("The file is UTF-16 text, but the encoding option says UTF-8: leave the option out (UTF-16 is detected) or set it to utf-16le or utf-16be.".into());
    }
    let control = sample.iter().filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))).count();
    if !sample.is_empty() && control * 100 > sample.len() {
        let nul = sample.iter().filter(|&&b| b == 0).count();
        return Some(format!(
            "This is not a text data file: {:.1}% of its first {} bytes are control characters ({nul} NUL). If it is UTF-16 text, set the encoding option to utf-16le or utf-16be.",
            control as f64 * 100.0 / sample.len() as f64,
            sample.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_utf16_are_not_text() {
        assert!(not_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap().contains("PNG"));
        assert!(not_text(b"PK\x03\x04\x14\0").unwrap().contains("ZIP"));
        assert!(not_text(b"\xFF\xFEa\0,\0b\0").unwrap().contains("UTF-16"));
        assert!(not_text(b"a\0b\0c\0,\0").unwrap().contains("control characters"));
        assert_eq!(not_text(b"a,b\n1,2\n"), None);
        assert_eq!(not_text("é,ü\n\t1,2\r\n".as_bytes()), None);
        assert_eq!(not_text(b""), None);
    }

}

// Record boundaries inside a file, for parallel mining (see `crate::parallel`).
pub mod boundary;

/// Writes `n` in decimal at the end of `buf` (20 bytes hold any `u64`) and returns where the
/// digits start.
pub(crate) fn decimal_digits(mut n: u64, buf: &mut [u8]) -> usize {
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return k;
        }
    }
}

/// Appends `field` to `out` as one CSV field (`,` and `"`, RFC 4180): quoted, with its quotes
/// doubled, when it holds a delimiter, a quote or a line break.
pub(crate) fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if !field.iter().any(|&c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &c in field {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
}

/// A finding about the whole table (no column), as the file readers report them.
/// What the Excel and Parquet readers report as they go, every few thousand rows: the rows read
/// so far, and the miner they feed (whose `snapshot` is the profile so far).
pub type Progress<'a> = dyn FnMut(u64, &crate::Miner) + 'a;

pub(crate) fn table_finding(kind: &'static str, severity: crate::profile::Severity, count: u64, lines: Vec<u64>, message: String) -> crate::profile::Finding {
    crate::profile::Finding { kind, severity, column: None, column_index: None, count, lines, message }
}
