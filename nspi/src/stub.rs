//! Shared plumbing for call stubs: parameter lists read and written top-level in order,
//! and the strict end-of-stub check.

use oxwire_msrpc::ndr::{Limits, NdrReader, NdrSyntax, NdrWriter};

use crate::error::{Error, Result};

/// NDR limits for NSPI stubs: nesting depth 64 (restrictions nest through pointers, each a
/// level) and at most 2097152 elements in one array (the `Binary_r.cb` range of MS-NSPI
/// 2.3.1.3, the largest count the interface allows).
pub const NDR_LIMITS: Limits = Limits {
    max_depth: 64,
    max_elements: 2_097_152,
    require_terminator: false,
};

pub(crate) fn reader(stub: &[u8], syntax: NdrSyntax, little_endian: bool) -> NdrReader<'_> {
    NdrReader::with_limits(stub, syntax, little_endian, NDR_LIMITS)
}

pub(crate) fn finish(r: &NdrReader<'_>, call: &'static str, dir: &'static str) -> Result<()> {
    if r.remaining() != 0 {
        return Err(Error::TrailingBytes {
            call,
            dir,
            offset: r.position(),
            count: r.remaining(),
        });
    }
    Ok(())
}

pub(crate) fn writer(syntax: NdrSyntax, little_endian: bool) -> NdrWriter {
    NdrWriter::new(syntax, little_endian)
}

/// Declares a parameter-list structure whose fields are top-level parameters, read and
/// written in declaration order.
macro_rules! params {
    ($(#[$m:meta])* $name:ident<$lt:lifetime> { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name<$lt> { $($(#[$fm])* pub $field: $ty,)* }
        impl<$lt> $name<$lt> {
            pub(crate) fn read(r: &mut oxwire_msrpc::ndr::NdrReader<$lt>) -> oxwire_msrpc::ndr::Result<Self> {
                Ok($name { $($field: oxwire_msrpc::ndr::decode_top_level(r)?,)* })
            }
            pub(crate) fn write(&self, w: &mut oxwire_msrpc::ndr::NdrWriter) -> oxwire_msrpc::ndr::Result<()> {
                $(oxwire_msrpc::ndr::encode_top_level(w, &self.$field)?;)*
                Ok(())
            }
        }
    };
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)* }
        impl $name {
            pub(crate) fn read(r: &mut oxwire_msrpc::ndr::NdrReader<'_>) -> oxwire_msrpc::ndr::Result<Self> {
                Ok($name { $($field: oxwire_msrpc::ndr::decode_top_level(r)?,)* })
            }
            pub(crate) fn write(&self, w: &mut oxwire_msrpc::ndr::NdrWriter) -> oxwire_msrpc::ndr::Result<()> {
                $(oxwire_msrpc::ndr::encode_top_level(w, &self.$field)?;)*
                Ok(())
            }
        }
    };
}

pub(crate) use params;
