//! [`Guid`]: the NDR `GUID`/`UUID` structure.

use core::fmt;

use super::codec::{NdrDecode, NdrEncode};
use super::error::Result;
use super::reader::NdrReader;
use super::writer::NdrWriter;

/// A `GUID`: `{ unsigned long; unsigned short; unsigned short; byte[8] }`,
/// aligned to 4; the integer fields follow the stub's byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid {
    /// First 8 hex digits.
    pub data1: u32,
    /// Next 4 hex digits.
    pub data2: u16,
    /// Next 4 hex digits.
    pub data3: u16,
    /// Last 16 hex digits.
    pub data4: [u8; 8],
}

impl Guid {
    /// The nil GUID.
    pub const NIL: Guid = Guid {
        data1: 0,
        data2: 0,
        data3: 0,
        data4: [0; 8],
    };

    /// From the 16-octet little-endian (Windows in-memory, NDR little-endian) form.
    pub fn from_le_bytes(b: [u8; 16]) -> Self {
        Guid {
            data1: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            data2: u16::from_le_bytes([b[4], b[5]]),
            data3: u16::from_le_bytes([b[6], b[7]]),
            data4: [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
        }
    }

    /// The 16-octet little-endian form.
    pub fn to_le_bytes(&self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&self.data1.to_le_bytes());
        b[4..6].copy_from_slice(&self.data2.to_le_bytes());
        b[6..8].copy_from_slice(&self.data3.to_le_bytes());
        b[8..].copy_from_slice(&self.data4);
        b
    }

    /// Whether all fields are zero.
    pub fn is_nil(&self) -> bool {
        *self == Guid::NIL
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

impl<'a> NdrDecode<'a> for Guid {
    const MIN_WIRE_SIZE: usize = 16;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.guid()
    }
}

impl NdrEncode for Guid {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.guid(self);
        Ok(())
    }
}

impl<'a> NdrReader<'a> {
    /// Reads a `GUID`.
    pub fn guid(&mut self) -> Result<Guid> {
        self.align(4)?;
        let data1 = self.u32()?;
        let data2 = self.u16()?;
        let data3 = self.u16()?;
        let b = self.bytes(8, "GUID data4")?;
        let mut data4 = [0u8; 8];
        data4.copy_from_slice(b);
        Ok(Guid {
            data1,
            data2,
            data3,
            data4,
        })
    }
}

impl NdrWriter {
    /// Writes a `GUID`.
    pub fn guid(&mut self, g: &Guid) {
        self.u32(g.data1);
        self.u16(g.data2);
        self.u16(g.data3);
        self.bytes(&g.data4);
    }
}
