//! Transfer syntaxes and the data representation that shape the octet stream.

/// The NDR transfer syntax a stub is encoded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NdrSyntax {
    /// NDR 2.0 (C706 chapter 14): 4-octet counts and referent ids, 2-octet enums.
    Ndr20,
    /// NDR64 (MS-RPCE 2.2.5): 8-octet counts and referent ids, 4-octet enums,
    /// trailing structure padding.
    Ndr64,
}

impl NdrSyntax {
    /// Transfer syntax UUID of NDR 2.0 in its textual form.
    pub const NDR20_UUID: &'static str = "8a885d04-1ceb-11c9-9fe8-08002b104860";
    /// Interface version of the NDR 2.0 transfer syntax (major 2, minor 0).
    pub const NDR20_VERSION: u32 = 2;
    /// Transfer syntax UUID of NDR64 in its textual form.
    pub const NDR64_UUID: &'static str = "71710533-beba-4937-8319-b5dbef9ccc36";
    /// Interface version of the NDR64 transfer syntax (major 1, minor 0).
    pub const NDR64_VERSION: u32 = 1;

    /// Size in octets of conformance, variance and referent ids: 4 or 8.
    #[inline]
    pub const fn count_size(self) -> usize {
        match self {
            NdrSyntax::Ndr20 => 4,
            NdrSyntax::Ndr64 => 8,
        }
    }

    /// Alignment (and size) of an embedded pointer's referent id.
    #[inline]
    pub const fn pointer_align(self) -> usize {
        self.count_size()
    }

    /// Size in octets of an `enum` (without `v1_enum`): 2 in NDR20, 4 in NDR64.
    #[inline]
    pub const fn enum_size(self) -> usize {
        match self {
            NdrSyntax::Ndr20 => 2,
            NdrSyntax::Ndr64 => 4,
        }
    }

    /// Whether this is NDR64.
    #[inline]
    pub const fn is_ndr64(self) -> bool {
        matches!(self, NdrSyntax::Ndr64)
    }
}

/// Bounds the reader enforces on top of "counts must fit in the remaining bytes".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of pointer referents (and of [`NdrReader::enter`] calls),
    /// which bounds recursion on linked structures. Default 64: the deepest
    /// structures of the Exchange interfaces (restrictions, NSPI property
    /// rows) nest far less.
    ///
    /// [`NdrReader::enter`]: super::NdrReader::enter
    pub max_depth: u32,
    /// Maximum element count of any single array or string. Default
    /// 0x0100_0000 (16 Mi): larger than any MS-OXCRPC buffer (0x40000) or any
    /// NSPI row set seen in practice, small enough to bound allocation of
    /// multi-octet element types.
    pub max_elements: u64,
    /// Whether strings declared `[string]` must contain a NUL terminator within
    /// `actual_count` (C706 14.3.4). Default `true`; turn it off to tolerate
    /// peers that omit it.
    pub require_terminator: bool,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        max_depth: 64,
        max_elements: 0x0100_0000,
        require_terminator: true,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
