//! What the fuzz targets share: turning fuzzer bytes into text and options.

/// Text as the command line would read it: through `input::decode` (byte order mark,
/// binary and UTF-16 checks), or, when that refuses the bytes, lossily, so that the rest
/// of the pipeline still sees every input the fuzzer makes.
pub fn text(bytes: &[u8]) -> String {
    mizan::input::decode(std::path::Path::new("fuzz"), bytes.to_vec())
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}
