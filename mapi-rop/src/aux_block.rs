//! Auxiliary blocks (MS-OXCRPC 2.2.2.2): the AUX_HEADER-framed performance, topology and
//! capability records carried in `rgbAuxIn` / `rgbAuxOut` after an RPC_HEADER_EXT.
//!
//! Each block is `AUX_HEADER { Size: u16, Version: u8, Type: u8 }` followed by a structure
//! chosen by `Version` and `Type`; `Size` counts the header. The fixed part of every known
//! structure is decoded into [`AuxBody`]; what follows it inside `Size` (the strings and byte
//! arrays that offset fields point into, or anything a newer peer appended) stays in
//! [`AuxBlock::tail`], so a block re-encodes exactly. Unknown version/type pairs keep their
//! whole body as [`AuxBody::Unknown`].
//!
//! ```
//! use oxwire_mapi_rop::aux_block::{self as aux, AuxBody};
//!
//! // AUX_HEADER { Size 8, Version 1, Type 0x01 (PERF_REQUESTID) } + SessionID 3, RequestID 9.
//! let wire = [8, 0, 1, 1, 3, 0, 9, 0];
//! let blocks = aux::decode_blocks(&wire)?;
//! assert!(matches!(blocks[0].body, AuxBody::PerfRequestId(ref r) if r.session_id == 3 && r.request_id == 9));
//! let mut out = Vec::new();
//! blocks[0].encode(&mut out)?;
//! assert_eq!(out, wire);
//! # Ok::<(), oxwire_mapi_rop::Error>(())
//! ```

use std::borrow::Cow;

use crate::error::{Error, Result};

/// `Version` values of AUX_HEADER.
pub mod version {
    /// AUX_VERSION_1.
    pub const V1: u8 = 0x01;
    /// AUX_VERSION_2.
    pub const V2: u8 = 0x02;
}

/// A field value for display, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// An unsigned integer.
    Int(u64),
    /// A GUID in its textual form.
    Guid(String),
    /// Raw octets (reserved areas, addresses).
    Bytes(Vec<u8>),
    /// Text reached through an offset field.
    Text(String),
}

trait Wire: Sized {
    const LEN: usize;
    fn get(b: &[u8]) -> Self;
    fn put(&self, out: &mut Vec<u8>);
    fn show(&self) -> FieldValue;
}

impl Wire for u8 {
    const LEN: usize = 1;
    fn get(b: &[u8]) -> Self {
        b[0]
    }
    fn put(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn show(&self) -> FieldValue {
        FieldValue::Int((*self).into())
    }
}

impl Wire for u16 {
    const LEN: usize = 2;
    fn get(b: &[u8]) -> Self {
        u16::from_le_bytes([b[0], b[1]])
    }
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn show(&self) -> FieldValue {
        FieldValue::Int((*self).into())
    }
}

impl Wire for u32 {
    const LEN: usize = 4;
    fn get(b: &[u8]) -> Self {
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn show(&self) -> FieldValue {
        FieldValue::Int((*self).into())
    }
}

/// A GUID as its 16 wire octets (little-endian first three fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AuxGuid(pub [u8; 16]);

impl core::fmt::Display for AuxGuid {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let b = &self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u16::from_le_bytes([b[4], b[5]]),
            u16::from_le_bytes([b[6], b[7]]),
            b[8],
            b[9],
            b[10],
            b[11],
            b[12],
            b[13],
            b[14],
            b[15]
        )
    }
}

impl Wire for AuxGuid {
    const LEN: usize = 16;
    fn get(b: &[u8]) -> Self {
        let mut a = [0u8; 16];
        a.copy_from_slice(&b[..16]);
        AuxGuid(a)
    }
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
    fn show(&self) -> FieldValue {
        FieldValue::Guid(self.to_string())
    }
}

impl<const N: usize> Wire for [u8; N] {
    const LEN: usize = N;
    fn get(b: &[u8]) -> Self {
        let mut a = [0u8; N];
        a.copy_from_slice(&b[..N]);
        a
    }
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
    fn show(&self) -> FieldValue {
        FieldValue::Bytes(self.to_vec())
    }
}

macro_rules! aux_struct {
    ($(
        $(#[$doc:meta])*
        $name:ident { $( $(#[$fdoc:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)? }
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: $ty, )*
        }

        impl $name {
            /// Octets of the fixed structure after AUX_HEADER.
            pub const LEN: usize = 0 $( + <$ty as Wire>::LEN )*;

            fn read(b: &[u8]) -> Self {
                let mut _at = 0;
                $(
                    let $field = <$ty as Wire>::get(&b[_at..]);
                    _at += <$ty as Wire>::LEN;
                )*
                $name { $($field),* }
            }

            fn write(&self, _out: &mut Vec<u8>) {
                $( Wire::put(&self.$field, _out); )*
            }

            /// The fields with their MS-OXCRPC names, in wire order.
            pub fn fields(&self) -> Vec<(&'static str, FieldValue)> {
                vec![$( ($wire, Wire::show(&self.$field)) ),*]
            }
        }
    )*};
}

aux_struct! {
    /// AUX_PERF_REQUESTID (2.2.2.2.1).
    PerfRequestId { /** SessionID. */ session_id: u16 = "SessionID", /** RequestID. */ request_id: u16 = "RequestID" }
    /// AUX_PERF_SESSIONINFO (2.2.2.2.2).
    PerfSessionInfo {
        /** SessionID. */ session_id: u16 = "SessionID", /** Reserved. */ reserved: u16 = "Reserved",
        /** SessionGuid. */ session_guid: AuxGuid = "SessionGuid",
    }
    /// AUX_PERF_SESSIONINFO_V2 (2.2.2.2.3).
    PerfSessionInfoV2 {
        /** SessionID. */ session_id: u16 = "SessionID", /** Reserved. */ reserved: u16 = "Reserved",
        /** SessionGuid. */ session_guid: AuxGuid = "SessionGuid", /** ConnectionID. */ connection_id: u32 = "ConnectionID",
    }
    /// AUX_PERF_CLIENTINFO (2.2.2.2.4); its strings and arrays sit in the block's tail.
    PerfClientInfo {
        /** AdapterSpeed. */ adapter_speed: u32 = "AdapterSpeed", /** ClientID. */ client_id: u16 = "ClientID",
        /** MachineNameOffset. */ machine_name_offset: u16 = "MachineNameOffset",
        /** UserNameOffset. */ user_name_offset: u16 = "UserNameOffset",
        /** ClientIPSize. */ client_ip_size: u16 = "ClientIPSize", /** ClientIPOffset. */ client_ip_offset: u16 = "ClientIPOffset",
        /** ClientIPMaskSize. */ client_ip_mask_size: u16 = "ClientIPMaskSize",
        /** ClientIPMaskOffset. */ client_ip_mask_offset: u16 = "ClientIPMaskOffset",
        /** AdapterNameOffset. */ adapter_name_offset: u16 = "AdapterNameOffset",
        /** MacAddressSize. */ mac_address_size: u16 = "MacAddressSize",
        /** MacAddressOffset. */ mac_address_offset: u16 = "MacAddressOffset",
        /** ClientMode (0 unknown, 1 classic, 2 cached). */ client_mode: u16 = "ClientMode",
        /** Reserved. */ reserved: u16 = "Reserved",
    }
    /// AUX_PERF_SERVERINFO (2.2.2.2.5).
    PerfServerInfo {
        /** ServerID. */ server_id: u16 = "ServerID", /** ServerType. */ server_type: u16 = "ServerType",
        /** ServerDNOffset. */ server_dn_offset: u16 = "ServerDNOffset",
        /** ServerNameOffset. */ server_name_offset: u16 = "ServerNameOffset",
    }
    /// AUX_PERF_PROCESSINFO (2.2.2.2.6), versions 1 and 2.
    PerfProcessInfo {
        /** ProcessID. */ process_id: u16 = "ProcessID", /** Reserved_1. */ reserved1: u16 = "Reserved_1",
        /** ProcessGuid. */ process_guid: AuxGuid = "ProcessGuid",
        /** ProcessNameOffset. */ process_name_offset: u16 = "ProcessNameOffset", /** Reserved_2. */ reserved2: u16 = "Reserved_2",
    }
    /// AUX_PERF_DEFMDB_SUCCESS (2.2.2.2.7), also the BG/FG variants.
    PerfDefMdbSuccess {
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
        /** RequestID. */ request_id: u16 = "RequestID", /** Reserved. */ reserved: u16 = "Reserved",
    }
    /// AUX_PERF_DEFGC_SUCCESS (2.2.2.2.8), also the BG/FG variants.
    PerfDefGcSuccess {
        /** ServerID. */ server_id: u16 = "ServerID", /** SessionID. */ session_id: u16 = "SessionID",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
        /** RequestOperation. */ request_operation: u8 = "RequestOperation", /** Reserved. */ reserved: [u8; 3] = "Reserved",
    }
    /// AUX_PERF_MDB_SUCCESS (2.2.2.2.9), also the BG/FG variants.
    PerfMdbSuccess {
        /** ClientID. */ client_id: u16 = "ClientID", /** ServerID. */ server_id: u16 = "ServerID",
        /** SessionID. */ session_id: u16 = "SessionID", /** RequestID. */ request_id: u16 = "RequestID",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
    }
    /// AUX_PERF_MDB_SUCCESS_V2 (2.2.2.2.10), also the BG/FG variants.
    PerfMdbSuccessV2 {
        /** ProcessID. */ process_id: u16 = "ProcessID", /** ClientID. */ client_id: u16 = "ClientID",
        /** ServerID. */ server_id: u16 = "ServerID", /** SessionID. */ session_id: u16 = "SessionID",
        /** RequestID. */ request_id: u16 = "RequestID", /** Reserved. */ reserved: u16 = "Reserved",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
    }
    /// AUX_PERF_GC_SUCCESS (2.2.2.2.11), also the BG/FG variants.
    PerfGcSuccess {
        /** ClientID. */ client_id: u16 = "ClientID", /** ServerID. */ server_id: u16 = "ServerID",
        /** SessionID. */ session_id: u16 = "SessionID", /** Reserved_1. */ reserved1: u16 = "Reserved_1",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
        /** RequestOperation. */ request_operation: u8 = "RequestOperation", /** Reserved_2. */ reserved2: [u8; 3] = "Reserved_2",
    }
    /// AUX_PERF_GC_SUCCESS_V2 (2.2.2.2.12), also the BG/FG variants.
    PerfGcSuccessV2 {
        /** ProcessID. */ process_id: u16 = "ProcessID", /** ClientID. */ client_id: u16 = "ClientID",
        /** ServerID. */ server_id: u16 = "ServerID", /** SessionID. */ session_id: u16 = "SessionID",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToCompleteRequest. */ time_to_complete_request: u32 = "TimeToCompleteRequest",
        /** RequestOperation. */ request_operation: u8 = "RequestOperation", /** Reserved. */ reserved: [u8; 3] = "Reserved",
    }
    /// AUX_PERF_FAILURE (2.2.2.2.13), also the BG/FG variants.
    PerfFailure {
        /** ClientID. */ client_id: u16 = "ClientID", /** ServerID. */ server_id: u16 = "ServerID",
        /** SessionID. */ session_id: u16 = "SessionID", /** RequestID. */ request_id: u16 = "RequestID",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToFailRequest. */ time_to_fail_request: u32 = "TimeToFailRequest",
        /** ResultCode. */ result_code: u32 = "ResultCode",
        /** RequestOperation. */ request_operation: u8 = "RequestOperation", /** Reserved. */ reserved: [u8; 3] = "Reserved",
    }
    /// AUX_PERF_FAILURE_V2 (2.2.2.2.14), also the BG/FG variants.
    PerfFailureV2 {
        /** ProcessID. */ process_id: u16 = "ProcessID", /** ClientID. */ client_id: u16 = "ClientID",
        /** ServerID. */ server_id: u16 = "ServerID", /** SessionID. */ session_id: u16 = "SessionID",
        /** RequestID. */ request_id: u16 = "RequestID", /** Reserved_1. */ reserved1: u16 = "Reserved_1",
        /** TimeSinceRequest. */ time_since_request: u32 = "TimeSinceRequest",
        /** TimeToFailRequest. */ time_to_fail_request: u32 = "TimeToFailRequest",
        /** ResultCode. */ result_code: u32 = "ResultCode",
        /** RequestOperation. */ request_operation: u8 = "RequestOperation", /** Reserved_2. */ reserved2: [u8; 3] = "Reserved_2",
    }
    /// AUX_CLIENT_CONTROL (2.2.2.2.15).
    ClientControl {
        /** EnableFlags (ENABLE_PERF_SENDTOSERVER 0x1, ENABLE_COMPRESSION 0x4, ENABLE_HTTP_TUNNELING 0x8, ENABLE_PERF_SENDGCDATA 0x10). */
        enable_flags: u32 = "EnableFlags",
        /** ExpiryTime in milliseconds. */ expiry_time: u32 = "ExpiryTime",
    }
    /// AUX_OSVERSIONINFO (2.2.2.2.16).
    OsVersionInfo {
        /** OSVersionInfoSize. */ os_version_info_size: u32 = "OSVersionInfoSize",
        /** MajorVersion. */ major_version: u32 = "MajorVersion", /** MinorVersion. */ minor_version: u32 = "MinorVersion",
        /** BuildNumber. */ build_number: u32 = "BuildNumber", /** Reserved_1. */ reserved1: [u8; 132] = "Reserved_1",
        /** ServicePackMajor. */ service_pack_major: u16 = "ServicePackMajor",
        /** ServicePackMinor. */ service_pack_minor: u16 = "ServicePackMinor", /** Reserved_2. */ reserved2: u32 = "Reserved_2",
    }
    /// AUX_EXORGINFO (2.2.2.2.17).
    ExOrgInfo {
        /** OrgFlags (PUBLIC_FOLDERS_ENABLED 0x1, USE_AUTODISCOVER_FOR_PUBLIC_FOLDER_CONFIGURATION 0x2). */
        org_flags: u32 = "OrgFlags",
    }
    /// AUX_PERF_ACCOUNTINFO (2.2.2.2.18).
    PerfAccountInfo {
        /** ClientID. */ client_id: u16 = "ClientID", /** Reserved. */ reserved: u16 = "Reserved",
        /** Account. */ account: AuxGuid = "Account",
    }
    /// AUX_SERVER_CAPABILITIES (type 0x46).
    ServerCapabilities {
        /** ServerCapabilityFlags (PACKED_FAST_TRANSFER_UPLOAD_BUFFERS 0x1, PACKED_WRITE_STREAM_UPLOAD_BUFFERS 0x2, ULTRA_LARGE_PACKED_DOWNLOAD_BUFFERS 0x8). */
        server_capability_flags: u32 = "ServerCapabilityFlags",
    }
    /// AUX_ENDPOINT_CAPABILITIES (type 0x48).
    EndpointCapabilities {
        /** EndpointCapabilityFlag (ENDPOINT_CAPABILITIES_SINGLE_ENDPOINT 0x1). */
        endpoint_capability_flag: u32 = "EndpointCapabilityFlag",
    }
    /// AUX_CLIENT_CONNECTION_INFO (type 0x4A).
    ClientConnectionInfo {
        /** ConnectionGUID. */ connection_guid: AuxGuid = "ConnectionGUID",
        /** OffsetConnectionContextInfo. */ offset_connection_context_info: u16 = "OffsetConnectionContextInfo",
        /** Reserved. */ reserved: u16 = "Reserved",
        /** ConnectionAttempts. */ connection_attempts: u32 = "ConnectionAttempts",
        /** ConnectionFlags (0x1 cached mode). */ connection_flags: u32 = "ConnectionFlags",
    }
    /// AUX_SERVER_SESSION_INFO (type 0x4B).
    ServerSessionInfo {
        /** OffsetServerSessionContextInfo. */ offset_server_session_context_info: u16 = "OffsetServerSessionContextInfo",
    }
    /// AUX_PROTOCOL_DEVICE_IDENTIFICATION (type 0x4E).
    ProtocolDeviceIdentification {
        /** DeviceManufacturerOffset. */ device_manufacturer_offset: u16 = "DeviceManufacturerOffset",
        /** DeviceModelOffset. */ device_model_offset: u16 = "DeviceModelOffset",
        /** DeviceSerialNumberOffset. */ device_serial_number_offset: u16 = "DeviceSerialNumberOffset",
        /** DeviceVersionOffset. */ device_version_offset: u16 = "DeviceVersionOffset",
        /** DeviceFirmwareVersionOffset. */ device_firmware_version_offset: u16 = "DeviceFirmwareVersionOffset",
    }
    /// AUX_TYPE_EXCEPTION_TRACE (type 0x49): a ROP index, then trace text in the tail.
    ExceptionTrace { /** RopIndex. */ rop_index: u32 = "RopIndex" }
}

macro_rules! bodies {
    ($( $variant:ident($ty:ident) ),* $(,)?) => {
        /// The structure after AUX_HEADER, chosen by `Version` and `Type`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum AuxBody<'a> {
            $(
                #[doc = concat!("[`", stringify!($ty), "`].")]
                $variant($ty),
            )*
            /// A version/type pair this crate does not know, or a block shorter than its
            /// structure: the whole body after AUX_HEADER.
            Unknown(Cow<'a, [u8]>),
        }

        impl AuxBody<'_> {
            fn fixed_len(&self) -> usize {
                match self {
                    $( AuxBody::$variant(_) => $ty::LEN, )*
                    AuxBody::Unknown(b) => b.len(),
                }
            }

            fn write(&self, out: &mut Vec<u8>) {
                match self {
                    $( AuxBody::$variant(v) => v.write(out), )*
                    AuxBody::Unknown(b) => out.extend_from_slice(b),
                }
            }

            /// The decoded fields with their MS-OXCRPC names (none for [`AuxBody::Unknown`]).
            pub fn fields(&self) -> Vec<(&'static str, FieldValue)> {
                match self {
                    $( AuxBody::$variant(v) => v.fields(), )*
                    AuxBody::Unknown(_) => Vec::new(),
                }
            }
        }
    };
}

bodies! {
    PerfRequestId(PerfRequestId),
    PerfClientInfo(PerfClientInfo),
    PerfServerInfo(PerfServerInfo),
    PerfSessionInfo(PerfSessionInfo),
    PerfSessionInfoV2(PerfSessionInfoV2),
    PerfDefMdbSuccess(PerfDefMdbSuccess),
    PerfDefGcSuccess(PerfDefGcSuccess),
    PerfMdbSuccess(PerfMdbSuccess),
    PerfMdbSuccessV2(PerfMdbSuccessV2),
    PerfGcSuccess(PerfGcSuccess),
    PerfGcSuccessV2(PerfGcSuccessV2),
    PerfFailure(PerfFailure),
    PerfFailureV2(PerfFailureV2),
    ClientControl(ClientControl),
    PerfProcessInfo(PerfProcessInfo),
    OsVersionInfo(OsVersionInfo),
    ExOrgInfo(ExOrgInfo),
    PerfAccountInfo(PerfAccountInfo),
    ServerCapabilities(ServerCapabilities),
    EndpointCapabilities(EndpointCapabilities),
    ClientConnectionInfo(ClientConnectionInfo),
    ServerSessionInfo(ServerSessionInfo),
    ProtocolDeviceIdentification(ProtocolDeviceIdentification),
    ExceptionTrace(ExceptionTrace),
}

/// The MS-OXCRPC name of a version/type pair, if known.
pub fn type_name(version: u8, type_: u8) -> Option<&'static str> {
    Some(match (version, type_) {
        (1, 0x01) => "AUX_TYPE_PERF_REQUESTID",
        (1, 0x02) => "AUX_TYPE_PERF_CLIENTINFO",
        (1, 0x03) => "AUX_TYPE_PERF_SERVERINFO",
        (1 | 2, 0x04) => "AUX_TYPE_PERF_SESSIONINFO",
        (1, 0x05) => "AUX_TYPE_PERF_DEFMDB_SUCCESS",
        (1, 0x06) => "AUX_TYPE_PERF_DEFGC_SUCCESS",
        (1 | 2, 0x07) => "AUX_TYPE_PERF_MDB_SUCCESS",
        (1 | 2, 0x08) => "AUX_TYPE_PERF_GC_SUCCESS",
        (1 | 2, 0x09) => "AUX_TYPE_PERF_FAILURE",
        (1, 0x0A) => "AUX_TYPE_CLIENT_CONTROL",
        (1 | 2, 0x0B) => "AUX_TYPE_PERF_PROCESSINFO",
        (1, 0x0C) => "AUX_TYPE_PERF_BG_DEFMDB_SUCCESS",
        (1, 0x0D) => "AUX_TYPE_PERF_BG_DEFGC_SUCCESS",
        (1 | 2, 0x0E) => "AUX_TYPE_PERF_BG_MDB_SUCCESS",
        (1 | 2, 0x0F) => "AUX_TYPE_PERF_BG_GC_SUCCESS",
        (1 | 2, 0x10) => "AUX_TYPE_PERF_BG_FAILURE",
        (1, 0x11) => "AUX_TYPE_PERF_FG_DEFMDB_SUCCESS",
        (1, 0x12) => "AUX_TYPE_PERF_FG_DEFGC_SUCCESS",
        (1 | 2, 0x13) => "AUX_TYPE_PERF_FG_MDB_SUCCESS",
        (1 | 2, 0x14) => "AUX_TYPE_PERF_FG_GC_SUCCESS",
        (1 | 2, 0x15) => "AUX_TYPE_PERF_FG_FAILURE",
        (1, 0x16) => "AUX_TYPE_OSVERSIONINFO",
        (1, 0x17) => "AUX_TYPE_EXORGINFO",
        (1, 0x18) => "AUX_TYPE_PERF_ACCOUNTINFO",
        (1, 0x46) => "AUX_TYPE_SERVER_CAPABILITIES",
        (1, 0x48) => "AUX_TYPE_ENDPOINT_CAPABILITIES",
        (1, 0x49) => "AUX_TYPE_EXCEPTION_TRACE",
        (1, 0x4A) => "AUX_CLIENT_CONNECTION_INFO",
        (1, 0x4B) => "AUX_SERVER_SESSION_INFO",
        (1, 0x4E) => "AUX_PROTOCOL_DEVICE_IDENTIFICATION",
        _ => return None,
    })
}

/// AUX_HEADER.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuxHeader {
    /// `Size`, including the header.
    pub size: u16,
    /// `Version` ([`version::V1`] or [`version::V2`]).
    pub version: u8,
    /// `Type`.
    pub type_: u8,
}

impl AuxHeader {
    /// Wire size of the header.
    pub const LEN: usize = 4;
}

/// One auxiliary block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxBlock<'a> {
    /// `Version`.
    pub version: u8,
    /// `Type`.
    pub type_: u8,
    /// The fixed structure.
    pub body: AuxBody<'a>,
    /// Octets after the fixed structure inside `Size`: strings and arrays reached by offset
    /// fields, or an extension.
    pub tail: Cow<'a, [u8]>,
}

fn body_for(version: u8, type_: u8, b: &[u8]) -> Option<AuxBody<'static>> {
    macro_rules! pick {
        ($variant:ident, $ty:ident) => {
            if b.len() >= $ty::LEN {
                Some(AuxBody::$variant($ty::read(b)))
            } else {
                None
            }
        };
    }
    match (version, type_) {
        (1, 0x01) => pick!(PerfRequestId, PerfRequestId),
        (1, 0x02) => pick!(PerfClientInfo, PerfClientInfo),
        (1, 0x03) => pick!(PerfServerInfo, PerfServerInfo),
        (1, 0x04) => pick!(PerfSessionInfo, PerfSessionInfo),
        (2, 0x04) => pick!(PerfSessionInfoV2, PerfSessionInfoV2),
        (1, 0x05 | 0x0C | 0x11) => pick!(PerfDefMdbSuccess, PerfDefMdbSuccess),
        (1, 0x06 | 0x0D | 0x12) => pick!(PerfDefGcSuccess, PerfDefGcSuccess),
        (1, 0x07 | 0x0E | 0x13) => pick!(PerfMdbSuccess, PerfMdbSuccess),
        (2, 0x07 | 0x0E | 0x13) => pick!(PerfMdbSuccessV2, PerfMdbSuccessV2),
        (1, 0x08 | 0x0F | 0x14) => pick!(PerfGcSuccess, PerfGcSuccess),
        (2, 0x08 | 0x0F | 0x14) => pick!(PerfGcSuccessV2, PerfGcSuccessV2),
        (1, 0x09 | 0x10 | 0x15) => pick!(PerfFailure, PerfFailure),
        (2, 0x09 | 0x10 | 0x15) => pick!(PerfFailureV2, PerfFailureV2),
        (1, 0x0A) => pick!(ClientControl, ClientControl),
        (1 | 2, 0x0B) => pick!(PerfProcessInfo, PerfProcessInfo),
        (1, 0x16) => pick!(OsVersionInfo, OsVersionInfo),
        (1, 0x17) => pick!(ExOrgInfo, ExOrgInfo),
        (1, 0x18) => pick!(PerfAccountInfo, PerfAccountInfo),
        (1, 0x46) => pick!(ServerCapabilities, ServerCapabilities),
        (1, 0x48) => pick!(EndpointCapabilities, EndpointCapabilities),
        (1, 0x49) => pick!(ExceptionTrace, ExceptionTrace),
        (1, 0x4A) => pick!(ClientConnectionInfo, ClientConnectionInfo),
        (1, 0x4B) => pick!(ServerSessionInfo, ServerSessionInfo),
        (1, 0x4E) => pick!(ProtocolDeviceIdentification, ProtocolDeviceIdentification),
        _ => None,
    }
}

impl<'a> AuxBlock<'a> {
    /// Reads one block at the start of `b`; returns it and the octets it took (`Size`).
    pub fn decode(b: &'a [u8], offset: usize) -> Result<(AuxBlock<'a>, usize)> {
        let Some(h) = b.get(..AuxHeader::LEN) else {
            return Err(Error::Truncated {
                what: "AUX_HEADER",
                offset,
                needed: AuxHeader::LEN - b.len(),
            });
        };
        let size = usize::from(u16::from_le_bytes([h[0], h[1]]));
        let (version, type_) = (h[2], h[3]);
        if size < AuxHeader::LEN {
            return Err(Error::Invalid {
                what: "AUX_HEADER.Size",
                offset,
                value: size as u64,
            });
        }
        let Some(block) = b.get(..size) else {
            return Err(Error::Truncated {
                what: "auxiliary block (AUX_HEADER.Size)",
                offset,
                needed: size - b.len(),
            });
        };
        let rest = &block[AuxHeader::LEN..];
        let (body, tail) = match body_for(version, type_, rest) {
            Some(body) => {
                let n = body.fixed_len();
                (body, &rest[n..])
            }
            None => (AuxBody::Unknown(Cow::Borrowed(rest)), &rest[rest.len()..]),
        };
        Ok((
            AuxBlock {
                version,
                type_,
                body,
                tail: Cow::Borrowed(tail),
            },
            size,
        ))
    }

    /// The `Size` this block encodes to.
    pub fn size(&self) -> usize {
        AuxHeader::LEN + self.body.fixed_len() + self.tail.len()
    }

    /// Appends the block; fails when it does not fit the 16-bit `Size`.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let size = u16::try_from(self.size()).map_err(|_| Error::LimitExceeded {
            what: "AUX_HEADER.Size",
            offset: out.len(),
            value: self.size() as u64,
            limit: u16::MAX.into(),
        })?;
        out.extend_from_slice(&size.to_le_bytes());
        out.push(self.version);
        out.push(self.type_);
        self.body.write(out);
        out.extend_from_slice(&self.tail);
        Ok(())
    }

    /// The MS-OXCRPC name of this block's type, if known.
    pub fn type_name(&self) -> Option<&'static str> {
        type_name(self.version, self.type_)
    }

    /// The NUL-terminated UTF-16LE string at `offset` from the start of AUX_HEADER, as offset
    /// fields point to. `None` for offset 0 (absent) or an offset outside the block's tail.
    pub fn unicode_at(&self, offset: u16) -> Option<String> {
        let start = usize::from(offset).checked_sub(AuxHeader::LEN + self.body.fixed_len())?;
        if offset == 0 {
            return None;
        }
        let b = self.tail.get(start..)?;
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        Some(String::from_utf16_lossy(&units))
    }

    /// `size` octets at `offset` from the start of AUX_HEADER (e.g. `ClientIP`).
    pub fn bytes_at(&self, offset: u16, size: u16) -> Option<&[u8]> {
        let start = usize::from(offset).checked_sub(AuxHeader::LEN + self.body.fixed_len())?;
        if offset == 0 {
            return None;
        }
        self.tail.get(start..start + usize::from(size))
    }

    /// The strings and arrays the body's offset fields point to, by MS-OXCRPC field name.
    pub fn referenced(&self) -> Vec<(&'static str, FieldValue)> {
        let mut v = Vec::new();
        let mut s = |name: &'static str, off: u16| {
            if let Some(t) = self.unicode_at(off) {
                v.push((name, FieldValue::Text(t)));
            }
        };
        match &self.body {
            AuxBody::PerfClientInfo(c) => {
                s("MachineName", c.machine_name_offset);
                s("UserName", c.user_name_offset);
                s("AdapterName", c.adapter_name_offset);
            }
            AuxBody::PerfServerInfo(c) => {
                s("ServerDN", c.server_dn_offset);
                s("ServerName", c.server_name_offset);
            }
            AuxBody::PerfProcessInfo(c) => s("ProcessName", c.process_name_offset),
            AuxBody::ClientConnectionInfo(c) => {
                s("ConnectionContextInfo", c.offset_connection_context_info)
            }
            AuxBody::ServerSessionInfo(c) => s(
                "ServerSessionContextInfo",
                c.offset_server_session_context_info,
            ),
            AuxBody::ProtocolDeviceIdentification(c) => {
                s("DeviceManufacturer", c.device_manufacturer_offset);
                s("DeviceModel", c.device_model_offset);
                s("DeviceSerialNumber", c.device_serial_number_offset);
                s("DeviceVersion", c.device_version_offset);
                s("DeviceFirmwareVersion", c.device_firmware_version_offset);
            }
            _ => {}
        }
        if let AuxBody::PerfClientInfo(c) = &self.body {
            for (name, off, size) in [
                ("ClientIP", c.client_ip_offset, c.client_ip_size),
                (
                    "ClientIPMask",
                    c.client_ip_mask_offset,
                    c.client_ip_mask_size,
                ),
                ("MacAddress", c.mac_address_offset, c.mac_address_size),
            ] {
                if let Some(b) = self.bytes_at(off, size) {
                    v.push((name, FieldValue::Bytes(b.to_vec())));
                }
            }
        }
        v
    }
}

/// Reads every block of a plain auxiliary payload (after its RPC_HEADER_EXT is undone).
pub fn decode_blocks(payload: &[u8]) -> Result<Vec<AuxBlock<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < payload.len() {
        let (b, n) = AuxBlock::decode(&payload[pos..], pos)?;
        out.push(b);
        pos += n;
    }
    Ok(out)
}

/// Appends every block.
pub fn encode_blocks(blocks: &[AuxBlock<'_>], out: &mut Vec<u8>) -> Result<()> {
    for b in blocks {
        b.encode(out)?;
    }
    Ok(())
}

/// NUL-terminated UTF-16LE, as the offset-referenced strings are written.
pub fn utf16z(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain(core::iter::once(0))
        .flat_map(u16::to_le_bytes)
        .collect()
}
