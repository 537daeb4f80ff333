//! GetSpecialTable (MS-OXCMAPIHTTP 2.2.5.8): the address book hierarchy table or the
//! address creation templates table.

use oxwire_nspi::moh::AddressBookTaggedPropertyValue;
use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetSpecialTable request body (2.2.5.8.1).
    GetSpecialTableRequest, "GetSpecialTable request" {
        /// `Flags`: NspiAddressCreationTemplates 0x2, NspiUnicodeStrings 0x4.
        flags: u32 = "Flags";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasVersion` and `Version`: the hierarchy table version the client holds.
        version: Option<u32> = has "HasVersion", "Version";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetSpecialTable response body (2.2.5.8.2) after a zero `StatusCode`.
    GetSpecialTableResponse, "GetSpecialTable response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `CodePage`.
        code_page: u32 = "CodePage";
        /// `HasVersion` and `Version`: the server's hierarchy table version.
        version: Option<u32> = has "HasVersion", "Version";
        /// `HasRows`, `RowsCount` and `Rows`: one `AddressBookPropertyValueList` per row.
        rows: Option<Vec<Vec<AddressBookTaggedPropertyValue<'a>>>> = has "HasRows", "Rows";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
