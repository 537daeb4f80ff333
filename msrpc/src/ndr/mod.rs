//! NDR runtime: readers, writers and composable codecs for the NDR20
//! (`8a885d04-1ceb-11c9-9fe8-08002b104860` v2, C706 chapter 14) and NDR64
//! (`71710533-beba-4937-8319-b5dbef9ccc36` v1, MS-RPCE 2.2.5) transfer
//! syntaxes, in both byte orders. Interface crates write their stubs on top
//! of it by hand.
//!
//! # Pieces
//! - [`NdrReader`] / [`NdrWriter`]: primitives with alignment measured from
//!   the start of the stub, counts (4 octets in NDR20, 8 in NDR64),
//!   referent ids, strings, octet arrays, union discriminants, GUIDs and
//!   context handles. The reader borrows: octet arrays and strings come back
//!   as slices of the input ([`WStr`], [`CharStr`], [`ConformantVaryingBytes`]).
//! - [`NdrDecode`] / [`NdrEncode`]: two-phase codecs, implemented for the
//!   primitives, [`Unique`], [`Ref`], [`Full`], fixed arrays `[T; N]`,
//!   [`ConformantArray`], [`VaryingArray`], [`ConformantVaryingArray`],
//!   strings, [`Guid`], [`ContextHandle`] and `Box<T>`.
//! - [`NdrError`] says what was being read and where; [`Limits`] bounds
//!   nesting depth and element counts on top of the rule that every count
//!   must fit in the bytes that remain.
//!
//! # Deferral model
//! NDR writes a structure's members in place, but the referents of its
//! embedded pointers after the structure (or array) that contains them, in
//! the order the pointers appear, each referent followed by its own
//! referents (C706 14.3.12.3). The codecs mirror that with two phases:
//! `decode_inline` reads what sits in place (a pointer reads only its
//! referent id) and `decode_deferred` reads the referents. A structure's
//! `decode_inline` calls `decode_inline` on each member; its
//! `decode_deferred` calls `decode_deferred` on each member, in the same
//! order. Arrays run the inline phase of every element before the deferred
//! phase of any. [`decode_top_level`] runs both phases for one parameter, so a
//! top-level pointer's referent follows its id directly.
//!
//! A structure containing a conformant array as its last member reads the
//! hoisted `max_count` first ([`NdrReader::conformance`]), then aligns, then
//! reads its members and finally the array elements
//! ([`ConformantArray::decode_hoisted`]). NDR64 structures end with a
//! trailing gap to their alignment ([`NdrReader::struct_end`]).
//!
//! ```
//! use oxwire_msrpc::ndr::{
//!     decode_top_level, encode_top_level, NdrDecode, NdrEncode, NdrReader, NdrSyntax,
//!     NdrWriter, Result, Unique, WString,
//! };
//!
//! /// `struct { unsigned long flags; [string, unique] wchar_t *name; }`
//! #[derive(Debug, PartialEq)]
//! struct Named {
//!     flags: u32,
//!     name: Unique<WString>,
//! }
//!
//! impl<'a> NdrDecode<'a> for Named {
//!     fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
//!         r.align(4)?; // the structure's alignment: its widest member
//!         Ok(Named { flags: r.u32()?, name: r.read()? })
//!     }
//!     fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
//!         self.name.decode_deferred(r)
//!     }
//! }
//!
//! impl NdrEncode for Named {
//!     fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
//!         w.align(4);
//!         w.u32(self.flags);
//!         self.name.encode_inline(w)
//!     }
//!     fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
//!         self.name.encode_deferred(w)
//!     }
//! }
//!
//! // NDR20, little-endian, written out by hand from the rules:
//! let stub = [
//!     0x07, 0, 0, 0, //       flags
//!     0x00, 0, 2, 0, //       referent id of `name` (non-null)
//!     // deferred: the string the pointer refers to
//!     3, 0, 0, 0, //          max_count
//!     0, 0, 0, 0, //          offset
//!     3, 0, 0, 0, //          actual_count
//!     b'H', 0, b'i', 0, 0, 0, // "Hi" and the terminator
//! ];
//! let mut r = NdrReader::new(&stub, NdrSyntax::Ndr20, true);
//! let v: Named = decode_top_level(&mut r)?;
//! assert_eq!(v.flags, 7);
//! assert_eq!(v.name.get(), Some(&WString("Hi".into())));
//! assert_eq!(r.remaining(), 0);
//!
//! let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
//! encode_top_level(&mut w, &v)?;
//! assert_eq!(w.as_bytes(), &stub[..]);
//! # Ok::<(), oxwire_msrpc::ndr::NdrError>(())
//! ```

mod array;
mod codec;
mod context_handle;
mod error;
mod guid;
mod pointer;
mod reader;
mod string;
mod syntax;
mod union;
mod writer;

pub use array::{
    decode_elements, decode_elements_deferred, encode_elements, encode_elements_deferred,
    ConformantArray, ConformantBytes, ConformantVaryingArray, ConformantVaryingBytes, VaryingArray,
};
pub use codec::{decode, decode_top_level, encode, encode_top_level, NdrDecode, NdrEncode};
pub use context_handle::ContextHandle;
pub use error::{NdrError, Result};
pub use guid::Guid;
pub use pointer::{Full, FullPtr, Ref, Unique};
pub use reader::NdrReader;
pub use string::{AnsiString, CharStr, WStr, WString};
pub use syntax::{Limits, NdrSyntax};
pub use union::{Discriminant, UnionLayout};
pub use writer::{NdrWriter, FIRST_REFERENT_ID, REFERENT_ID_STEP};
