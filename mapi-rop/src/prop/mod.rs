//! MS-OXCDATA data structures as they appear in ROP buffers: property tags and values of
//! every type, tagged/typed/flagged values, property rows, restrictions, sort orders,
//! recipient rows, short and long term identifiers and named property identifiers.
//!
//! Count widths differ by context (MS-OXCDATA 2.11.1.1): inside ROP buffers, PtypBinary byte
//! counts and restriction counts are 16 bits and multi-valued value counts 32 bits; inside
//! extended rules (MS-OXORULE 2.2.4) and MAPI-over-HTTP structures every count is 32 bits.
//! [`Encoding`] carries the choice to every decoder that depends on it.
//!
//! ```
//! use oxwire_mapi_rop::prop::{Encoding, PropTag, PropertyValue, TaggedPropertyValue};
//! // PidTagMessageClass (0x001A, PtypString) = "IPM"
//! let bytes = [0x1f, 0x00, 0x1a, 0x00, b'I', 0, b'P', 0, b'M', 0, 0, 0];
//! let (v, used) = TaggedPropertyValue::decode(&bytes, Encoding::ROP).unwrap();
//! assert_eq!(used, bytes.len());
//! assert_eq!(v.tag, PropTag::new(0x001a, 0x001f));
//! assert_eq!(v.value, PropertyValue::String("IPM".into()));
//! let mut out = Vec::new();
//! v.encode(&mut out, Encoding::ROP).unwrap();
//! assert_eq!(out, bytes);
//! ```

mod ids;
mod recipient;
mod restriction;
mod row;
mod rule_action;
mod server_id;
mod sort;
mod value;

pub use ids::{Guid, LongTermId, PropertyName, ShortTermId};
pub use recipient::{flags as recipient_flags, RecipientRow, RecipientString};
pub use restriction::Restriction;
pub use row::{
    Cell, CellValue, PropertyProblem, PropertyRow, TaggedPropertyValue, TypedPropertyValue,
};
pub use rule_action::{
    action_flavor, action_type, ActionBlock, ActionData, ExtendedRuleActions,
    ExtendedRuleCondition, FolderEid, MoveCopyAction, NamedPropertyInformation, RecipientBlock,
    ReplyAction, ReplyTemplate, RuleAction,
};
pub use server_id::ServerId;
pub use sort::{SortOrder, SortOrderSet};
pub use value::{AString, PropertyValue, WString};

/// A folder identifier (MS-OXCDATA 2.2.1.1): a short-term id.
pub type FolderId = ShortTermId;
/// A message identifier (MS-OXCDATA 2.2.1.2): a short-term id.
pub type MessageId = ShortTermId;

/// Width of a COUNT field (MS-OXCDATA 2.11.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountWidth {
    /// 16 bits.
    U16,
    /// 32 bits.
    U32,
}

/// The count widths in force for one buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Encoding {
    /// Width of PtypBinary/PtypServerId byte counts and restriction/rule-action counts.
    pub byte_count: CountWidth,
    /// Width of the value count of every multi-valued type.
    pub value_count: CountWidth,
}

impl Encoding {
    /// ROP buffers: 16-bit byte counts, 32-bit multi-value counts.
    pub const ROP: Encoding = Encoding {
        byte_count: CountWidth::U16,
        value_count: CountWidth::U32,
    };
    /// Extended rules and MAPI-over-HTTP structures: every count 32 bits.
    pub const EXTENDED: Encoding = Encoding {
        byte_count: CountWidth::U32,
        value_count: CountWidth::U32,
    };
}

/// Property data type identifiers (MS-OXCDATA 2.11.1).
pub mod ptype {
    /// Any type; only in a TypedPropertyValue's column or a request.
    pub const UNSPECIFIED: u16 = 0x0000;
    /// No value.
    pub const NULL: u16 = 0x0001;
    /// 16-bit integer.
    pub const INTEGER16: u16 = 0x0002;
    /// 32-bit integer.
    pub const INTEGER32: u16 = 0x0003;
    /// 32-bit float.
    pub const FLOATING32: u16 = 0x0004;
    /// 64-bit float.
    pub const FLOATING64: u16 = 0x0005;
    /// 64-bit currency.
    pub const CURRENCY: u16 = 0x0006;
    /// OLE date (64-bit float).
    pub const FLOATING_TIME: u16 = 0x0007;
    /// 32-bit error code.
    pub const ERROR_CODE: u16 = 0x000A;
    /// Boolean (1 byte in ROP buffers).
    pub const BOOLEAN: u16 = 0x000B;
    /// COM object / embedded table.
    pub const OBJECT: u16 = 0x000D;
    /// 64-bit integer.
    pub const INTEGER64: u16 = 0x0014;
    /// 8-bit string, NUL-terminated.
    pub const STRING8: u16 = 0x001E;
    /// UTF-16LE string, NUL-terminated.
    pub const STRING: u16 = 0x001F;
    /// FILETIME.
    pub const TIME: u16 = 0x0040;
    /// GUID.
    pub const GUID: u16 = 0x0048;
    /// Server id.
    pub const SERVER_ID: u16 = 0x00FB;
    /// Restriction.
    pub const RESTRICTION: u16 = 0x00FD;
    /// Rule action.
    pub const RULE_ACTION: u16 = 0x00FE;
    /// Binary.
    pub const BINARY: u16 = 0x0102;
    /// Flag of the multi-valued variants.
    pub const MULTIPLE: u16 = 0x1000;
    /// Multi-value instance flag (table columns only).
    pub const MV_INSTANCE: u16 = 0x2000;
    /// Multiple 16-bit integers.
    pub const MULTIPLE_INTEGER16: u16 = 0x1002;
    /// Multiple 32-bit integers.
    pub const MULTIPLE_INTEGER32: u16 = 0x1003;
    /// Multiple 32-bit floats.
    pub const MULTIPLE_FLOATING32: u16 = 0x1004;
    /// Multiple 64-bit floats.
    pub const MULTIPLE_FLOATING64: u16 = 0x1005;
    /// Multiple currency values.
    pub const MULTIPLE_CURRENCY: u16 = 0x1006;
    /// Multiple OLE dates.
    pub const MULTIPLE_FLOATING_TIME: u16 = 0x1007;
    /// Multiple 64-bit integers.
    pub const MULTIPLE_INTEGER64: u16 = 0x1014;
    /// Multiple 8-bit strings.
    pub const MULTIPLE_STRING8: u16 = 0x101E;
    /// Multiple UTF-16 strings.
    pub const MULTIPLE_STRING: u16 = 0x101F;
    /// Multiple FILETIMEs.
    pub const MULTIPLE_TIME: u16 = 0x1040;
    /// Multiple GUIDs.
    pub const MULTIPLE_GUID: u16 = 0x1048;
    /// Multiple binaries.
    pub const MULTIPLE_BINARY: u16 = 0x1102;
}

/// A property tag: property id in the high 16 bits, property type in the low 16 bits
/// (MS-OXCDATA 2.9). On the wire it is a little-endian u32, so the type comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PropTag(pub u32);

impl PropTag {
    /// Builds a tag from id and type.
    pub const fn new(id: u16, prop_type: u16) -> Self {
        PropTag(((id as u32) << 16) | prop_type as u32)
    }
    /// The property id.
    pub const fn id(self) -> u16 {
        (self.0 >> 16) as u16
    }
    /// The property type.
    pub const fn prop_type(self) -> u16 {
        self.0 as u16
    }
}

impl crate::rop::Wire for PropTag {
    #[inline]
    fn read(r: &mut crate::rop::Reader<'_>) -> crate::rop::Result<Self> {
        Ok(PropTag(r.u32("PropertyTag")?))
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> crate::rop::Result<()> {
        out.extend_from_slice(&self.0.to_le_bytes());
        Ok(())
    }
}

crate::rop::wire::counted_list!(
    /// A PropertyTagArray with a u16 count (PropertyTagCount + PropertyTags).
    PropTagArray,
    PropTag,
    u16,
    4,
    "PropertyTagCount"
);

crate::rop::wire::counted_list!(
    /// A list of PropertyProblem structures with a u16 count.
    PropertyProblems,
    PropertyProblem,
    u16,
    10,
    "PropertyProblemCount"
);

crate::rop::wire::counted_list!(
    /// A list of TaggedPropertyValue structures with a u16 count (PropertyValueCount).
    TaggedValues,
    TaggedPropertyValue,
    u16,
    4,
    "PropertyValueCount"
);

crate::rop::wire::counted_list!(
    /// A list of folder or message ids with a u16 count.
    IdList,
    ShortTermId,
    u16,
    8,
    "IdCount"
);

/// Maximum nesting of restrictions accepted on decode.
pub const MAX_RESTRICTION_DEPTH: usize = 64;
