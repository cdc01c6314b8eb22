//! Errors: each names the file and the place, says what is wrong and what to do.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An error of the library or the CLI; the kind carries the position.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// A file is not valid UTF-8.
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
    },
    /// A file is UTF-16 (it starts with a UTF-16 byte order mark).
    Utf16 { path: PathBuf },
    /// A file looks binary (many NUL bytes at its start).
    Binary { path: PathBuf, nul_bytes: usize },
    /// A line of a structured file (beads, manifest) cannot be read.
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Arguments that do not fit together.
    Usage(String),
}

impl Error {
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub fn io(path: &Path, action: &'static str, source: io::Error) -> Error {
        Error(Box::new(ErrorKind::Io {
            path: path.to_path_buf(),
            action,
            source,
        }))
    }

    pub fn parse(path: &Path, line: usize, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }))
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Usage(message.into())))
    }

    /// Whether this is a write to a closed pipe (`mizan ... | head`), a normal end.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(&*self.0, ErrorKind::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io {
                path,
                action,
                source,
            } => {
                write!(f, "{}: cannot {action}: {source}", path.display())
            }
            ErrorKind::InvalidUtf8 { path, offset, line } => write!(
                f,
                "{}: invalid UTF-8 at byte {offset} (line {line}); convert the file to UTF-8, \
                 e.g. with `iconv -f WINDOWS-1256 -t UTF-8` for Arabic Windows text",
                path.display()
            ),
            ErrorKind::Utf16 { path } => write!(
                f,
                "{}: the file is UTF-16; convert it to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`",
                path.display()
            ),
            ErrorKind::Binary { path, nul_bytes } => write!(
                f,
                "{}: looks like a binary file ({nul_bytes} NUL bytes in its first 8 KiB); \
                 give a plain-text UTF-8 file (extract the text of PDF or Word files first)",
                path.display()
            ),
            ErrorKind::Parse {
                path,
                line,
                message,
            } => {
                write!(f, "{}:{line}: {message}", path.display())
            }
            ErrorKind::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
