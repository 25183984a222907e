//! Incremental readers for the input formats, and the sniffing that picks one.

pub mod csv;
pub mod header;
pub mod jsonl;

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
            return Some(format!("This is not a text data file: it looks like {what}. Sluice mines CSV and JSON Lines text."));
        }
    }
    if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") {
        return Some("The file is UTF-16 text; Sluice reads UTF-8. Convert it first (e.g. `iconv -f UTF-16 -t UTF-8`, or save as \"CSV UTF-8\" in Excel).".into());
    }
    let control = sample.iter().filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))).count();
    if !sample.is_empty() && control * 100 > sample.len() {
        let nul = sample.iter().filter(|&&b| b == 0).count();
        return Some(format!(
            "This is not a text data file: {:.1}% of its first {} bytes are control characters ({nul} NUL). If it is UTF-16 without a byte order mark, convert it to UTF-8.",
            control as f64 * 100.0 / sample.len() as f64,
            sample.len()
        ));
    }
    None
}

/// Candidate delimiters, in order of preference when the evidence ties.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Picks the delimiter from the start of the input.
///
/// For each candidate, the sample is split into records (respecting quotes; the last,
/// possibly incomplete, line is ignored unless the sample is the whole input) and the field
/// count of each record is taken. The winner is the candidate whose most common field count
/// is above one and shared by the largest share of records; ties go to more fields, then to
/// the order of [`DELIMITERS`]. With no evidence at all, `,`.
pub fn sniff_delimiter(sample: &[u8], complete: bool) -> u8 {
    let mut best = (b',', 0.0f64, 0usize);
    for &d in &DELIMITERS {
        let counts = field_counts(sample, d, complete, 200);
        if counts.is_empty() {
            continue;
        }
        let (mode, freq) = mode(&counts);
        if mode < 2 {
            continue;
        }
        let score = freq as f64 / counts.len() as f64;
        if score > best.1 + 1e-9 || ((score - best.1).abs() <= 1e-9 && mode > best.2) {
            best = (d, score, mode);
        }
    }
    best.0
}

fn mode(counts: &[usize]) -> (usize, usize) {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let (mut best, mut best_n) = (0, 0);
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|&&c| c == sorted[i]).count();
        if j > best_n || (j == best_n && sorted[i] > best) {
            best = sorted[i];
            best_n = j;
        }
        i += j;
    }
    (best, best_n)
}

/// Field counts of the first `max` complete records of `sample` with delimiter `d`.
fn field_counts(sample: &[u8], d: u8, complete: bool, max: usize) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut in_quotes = false;
    let mut fields = 1;
    let mut empty_line = true;
    for &b in sample {
        if in_quotes {
            if b == b'"' {
                in_quotes = false;
            }
            continue;
        }
        match b {
            b'"' => {
                in_quotes = true;
                empty_line = false;
            }
            b'\n' | b'\r' => {
                if !empty_line {
                    counts.push(fields);
                    if counts.len() >= max {
                        return counts;
                    }
                }
                fields = 1;
                empty_line = true;
            }
            _ if b == d => {
                fields += 1;
                empty_line = false;
            }
            _ => empty_line = false,
        }
    }
    if complete && !empty_line && !in_quotes {
        counts.push(fields);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_common_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", true), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2,5;3\n", true), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(sniff_delimiter(b"single\n1\n2\n", true), b',');
        assert_eq!(sniff_delimiter(b"", true), b',');
    }

    #[test]
    fn quotes_hide_delimiters() {
        // Commas inside quotes must not make ',' win over ';'.
        let s = b"name;note\n\"a, b, c\";x\n\"d, e\";y\n";
        assert_eq!(sniff_delimiter(s, true), b';');
    }

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

    #[test]
    fn incomplete_last_line_is_ignored() {
        assert_eq!(sniff_delimiter(b"a;b\n1;2\n3;4\n5,6,7,8,9", false), b';');
    }
}

// Record boundaries inside a file, for parallel mining (see `crate::parallel`).
pub mod boundary;
