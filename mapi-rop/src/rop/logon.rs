//! Logon ROPs (MS-OXCROPS 2.2.3; MS-OXCSTOR).

use super::macros::{request, response};
use super::reader::{Put, Reader};
use super::wire::{len_u16, len_u8, read_vec, Wire};
use super::{
    LogonKinds, RequestHandles, ResponseBody, ResponseContext, Result, RopError, WRONG_SERVER,
};
use crate::prop::{
    AString, Encoding, FolderId, Guid, LongTermId, PropTag, PropertyRow, ShortTermId,
};

/// LogonFlags bit: a private mailbox logon (MS-OXCSTOR 2.2.1.1.1).
pub const LOGON_PRIVATE: u8 = 0x01;

/// RopLogon request (0xFE): LogonId, OutputHandleIndex, LogonFlags, OpenFlags, StoreState,
/// EssdnSize, Essdn.
#[derive(Clone, Debug, PartialEq)]
pub struct RopLogonRequest {
    /// LogonId.
    pub logon_id: u8,
    /// OutputHandleIndex.
    pub output_handle_index: u8,
    /// LogonFlags (0x01 private mailbox).
    pub logon_flags: u8,
    /// OpenFlags.
    pub open_flags: u32,
    /// StoreState.
    pub store_state: u32,
    /// Essdn: EssdnSize bytes as sent (including the NUL terminator when non-empty).
    pub essdn: Vec<u8>,
}

impl Wire for RopLogonRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let output_handle_index = r.u8("OutputHandleIndex")?;
        let logon_flags = r.u8("LogonFlags")?;
        let open_flags = r.u32("OpenFlags")?;
        let store_state = r.u32("StoreState")?;
        let n = r.u16("EssdnSize")? as usize;
        let essdn = r.take(n, "Essdn")?.to_vec();
        Ok(RopLogonRequest {
            logon_id,
            output_handle_index,
            logon_flags,
            open_flags,
            store_state,
            essdn,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.logon_id);
        out.put_u8(self.output_handle_index);
        out.put_u8(self.logon_flags);
        out.put_u32(self.open_flags);
        out.put_u32(self.store_state);
        out.put_u16(len_u16(self.essdn.len(), "EssdnSize")?);
        out.extend_from_slice(&self.essdn);
        Ok(())
    }
}

impl RequestHandles for RopLogonRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn output_handle_index(&self) -> Option<u8> {
        Some(self.output_handle_index)
    }
}

/// LogonTime (MS-OXCROPS 2.2.3.1.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogonTime {
    /// Seconds.
    pub seconds: u8,
    /// Minutes.
    pub minutes: u8,
    /// Hour.
    pub hour: u8,
    /// DayOfWeek.
    pub day_of_week: u8,
    /// Day.
    pub day: u8,
    /// Month.
    pub month: u8,
    /// Year.
    pub year: u16,
}

impl Wire for LogonTime {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(LogonTime {
            seconds: r.u8("Seconds")?,
            minutes: r.u8("Minutes")?,
            hour: r.u8("Hour")?,
            day_of_week: r.u8("DayOfWeek")?,
            day: r.u8("Day")?,
            month: r.u8("Month")?,
            year: r.u16("Year")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.seconds,
            self.minutes,
            self.hour,
            self.day_of_week,
            self.day,
            self.month,
        ]);
        out.put_u16(self.year);
        Ok(())
    }
}

response! {
    /// RopLogon success response for a private mailbox.
    RopLogonPrivateResponse {
        logon_flags: u8,
        folder_ids: [FolderId; 13],
        response_flags: u8,
        mailbox_guid: Guid,
        replica_id: u16,
        replica_guid: Guid,
        logon_time: LogonTime,
        gwart_time: u64,
        store_state: u32,
    }
}

response! {
    /// RopLogon success response for public folders.
    RopLogonPublicResponse {
        logon_flags: u8,
        folder_ids: [FolderId; 13],
        replica_id: u16,
        replica_guid: Guid,
        per_user_guid: Guid,
    }
}

impl<const N: usize> Wire for [ShortTermId; N] {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut a = [ShortTermId::default(); N];
        for x in a.iter_mut() {
            *x = ShortTermId::read(r)?;
        }
        Ok(a)
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        for x in self {
            x.write(out)?;
        }
        Ok(())
    }
}

/// What follows a RopLogon response header.
#[derive(Clone, Debug, PartialEq)]
pub enum RopLogonResponse {
    /// Private mailbox success.
    Private(RopLogonPrivateResponse),
    /// Public folders success.
    Public(RopLogonPublicResponse),
    /// ecWrongServer (0x478): LogonFlags, ServerNameSize, ServerName.
    Redirect {
        /// LogonFlags.
        logon_flags: u8,
        /// ServerName: ServerNameSize bytes as sent (with the NUL).
        server_name: Vec<u8>,
    },
    /// Any other failure: nothing follows.
    Failed,
}

impl ResponseBody for RopLogonResponse {
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc == WRONG_SERVER {
            let logon_flags = r.u8("LogonFlags")?;
            let n = r.u8("ServerNameSize")? as usize;
            return Ok(RopLogonResponse::Redirect {
                logon_flags,
                server_name: r.take(n, "ServerName")?.to_vec(),
            });
        }
        if rc != 0 {
            return Ok(RopLogonResponse::Failed);
        }
        // The request's LogonFlags decide the shape; without the request, the response's own
        // LogonFlags (its first byte, an echo) serve.
        let flags = match ctx.logon_flags {
            Some(f) => f,
            None => r.peek_u8("LogonFlags")?,
        };
        Ok(if flags & LOGON_PRIVATE != 0 {
            RopLogonResponse::Private(Wire::read(r)?)
        } else {
            RopLogonResponse::Public(Wire::read(r)?)
        })
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            RopLogonResponse::Private(p) => p.write(out),
            RopLogonResponse::Public(p) => p.write(out),
            RopLogonResponse::Redirect {
                logon_flags,
                server_name,
            } => {
                out.put_u8(*logon_flags);
                out.put_u8(len_u8(server_name.len(), "ServerNameSize")?);
                out.extend_from_slice(server_name);
                Ok(())
            }
            RopLogonResponse::Failed => Ok(()),
        }
    }
}

request! {
    /// RopGetReceiveFolder request (0x27).
    RopGetReceiveFolderRequest { message_class: AString }
}
response! {
    /// RopGetReceiveFolder success response.
    RopGetReceiveFolderResponse { folder_id: FolderId, explicit_message_class: AString }
}
request! {
    /// RopSetReceiveFolder request (0x26).
    RopSetReceiveFolderRequest { folder_id: FolderId, message_class: AString }
}
request! {
    /// RopGetReceiveFolderTable request (0x68).
    RopGetReceiveFolderTableRequest {}
}

/// Columns of every RopGetReceiveFolderTable row (MS-OXCROPS 2.2.3.4.2): PidTagFolderId,
/// PidTagMessageClass (8-bit), PidTagLastModificationTime.
pub const RECEIVE_FOLDER_COLUMNS: [PropTag; 3] = [
    PropTag(0x6748_0014),
    PropTag(0x001A_001E),
    PropTag(0x3008_0040),
];

/// RopGetReceiveFolderTable success response: RowCount (u32) standard rows.
#[derive(Clone, Debug, PartialEq)]
pub struct RopGetReceiveFolderTableResponse {
    /// Rows over [`RECEIVE_FOLDER_COLUMNS`].
    pub rows: Vec<PropertyRow>,
}

impl Wire for RopGetReceiveFolderTableResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u32("RowCount")? as usize;
        r.check_count(n, 1 + 8 + 1 + 8, "RowCount")?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            rows.push(PropertyRow::read(
                r,
                &RECEIVE_FOLDER_COLUMNS,
                Encoding::ROP,
            )?);
        }
        Ok(RopGetReceiveFolderTableResponse { rows })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(super::wire::len_u32(self.rows.len(), "RowCount")?);
        for row in &self.rows {
            row.write(out, Encoding::ROP)?;
        }
        Ok(())
    }
}

request! {
    /// RopGetStoreState request (0x7B).
    RopGetStoreStateRequest {}
}
response! {
    /// RopGetStoreState success response.
    RopGetStoreStateResponse { store_state: u32 }
}
request! {
    /// RopGetOwningServers request (0x42).
    RopGetOwningServersRequest { folder_id: FolderId }
}

/// A server list: count, cheap count, NUL-terminated names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerList {
    /// CheapServersCount.
    pub cheap_count: u16,
    /// Servers.
    pub servers: Vec<AString>,
}

impl Wire for ServerList {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("ServersCount")? as usize;
        let cheap_count = r.u16("CheapServersCount")?;
        Ok(ServerList {
            cheap_count,
            servers: read_vec(r, n, 1, "ServersCount")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(self.servers.len(), "ServersCount")?);
        out.put_u16(self.cheap_count);
        super::wire::write_all(&self.servers, out)
    }
}

response! {
    /// RopGetOwningServers success response.
    RopGetOwningServersResponse { servers: ServerList }
}
request! {
    /// RopPublicFolderIsGhosted request (0x45).
    RopPublicFolderIsGhostedRequest { folder_id: FolderId }
}

/// IsGhosted and, when nonzero, the servers (RopPublicFolderIsGhosted, RopOpenFolder).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ghosted {
    /// IsGhosted as sent.
    pub is_ghosted: u8,
    /// Servers, present when IsGhosted is nonzero.
    pub servers: Option<ServerList>,
}

impl Wire for Ghosted {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let is_ghosted = r.u8("IsGhosted")?;
        let servers = if is_ghosted != 0 {
            Some(ServerList::read(r)?)
        } else {
            None
        };
        Ok(Ghosted {
            is_ghosted,
            servers,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.is_ghosted);
        match (&self.servers, self.is_ghosted) {
            (Some(s), g) if g != 0 => s.write(out),
            (None, 0) => Ok(()),
            _ => Err(RopError::Unencodable {
                what: "IsGhosted",
                reason: "server list presence does not match IsGhosted",
            }),
        }
    }
}

response! {
    /// RopPublicFolderIsGhosted success response.
    RopPublicFolderIsGhostedResponse { ghosted: Ghosted }
}
request! {
    /// RopLongTermIdFromId request (0x43).
    RopLongTermIdFromIdRequest { object_id: ShortTermId }
}
response! {
    /// RopLongTermIdFromId success response.
    RopLongTermIdFromIdResponse { long_term_id: LongTermId }
}
request! {
    /// RopIdFromLongTermId request (0x44).
    RopIdFromLongTermIdRequest { long_term_id: LongTermId }
}
response! {
    /// RopIdFromLongTermId success response.
    RopIdFromLongTermIdResponse { object_id: ShortTermId }
}
request! {
    /// RopGetPerUserLongTermIds request (0x60).
    RopGetPerUserLongTermIdsRequest { database_guid: Guid }
}
super::wire::counted_list!(
    /// LongTermIds with a u16 count.
    LongTermIds,
    LongTermId,
    u16,
    24,
    "LongTermIdCount"
);
response! {
    /// RopGetPerUserLongTermIds success response.
    RopGetPerUserLongTermIdsResponse { long_term_ids: LongTermIds }
}
request! {
    /// RopGetPerUserGuid request (0x61).
    RopGetPerUserGuidRequest { long_term_id: LongTermId }
}
response! {
    /// RopGetPerUserGuid success response.
    RopGetPerUserGuidResponse { database_guid: Guid }
}
request! {
    /// RopReadPerUserInformation request (0x63).
    RopReadPerUserInformationRequest {
        folder_id: LongTermId,
        reserved: u8,
        data_offset: u32,
        max_data_size: u16,
    }
}
response! {
    /// RopReadPerUserInformation success response.
    RopReadPerUserInformationResponse { has_finished: u8, data: super::Bytes16 }
}

/// RopWritePerUserInformation request (0x64). ReplGuid is present when DataOffset is 0 on a
/// private-mailbox logon (MS-OXCROPS 2.2.3.13.1).
#[derive(Clone, Debug, PartialEq)]
pub struct RopWritePerUserInformationRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// FolderId (a LongTermId).
    pub folder_id: LongTermId,
    /// HasFinished.
    pub has_finished: u8,
    /// DataOffset.
    pub data_offset: u32,
    /// Data.
    pub data: Vec<u8>,
    /// ReplGuid.
    pub repl_guid: Option<Guid>,
}

impl RopWritePerUserInformationRequest {
    pub(crate) fn read_with(r: &mut Reader<'_>, logons: &LogonKinds) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let folder_id = LongTermId::read(r)?;
        let has_finished = r.u8("HasFinished")?;
        let data_offset = r.u32("DataOffset")?;
        let n = r.u16("DataSize")? as usize;
        let data = r.take(n, "Data")?.to_vec();
        let repl_guid = if data_offset == 0 && !logons.is_public(logon_id) {
            Some(Guid::read(r)?)
        } else {
            None
        };
        Ok(RopWritePerUserInformationRequest {
            logon_id,
            input_handle_index,
            folder_id,
            has_finished,
            data_offset,
            data,
            repl_guid,
        })
    }
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.logon_id);
        out.put_u8(self.input_handle_index);
        self.folder_id.write(out)?;
        out.put_u8(self.has_finished);
        out.put_u32(self.data_offset);
        out.put_u16(len_u16(self.data.len(), "DataSize")?);
        out.extend_from_slice(&self.data);
        if let Some(g) = &self.repl_guid {
            g.write(out)?;
        }
        Ok(())
    }
}

impl RequestHandles for RopWritePerUserInformationRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
}
