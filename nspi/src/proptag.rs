//! Property tags and types, and `PropertyTagArray_r` (MS-NSPI 2.3.1.2).

use oxwire_msrpc::ndr::{ConformantVaryingArray, NdrDecode, NdrEncode, NdrReader, NdrWriter};

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// Property type values (MS-OXCDATA 2.11.1), the low 16 bits of a property tag.
pub mod ptyp {
    /// PtypUnspecified.
    pub const UNSPECIFIED: u16 = 0x0000;
    /// PtypNull.
    pub const NULL: u16 = 0x0001;
    /// PtypInteger16.
    pub const INTEGER16: u16 = 0x0002;
    /// PtypInteger32.
    pub const INTEGER32: u16 = 0x0003;
    /// PtypFloating32.
    pub const FLOATING32: u16 = 0x0004;
    /// PtypFloating64.
    pub const FLOATING64: u16 = 0x0005;
    /// PtypCurrency.
    pub const CURRENCY: u16 = 0x0006;
    /// PtypFloatingTime.
    pub const FLOATING_TIME: u16 = 0x0007;
    /// PtypErrorCode.
    pub const ERROR_CODE: u16 = 0x000A;
    /// PtypBoolean.
    pub const BOOLEAN: u16 = 0x000B;
    /// PtypObject / PtypEmbeddedTable.
    pub const OBJECT: u16 = 0x000D;
    /// PtypInteger64.
    pub const INTEGER64: u16 = 0x0014;
    /// PtypString8.
    pub const STRING8: u16 = 0x001E;
    /// PtypString (UTF-16LE).
    pub const STRING: u16 = 0x001F;
    /// PtypTime.
    pub const TIME: u16 = 0x0040;
    /// PtypGuid.
    pub const GUID: u16 = 0x0048;
    /// PtypServerId.
    pub const SERVER_ID: u16 = 0x00FB;
    /// PtypBinary.
    pub const BINARY: u16 = 0x0102;
    /// Flag of the multi-valued types.
    pub const MV: u16 = 0x1000;
}

/// The property type of a tag.
pub fn prop_type(tag: u32) -> u16 {
    tag as u16
}

/// `PropertyTagArray_r`: `cValues` and `[size_is(cValues+1), length_is(cValues)] DWORD
/// aulPropTag[]`. Also carries lists of Minimal Entry IDs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PropTagArray {
    /// `cValues` as sent (normally the number of tags).
    pub c_values: u32,
    /// The tags (or Minimal Entry IDs), with the array's conformance and variance.
    pub tags: ConformantVaryingArray<u32>,
}

impl PropTagArray {
    /// An array of `tags` in the canonical shape (`max_count = cValues + 1`).
    pub fn new(tags: Vec<u32>) -> Self {
        PropTagArray {
            c_values: tags.len() as u32,
            tags: ConformantVaryingArray {
                max_count: tags.len() + 1,
                offset: 0,
                items: tags,
            },
        }
    }

    /// The transmitted values.
    pub fn values(&self) -> &[u32] {
        &self.tags.items
    }
}

impl<'a> NdrDecode<'a> for PropTagArray {
    const MIN_WIRE_SIZE: usize = 16;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let max = r.conformance()?;
        r.align(r.syntax().count_size())?;
        let c_values = r.u32()?;
        let tags = ConformantVaryingArray::decode_hoisted(r, max)?;
        r.struct_end(8)?;
        Ok(PropTagArray { c_values, tags })
    }
}

impl NdrEncode for PropTagArray {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.conformance(self.tags.max_count)?;
        w.align(w.syntax().count_size());
        w.u32(self.c_values);
        self.tags.encode_hoisted(w)?;
        w.struct_end(8);
        Ok(())
    }
}
