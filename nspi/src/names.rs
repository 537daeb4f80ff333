//! Named properties and string lists: `PropertyName_r` (MS-NSPI 2.3.5.1),
//! `PropertyNameSet_r` (2.3.5.2), `StringsArray_r` and `WStringsArray_r` (2.3.6).

use oxwire_msrpc::ndr::{ConformantArray, NdrDecode, NdrEncode, NdrReader, NdrWriter, Unique};

use crate::stat::FlatUid;
use crate::strings::{AnsiStr, Utf16Str};
use crate::value::ptr_align;

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// `PropertyName_r`: a property set GUID and a numeric name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PropertyName {
    /// `lpguid`.
    pub guid: Unique<FlatUid>,
    /// `ulReserved`.
    pub reserved: u32,
    /// `lID`.
    pub id: i32,
}

impl<'a> NdrDecode<'a> for PropertyName {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let guid = r.read()?;
        let reserved = r.u32()?;
        let id = r.i32()?;
        r.struct_end(8)?;
        Ok(PropertyName { guid, reserved, id })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.guid.decode_deferred(r)
    }
}

impl NdrEncode for PropertyName {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(ptr_align(w.syntax()));
        self.guid.encode_inline(w)?;
        w.u32(self.reserved);
        w.i32(self.id);
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.guid.encode_deferred(w)
    }
}

/// A conformant structure `{ DWORD count; [size_is(count)] T items[]; }`: the shape of
/// `PropertyNameSet_r`, `StringsArray_r` and `WStringsArray_r`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountedArray<T> {
    /// The count member as sent.
    pub count: u32,
    /// The elements.
    pub items: ConformantArray<T>,
}

impl<T> CountedArray<T> {
    /// An array of `items`.
    pub fn new(items: Vec<T>) -> Self {
        CountedArray {
            count: items.len() as u32,
            items: ConformantArray(items),
        }
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for CountedArray<T> {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let n = r.conformance()?;
        r.align(ptr_align(r.syntax()))?;
        let count = r.u32()?;
        let items = ConformantArray::decode_hoisted(r, n)?;
        r.struct_end(8)?;
        Ok(CountedArray { count, items })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.items.decode_deferred(r)
    }
}

impl<T: NdrEncode> NdrEncode for CountedArray<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.conformance(self.items.0.len())?;
        w.align(ptr_align(w.syntax()));
        w.u32(self.count);
        self.items.encode_hoisted(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.items.encode_deferred(w)
    }
}

/// `PropertyNameSet_r`.
pub type PropertyNameSet = CountedArray<PropertyName>;
/// `StringsArray_r`: unique pointers to 8-bit strings.
pub type StringsArray<'a> = CountedArray<Unique<AnsiStr<'a>>>;
/// `WStringsArray_r`: unique pointers to UTF-16 strings.
pub type WStringsArray<'a> = CountedArray<Unique<Utf16Str<'a>>>;
