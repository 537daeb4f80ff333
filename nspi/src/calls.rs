//! The NSPI methods (MS-NSPI 3.1.4, MS-OXNSPI 3.1.4.1): one parameter list per direction
//! and opnum, and [`Request`] / [`Response`] to decode a stub by opnum.
//!
//! Parameters appear in IDL order, `[in]` ones in the request and `[out]` ones followed by
//! the return value in the response. Top-level `[ref]` pointers have no wire form and are
//! written as their referent; `[unique]` ones and the inner pointer of `[out] T**` are
//! [`Unique`].

use oxwire_msrpc::ndr::{ConformantArray, ContextHandle, NdrSyntax, Unique};

use crate::error::{Error, Result};
use crate::names::{PropertyName, PropertyNameSet, StringsArray, WStringsArray};
use crate::proptag::PropTagArray;
use crate::restriction::Restriction;
use crate::stat::{FlatUid, Stat};
use crate::strings::AnsiStr;
use crate::stub::{finish, params, reader, writer};
use crate::value::{BinaryArray, PropertyRow, PropertyRowSet, PropertyValue};

/// Method names by opnum; `None` marks the opnum MS-NSPI reserves as not used on the wire.
pub const OPNUM_NAMES: [Option<&str>; 21] = [
    Some("NspiBind"),
    Some("NspiUnbind"),
    Some("NspiUpdateStat"),
    Some("NspiQueryRows"),
    Some("NspiSeekEntries"),
    Some("NspiGetMatches"),
    Some("NspiResortRestriction"),
    Some("NspiDNToMId"),
    Some("NspiGetPropList"),
    Some("NspiGetProps"),
    Some("NspiCompareMIds"),
    Some("NspiModProps"),
    Some("NspiGetSpecialTable"),
    Some("NspiGetTemplateInfo"),
    Some("NspiModLinkAtt"),
    None,
    Some("NspiQueryColumns"),
    Some("NspiGetNamesFromIDs"),
    Some("NspiGetIDsFromNames"),
    Some("NspiResolveNames"),
    Some("NspiResolveNamesW"),
];

/// The opnum MS-NSPI declares as `Opnum15NotUsedOnWire`.
pub const UNUSED_OPNUM: u16 = 15;

/// The name of an opnum: the method, `"Opnum15NotUsedOnWire"`, or `None` past the last one.
pub fn opnum_name(opnum: u16) -> Option<&'static str> {
    match OPNUM_NAMES.get(usize::from(opnum))? {
        Some(n) => Some(n),
        None => Some("Opnum15NotUsedOnWire"),
    }
}

fn check_opnum(opnum: u16) -> Result<&'static str> {
    match OPNUM_NAMES.get(usize::from(opnum)) {
        Some(Some(n)) => Ok(n),
        Some(None) => Err(Error::NotUsedOnWire {
            opnum,
            name: "Opnum15NotUsedOnWire",
        }),
        None => Err(Error::UnknownOpnum {
            opnum,
            interface: "nspi",
        }),
    }
}

params! {
    /// NspiBind request (opnum 0).
    BindRequest {
        /// `dwFlags` (`fAnonymousLogin` 0x20).
        flags: u32,
        /// `pStat`.
        stat: Stat,
        /// `pServerGuid`.
        server_guid: Unique<FlatUid>,
    }
}
params! {
    /// NspiBind response.
    BindResponse {
        /// `pServerGuid`.
        server_guid: Unique<FlatUid>,
        /// `contextHandle`.
        context_handle: ContextHandle,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiUnbind request (opnum 1).
    UnbindRequest {
        /// `contextHandle`.
        context_handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
    }
}
params! {
    /// NspiUnbind response.
    UnbindResponse {
        /// `contextHandle` (null on success).
        context_handle: ContextHandle,
        /// Return value (`DWORD`: 1 on success).
        result: u32,
    }
}
params! {
    /// NspiUpdateStat request (opnum 2).
    UpdateStatRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `plDelta`.
        delta: Unique<i32>,
    }
}
params! {
    /// NspiUpdateStat response.
    UpdateStatResponse {
        /// `pStat`.
        stat: Stat,
        /// `plDelta`.
        delta: Unique<i32>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiQueryRows request (opnum 3).
    QueryRowsRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags`.
        flags: u32,
        /// `pStat`.
        stat: Stat,
        /// `dwETableCount`.
        etable_count: u32,
        /// `lpETable` (Minimal Entry IDs).
        etable: Unique<ConformantArray<u32>>,
        /// `Count`.
        count: u32,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
    }
}
params! {
    /// NspiQueryRows, NspiSeekEntries and NspiGetSpecialTable-like responses: STAT and rows.
    StatRowsResponse<'a> {
        /// `pStat`.
        stat: Stat,
        /// `ppRows`.
        rows: Unique<PropertyRowSet<'a>>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiSeekEntries request (opnum 4).
    SeekEntriesRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `pTarget`.
        target: PropertyValue<'a>,
        /// `lpETable`.
        etable: Unique<PropTagArray>,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
    }
}
params! {
    /// NspiGetMatches request (opnum 5).
    GetMatchesRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved1`.
        reserved1: u32,
        /// `pStat`.
        stat: Stat,
        /// `pReserved`.
        reserved_mids: Unique<PropTagArray>,
        /// `Reserved2`.
        reserved2: u32,
        /// `Filter`.
        filter: Unique<Restriction<'a>>,
        /// `lpPropName`.
        prop_name: Unique<PropertyName>,
        /// `ulRequested`.
        requested: u32,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
    }
}
params! {
    /// NspiGetMatches response.
    GetMatchesResponse<'a> {
        /// `pStat`.
        stat: Stat,
        /// `ppOutMIds`.
        out_mids: Unique<PropTagArray>,
        /// `ppRows`.
        rows: Unique<PropertyRowSet<'a>>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiResortRestriction request (opnum 6).
    ResortRestrictionRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `pInMIds`.
        in_mids: PropTagArray,
        /// `ppOutMIds`.
        out_mids: Unique<PropTagArray>,
    }
}
params! {
    /// NspiResortRestriction response.
    ResortRestrictionResponse {
        /// `pStat`.
        stat: Stat,
        /// `ppOutMIds`.
        out_mids: Unique<PropTagArray>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiDNToMId request (opnum 7).
    DnToMIdRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pNames`.
        names: StringsArray<'a>,
    }
}
params! {
    /// A response holding one `PropertyTagArray_r` (NspiDNToMId, NspiGetPropList,
    /// NspiQueryColumns, NspiGetIDsFromNames).
    TagsResponse {
        /// `ppOutMIds` / `ppPropTags` / `ppColumns`.
        tags: Unique<PropTagArray>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiGetPropList request (opnum 8).
    GetPropListRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags`.
        flags: u32,
        /// `dwMId`.
        mid: u32,
        /// `CodePage`.
        code_page: u32,
    }
}
params! {
    /// NspiGetProps request (opnum 9).
    GetPropsRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags`.
        flags: u32,
        /// `pStat`.
        stat: Stat,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
    }
}
params! {
    /// A response holding one row (NspiGetProps `ppRows`, NspiGetTemplateInfo `ppData`).
    RowResponse<'a> {
        /// The row.
        row: Unique<PropertyRow<'a>>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiCompareMIds request (opnum 10).
    CompareMIdsRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `MId1`.
        mid1: u32,
        /// `MId2`.
        mid2: u32,
    }
}
params! {
    /// NspiCompareMIds response.
    CompareMIdsResponse {
        /// `plResult`.
        compare: i32,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiModProps request (opnum 11).
    ModPropsRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
        /// `pRow`.
        row: PropertyRow<'a>,
    }
}
params! {
    /// A response holding only the return value (NspiModProps, NspiModLinkAtt).
    ResultResponse {
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiGetSpecialTable request (opnum 12).
    GetSpecialTableRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags`.
        flags: u32,
        /// `pStat`.
        stat: Stat,
        /// `lpVersion`.
        version: u32,
    }
}
params! {
    /// NspiGetSpecialTable response.
    GetSpecialTableResponse<'a> {
        /// `lpVersion`.
        version: u32,
        /// `ppRows`.
        rows: Unique<PropertyRowSet<'a>>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiGetTemplateInfo request (opnum 13).
    GetTemplateInfoRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags`.
        flags: u32,
        /// `ulType` (display type).
        type_: u32,
        /// `pDN`.
        dn: Unique<AnsiStr<'a>>,
        /// `dwCodePage`.
        code_page: u32,
        /// `dwLocaleID`.
        locale_id: u32,
    }
}
params! {
    /// NspiModLinkAtt request (opnum 14).
    ModLinkAttRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `dwFlags` (`fDelete` 1).
        flags: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `dwMId`.
        mid: u32,
        /// `lpEntryIds`: entry IDs ([`crate::EntryId`]).
        entry_ids: BinaryArray<'a>,
    }
}
params! {
    /// NspiQueryColumns request (opnum 16).
    QueryColumnsRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `dwFlags` (`NspiUnicodeProptypes` 0x80000000).
        flags: u32,
    }
}
params! {
    /// NspiGetNamesFromIDs request (opnum 17).
    GetNamesFromIdsRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `lpguid`.
        guid: Unique<FlatUid>,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
    }
}
params! {
    /// NspiGetNamesFromIDs response.
    GetNamesFromIdsResponse {
        /// `ppReturnedPropTags`.
        returned_prop_tags: Unique<PropTagArray>,
        /// `ppNames`.
        names: Unique<PropertyNameSet>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// NspiGetIDsFromNames request (opnum 18).
    GetIdsFromNamesRequest {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `dwFlags` (`NspiVerifyNames` 2).
        flags: u32,
        /// `cPropNames`.
        c_prop_names: u32,
        /// `pNames`: `[size_is(cPropNames)] PropertyName_r**`, an array of unique pointers.
        names: ConformantArray<Unique<PropertyName>>,
    }
}
params! {
    /// NspiResolveNames request (opnum 19).
    ResolveNamesRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
        /// `paStr`.
        strs: StringsArray<'a>,
    }
}
params! {
    /// NspiResolveNamesW request (opnum 20).
    ResolveNamesWRequest<'a> {
        /// `hRpc`.
        handle: ContextHandle,
        /// `Reserved`.
        reserved: u32,
        /// `pStat`.
        stat: Stat,
        /// `pPropTags`.
        prop_tags: Unique<PropTagArray>,
        /// `paWStr`.
        strs: WStringsArray<'a>,
    }
}
params! {
    /// NspiResolveNames and NspiResolveNamesW response.
    ResolveNamesResponse<'a> {
        /// `ppMIds`.
        mids: Unique<PropTagArray>,
        /// `ppRows`.
        rows: Unique<PropertyRowSet<'a>>,
        /// Return value.
        result: i32,
    }
}

macro_rules! call_enum {
    ($(#[$m:meta])* $name:ident, $dir:literal { $($op:literal => $var:ident($ty:ty)),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name<'a> {
            $(
                #[doc = concat!("Opnum ", stringify!($op), ".")]
                $var($ty),
            )*
        }

        impl<'a> $name<'a> {
            /// Decodes the stub of opnum `opnum`; every octet must be used.
            pub fn decode(
                opnum: u16,
                stub: &'a [u8],
                syntax: NdrSyntax,
                little_endian: bool,
            ) -> Result<Self> {
                let call = check_opnum(opnum)?;
                let mut r = reader(stub, syntax, little_endian);
                let ndr = |source| Error::Ndr { call, dir: $dir, source };
                let v = match opnum {
                    $($op => $name::$var(<$ty>::read(&mut r).map_err(ndr)?),)*
                    _ => return Err(Error::UnknownOpnum { opnum, interface: "nspi" }),
                };
                finish(&r, call, $dir)?;
                Ok(v)
            }

            /// The opnum.
            pub fn opnum(&self) -> u16 {
                match self { $($name::$var(_) => $op,)* }
            }

            /// The method name.
            pub fn name(&self) -> &'static str {
                opnum_name(self.opnum()).unwrap_or("?")
            }

            /// Encodes the stub.
            pub fn encode(&self, syntax: NdrSyntax, little_endian: bool) -> Result<Vec<u8>> {
                let mut w = writer(syntax, little_endian);
                let res = match self { $($name::$var(v) => v.write(&mut w),)* };
                res.map_err(|source| Error::Ndr { call: self.name(), dir: $dir, source })?;
                Ok(w.into_bytes())
            }
        }
    };
}

call_enum! {
    /// An NSPI request stub, by opnum.
    Request, "request" {
        0 => Bind(BindRequest),
        1 => Unbind(UnbindRequest),
        2 => UpdateStat(UpdateStatRequest),
        3 => QueryRows(QueryRowsRequest),
        4 => SeekEntries(SeekEntriesRequest<'a>),
        5 => GetMatches(GetMatchesRequest<'a>),
        6 => ResortRestriction(ResortRestrictionRequest),
        7 => DnToMId(DnToMIdRequest<'a>),
        8 => GetPropList(GetPropListRequest),
        9 => GetProps(GetPropsRequest),
        10 => CompareMIds(CompareMIdsRequest),
        11 => ModProps(ModPropsRequest<'a>),
        12 => GetSpecialTable(GetSpecialTableRequest),
        13 => GetTemplateInfo(GetTemplateInfoRequest<'a>),
        14 => ModLinkAtt(ModLinkAttRequest<'a>),
        16 => QueryColumns(QueryColumnsRequest),
        17 => GetNamesFromIds(GetNamesFromIdsRequest),
        18 => GetIdsFromNames(GetIdsFromNamesRequest),
        19 => ResolveNames(ResolveNamesRequest<'a>),
        20 => ResolveNamesW(ResolveNamesWRequest<'a>),
    }
}

call_enum! {
    /// An NSPI response stub, by opnum.
    Response, "response" {
        0 => Bind(BindResponse),
        1 => Unbind(UnbindResponse),
        2 => UpdateStat(UpdateStatResponse),
        3 => QueryRows(StatRowsResponse<'a>),
        4 => SeekEntries(StatRowsResponse<'a>),
        5 => GetMatches(GetMatchesResponse<'a>),
        6 => ResortRestriction(ResortRestrictionResponse),
        7 => DnToMId(TagsResponse),
        8 => GetPropList(TagsResponse),
        9 => GetProps(RowResponse<'a>),
        10 => CompareMIds(CompareMIdsResponse),
        11 => ModProps(ResultResponse),
        12 => GetSpecialTable(GetSpecialTableResponse<'a>),
        13 => GetTemplateInfo(RowResponse<'a>),
        14 => ModLinkAtt(ResultResponse),
        16 => QueryColumns(TagsResponse),
        17 => GetNamesFromIds(GetNamesFromIdsResponse),
        18 => GetIdsFromNames(TagsResponse),
        19 => ResolveNames(ResolveNamesResponse<'a>),
        20 => ResolveNamesW(ResolveNamesResponse<'a>),
    }
}

impl Response<'_> {
    /// The method's return value as sent (NspiUnbind's `DWORD` reinterpreted).
    pub fn result(&self) -> i32 {
        match self {
            Response::Bind(v) => v.result,
            Response::Unbind(v) => v.result as i32,
            Response::UpdateStat(v) => v.result,
            Response::QueryRows(v) | Response::SeekEntries(v) => v.result,
            Response::GetMatches(v) => v.result,
            Response::ResortRestriction(v) => v.result,
            Response::DnToMId(v)
            | Response::GetPropList(v)
            | Response::QueryColumns(v)
            | Response::GetIdsFromNames(v) => v.result,
            Response::GetProps(v) | Response::GetTemplateInfo(v) => v.result,
            Response::CompareMIds(v) => v.result,
            Response::ModProps(v) | Response::ModLinkAtt(v) => v.result,
            Response::GetSpecialTable(v) => v.result,
            Response::GetNamesFromIds(v) => v.result,
            Response::ResolveNames(v) | Response::ResolveNamesW(v) => v.result,
        }
    }
}
