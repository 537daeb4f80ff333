//! Property ROPs (MS-OXCROPS 2.2.8; MS-OXCPRPT).

use super::macros::{request, response};
use super::reader::{Put, Reader};
use super::wire::{len_u16, SizedTaggedValues, Wire};
use super::{ResponseBody, ResponseContext, Result, RopError, NULL_DESTINATION_OBJECT};
use crate::prop::{
    Encoding, Guid, PropTag, PropTagArray, PropertyName, PropertyProblems, PropertyRow,
    TaggedValues,
};

super::wire::counted_list!(
    /// PropertyNames with a u16 count.
    PropertyNames,
    PropertyName,
    u16,
    17,
    "PropertyNameCount"
);
super::wire::counted_list!(
    /// Property ids with a u16 count.
    PropertyIds,
    u16,
    u16,
    2,
    "PropertyIdCount"
);

request! {
    /// RopGetPropertyIdsFromNames request (0x56).
    RopGetPropertyIdsFromNamesRequest { flags: u8, property_names: PropertyNames }
}
response! {
    /// RopGetPropertyIdsFromNames success (or ecWarnWithErrors) response.
    RopGetPropertyIdsFromNamesResponse { property_ids: PropertyIds }
}
request! {
    /// RopGetNamesFromPropertyIds request (0x55).
    RopGetNamesFromPropertyIdsRequest { property_ids: PropertyIds }
}
response! {
    /// RopGetNamesFromPropertyIds success (or ecWarnWithErrors) response.
    RopGetNamesFromPropertyIdsResponse { property_names: PropertyNames }
}
request! {
    /// RopGetPropertiesSpecific request (0x07).
    RopGetPropertiesSpecificRequest { property_size_limit: u16, want_unicode: u16, property_tags: PropTagArray }
}

/// RopGetPropertiesSpecific success response: one PropertyRow over the requested tags.
#[derive(Clone, Debug, PartialEq)]
pub struct RopGetPropertiesSpecificResponse {
    /// RowData.
    pub row: PropertyRow,
}

impl ResponseBody for Option<RopGetPropertiesSpecificResponse> {
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc != 0 {
            return Ok(None);
        }
        let tags = ctx.property_tags.ok_or(RopError::MissingContext {
            rop: "RopGetPropertiesSpecific",
            needs: "the requested PropertyTags",
        })?;
        Ok(Some(RopGetPropertiesSpecificResponse {
            row: PropertyRow::read(r, tags, Encoding::ROP)?,
        }))
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Some(b) => b.row.write(out, Encoding::ROP),
            None => Ok(()),
        }
    }
}

request! {
    /// RopGetPropertiesAll request (0x08).
    RopGetPropertiesAllRequest { property_size_limit: u16, want_unicode: u16 }
}
response! {
    /// Success response carrying TaggedPropertyValues with a u16 count (RopGetPropertiesAll).
    TaggedValuesResponse { property_values: TaggedValues }
}
request! {
    /// RopGetPropertiesList request (0x09).
    RopGetPropertiesListRequest {}
}
request! {
    /// RopSetProperties request (0x0A).
    RopSetPropertiesRequest { property_values: SizedTaggedValues }
}
response! {
    /// Success response carrying PropertyProblems (RopSetProperties, RopDeleteProperties and
    /// their NoReplicate forms).
    PropertyProblemsResponse { property_problems: PropertyProblems }
}
request! {
    /// RopSetPropertiesNoReplicate request (0x79).
    RopSetPropertiesNoReplicateRequest { property_values: SizedTaggedValues }
}
request! {
    /// RopDeleteProperties request (0x0B).
    RopDeletePropertiesRequest { property_tags: PropTagArray }
}
request! {
    /// RopDeletePropertiesNoReplicate request (0x7A).
    RopDeletePropertiesNoReplicateRequest { property_tags: PropTagArray }
}

/// RopQueryNamedProperties request (0x5F): QueryFlags, HasGuid, PropertyGuid when HasGuid.
#[derive(Clone, Debug, PartialEq)]
pub struct RopQueryNamedPropertiesRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// QueryFlags.
    pub query_flags: u8,
    /// HasGuid as sent.
    pub has_guid: u8,
    /// PropertyGuid.
    pub property_guid: Option<Guid>,
}

impl Wire for RopQueryNamedPropertiesRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let query_flags = r.u8("QueryFlags")?;
        let has_guid = r.u8("HasGuid")?;
        let property_guid = if has_guid != 0 {
            Some(Guid::read(r)?)
        } else {
            None
        };
        Ok(RopQueryNamedPropertiesRequest {
            logon_id,
            input_handle_index,
            query_flags,
            has_guid,
            property_guid,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.input_handle_index,
            self.query_flags,
            self.has_guid,
        ]);
        if let Some(g) = &self.property_guid {
            g.write(out)?;
        }
        Ok(())
    }
}

impl super::RequestHandles for RopQueryNamedPropertiesRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
}

/// RopQueryNamedProperties success response: IdCount, PropertyIds, PropertyNames.
#[derive(Clone, Debug, PartialEq)]
pub struct RopQueryNamedPropertiesResponse {
    /// (PropertyId, PropertyName) pairs.
    pub entries: Vec<(u16, PropertyName)>,
}

impl Wire for RopQueryNamedPropertiesResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("IdCount")? as usize;
        r.check_count(n, 2 + 17, "IdCount")?;
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            ids.push(r.u16("PropertyId")?);
        }
        let mut entries = Vec::with_capacity(n);
        for id in ids {
            entries.push((id, PropertyName::read(r)?));
        }
        Ok(RopQueryNamedPropertiesResponse { entries })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(self.entries.len(), "IdCount")?);
        for (id, _) in &self.entries {
            out.put_u16(*id);
        }
        for (_, n) in &self.entries {
            n.write(out)?;
        }
        Ok(())
    }
}

request! {
    /// RopCopyProperties request (0x67).
    RopCopyPropertiesRequest dest { want_asynchronous: u8, copy_flags: u8, property_tags: PropTagArray }
}
request! {
    /// RopCopyTo request (0x39).
    RopCopyToRequest dest {
        want_asynchronous: u8,
        want_sub_objects: u8,
        copy_flags: u8,
        excluded_tags: PropTagArray,
    }
}

/// Response of RopCopyProperties and RopCopyTo: PropertyProblems on success, DestHandleIndex
/// (u32) on ecNullDestinationObject, nothing otherwise.
#[derive(Clone, Debug, PartialEq)]
pub enum CopyPropertiesResponse {
    /// Success.
    Problems(PropertyProblems),
    /// ecNullDestinationObject.
    NullDestination(u32),
    /// Other failure.
    Failed,
}

impl ResponseBody for CopyPropertiesResponse {
    fn read_body(r: &mut Reader<'_>, rc: u32, _: &ResponseContext<'_>) -> Result<Self> {
        Ok(match rc {
            0 => CopyPropertiesResponse::Problems(PropertyProblems::read(r)?),
            NULL_DESTINATION_OBJECT => {
                CopyPropertiesResponse::NullDestination(r.u32("DestHandleIndex")?)
            }
            _ => CopyPropertiesResponse::Failed,
        })
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            CopyPropertiesResponse::Problems(p) => p.write(out),
            CopyPropertiesResponse::NullDestination(d) => {
                out.put_u32(*d);
                Ok(())
            }
            CopyPropertiesResponse::Failed => Ok(()),
        }
    }
}

request! {
    /// RopProgress request (0x50).
    RopProgressRequest { want_cancel: u8 }
}
response! {
    /// RopProgress success response.
    RopProgressResponse { logon_id: u8, completed_task_count: u32, total_task_count: u32 }
}
request! {
    /// RopOpenStream request (0x2B).
    RopOpenStreamRequest out { property_tag: PropTag, open_mode_flags: u8 }
}
response! {
    /// RopOpenStream success response.
    RopOpenStreamResponse { stream_size: u32 }
}
