//! GetPropList (MS-OXCMAPIHTTP 2.2.5.6): the property tags an address book object has.

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetPropList request body (2.2.5.6.1).
    GetPropListRequest, "GetPropList request" {
        /// `Flags`: fSkipObjects 0x1 leaves out PtypEmbeddedTable properties.
        flags: u32 = "Flags";
        /// `MinimalId`: the object.
        min_id: u32 = "MinimalId";
        /// `CodePage`: for 8-bit string properties.
        code_page: u32 = "CodePage";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetPropList response body (2.2.5.6.2) after a zero `StatusCode`.
    GetPropListResponse, "GetPropList response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasPropertyTags` and `PropertyTags`.
        prop_tags: Option<Vec<u32>> = has "HasPropertyTags", "PropertyTags";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
