//! GetProps (MS-OXCMAPIHTTP 2.2.5.7): property values of the object a STAT points at.

use oxwire_nspi::moh::AddressBookTaggedPropertyValue;
use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetProps request body (2.2.5.7.1).
    GetPropsRequest, "GetProps request" {
        /// `Flags`: fEphID 0x2 and fSkipObjects 0x1.
        flags: u32 = "Flags";
        /// `HasState` and `State`: `CurrentRec` names the object.
        state: Option<Stat> = has "HasState", "State";
        /// `HasPropertyTags` and `PropertyTags`: the properties wanted (all when absent).
        prop_tags: Option<Vec<u32>> = has "HasPropertyTags", "PropertyTags";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetProps response body (2.2.5.7.2) after a zero `StatusCode`.
    GetPropsResponse, "GetProps response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `CodePage`: of the 8-bit strings returned.
        code_page: u32 = "CodePage";
        /// `HasPropertyValues` and `PropertyValues` (an `AddressBookPropertyValueList`).
        values: Option<Vec<AddressBookTaggedPropertyValue<'a>>> =
            has "HasPropertyValues", "PropertyValues";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
