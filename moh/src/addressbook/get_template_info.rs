//! GetTemplateInfo (MS-OXCMAPIHTTP 2.2.5.9): a display or address creation template.

use oxwire_nspi::moh::AddressBookTaggedPropertyValue;

use super::wire::{body, AnsiString};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetTemplateInfo request body (2.2.5.9.1).
    GetTemplateInfoRequest, "GetTemplateInfo request" {
        /// `Flags`: TI_TEMPLATE 0x1, TI_SCRIPT 0x4, TI_EMT 0x10, TI_HELPFILE_NAME 0x20,
        /// TI_HELPFILE_CONTENTS 0x40.
        flags: u32 = "Flags";
        /// `DisplayType`: the display type of the template wanted.
        display_type: u32 = "DisplayType";
        /// `HasTemplateDn` and `TemplateDn`.
        template_dn: Option<AnsiString<'a>> = has "HasTemplateDn", "TemplateDn";
        /// `CodePage`.
        code_page: u32 = "CodePage";
        /// `LocaleId`.
        locale_id: u32 = "LocaleId";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetTemplateInfo response body (2.2.5.9.2) after a zero `StatusCode`.
    GetTemplateInfoResponse, "GetTemplateInfo response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `CodePage`.
        code_page: u32 = "CodePage";
        /// `HasRow` and `Row`: the template's properties.
        row: Option<Vec<AddressBookTaggedPropertyValue<'a>>> = has "HasRow", "Row";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
