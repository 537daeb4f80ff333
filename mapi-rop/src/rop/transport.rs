//! Transport ROPs (MS-OXCROPS 2.2.7; MS-OXOMSG).

use super::macros::{request, response};
use super::reader::{Put, Reader};
use super::wire::{len_u16, read_vec, Bytes16, Wire};
use super::Result;
use crate::prop::{AString, FolderId, MessageId, TaggedValues};

request! {
    /// RopSubmitMessage request (0x32).
    RopSubmitMessageRequest { submit_flags: u8 }
}
request! {
    /// RopAbortSubmit request (0x34).
    RopAbortSubmitRequest { folder_id: FolderId, message_id: MessageId }
}
request! {
    /// RopGetAddressTypes request (0x49).
    RopGetAddressTypesRequest {}
}

/// RopGetAddressTypes success response: AddressTypeCount, AddressTypeSize (bytes of all
/// strings), AddressTypes.
#[derive(Clone, Debug, PartialEq)]
pub struct RopGetAddressTypesResponse {
    /// AddressTypes.
    pub address_types: Vec<AString>,
}

impl Wire for RopGetAddressTypesResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("AddressTypeCount")? as usize;
        let size = r.u16("AddressTypeSize")? as usize;
        let mut s = r.sub(size, "AddressTypes")?;
        let address_types = read_vec(&mut s, n, 1, "AddressTypeCount")?;
        if !s.is_empty() {
            return Err(super::RopError::Invalid {
                what: "AddressTypeSize",
                offset: s.offset(),
                reason: "bytes left after the address types",
            });
        }
        Ok(RopGetAddressTypesResponse { address_types })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(self.address_types.len(), "AddressTypeCount")?);
        let size: usize = self.address_types.iter().map(|a| a.0.len() + 1).sum();
        out.put_u16(len_u16(size, "AddressTypeSize")?);
        super::wire::write_all(&self.address_types, out)
    }
}

request! {
    /// RopSetSpooler request (0x47).
    RopSetSpoolerRequest {}
}
request! {
    /// RopSpoolerLockMessage request (0x48).
    RopSpoolerLockMessageRequest { message_id: MessageId, lock_state: u8 }
}
request! {
    /// RopTransportSend request (0x4A).
    RopTransportSendRequest {}
}

/// RopTransportSend success response: NoPropertiesReturned, then the values when it is zero.
#[derive(Clone, Debug, PartialEq)]
pub struct RopTransportSendResponse {
    /// NoPropertiesReturned as sent.
    pub no_properties_returned: u8,
    /// PropertyValueCount and PropertyValues.
    pub property_values: Option<TaggedValues>,
}

impl Wire for RopTransportSendResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let no_properties_returned = r.u8("NoPropertiesReturned")?;
        let property_values = if no_properties_returned == 0 {
            Some(TaggedValues::read(r)?)
        } else {
            None
        };
        Ok(RopTransportSendResponse {
            no_properties_returned,
            property_values,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.no_properties_returned);
        if let Some(v) = &self.property_values {
            v.write(out)?;
        }
        Ok(())
    }
}

request! {
    /// RopTransportNewMail request (0x51).
    RopTransportNewMailRequest {
        message_id: MessageId,
        folder_id: FolderId,
        message_class: AString,
        message_flags: u32,
    }
}
request! {
    /// RopGetTransportFolder request (0x6D).
    RopGetTransportFolderRequest {}
}
response! {
    /// RopGetTransportFolder success response.
    RopGetTransportFolderResponse { folder_id: FolderId }
}
request! {
    /// RopOptionsData request (0x6F).
    RopOptionsDataRequest { address_type: AString, want_win32: u8 }
}

/// RopOptionsData success response.
#[derive(Clone, Debug, PartialEq)]
pub struct RopOptionsDataResponse {
    /// Reserved.
    pub reserved: u8,
    /// OptionsInfo.
    pub options_info: Bytes16,
    /// HelpFile.
    pub help_file: Bytes16,
    /// HelpFileName, present when HelpFileSize is nonzero.
    pub help_file_name: Option<AString>,
}

impl Wire for RopOptionsDataResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let reserved = r.u8("Reserved")?;
        let options_info = Bytes16::read(r)?;
        let help_file = Bytes16::read(r)?;
        let help_file_name = if help_file.0.is_empty() {
            None
        } else {
            Some(AString::read(r, "HelpFileName")?)
        };
        Ok(RopOptionsDataResponse {
            reserved,
            options_info,
            help_file,
            help_file_name,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.reserved);
        self.options_info.write(out)?;
        self.help_file.write(out)?;
        if let Some(n) = &self.help_file_name {
            n.write(out)?;
        }
        Ok(())
    }
}
