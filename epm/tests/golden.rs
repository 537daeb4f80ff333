//! Golden vectors for the operations impacket does not define (ept_insert, ept_delete,
//! ept_lookup_handle_free, ept_inq_object, ept_mgmt_delete), written out by hand from the
//! C706 appendix O IDL and the NDR rules (C706 chapter 14, MS-RPCE 2.2.5), plus Samba's
//! epm_Map request vector and tower / string-binding vectors from C706 appendix L.

mod common;

use oxwire_epm::calls::{
    EptDeleteRequest, EptInqObjectRequest, EptInqObjectResponse, EptInsertRequest,
    EptLookupHandleFreeRequest, EptLookupHandleFreeResponse, EptMapRequest, EptMgmtDeleteRequest,
    StatusResponse, Stub,
};
use oxwire_epm::{Call, FloorValue, StringBinding, Tower};
use oxwire_msrpc::ndr::NdrSyntax::{Ndr20, Ndr64};
use oxwire_msrpc::{SyntaxId, Uuid};

/// The 20-octet test handle: attributes 0, uuid 11223344-5566-7788-99aa-bbccddeeff00.
const HANDLE: [u8; 20] = [
    0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 0x66, 0x55, 0x88, 0x77, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
    0xff, 0x00,
];

/// ncacn_ip_tcp tower for 12345678-1234-abcd-ef00-0123456789ab v1.0 (NETLOGON) on
/// 10.0.0.5 port 1032, encoded by hand from C706 appendix L: floor count and lengths
/// little-endian, UUID and versions little-endian, port and address big-endian.
const TOWER: [u8; 75] = [
    5, 0, // floor count
    19, 0, 0x0d, // lhs length, UUID identifier
    0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89,
    0xab, // interface UUID
    1, 0, // major version
    2, 0, 0, 0, // rhs length, minor version
    19, 0, 0x0d, // transfer syntax floor
    0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48,
    0x60, // NDR 8a885d04-1ceb-11c9-9fe8-08002b104860
    2, 0, // major 2
    2, 0, 0, 0, // minor 0
    1, 0, 0x0b, 2, 0, 0, 0, // RPC connection-oriented, minor 0
    1, 0, 0x07, 2, 0, 0x04, 0x08, // TCP port 1032 (0x0408 big-endian)
    1, 0, 0x09, 4, 0, 10, 0, 0, 5, // IP 10.0.0.5
];

fn netlogon() -> SyntaxId {
    SyntaxId::new(
        Uuid::parse("12345678-1234-abcd-ef00-0123456789ab").unwrap(),
        1,
        0,
    )
}

fn round_trip<'a, T: Stub<'a> + PartialEq + core::fmt::Debug>(
    stub: &'a [u8],
    syntax: oxwire_msrpc::ndr::NdrSyntax,
) -> T {
    let v = T::decode(stub, syntax, true).unwrap();
    assert_eq!(v.encode(syntax, true).unwrap(), stub, "re-encoding differs");
    v
}

#[test]
fn tower_appendix_l_layout() {
    let t = Tower::decode(&TOWER).unwrap();
    assert_eq!(t.floors.len(), 5);
    assert_eq!(t.interface(), Some(netlogon()));
    assert_eq!(t.transfer_syntax(), Some(oxwire_msrpc::NDR20));
    assert_eq!(t.floors[2].value(), FloorValue::RpcCo(0));
    assert_eq!(t.tcp_port(), Some(1032));
    assert_eq!(t.ip(), Some("10.0.0.5".parse().unwrap()));
    assert_eq!(t.to_vec().unwrap(), TOWER);
    let b = t.to_binding(None).unwrap();
    assert_eq!(b.to_string(), "ncacn_ip_tcp:10.0.0.5[1032]");
    // And back: the binding and the interface rebuild the same octets.
    let rebuilt = Tower::from_binding(netlogon(), None, &b).unwrap();
    assert_eq!(rebuilt.to_vec().unwrap(), TOWER);
}

#[test]
fn string_bindings_parse_and_print() {
    let cases = [
        "ncacn_ip_tcp:10.0.0.5[1032]",
        "f8e5e3a1-4bbb-4e56-9b2d-8ac5ed2dd6f0@ncacn_ip_tcp:10.0.0.5[1032]",
        "ncacn_np:\\\\SERVER[\\PIPE\\lsass]",
        "ncalrpc:[LRPC-0123456789abcdef]",
        "ncacn_http:192.168.0.2[593,RpcProxy=proxy.example.com:443]",
        "ncacn_ip_tcp:10.0.0.5",
    ];
    for c in cases {
        let b = StringBinding::parse(c).unwrap();
        assert_eq!(b.to_string(), c);
    }
    let b = StringBinding::parse(cases[4]).unwrap();
    assert_eq!(b.protseq, "ncacn_http");
    assert_eq!(b.network_address, "192.168.0.2");
    assert_eq!(b.endpoint, "593");
    assert_eq!(b.options, ["RpcProxy=proxy.example.com:443"]);
    let b = StringBinding::parse(cases[1]).unwrap();
    assert_eq!(
        b.object,
        Uuid::parse("f8e5e3a1-4bbb-4e56-9b2d-8ac5ed2dd6f0")
    );
    for bad in [
        "",
        "ncacn_ip_tcp",
        ":x[1]",
        "ncacn_ip_tcp:1.2.3.4[1",
        "zz@ncacn_ip_tcp:[1]",
    ] {
        assert!(StringBinding::parse(bad).is_err(), "{bad:?} parsed");
    }
    // Addresses a tower cannot carry are refused when building one.
    let b = StringBinding::parse("ncacn_ip_tcp:exchange.example.com[1032]").unwrap();
    assert!(Tower::from_binding(netlogon(), None, &b).is_err());
    let b = StringBinding::parse("ncacn_ip_tcp:10.0.0.5[port]").unwrap();
    assert!(Tower::from_binding(netlogon(), None, &b).is_err());
}

/// `ept_insert(num_ents, entries[num_ents], replace)`: num_ents, the array's max_count,
/// each entry inline (object UUID, tower referent id, annotation offset / actual_count /
/// chars), the deferred towers (`twr_t`: max_count, tower_length, octets), then replace.
#[test]
fn ept_insert_request_ndr20() {
    let mut stub = vec![
        1, 0, 0, 0, // num_ents
        1, 0, 0, 0, // max_count
        // entry 0: object UUID (nil)
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
        0, 0, 2, 0, // tower referent id 0x00020000
        0, 0, 0, 0, // annotation offset
        4, 0, 0, 0, // annotation actual_count
        b'N', b'L', b'1', 0, // "NL1" and NUL
        75, 0, 0, 0, // twr_t max_count
        75, 0, 0, 0, // tower_length
    ];
    stub.extend_from_slice(&TOWER);
    stub.extend_from_slice(&[0]); // pad to 4
    stub.extend_from_slice(&[1, 0, 0, 0]); // replace = TRUE
    let v: EptInsertRequest<'_> = round_trip(&stub, Ndr20);
    assert_eq!(v.entries.len(), 1);
    assert_eq!(v.entries[0].object, Uuid::NIL);
    assert_eq!(v.entries[0].tower.id, 0x20000);
    assert_eq!(v.entries[0].annotation.text(), "NL1");
    let t = v.entries[0].tower.value.as_ref().unwrap().tower().unwrap();
    assert_eq!(t.tcp_port(), Some(1032));
    assert_eq!(v.replace, 1);
    assert!(matches!(
        Call::decode(0, true, &stub, Ndr20, true),
        Ok(Call::InsertRequest(_))
    ));
}

/// The same call in NDR64: counts and referent ids are 8 octets, 8-aligned; the entry is
/// aligned to 8 (its pointer), and nothing pads after the conformant tower octets but the
/// 4-alignment of `replace`.
#[test]
fn ept_insert_request_ndr64() {
    let mut stub = vec![
        1, 0, 0, 0, // num_ents (u32)
        0, 0, 0, 0, // pad to 8
        1, 0, 0, 0, 0, 0, 0, 0, // max_count
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // object
        0, 0, 2, 0, 0, 0, 0, 0, // tower referent id
        0, 0, 0, 0, 0, 0, 0, 0, // annotation offset
        1, 0, 0, 0, 0, 0, 0, 0, // annotation actual_count
        0, // "" and NUL
        0, 0, 0, 0, 0, 0, 0, // pad to 8
        75, 0, 0, 0, 0, 0, 0, 0, // twr_t max_count
        75, 0, 0, 0, // tower_length
    ];
    stub.extend_from_slice(&TOWER);
    stub.push(0); // pad to 4
    stub.extend_from_slice(&[0, 0, 0, 0]); // replace = FALSE
    let v: EptInsertRequest<'_> = round_trip(&stub, Ndr64);
    assert_eq!(v.entries[0].annotation.text(), "");
    assert_eq!(v.replace, 0);
}

#[test]
fn ept_delete_request_ndr20() {
    let mut stub = vec![
        1, 0, 0, 0, // num_ents
        1, 0, 0, 0, // max_count
        0xa1, 0xe3, 0xe5, 0xf8, 0xbb, 0x4b, 0x56, 0x4e, 0x9b, 0x2d, 0x8a, 0xc5, 0xed, 0x2d, 0xd6,
        0xf0, // object f8e5e3a1-4bbb-4e56-9b2d-8ac5ed2dd6f0
        0, 0, 0, 0, // null tower
        0, 0, 0, 0, // annotation offset
        1, 0, 0, 0, // actual_count
        0, // ""
    ];
    stub.extend_from_slice(&[]);
    let v: EptDeleteRequest<'_> = round_trip(&stub, Ndr20);
    assert_eq!(
        v.entries[0].object,
        Uuid::parse("f8e5e3a1-4bbb-4e56-9b2d-8ac5ed2dd6f0").unwrap()
    );
    assert!(v.entries[0].tower.is_null());
}

#[test]
fn status_responses() {
    let v: StatusResponse = round_trip(&[0xd6, 0xa0, 0xc9, 0x16], Ndr20);
    assert_eq!(v.status, oxwire_epm::EPT_S_NOT_REGISTERED);
    // Big-endian data representation: the same status, octets reversed.
    let v = StatusResponse::decode(&[0x16, 0xc9, 0xa0, 0xd6], Ndr20, false).unwrap();
    assert_eq!(v.status, 0x16c9_a0d6);
    for opnum in [0, 1, 6] {
        assert!(matches!(
            Call::decode(opnum, false, &[0; 4], Ndr64, true),
            Ok(Call::StatusResponse(StatusResponse { status: 0 }))
        ));
    }
}

/// `ept_lookup_handle_free([in, out] entry_handle, [out] status)`: the handle alone, then
/// the handle (null once freed) and the status.
#[test]
fn ept_lookup_handle_free() {
    let v: EptLookupHandleFreeRequest = round_trip(&HANDLE, Ndr20);
    assert_eq!(
        v.entry_handle.uuid.to_string(),
        "11223344-5566-7788-99aa-bbccddeeff00"
    );
    let mut resp = [0u8; 24];
    resp[20] = 0; // status 0 after a null handle
    let v: EptLookupHandleFreeResponse = round_trip(&resp, Ndr64);
    assert!(v.entry_handle.is_null());
    assert_eq!(v.status, 0);
}

/// `ept_inq_object([out] uuid_t *ept_object, [out] status)`: an empty request; the
/// response is the UUID (a top-level `[out]` reference pointer has no wire form) and status.
#[test]
fn ept_inq_object() {
    let _: EptInqObjectRequest = round_trip(&[], Ndr20);
    let stub = [
        0x44, 0x33, 0x22, 0x11, 0x66, 0x55, 0x88, 0x77, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
        0x00, // ept_object
        0, 0, 0, 0, // status
    ];
    let v: EptInqObjectResponse = round_trip(&stub, Ndr20);
    assert_eq!(v.object.to_string(), "11223344-5566-7788-99aa-bbccddeeff00");
}

/// `ept_mgmt_delete(object_speced, [ptr] object, [ptr] tower)`: top-level full pointers
/// carry their referent right after their id.
#[test]
fn ept_mgmt_delete_request() {
    let mut stub = vec![
        0, 0, 0, 0, // object_speced = FALSE
        0, 0, 0, 0, // object: null
        1, 0, 0, 0, // tower: referent id 1
        75, 0, 0, 0, // max_count
        75, 0, 0, 0, // tower_length
    ];
    stub.extend_from_slice(&TOWER);
    let v: EptMgmtDeleteRequest<'_> = round_trip(&stub, Ndr20);
    assert_eq!(v.object_speced, 0);
    assert!(v.object.is_null());
    assert_eq!(v.tower.id, 1);
    let t = v.tower.value.as_ref().unwrap().tower().unwrap();
    assert_eq!(t.interface(), Some(netlogon()));

    // NDR64: 8-octet ids; the UUID referent follows its id.
    let mut stub = vec![
        1, 0, 0, 0, // object_speced = TRUE
        0, 0, 0, 0, // pad to 8
        2, 0, 0, 0, 0, 0, 0, 0, // object referent id 2
        0x44, 0x33, 0x22, 0x11, 0x66, 0x55, 0x88, 0x77, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
        0x00, // object
        3, 0, 0, 0, 0, 0, 0, 0, // tower referent id 3
        75, 0, 0, 0, 0, 0, 0, 0, // max_count
        75, 0, 0, 0, // tower_length
    ];
    stub.extend_from_slice(&TOWER);
    let v: EptMgmtDeleteRequest<'_> = round_trip(&stub, Ndr64);
    assert_eq!(
        v.object.value.unwrap().to_string(),
        "11223344-5566-7788-99aa-bbccddeeff00"
    );
}

/// Samba's `source4/torture/ndr/epmap.c` epm_Map request: object pointer id 5 to a nil
/// UUID, tower pointer id 6 to a SAMR (12345778-1234-abcd-ef00-0123456789ac v1.0)
/// ncacn_ip_tcp tower with port 0 and address 0.0.0.0, null handle, max_towers 1.
#[test]
fn samba_epm_map_request() {
    let Some(dir) = common::shared_testdata() else {
        common::skip("shared test data (Samba vectors) not present");
        return;
    };
    let text = std::fs::read_to_string(dir.join("vectors/embedded_vectors.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let stub = common::unhex(v["samba/map_in_data"]["hex"].as_str().unwrap());
    let r: EptMapRequest<'_> = round_trip(&stub, Ndr20);
    assert_eq!((r.object.id, r.object.value), (5, Some(Uuid::NIL)));
    assert_eq!(r.map_tower.id, 6);
    let t = r.map_tower.value.as_ref().unwrap().tower().unwrap();
    assert_eq!(
        t.interface(),
        Some(SyntaxId::new(
            Uuid::parse("12345778-1234-abcd-ef00-0123456789ac").unwrap(),
            1,
            0
        ))
    );
    assert_eq!(t.tcp_port(), Some(0));
    assert_eq!(t.ip(), Some(std::net::Ipv4Addr::UNSPECIFIED));
    assert!(r.entry_handle.is_null());
    assert_eq!(r.max_towers, 1);
}
