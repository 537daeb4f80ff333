//! [`NdrWriter`]: builds stub data with NDR alignment (zero padding) and byte order.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{NdrError, Result};
use super::reader::padding;
use super::syntax::NdrSyntax;

/// First referent id handed out, as Windows and impacket-style stubs do.
pub const FIRST_REFERENT_ID: u64 = 0x0002_0000;
/// Step between consecutive referent ids.
pub const REFERENT_ID_STEP: u64 = 4;

/// Writes NDR stub data into a `Vec<u8>`.
///
/// Alignment is relative to the position the writer started at (see
/// [`append_to`](Self::append_to)), i.e. the start of the stub. Padding octets
/// are zero.
#[derive(Debug, Clone)]
pub struct NdrWriter {
    buf: Vec<u8>,
    base: usize,
    syntax: NdrSyntax,
    little_endian: bool,
    next_id: u64,
    /// Full pointer keys already transmitted, with the referent id used.
    pub(super) full_ptrs: BTreeMap<u64, u64>,
    /// Full pointer keys whose referent has been written.
    pub(super) full_ptrs_written: BTreeSet<u64>,
}

macro_rules! write_int {
    ($(#[$doc:meta] $name:ident: $ty:ty;)*) => {$(
        #[$doc]
        #[inline]
        pub fn $name(&mut self, v: $ty) {
            self.align(core::mem::size_of::<$ty>());
            if self.little_endian {
                self.buf.extend_from_slice(&v.to_le_bytes());
            } else {
                self.buf.extend_from_slice(&v.to_be_bytes());
            }
        }
    )*};
}

impl NdrWriter {
    /// An empty writer.
    pub fn new(syntax: NdrSyntax, little_endian: bool) -> Self {
        Self::append_to(Vec::new(), syntax, little_endian)
    }

    /// A writer that appends to `buf`; the stub starts at `buf.len()`, which is
    /// where alignment is measured from.
    pub fn append_to(buf: Vec<u8>, syntax: NdrSyntax, little_endian: bool) -> Self {
        let base = buf.len();
        NdrWriter {
            buf,
            base,
            syntax,
            little_endian,
            next_id: FIRST_REFERENT_ID,
            full_ptrs: BTreeMap::new(),
            full_ptrs_written: BTreeSet::new(),
        }
    }

    /// The transfer syntax being written.
    #[inline]
    pub fn syntax(&self) -> NdrSyntax {
        self.syntax
    }

    /// Whether integers are written little-endian.
    #[inline]
    pub fn little_endian(&self) -> bool {
        self.little_endian
    }

    /// Offset of the next octet relative to the start of the stub.
    #[inline]
    pub fn position(&self) -> usize {
        self.buf.len() - self.base
    }

    /// The stub written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[self.base..]
    }

    /// Gives back the buffer (including anything that preceded the stub).
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Writes zero octets until the position is a multiple of `n`.
    pub fn align(&mut self, n: usize) {
        let pad = padding(self.position(), n);
        self.buf.resize(self.buf.len() + pad, 0);
    }

    /// NDR64 trailing gap of a structure of alignment `n`; nothing in NDR20.
    pub fn struct_end(&mut self, n: usize) {
        if self.syntax.is_ndr64() {
            self.align(n);
        }
    }

    /// Appends raw octets without alignment.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    write_int! {
        /// Writes an `unsigned small`.
        u8: u8;
        /// Writes a `small`.
        i8: i8;
        /// Writes an `unsigned short`, aligned to 2.
        u16: u16;
        /// Writes a `short`, aligned to 2.
        i16: i16;
        /// Writes an `unsigned long`, aligned to 4.
        u32: u32;
        /// Writes a `long`, aligned to 4.
        i32: i32;
        /// Writes an `unsigned hyper`, aligned to 8.
        u64: u64;
        /// Writes a `hyper`, aligned to 8.
        i64: i64;
    }

    /// Writes an IEEE `float`, aligned to 4.
    pub fn f32(&mut self, v: f32) {
        self.u32(v.to_bits());
    }

    /// Writes an IEEE `double`, aligned to 8.
    pub fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    /// Writes a `hyper`.
    pub fn hyper(&mut self, v: i64) {
        self.i64(v);
    }

    /// Writes a `boolean` as 1 or 0.
    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    /// Writes a `char`.
    pub fn char(&mut self, v: u8) {
        self.u8(v);
    }

    /// Writes a `wchar_t`.
    pub fn wchar(&mut self, v: u16) {
        self.u16(v);
    }

    /// Writes an `error_status_t`.
    pub fn error_status(&mut self, v: u32) {
        self.u32(v);
    }

    /// Writes an `enum` (2 octets in NDR20, 4 in NDR64); values above 0x7fff
    /// are refused as NDR requires.
    pub fn enum16(&mut self, v: u16) -> Result<()> {
        if v > 0x7fff {
            return Err(NdrError::EnumOutOfRange {
                what: "enum",
                offset: self.position(),
                value: v.into(),
            });
        }
        match self.syntax {
            NdrSyntax::Ndr20 => self.u16(v),
            NdrSyntax::Ndr64 => self.u32(v.into()),
        }
        Ok(())
    }

    /// Writes a `v1_enum` (4 octets).
    pub fn enum32(&mut self, v: u32) {
        self.u32(v);
    }

    /// Writes a count-sized integer (u32 in NDR20, u64 in NDR64).
    fn count(&mut self, v: u64, what: &'static str) -> Result<()> {
        match self.syntax {
            NdrSyntax::Ndr20 => {
                let v32 = u32::try_from(v).map_err(|_| NdrError::CountTooLarge {
                    what,
                    offset: self.position(),
                    count: v,
                })?;
                self.u32(v32);
            }
            NdrSyntax::Ndr64 => self.u64(v),
        }
        Ok(())
    }

    /// Writes a conformance (`max_count`).
    pub fn conformance(&mut self, max_count: usize) -> Result<()> {
        self.count(max_count as u64, "conformance max_count")
    }

    /// Writes a variance (`offset`, `actual_count`).
    pub fn variance(&mut self, offset: usize, actual_count: usize) -> Result<()> {
        self.count(offset as u64, "variance offset")?;
        self.count(actual_count as u64, "variance actual_count")
    }

    /// Writes a referent id (u32 in NDR20, u64 in NDR64).
    pub fn referent_id(&mut self, id: u64) -> Result<()> {
        self.count(id, "referent id")
    }

    /// Returns a fresh non-zero referent id: 0x00020000, 0x00020004, ...
    pub fn next_referent_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(REFERENT_ID_STEP);
        if self.next_id == 0
            || (self.syntax == NdrSyntax::Ndr20 && self.next_id > u64::from(u32::MAX))
        {
            // Billions of pointers in one stub: wrap rather than emit null.
            self.next_id = REFERENT_ID_STEP;
        }
        id
    }

    /// Sets the next referent id to hand out (e.g. to continue a peer's numbering).
    pub fn set_next_referent_id(&mut self, id: u64) {
        self.next_id = if id == 0 { FIRST_REFERENT_ID } else { id };
    }

    /// Encodes the inline part of `v`.
    pub fn write<T: super::NdrEncode + ?Sized>(&mut self, v: &T) -> Result<()> {
        v.encode_inline(self)
    }
}
