//! Request and response stubs of the seven endpoint mapper operations (C706 appendix O;
//! MS-RPCE 2.2.1.2 adds `[ptr]` to the optional parameters and `range(0,500)` to the
//! counts), in NDR20 and NDR64, either byte order.
//!
//! | opnum | operation | request | response |
//! |---|---|---|---|
//! | 0 | ept_insert | [`EptInsertRequest`] | [`StatusResponse`] |
//! | 1 | ept_delete | [`EptDeleteRequest`] | [`StatusResponse`] |
//! | 2 | ept_lookup | [`EptLookupRequest`] | [`EptLookupResponse`] |
//! | 3 | ept_map | [`EptMapRequest`] | [`EptMapResponse`] |
//! | 4 | ept_lookup_handle_free | [`EptLookupHandleFreeRequest`] | [`EptLookupHandleFreeResponse`] |
//! | 5 | ept_inq_object | [`EptInqObjectRequest`] | [`EptInqObjectResponse`] |
//! | 6 | ept_mgmt_delete | [`EptMgmtDeleteRequest`] | [`StatusResponse`] |

use oxwire_msrpc::ndr::{ContextHandle, NdrReader, NdrSyntax, NdrWriter};
use oxwire_msrpc::Uuid;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::types::{
    read_deferred_towers, read_entries, read_top, read_tower_ptrs_inline, read_uuid,
    write_deferred_towers, write_entries, write_top, write_tower_ptr_ids, write_uuid, EptEntry,
    Ptr, RpcIfId, Twr,
};

/// Operation numbers of the endpoint mapper interface.
pub mod opnum {
    /// ept_insert.
    pub const EPT_INSERT: u16 = 0;
    /// ept_delete.
    pub const EPT_DELETE: u16 = 1;
    /// ept_lookup.
    pub const EPT_LOOKUP: u16 = 2;
    /// ept_map.
    pub const EPT_MAP: u16 = 3;
    /// ept_lookup_handle_free.
    pub const EPT_LOOKUP_HANDLE_FREE: u16 = 4;
    /// ept_inq_object.
    pub const EPT_INQ_OBJECT: u16 = 5;
    /// ept_mgmt_delete.
    pub const EPT_MGMT_DELETE: u16 = 6;
}

/// The name of an operation, `None` past opnum 6.
pub fn opnum_name(opnum: u16) -> Option<&'static str> {
    Some(match opnum {
        0 => "ept_insert",
        1 => "ept_delete",
        2 => "ept_lookup",
        3 => "ept_map",
        4 => "ept_lookup_handle_free",
        5 => "ept_inq_object",
        6 => "ept_mgmt_delete",
        _ => return None,
    })
}

/// One direction of one operation: how to read and write its stub.
pub trait Stub<'a>: Sized {
    /// The operation number.
    const OPNUM: u16;
    /// `"ept_map request"` and the like, for error reports.
    const WHAT: &'static str;

    /// Reads the parameters from `r`.
    fn read(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Self>;

    /// Writes the parameters to `w`.
    fn write(&self, w: &mut NdrWriter) -> Result<()>;

    /// Decodes a whole stub with default [`Limits`]; octets left over are an error.
    fn decode(stub: &'a [u8], syntax: NdrSyntax, little_endian: bool) -> Result<Self> {
        Self::decode_with(stub, syntax, little_endian, &Limits::DEFAULT)
    }

    /// Decodes a whole stub; octets left over are an error.
    fn decode_with(
        stub: &'a [u8],
        syntax: NdrSyntax,
        little_endian: bool,
        limits: &Limits,
    ) -> Result<Self> {
        let mut r = NdrReader::with_limits(stub, syntax, little_endian, limits.ndr);
        let v = Self::read(&mut r, limits)?;
        if r.remaining() != 0 {
            return Err(Error::TrailingBytes {
                what: Self::WHAT,
                offset: r.position(),
                count: r.remaining(),
            });
        }
        Ok(v)
    }

    /// Encodes the stub.
    fn encode(&self, syntax: NdrSyntax, little_endian: bool) -> Result<Vec<u8>> {
        let mut w = NdrWriter::new(syntax, little_endian);
        self.write(&mut w)?;
        Ok(w.into_bytes())
    }
}

fn check_entries(r: &NdrReader<'_>, n: usize, limits: &Limits, what: &'static str) -> Result<()> {
    if n as u64 > u64::from(limits.max_entries) {
        return Err(Error::LimitExceeded {
            what,
            offset: r.position(),
            value: n as u64,
            limit: limits.max_entries.into(),
        });
    }
    Ok(())
}

fn count_u32(n: usize, w: &NdrWriter, what: &'static str) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::Invalid {
        what,
        offset: w.position(),
        reason: "more than 2^32-1 elements",
    })
}

/// The `[out] error_status_t *status` every operation ends with.
fn read_status(r: &mut NdrReader<'_>) -> Result<u32> {
    Ok(r.u32()?)
}

/// Response of ept_insert, ept_delete and ept_mgmt_delete: only the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StatusResponse {
    /// `status` (0 on success).
    pub status: u32,
}

impl StatusResponse {
    fn read_any(r: &mut NdrReader<'_>) -> Result<Self> {
        Ok(StatusResponse {
            status: read_status(r)?,
        })
    }
}

impl<'a> Stub<'a> for StatusResponse {
    // Shared by opnums 0, 1 and 6; `OPNUM` names the first.
    const OPNUM: u16 = opnum::EPT_INSERT;
    const WHAT: &'static str = "status response";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Self::read_any(r)
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.u32(self.status);
        Ok(())
    }
}

/// ept_insert request (opnum 0).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptInsertRequest<'a> {
    /// The entries to add (`num_ents` is their count).
    pub entries: Vec<EptEntry<'a>>,
    /// `replace`: replace matching entries.
    pub replace: u32,
}

fn read_entry_list<'a>(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Vec<EptEntry<'a>>> {
    let at = r.position();
    let num = r.u32()? as usize;
    let max = r.conformance()?;
    if max != num {
        return Err(Error::Invalid {
            what: "entries max_count",
            offset: at,
            reason: "differs from num_ents (size_is(num_ents))",
        });
    }
    check_entries(r, num, limits, "num_ents")?;
    read_entries(r, num)
}

fn write_entry_list(w: &mut NdrWriter, entries: &[EptEntry<'_>]) -> Result<()> {
    w.u32(count_u32(entries.len(), w, "num_ents")?);
    w.conformance(entries.len())?;
    write_entries(w, entries)
}

impl<'a> Stub<'a> for EptInsertRequest<'a> {
    const OPNUM: u16 = opnum::EPT_INSERT;
    const WHAT: &'static str = "ept_insert request";
    fn read(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Self> {
        let entries = read_entry_list(r, limits)?;
        Ok(EptInsertRequest {
            entries,
            replace: r.u32()?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        write_entry_list(w, &self.entries)?;
        w.u32(self.replace);
        Ok(())
    }
}

/// ept_delete request (opnum 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptDeleteRequest<'a> {
    /// The entries to remove.
    pub entries: Vec<EptEntry<'a>>,
}

impl<'a> Stub<'a> for EptDeleteRequest<'a> {
    const OPNUM: u16 = opnum::EPT_DELETE;
    const WHAT: &'static str = "ept_delete request";
    fn read(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Self> {
        Ok(EptDeleteRequest {
            entries: read_entry_list(r, limits)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        write_entry_list(w, &self.entries)
    }
}

/// ept_lookup request (opnum 2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptLookupRequest {
    /// `inquiry_type` (RPC_C_EP_ALL_ELTS 0, MATCH_BY_IF 1, MATCH_BY_OBJ 2, MATCH_BY_BOTH 3).
    pub inquiry_type: u32,
    /// `object`, a full pointer to a UUID.
    pub object: Ptr<Uuid>,
    /// `Ifid`, a full pointer to an interface id.
    pub interface_id: Ptr<RpcIfId>,
    /// `vers_option` (RPC_C_VERS_ALL 1 ... RPC_C_VERS_UPTO 5).
    pub vers_option: u32,
    /// `entry_handle`: null on the first call.
    pub entry_handle: ContextHandle,
    /// `max_ents`.
    pub max_ents: u32,
}

impl<'a> Stub<'a> for EptLookupRequest {
    const OPNUM: u16 = opnum::EPT_LOOKUP;
    const WHAT: &'static str = "ept_lookup request";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptLookupRequest {
            inquiry_type: r.u32()?,
            object: read_top(r, read_uuid)?,
            interface_id: read_top(r, RpcIfId::read)?,
            vers_option: r.u32()?,
            entry_handle: r.context_handle()?,
            max_ents: r.u32()?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.u32(self.inquiry_type);
        write_top(w, &self.object, |w, u| {
            write_uuid(w, u);
            Ok(())
        })?;
        write_top(w, &self.interface_id, |w, i| i.write(w))?;
        w.u32(self.vers_option);
        w.context_handle(&self.entry_handle);
        w.u32(self.max_ents);
        Ok(())
    }
}

/// ept_lookup response (opnum 2).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptLookupResponse<'a> {
    /// `entry_handle`: null when the walk is over.
    pub entry_handle: ContextHandle,
    /// `num_ents`.
    pub num_ents: u32,
    /// The array's conformance (`size_is(max_ents)`).
    pub max_count: u64,
    /// The array's variance offset (0 in practice).
    pub offset: u64,
    /// The transmitted entries (`length_is(*num_ents)`).
    pub entries: Vec<EptEntry<'a>>,
    /// `status` (0, or 0x16c9a0d6 ept_s_not_registered when nothing more matched).
    pub status: u32,
}

impl<'a> Stub<'a> for EptLookupResponse<'a> {
    const OPNUM: u16 = opnum::EPT_LOOKUP;
    const WHAT: &'static str = "ept_lookup response";
    fn read(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Self> {
        let entry_handle = r.context_handle()?;
        let num_ents = r.u32()?;
        let max_count = r.conformance()?;
        let (offset, actual) = r.variance_within(max_count, "ept_lookup entries")?;
        check_entries(r, actual, limits, "ept_lookup entries actual_count")?;
        let entries = read_entries(r, actual)?;
        Ok(EptLookupResponse {
            entry_handle,
            num_ents,
            max_count: max_count as u64,
            offset: offset as u64,
            entries,
            status: read_status(r)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.context_handle(&self.entry_handle);
        w.u32(self.num_ents);
        w.conformance(self.max_count as usize)?;
        w.variance(self.offset as usize, self.entries.len())?;
        write_entries(w, &self.entries)?;
        w.u32(self.status);
        Ok(())
    }
}

/// ept_map request (opnum 3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptMapRequest<'a> {
    /// `obj`, a full pointer to an object UUID.
    pub object: Ptr<Uuid>,
    /// `map_tower`: the tower to match (interface, transfer syntax, protocol).
    pub map_tower: Ptr<Twr<'a>>,
    /// `entry_handle`: null on the first call.
    pub entry_handle: ContextHandle,
    /// `max_towers`.
    pub max_towers: u32,
}

impl<'a> Stub<'a> for EptMapRequest<'a> {
    const OPNUM: u16 = opnum::EPT_MAP;
    const WHAT: &'static str = "ept_map request";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptMapRequest {
            object: read_top(r, read_uuid)?,
            map_tower: read_top(r, Twr::read)?,
            entry_handle: r.context_handle()?,
            max_towers: r.u32()?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        write_top(w, &self.object, |w, u| {
            write_uuid(w, u);
            Ok(())
        })?;
        write_top(w, &self.map_tower, |w, t| t.write(w))?;
        w.context_handle(&self.entry_handle);
        w.u32(self.max_towers);
        Ok(())
    }
}

/// ept_map response (opnum 3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptMapResponse<'a> {
    /// `entry_handle`.
    pub entry_handle: ContextHandle,
    /// `num_towers`.
    pub num_towers: u32,
    /// The array's conformance (`size_is(max_towers)`).
    pub max_count: u64,
    /// The array's variance offset (0 in practice).
    pub offset: u64,
    /// `ITowers`: the transmitted tower pointers (`length_is(*num_towers)`).
    pub towers: Vec<Ptr<Twr<'a>>>,
    /// `status`.
    pub status: u32,
}

impl<'a> EptMapResponse<'a> {
    /// A response carrying `towers`, with `max_count` equal to their number.
    pub fn new(towers: Vec<Twr<'a>>, status: u32) -> Self {
        let n = towers.len();
        EptMapResponse {
            entry_handle: ContextHandle::default(),
            num_towers: n as u32,
            max_count: n as u64,
            offset: 0,
            towers: towers.into_iter().map(Ptr::some).collect(),
            status,
        }
    }
}

impl<'a> Stub<'a> for EptMapResponse<'a> {
    const OPNUM: u16 = opnum::EPT_MAP;
    const WHAT: &'static str = "ept_map response";
    fn read(r: &mut NdrReader<'a>, limits: &Limits) -> Result<Self> {
        let entry_handle = r.context_handle()?;
        let num_towers = r.u32()?;
        let max_count = r.conformance()?;
        let (offset, actual) = r.variance_within(max_count, "ept_map ITowers")?;
        check_entries(r, actual, limits, "ept_map ITowers actual_count")?;
        let ids = read_tower_ptrs_inline(r, actual)?;
        let towers = read_deferred_towers(r, &ids)?;
        Ok(EptMapResponse {
            entry_handle,
            num_towers,
            max_count: max_count as u64,
            offset: offset as u64,
            towers,
            status: read_status(r)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.context_handle(&self.entry_handle);
        w.u32(self.num_towers);
        w.conformance(self.max_count as usize)?;
        w.variance(self.offset as usize, self.towers.len())?;
        let ptrs: Vec<&Ptr<Twr<'_>>> = self.towers.iter().collect();
        write_tower_ptr_ids(w, &ptrs)?;
        write_deferred_towers(w, &ptrs)?;
        w.u32(self.status);
        Ok(())
    }
}

/// ept_lookup_handle_free request (opnum 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EptLookupHandleFreeRequest {
    /// The handle to release.
    pub entry_handle: ContextHandle,
}

impl<'a> Stub<'a> for EptLookupHandleFreeRequest {
    const OPNUM: u16 = opnum::EPT_LOOKUP_HANDLE_FREE;
    const WHAT: &'static str = "ept_lookup_handle_free request";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptLookupHandleFreeRequest {
            entry_handle: r.context_handle()?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.context_handle(&self.entry_handle);
        Ok(())
    }
}

/// ept_lookup_handle_free response (opnum 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EptLookupHandleFreeResponse {
    /// The handle, null once released.
    pub entry_handle: ContextHandle,
    /// `status`.
    pub status: u32,
}

impl<'a> Stub<'a> for EptLookupHandleFreeResponse {
    const OPNUM: u16 = opnum::EPT_LOOKUP_HANDLE_FREE;
    const WHAT: &'static str = "ept_lookup_handle_free response";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptLookupHandleFreeResponse {
            entry_handle: r.context_handle()?,
            status: read_status(r)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.context_handle(&self.entry_handle);
        w.u32(self.status);
        Ok(())
    }
}

/// ept_inq_object request (opnum 5): no `[in]` parameters besides the binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EptInqObjectRequest;

impl<'a> Stub<'a> for EptInqObjectRequest {
    const OPNUM: u16 = opnum::EPT_INQ_OBJECT;
    const WHAT: &'static str = "ept_inq_object request";
    fn read(_: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptInqObjectRequest)
    }
    fn write(&self, _: &mut NdrWriter) -> Result<()> {
        Ok(())
    }
}

/// ept_inq_object response (opnum 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EptInqObjectResponse {
    /// `ept_object`: the endpoint mapper's object UUID.
    pub object: Uuid,
    /// `status`.
    pub status: u32,
}

impl<'a> Stub<'a> for EptInqObjectResponse {
    const OPNUM: u16 = opnum::EPT_INQ_OBJECT;
    const WHAT: &'static str = "ept_inq_object response";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptInqObjectResponse {
            object: read_uuid(r)?,
            status: read_status(r)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        write_uuid(w, &self.object);
        w.u32(self.status);
        Ok(())
    }
}

/// ept_mgmt_delete request (opnum 6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EptMgmtDeleteRequest<'a> {
    /// `object_speced`: whether `object` is meaningful.
    pub object_speced: u32,
    /// `object`, a full pointer to a UUID.
    pub object: Ptr<Uuid>,
    /// `tower`, a full pointer to the tower to remove.
    pub tower: Ptr<Twr<'a>>,
}

impl<'a> Stub<'a> for EptMgmtDeleteRequest<'a> {
    const OPNUM: u16 = opnum::EPT_MGMT_DELETE;
    const WHAT: &'static str = "ept_mgmt_delete request";
    fn read(r: &mut NdrReader<'a>, _: &Limits) -> Result<Self> {
        Ok(EptMgmtDeleteRequest {
            object_speced: r.u32()?,
            object: read_top(r, read_uuid)?,
            tower: read_top(r, Twr::read)?,
        })
    }
    fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.u32(self.object_speced);
        write_top(w, &self.object, |w, u| {
            write_uuid(w, u);
            Ok(())
        })?;
        write_top(w, &self.tower, |w, t| t.write(w))
    }
}

/// Any endpoint mapper stub, decoded by opnum and direction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Call<'a> {
    InsertRequest(EptInsertRequest<'a>),
    DeleteRequest(EptDeleteRequest<'a>),
    LookupRequest(EptLookupRequest),
    LookupResponse(EptLookupResponse<'a>),
    MapRequest(EptMapRequest<'a>),
    MapResponse(EptMapResponse<'a>),
    LookupHandleFreeRequest(EptLookupHandleFreeRequest),
    LookupHandleFreeResponse(EptLookupHandleFreeResponse),
    InqObjectRequest(EptInqObjectRequest),
    InqObjectResponse(EptInqObjectResponse),
    MgmtDeleteRequest(EptMgmtDeleteRequest<'a>),
    /// The response of ept_insert, ept_delete or ept_mgmt_delete.
    StatusResponse(StatusResponse),
}

impl<'a> Call<'a> {
    /// Decodes the stub of operation `opnum` in direction `request` with default limits.
    pub fn decode(
        opnum: u16,
        request: bool,
        stub: &'a [u8],
        syntax: NdrSyntax,
        little_endian: bool,
    ) -> Result<Self> {
        Self::decode_with(
            opnum,
            request,
            stub,
            syntax,
            little_endian,
            &Limits::DEFAULT,
        )
    }

    /// Decodes the stub of operation `opnum` in direction `request`.
    pub fn decode_with(
        opnum: u16,
        request: bool,
        stub: &'a [u8],
        syntax: NdrSyntax,
        le: bool,
        l: &Limits,
    ) -> Result<Self> {
        Ok(match (opnum, request) {
            (0, true) => Call::InsertRequest(Stub::decode_with(stub, syntax, le, l)?),
            (1, true) => Call::DeleteRequest(Stub::decode_with(stub, syntax, le, l)?),
            (2, true) => Call::LookupRequest(Stub::decode_with(stub, syntax, le, l)?),
            (2, false) => Call::LookupResponse(Stub::decode_with(stub, syntax, le, l)?),
            (3, true) => Call::MapRequest(Stub::decode_with(stub, syntax, le, l)?),
            (3, false) => Call::MapResponse(Stub::decode_with(stub, syntax, le, l)?),
            (4, true) => Call::LookupHandleFreeRequest(Stub::decode_with(stub, syntax, le, l)?),
            (4, false) => Call::LookupHandleFreeResponse(Stub::decode_with(stub, syntax, le, l)?),
            (5, true) => Call::InqObjectRequest(Stub::decode_with(stub, syntax, le, l)?),
            (5, false) => Call::InqObjectResponse(Stub::decode_with(stub, syntax, le, l)?),
            (6, true) => Call::MgmtDeleteRequest(Stub::decode_with(stub, syntax, le, l)?),
            (0 | 1 | 6, false) => Call::StatusResponse(Stub::decode_with(stub, syntax, le, l)?),
            _ => return Err(Error::UnknownOpnum { opnum }),
        })
    }

    /// Encodes the stub.
    pub fn encode(&self, syntax: NdrSyntax, le: bool) -> Result<Vec<u8>> {
        match self {
            Call::InsertRequest(v) => v.encode(syntax, le),
            Call::DeleteRequest(v) => v.encode(syntax, le),
            Call::LookupRequest(v) => v.encode(syntax, le),
            Call::LookupResponse(v) => v.encode(syntax, le),
            Call::MapRequest(v) => v.encode(syntax, le),
            Call::MapResponse(v) => v.encode(syntax, le),
            Call::LookupHandleFreeRequest(v) => v.encode(syntax, le),
            Call::LookupHandleFreeResponse(v) => v.encode(syntax, le),
            Call::InqObjectRequest(v) => v.encode(syntax, le),
            Call::InqObjectResponse(v) => v.encode(syntax, le),
            Call::MgmtDeleteRequest(v) => v.encode(syntax, le),
            Call::StatusResponse(v) => v.encode(syntax, le),
        }
    }
}
