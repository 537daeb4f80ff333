//! NSPI, the address book interface between Outlook and Exchange (MS-NSPI, MS-OXNSPI:
//! `f5cc5a18-4264-101a-8c59-08002b2f8426` v56), the Referral interface that points clients
//! at an NSPI server (MS-OXABREF), and the address book types of MAPI over HTTP
//! (MS-OXCMAPIHTTP 2.2.1). Sans-io: stubs in, typed values out, and back.
//!
//! ```
//! use oxwire_msrpc::ndr::NdrSyntax;
//! use oxwire_nspi::{Request, Stat};
//!
//! // NspiBind request of the MS-OXNSPI section 4 example: dwFlags 0, a STAT with code page
//! // 1252 and locales 0x409, and a non-null pServerGuid (16 zero octets to be filled in).
//! let mut stub = vec![0u8; 4];
//! for v in [0u32, 0, 0, 0, 0, 0, 0x4e4, 0x409, 0x409] {
//!     stub.extend_from_slice(&v.to_le_bytes());
//! }
//! stub.extend_from_slice(&0x0002_0000u32.to_le_bytes()); // referent id of pServerGuid
//! stub.extend_from_slice(&[0; 16]);
//!
//! let req = Request::decode(0, &stub, NdrSyntax::Ndr20, true)?;
//! let Request::Bind(bind) = &req else { unreachable!() };
//! assert_eq!(req.name(), "NspiBind");
//! assert_eq!(bind.stat, Stat { code_page: 1252, template_locale: 0x409, sort_locale: 0x409, ..Stat::default() });
//! assert!(bind.server_guid.get().is_some());
//!
//! // Decoding then encoding gives the stub back.
//! assert_eq!(req.encode(NdrSyntax::Ndr20, true)?, stub);
//! # Ok::<(), oxwire_nspi::Error>(())
//! ```
//!
//! # Design
//! - Every structure of MS-NSPI section 2.3 is a type implementing the NDR runtime's
//!   two-phase [`NdrDecode`](oxwire_msrpc::ndr::NdrDecode) /
//!   [`NdrEncode`](oxwire_msrpc::ndr::NdrEncode); calls are parameter lists read top-level
//!   in IDL order ([`calls`]). Values sent on the wire but fixed by the specification
//!   (`cValues` next to the array it counts, the `max_count` of `PropertyTagArray_r`,
//!   referent ids, `rt` next to the union discriminant) are kept as sent, so a decoded stub
//!   re-encodes to the same octets.
//! - Strings and binaries borrow from the stub ([`AnsiStr`], [`Utf16Str`], [`Binary`]).
//! - The opnum MS-NSPI reserves (`Opnum15NotUsedOnWire`) decodes to
//!   [`Error::NotUsedOnWire`]. Opnums 17 and 18 are NspiGetNamesFromIDs and
//!   NspiGetIDsFromNames as MS-NSPI defines them (MS-OXNSPI marks them unused).
//! - Decoding uses [`NDR_LIMITS`]: counts within the largest `[range]` of the interface,
//!   nesting depth 64, and every count checked against the octets present first.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod calls;
mod entry_id;
mod error;
pub mod moh;
mod names;
mod proptag;
mod restriction;
pub mod rfr;
mod stat;
mod strings;
mod stub;
mod value;

pub use calls::{opnum_name, Request, Response, UNUSED_OPNUM};
pub use entry_id::{EntryId, GUID_NSPI};
pub use error::{Error, Result};
pub use names::{CountedArray, PropertyName, PropertyNameSet, StringsArray, WStringsArray};
pub use proptag::{prop_type, ptyp, PropTagArray};
pub use restriction::{AndOr, Restriction, RestrictionKind, RESTRICTION_UNION};
pub use stat::{FileTime, FlatUid, Stat};
pub use strings::{AnsiStr, Utf16Str};
pub use stub::NDR_LIMITS;
pub use value::{
    Binary, BinaryArray, DateTimeArray, FlatUidArray, LongArray, MvArray, PropValue, PropertyRow,
    PropertyRowSet, PropertyValue, ShortArray, StringArray, WStringArray, PROP_VAL_UNION,
};

/// The NSPI interface UUID.
pub const NSPI_INTERFACE: oxwire_msrpc::Uuid = oxwire_msrpc::interfaces::NSPI;
/// The NSPI interface version (major 56, minor 0).
pub const NSPI_VERSION: (u16, u16) = (56, 0);
/// The Referral (RFR) interface UUID.
pub const RFR_INTERFACE: oxwire_msrpc::Uuid = oxwire_msrpc::interfaces::RFR;
