//! Hand-assembled MAPI over HTTP bodies and ROP buffers shared by the loopback and dissector
//! tests. Layouts: MS-OXCMAPIHTTP 2.2.4 (bodies), MS-OXCROPS 2.2.1 (ROP buffers), 2.2.3.1
//! (RopLogon), 2.2.8.3 (RopGetPropertiesSpecific), 2.2.15.3 (RopRelease).

// Each test uses part of this module.
#![allow(dead_code)]

use oxwire_moh::RequestType;

/// ROP ids of each call of [`calls`], in order.
pub const ROP_IDS: [&[u8]; 3] = [&[0xFE], &[0x07], &[0x01]];

/// Display name the RopGetPropertiesSpecific answer carries (PidTagDisplayName_W).
pub const DISPLAY_NAME: &str = "Inbox";

fn buffer(rops: &[u8], handles: &[u32]) -> Vec<u8> {
    let mut b = ((rops.len() + 2) as u16).to_le_bytes().to_vec();
    b.extend_from_slice(rops);
    for h in handles {
        b.extend_from_slice(&h.to_le_bytes());
    }
    b
}

/// The plain ROP request and response buffers of each Execute, in order: a private-mailbox
/// RopLogon, RopGetPropertiesSpecific of two properties on the logon object, RopRelease.
pub fn calls() -> Vec<(Vec<u8>, Vec<u8>)> {
    // RopLogon: LogonId 0, OutputHandleIndex 0, LogonFlags Private, OpenFlags
    // USE_PER_MDB_REPLID_MAPPING, StoreState 0, EssdnSize 0.
    let mut logon = vec![0xFE, 0x00, 0x00, 0x01];
    logon.extend_from_slice(&0x0100_0000u32.to_le_bytes());
    logon.extend_from_slice(&0u32.to_le_bytes());
    logon.extend_from_slice(&0u16.to_le_bytes());
    // Its answer: OutputHandleIndex 0, ReturnValue 0, LogonFlags, 13 FolderIds,
    // ResponseFlags, MailboxGuid, ReplId, ReplGuid, LogonTime, GwartTime, StoreState.
    let mut logon_r = vec![0xFE, 0x00, 0, 0, 0, 0, 0x01];
    for i in 1..=13u64 {
        logon_r.extend_from_slice(&((i << 48) | 1).to_le_bytes());
    }
    logon_r.push(0x01);
    logon_r.extend_from_slice(&[0x11; 16]);
    logon_r.extend_from_slice(&1u16.to_le_bytes());
    logon_r.extend_from_slice(&[0x22; 16]);
    logon_r.extend_from_slice(&[0, 30, 9, 1, 1, 1]);
    logon_r.extend_from_slice(&2024u16.to_le_bytes());
    logon_r.extend_from_slice(&0u64.to_le_bytes());
    logon_r.extend_from_slice(&0u32.to_le_bytes());

    // RopGetPropertiesSpecific: LogonId 0, InputHandleIndex 0, PropertySizeLimit 0,
    // WantUnicode 1, two tags: PidTagDisplayName_W (0x3001001F), PidTagMessageSize
    // (0x0E080003).
    let mut gps = vec![0x07, 0x00, 0x00, 0, 0, 1, 0, 2, 0];
    gps.extend_from_slice(&0x3001_001Fu32.to_le_bytes());
    gps.extend_from_slice(&0x0E08_0003u32.to_le_bytes());
    // Its answer: InputHandleIndex 0, ReturnValue 0, a standard row (flag 0): the string
    // with its terminator, then the 32-bit size.
    let mut gps_r = vec![0x07, 0x00, 0, 0, 0, 0, 0x00];
    for u in DISPLAY_NAME.encode_utf16().chain([0]) {
        gps_r.extend_from_slice(&u.to_le_bytes());
    }
    gps_r.extend_from_slice(&4096u32.to_le_bytes());

    // RopRelease: LogonId 0, InputHandleIndex 0; no answer.
    let release = [0x01, 0x00, 0x00];

    let store = 0x0000_0100u32;
    vec![
        (buffer(&logon, &[0xFFFF_FFFF]), buffer(&logon_r, &[store])),
        (buffer(&gps, &[store]), buffer(&gps_r, &[store])),
        (buffer(&release, &[store]), buffer(&[], &[store])),
    ]
}

/// A Connect success body: StatusCode 0, ErrorCode 0, MaxPollingInterval, MaxRetryCount,
/// RetryDelay, DnPrefix, DisplayName (UTF-16LE), no auxiliary buffer.
pub fn connect_success() -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0u32, 0, 60_000, 6, 10_000] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(b"/o=Example/ou=Exchange\0");
    for u in "User".encode_utf16().chain([0]) {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b.extend_from_slice(&0u32.to_le_bytes());
    b
}

/// An Execute success body carrying one plain ROP response buffer in one RPC_HEADER_EXT
/// (Version 0, Flags Last, Size = SizeActual).
pub fn execute_success(rops: &[u8]) -> Vec<u8> {
    let mut chain = vec![0, 0, 0x04, 0];
    chain.extend_from_slice(&(rops.len() as u16).to_le_bytes());
    chain.extend_from_slice(&(rops.len() as u16).to_le_bytes());
    chain.extend_from_slice(rops);
    let mut b = Vec::new();
    for v in [0u32, 0, 0, chain.len() as u32] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&chain);
    b.extend_from_slice(&0u32.to_le_bytes());
    b
}

/// The success body of the other mailbox request types: NotificationWait (ErrorCode 0,
/// EventPending 1), Disconnect (ErrorCode 0), PING (empty).
pub fn simple_success(t: RequestType) -> Vec<u8> {
    let words: &[u32] = match t {
        RequestType::NotificationWait => &[0, 0, 1, 0],
        RequestType::Ping => &[],
        _ => &[0, 0, 0],
    };
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}
