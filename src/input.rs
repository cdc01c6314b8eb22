//! Decoding input files: UTF-8 with or without a byte order mark; anything else is an
//! error that names the file and the byte where decoding failed.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// How much of a file the binary test looks at.
const SNIFF_BYTES: usize = 8192;
/// More NUL bytes than this share of the sniffed start marks a binary file; a stray NUL
/// in a text file is kept (it is a control character like any other).
const BINARY_NUL_SHARE: f64 = 0.01;

/// Decodes the bytes of `path` as UTF-8 text, dropping a leading byte order mark.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ErrorKind::Utf16 {
            path: path.to_path_buf(),
        }
        .into());
    }
    let start = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let nul_bytes = start.iter().filter(|&&b| b == 0).count();
    if nul_bytes as f64 > BINARY_NUL_SHARE * start.len() as f64 {
        return Err(ErrorKind::Binary {
            path: path.to_path_buf(),
            nul_bytes,
        }
        .into());
    }
    let mut bytes = bytes;
    let bom = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        // The offset is reported in the file as given, byte order mark included.
        Error::from(ErrorKind::InvalidUtf8 {
            path: path.to_path_buf(),
            offset: valid + bom,
            line,
        })
    })
}

/// Reads and decodes a text file.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "read", e))?;
    decode(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        assert_eq!(
            decode(Path::new("x"), b"\xEF\xBB\xBFabc".to_vec()).unwrap(),
            "abc"
        );
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let err = decode(Path::new("in.txt"), b"ab\ncd\xFFef".to_vec()).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("in.txt"), "{message}");
        assert!(message.contains("byte 5"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn offset_counts_the_bom() {
        let err = decode(Path::new("x"), b"\xEF\xBB\xBFa\xC0".to_vec()).unwrap_err();
        assert!(err.to_string().contains("byte 4"), "{err}");
    }

    #[test]
    fn binary_files_are_refused_but_a_stray_nul_is_kept() {
        let mut binary = b"%PDF-1.7\n".to_vec();
        binary.extend(std::iter::repeat_n(0u8, 200));
        let err = decode(Path::new("doc.pdf"), binary).unwrap_err();
        assert!(err.to_string().contains("binary file"), "{err}");
        let text = "a".repeat(500) + "\0" + "b";
        assert_eq!(
            decode(Path::new("t.txt"), text.clone().into_bytes()).unwrap(),
            text
        );
    }

    #[test]
    fn utf16_is_refused_with_advice() {
        let err = decode(Path::new("u16.txt"), b"\xFF\xFEa\x00".to_vec()).unwrap_err();
        assert!(err.to_string().contains("iconv"));
    }
}
