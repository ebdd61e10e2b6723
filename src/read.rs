//! Reads a run's documents: each by its path relative to the repository's root folder, held
//! open for the run, into a buffer each worker keeps across its documents.
//!
//! Reading is two fifths of the time a plain read-and-parse of a repository takes, most of it
//! in system calls. `fs::read(root.join(path))` makes five per document: the kernel resolves
//! every folder of the absolute path, `statx` asks the size for a capacity hint, and reads go
//! up from 8 KiB in steps (three for a 13 KB policy). Here it is four: `openat` resolves only
//! the repository-relative part, one read into a buffer larger than nearly any policy takes
//! the document and the next finds its end, then `close`.

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The repository's root folder, open for the run where the platform has `openat`.
#[derive(Debug)]
pub struct Root {
    path: PathBuf,
    #[cfg(unix)]
    folder: Option<rustix::fd::OwnedFd>,
}

impl Root {
    /// `path` as the root; when its folder cannot be opened, documents are opened by their
    /// joined paths, and a missing root shows as each document's read error.
    pub fn open(path: &Path) -> Self {
        Root {
            path: path.to_path_buf(),
            #[cfg(unix)]
            folder: {
                use rustix::fs::{Mode, OFlags};
                rustix::fs::open(
                    path,
                    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                    Mode::empty(),
                )
                .ok()
            },
        }
    }

    fn open_file(&self, relative: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        if let Some(folder) = &self.folder {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::openat(folder, relative, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
            return Ok(std::fs::File::from(fd));
        }
        std::fs::File::open(self.path.join(relative))
    }

    /// The bytes of the document at `relative`, for a document read again after its checks
    /// (rare: no reader's buffer is at hand then).
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.open_file(relative)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// One worker's reader: the buffer is zeroed once, not per document.
pub struct Reader<'r> {
    root: &'r Root,
    buffer: Vec<u8>,
}

impl<'r> Reader<'r> {
    const BUFFER: usize = 64 * 1024;

    pub fn new(root: &'r Root) -> Self {
        Reader {
            root,
            buffer: vec![0; Self::BUFFER],
        }
    }

    /// The bytes of the document at `relative` (repository-relative, `/`-separated): in the
    /// buffer, until the next read, unless the document is larger than it.
    pub fn read(&mut self, relative: &str) -> io::Result<Cow<'_, [u8]>> {
        let mut file = self.root.open_file(relative)?;
        let mut filled = 0;
        while let Some(free) = self.buffer.get_mut(filled..) {
            if free.is_empty() {
                // Larger than the buffer: the rest as `fs::read` reads it, sized by `statx`.
                let mut bytes = self.buffer.clone();
                file.read_to_end(&mut bytes)?;
                return Ok(Cow::Owned(bytes));
            }
            match file.read(free) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Cow::Borrowed(self.buffer.get(..filled).unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_small_large_and_missing_files_as_fs_read_does() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::create_dir(dir.path().join("sub")).unwrap_or_else(|e| panic!("{e}"));
        let small = b"# Policy\n".to_vec();
        // Just over the buffer, and a buffer's size exactly: the read that finds the end
        // comes after the buffer is full.
        let large: Vec<u8> = (0..Reader::BUFFER + 100).map(|i| (i % 251) as u8).collect();
        let exact: Vec<u8> = vec![b'x'; Reader::BUFFER];
        let files = [
            ("sub/small.md", &small),
            ("large.md", &large),
            ("exact.md", &exact),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
        }
        let root = Root::open(dir.path());
        let mut reader = Reader::new(&root);
        for (name, bytes) in files {
            assert_eq!(
                reader.read(name).ok().as_deref(),
                Some(bytes.as_slice()),
                "{name}"
            );
        }
        // The buffer is reused: a short document after a long one is only itself.
        assert_eq!(
            reader.read("sub/small.md").ok().as_deref(),
            Some(small.as_slice())
        );
        // A one-off read gives the same bytes.
        for (name, bytes) in files {
            assert_eq!(root.read(name).ok().as_ref(), Some(bytes), "{name}");
        }
        assert_eq!(
            root.read("gone.md").err().map(|e| e.kind()),
            Some(io::ErrorKind::NotFound)
        );
        let missing = reader.read("gone.md").err().map(|e| e.kind());
        let std_missing = std::fs::read(dir.path().join("gone.md")).err().map(|e| e.kind());
        assert_eq!(missing, std_missing);
        assert_eq!(missing, Some(io::ErrorKind::NotFound));
    }
}
