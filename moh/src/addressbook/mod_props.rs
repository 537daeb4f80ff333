//! ModProps (MS-OXCMAPIHTTP 2.2.5.11): change properties of an address book object.

use oxwire_nspi::moh::AddressBookTaggedPropertyValue;
use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// ModProps request body (2.2.5.11.1).
    ModPropsRequest, "ModProps request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`: `CurrentRec` names the object.
        state: Option<Stat> = has "HasState", "State";
        /// `HasPropertyTags` and `PropertyTagsToRemove`.
        prop_tags_to_remove: Option<Vec<u32>> = has "HasPropertyTags", "PropertyTagsToRemove";
        /// `HasPropertyValues` and `PropertyValues`: the values to set.
        values: Option<Vec<AddressBookTaggedPropertyValue<'a>>> =
            has "HasPropertyValues", "PropertyValues";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// ModProps response body (2.2.5.11.2) after a zero `StatusCode`.
    ModPropsResponse, "ModProps response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
