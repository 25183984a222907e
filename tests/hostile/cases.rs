//! The hostile-input corpus: each case's bytes and its expected outcome. Shared by the native
//! test (`tests/hostile.rs`) and the generator (`examples/hostile.rs`, which writes the files
//! and a `manifest.json` for the browser tests).

/// What mining a case must give.
pub struct Expect {
    /// The error message must contain this (the input is rejected), or `None` (a profile).
    pub error: Option<&'static str>,
    /// Data rows in the profile.
    pub rows: Option<u64>,
    /// Finding kinds the profile must include.
    pub findings: &'static [&'static str],
    /// Columns in the profile.
    pub columns: Option<usize>,
}

pub struct Case {
    pub name: &'static str,
    pub file: &'static str,
    pub bytes: fn() -> Vec<u8>,
    pub expect: Expect,
}

const fn profile(rows: u64, columns: usize, findings: &'static [&'static str]) -> Expect {
    Expect { error: None, rows: Some(rows), findings, columns: Some(columns) }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case { name: "empty file", file: "empty.csv", bytes: Vec::new, expect: profile(0, 0, &["empty_input"]) },
        Case { name: "header only", file: "header-only.csv", bytes: || b"a,b,c\n".to_vec(), expect: profile(0, 3, &["no_data_rows"]) },
        Case { name: "only quotes", file: "only-quotes.csv", bytes: || b"\"\"\"\"\"\"\n\"\"\n\"\"\"\"\"".to_vec(), expect: profile(2, 1, &["unterminated_quote"]) },
        Case {
            name: "unterminated quote at EOF",
            file: "unterminated.csv",
            bytes: || b"id,note\n1,\"fine\"\n2,\"never closed\n3,more\n".to_vec(),
            expect: profile(2, 2, &["unterminated_quote"]),
        },
        Case {
            name: "NUL bytes in a few fields",
            file: "nul-bytes.csv",
            bytes: || {
                let mut v = b"id,blob\n".to_vec();
                for i in 0..2000 {
                    v.extend_from_slice(format!("{i},abc{}\n", if i % 400 == 0 { "\0" } else { "" }).as_bytes());
                }
                v
            },
            expect: profile(2000, 2, &[]),
        },
        Case {
            name: "a PNG image",
            file: "image.png",
            bytes: || {
                let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
                v.extend((0..4000u32).map(|i| (i * 31 % 251) as u8));
                v
            },
            expect: Expect { error: Some("PNG"), rows: None, findings: &[], columns: None },
        },
        Case {
            name: "a ZIP archive",
            file: "archive.zip",
            bytes: || {
                let mut v = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
                v.extend((0..4000u32).map(|i| (i * 17 % 253) as u8));
                v
            },
            expect: Expect { error: Some("ZIP"), rows: None, findings: &[], columns: None },
        },
        Case {
            // 200 MiB of one digit, gzip-compressed about 1,000 times: the guard stops it.
            name: "a gzip bomb",
            file: "bomb.csv.gz",
            bytes: || {
                use std::io::Write;
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                let block = vec![b'0'; 1 << 20];
                for _ in 0..200 {
                    e.write_all(&block).unwrap();
                }
                e.finish().unwrap()
            },
            expect: Expect { error: None, rows: Some(0), findings: &["decompression_limit", "no_data_rows"], columns: Some(1) },
        },
        Case {
            name: "a truncated zstd frame",
            file: "cut.csv.zst",
            bytes: || {
                let text: Vec<u8> = (0..20_000).flat_map(|i| format!("{i},{}\n", i * 7 % 1000).into_bytes()).collect();
                let z = ruzstd::encoding::compress_to_vec(&text[..], ruzstd::encoding::CompressionLevel::Fastest);
                z[..z.len() * 3 / 5].to_vec()
            },
            expect: Expect { error: Some("zstd data is truncated"), rows: None, findings: &[], columns: None },
        },
        Case {
            name: "xz magic, then noise",
            file: "noise.csv.xz",
            bytes: || {
                let mut v = b"\xFD7zXZ\x00\x00\x04".to_vec();
                v.extend((0..4000u32).map(|i| (i * 29 % 251) as u8));
                v
            },
            expect: Expect { error: Some("xz data is corrupted"), rows: None, findings: &[], columns: None },
        },
        Case {
            // Decoded as Windows-1252 (issue 19): no invalid bytes left.
            name: "Latin-1 text",
            file: "latin1.csv",
            bytes: || b"name,city\nJos\xe9,M\xe1laga\nAnna,Oslo\n".to_vec(),
            expect: profile(2, 2, &[]),
        },
        Case {
            name: "invalid UTF-8 among UTF-8",
            file: "bad-utf8.csv",
            bytes: || b"name,city\nJos\xc3\xa9,M\xe1laga\nAnna,Oslo\n".to_vec(),
            expect: profile(2, 2, &["invalid_utf8"]),
        },
        Case {
            name: "UTF-16 with BOM",
            file: "utf16.csv",
            bytes: || b"\xFF\xFE".iter().copied().chain("a,b\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect(),
            expect: profile(1, 2, &[]),
        },
        Case {
            name: "UTF-16 BE, no BOM, cut surrogate",
            file: "utf16be.csv",
            bytes: || "a,b\nx,\u{1F600}\n".encode_utf16().flat_map(|u| u.to_be_bytes()).chain([0xD8, 0x3D]).collect(),
            expect: profile(2, 2, &["invalid_utf8"]),
        },
        Case {
            name: "preamble, comments, backslash escapes",
            file: "preamble.csv",
            bytes: || b"# exported 2024\n# by tool\nid,note\n1,\"say \\\"hi\\\", ok\"\n# half way\n2,\"x\"\n".to_vec(),
            expect: profile(2, 2, &["skipped_lines", "comment_lines"]),
        },
        Case {
            name: "\\r-only line endings",
            file: "cr-only.csv",
            bytes: || b"id,v\r1,a\r2,b\r3,c\r".to_vec(),
            expect: Expect { error: None, rows: Some(3), findings: &[], columns: Some(2) },
        },
        Case {
            name: "mixed delimiters",
            file: "mixed-delimiters.csv",
            bytes: || b"a,b,c\n1,2,3\n4;5;6\n7\t8\t9\n10,11,12\n".to_vec(),
            expect: Expect { error: None, rows: Some(4), findings: &["ragged_rows"], columns: Some(3) },
        },
        Case {
            name: "a 100 MiB single field",
            file: "huge-field.csv",
            bytes: || {
                let mut v = b"id,blob,after\n1,\"".to_vec();
                v.extend(std::iter::repeat_n(b'x', 100 << 20));
                v.extend_from_slice(b"\",end\n2,small,end\n");
                v
            },
            expect: profile(2, 3, &["record_truncated"]),
        },
        Case {
            name: "a 10 million character line",
            file: "long-line.csv",
            bytes: || {
                let mut v = b"a\n".to_vec();
                v.extend(std::iter::repeat_n(b'y', 10_000_000));
                v.extend_from_slice(b"\nz\n");
                v
            },
            expect: profile(2, 1, &["record_truncated"]),
        },
        Case {
            name: "100,000 columns",
            file: "wide.csv",
            bytes: || {
                let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
                let row: Vec<String> = (0..100_000).map(|i| (i % 97).to_string()).collect();
                format!("{}\n{}\n{}\n", header.join(","), row.join(","), row.join(",")).into_bytes()
            },
            expect: Expect { error: None, rows: Some(2), findings: &["too_many_columns"], columns: Some(16_384) },
        },
        Case {
            name: "numbers with 400 digits",
            file: "huge-numbers.csv",
            bytes: || format!("n\n{}\n{}\n1\n", "9".repeat(400), "1".repeat(400)).into_bytes(),
            // More than 15 significant digits: identifiers, kept as text (issue 13).
            expect: Expect { error: None, rows: Some(3), findings: &["long_digits"], columns: Some(1) },
        },
        Case {
            name: "dates out of range",
            file: "bad-dates.csv",
            bytes: || b"d\n2024-02-30\n0000-01-01\n9999-12-31\n2023-13-01\n10000-01-01\n-0001-01-01\n".to_vec(),
            expect: Expect { error: None, rows: Some(6), findings: &[], columns: Some(1) },
        },
    ]
}
