//! Reading ZIP archives from other tools without trusting them: every entry's expanded size is
//! capped while it is read (the declared size may lie), so a zip bomb is refused, not unpacked.

use std::io::Read as _;

use super::ExchangeError;

/// The most one entry may expand to (a large NVivo project's text is a few MB).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// The most all entries read from one archive may expand to.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Entries beyond this many are refused.
const MAX_ENTRIES: usize = 200_000;

/// An archive opened for guarded reading.
pub struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    read_so_far: u64,
    /// Every entry's name, in archive order.
    pub names: Vec<String>,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a ZIP archive.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ExchangeError> {
        if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
            return Err(ExchangeError::NotZip("the file is not a ZIP archive".into()));
        }
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|error| ExchangeError::NotZip(format!("the ZIP archive is damaged ({error})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ExchangeError::TooLarge(format!("the archive holds {} entries", zip.len())));
        }
        let names = zip.file_names().map(str::to_owned).collect::<Vec<_>>();
        Ok(Self { zip, read_so_far: 0, names })
    }

    /// The entry named `name` exactly, if present (read within the caps).
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExchangeError> {
        let Some(index) = self.zip.index_for_name(name) else { return Ok(None) };
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|error| ExchangeError::NotZip(format!("{name}: cannot be read ({error})")))?;
        let limit = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES - self.read_so_far);
        let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| ExchangeError::NotZip(format!("{name}: cannot be unpacked ({error})")))?;
        if bytes.len() as u64 > limit {
            return Err(ExchangeError::TooLarge(format!("{name} expands to more than {} MB", limit / (1024 * 1024))));
        }
        self.read_so_far += bytes.len() as u64;
        Ok(Some(bytes))
    }
}
