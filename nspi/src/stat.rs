//! Fixed-size items: [`Stat`] (MS-NSPI 2.3.7), [`FlatUid`] (2.3.1.1) and [`FileTime`].
//!
//! These have the same octets in NDR and in the MAPI over HTTP bodies (all little-endian
//! `DWORD`s), so the two encodings share them.

use oxwire_msrpc::ndr::{NdrDecode, NdrEncode, NdrReader, NdrWriter};

use crate::error::{Error, Result};

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// The STAT block: a position in an address book container and the client's locale choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Stat {
    /// Sort order of the table (`SortTypeDisplayName` 0, ...).
    pub sort_type: u32,
    /// Minimal Entry ID of the container (0 for the Global Address List).
    pub container_id: u32,
    /// Minimal Entry ID of the current row (or a positioning value: 0 beginning, 2 end).
    pub current_rec: u32,
    /// Signed row offset to move from `current_rec`.
    pub delta: i32,
    /// Approximate fractional position: numerator.
    pub num_pos: u32,
    /// Approximate fractional position: denominator (row count).
    pub total_recs: u32,
    /// Code page for 8-bit strings.
    pub code_page: u32,
    /// Locale of the templates.
    pub template_locale: u32,
    /// Locale used for sorting.
    pub sort_locale: u32,
}

impl Stat {
    /// Wire size in both encodings.
    pub const LEN: usize = 36;

    fn fields(&self) -> [u32; 9] {
        [
            self.sort_type,
            self.container_id,
            self.current_rec,
            self.delta as u32,
            self.num_pos,
            self.total_recs,
            self.code_page,
            self.template_locale,
            self.sort_locale,
        ]
    }

    fn from_fields(f: [u32; 9]) -> Stat {
        Stat {
            sort_type: f[0],
            container_id: f[1],
            current_rec: f[2],
            delta: f[3] as i32,
            num_pos: f[4],
            total_recs: f[5],
            code_page: f[6],
            template_locale: f[7],
            sort_locale: f[8],
        }
    }

    /// Reads the 36-octet little-endian form used by MAPI over HTTP (MS-OXCMAPIHTTP 2.2.1).
    pub fn read_le(b: &[u8], offset: usize) -> Result<Stat> {
        let s = b.get(offset..offset + Self::LEN).ok_or(Error::Truncated {
            what: "STAT",
            offset,
            needed: Self::LEN.saturating_sub(b.len().saturating_sub(offset)),
        })?;
        let mut f = [0u32; 9];
        for (i, c) in s.chunks_exact(4).enumerate() {
            f[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        Ok(Stat::from_fields(f))
    }

    /// Appends the 36-octet little-endian form.
    pub fn write_le(&self, out: &mut Vec<u8>) {
        for v in self.fields() {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

impl<'a> NdrDecode<'a> for Stat {
    const MIN_WIRE_SIZE: usize = Stat::LEN;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let mut f = [0u32; 9];
        for v in &mut f {
            *v = r.u32()?;
        }
        Ok(Stat::from_fields(f))
    }
}

impl NdrEncode for Stat {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(4);
        self.fields().into_iter().for_each(|v| w.u32(v));
        Ok(())
    }
}

/// `FlatUID_r`: 16 octets in the order they are stored (not a GUID with byte-swapped fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct FlatUid(pub [u8; 16]);

impl<'a> NdrDecode<'a> for FlatUid {
    const MIN_WIRE_SIZE: usize = 16;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let b = r.bytes(16, "FlatUID_r")?;
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        Ok(FlatUid(a))
    }
}

impl NdrEncode for FlatUid {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.bytes(&self.0);
        Ok(())
    }
}

impl core::fmt::Display for FlatUid {
    /// Lower-case hex of the 16 octets in wire order.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// `FILETIME`: 100-nanosecond intervals since 1601-01-01, as two 32-bit halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FileTime {
    /// `dwLowDateTime`.
    pub low: u32,
    /// `dwHighDateTime`.
    pub high: u32,
}

impl FileTime {
    /// The 64-bit value.
    pub fn value(&self) -> u64 {
        (u64::from(self.high) << 32) | u64::from(self.low)
    }

    /// From the 64-bit value.
    pub fn from_value(v: u64) -> FileTime {
        FileTime {
            low: v as u32,
            high: (v >> 32) as u32,
        }
    }
}

impl<'a> NdrDecode<'a> for FileTime {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        Ok(FileTime {
            low: r.u32()?,
            high: r.u32()?,
        })
    }
}

impl NdrEncode for FileTime {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.u32(self.low);
        w.u32(self.high);
        Ok(())
    }
}
