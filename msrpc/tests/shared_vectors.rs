//! PDUs built by other implementations (Scapy, Samba), read from the shared test data at run
//! time because their licences keep them out of this repository. Skips with a notice when
//! `../shared/testdata` is absent (and fails under CI, which sets `OXWIRE_REQUIRE_ORACLES=1`).

use std::path::PathBuf;

use oxwire_msrpc::{
    split_pdus, Pdu, PduBody, PfcFlags, SyntaxId, Uuid, VerificationTrailer, VtCommand, NDR20,
    NDR64,
};

fn vectors() -> Option<serde_json::Value> {
    let dir = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/testdata"
            ))
        });
    match std::fs::read(dir.join("vectors/embedded_vectors.json")) {
        Ok(b) => Some(serde_json::from_slice(&b).unwrap()),
        Err(_) => {
            if std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1") {
                panic!("shared test vectors missing");
            }
            eprintln!("skipped: ../shared/testdata is absent");
            None
        }
    }
}

fn bytes(v: &serde_json::Value, name: &str) -> Vec<u8> {
    let h = v[name]["hex"]
        .as_str()
        .unwrap_or_else(|| panic!("{name} missing"));
    (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// Scapy builds a request whose stub ends in a verification trailer: SEC_VT_COMMAND_BITMASK_1
/// with CLIENT_SUPPORT_HEADER_SIGNING, then SEC_VT_COMMAND_PCONTEXT (END) naming the call's
/// interface ccd8c074-d0e5-4a40-92b4-d074faa6ba28 v1.1 (MS-SWN, Witness) and NDR 2.0; NTLM integrity verifier.
#[test]
fn scapy_verification_trailer() {
    let Some(v) = vectors() else { return };
    let b = bytes(&v, "scapy/Build_and_dissect_DCE_RPC_with_vt_trailer");
    let (pdu, used) = Pdu::decode(&b).unwrap();
    assert_eq!(used, b.len());
    assert!(pdu.header.pfc_flags.has(PfcFlags::OBJECT_UUID));
    let PduBody::Request(r) = &pdu.body else {
        panic!("not a request")
    };
    let iface = Uuid::parse("ccd8c074-d0e5-4a40-92b4-d074faa6ba28").unwrap();
    assert_eq!(r.object, Some(iface));
    let vt = VerificationTrailer::find(r.stub, true)
        .unwrap()
        .expect("trailer present");
    assert_eq!(vt.offset, 0);
    assert_eq!(
        vt.commands,
        vec![
            VtCommand::Bitmask1 {
                bits: 1,
                must_process: false
            },
            VtCommand::PContext {
                interface: SyntaxId::new(iface, 1, 1),
                transfer_syntax: NDR20,
                must_process: false,
            },
        ]
    );
    let auth = pdu.auth.unwrap();
    assert_eq!((auth.trailer.auth_type, auth.trailer.auth_level), (10, 5));
    assert_eq!(auth.pad.len(), 4);
    assert_eq!(auth.value.len(), 16);
    assert_eq!(pdu.to_vec().unwrap(), b);
}

/// One TCP payload holding an auth3 and a request back to back.
#[test]
fn scapy_two_pdus_in_one_payload() {
    let Some(v) = vectors() else { return };
    let b = bytes(
        &v,
        "scapy/Dissect_DCE_RPC_containing_two_fragments_Auth3_and_a_Request",
    );
    let pdus: Vec<&[u8]> = split_pdus(&b).collect::<Result<_, _>>().unwrap();
    assert_eq!(pdus.len(), 2);
    let (a, _) = Pdu::decode(pdus[0]).unwrap();
    assert!(matches!(a.body, PduBody::Auth3(_)));
    assert_eq!(a.header.frag_length, 0x1e2);
    assert_eq!(&a.auth.unwrap().value[..8], b"NTLMSSP\0");
    let (r, _) = Pdu::decode(pdus[1]).unwrap();
    assert!(matches!(r.body, PduBody::Request(_)));
    let mut again = a.to_vec().unwrap();
    again.extend(r.to_vec().unwrap());
    assert_eq!(again, b);
}

/// Scapy's NETLOGON bind response: secondary address "49676", NDR64 rejected (provider
/// rejection, reason 2 "proposed transfer syntaxes not supported") and bind-time features
/// acknowledged with bits 3.
#[test]
fn scapy_bind_ack_with_negotiate_ack() {
    let Some(v) = vectors() else { return };
    let b = bytes(
        &v,
        "scapy/Dissect_DCE_RPC_v5_Bind_Response_with_NETLOGON_secure_channe",
    );
    let (pdu, _) = Pdu::decode(&b).unwrap();
    let PduBody::BindAck(a) = &pdu.body else {
        panic!("not a bind_ack")
    };
    assert_eq!(a.sec_addr_str(), "49676");
    let rs: Vec<(u16, u16)> = a.results.iter().map(|r| (r.result, r.reason)).collect();
    assert_eq!(rs, vec![(2, 2), (0, 0), (3, 3)]);
    assert_eq!(a.results[1].transfer_syntax, NDR64);
    assert_eq!(pdu.auth.unwrap().trailer.auth_type, 68);
    assert_eq!(pdu.to_vec().unwrap(), b);
}

/// Samba's torture vectors: co_cancel (call 1, flags 0x06) and orphaned (call 8, flags 0x03).
#[test]
fn samba_cancel_and_orphaned() {
    let Some(v) = vectors() else { return };
    for (name, call, flags) in [
        ("samba/ncacn_packet_co_cancel_data", 1, 0x06),
        ("samba/ncacn_packet_orphaned_data", 8, 0x03),
    ] {
        let b = bytes(&v, name);
        let (p, _) = Pdu::decode(&b).unwrap();
        assert_eq!(
            (p.header.call_id, p.header.pfc_flags.0),
            (call, flags),
            "{name}"
        );
        assert!(matches!(
            p.body,
            PduBody::CoCancel(_) | PduBody::Orphaned(_)
        ));
        assert_eq!(p.to_vec().unwrap(), b);
    }
}

/// Scapy's Kerberos (GSS-API RFC 1964) request: auth_type 9 (SPNEGO), the verifier a 45-byte
/// wrap token.
#[test]
fn scapy_kerberos_request() {
    let Some(v) = vectors() else { return };
    let b = bytes(
        &v,
        "scapy/Dissect_DCE_RPC_v5_Request_with_Kerberos_GSSAPI_RFC1964",
    );
    let (p, _) = Pdu::decode(&b).unwrap();
    let a = p.auth.unwrap();
    assert_eq!(a.trailer.auth_type, 9);
    assert_eq!(a.value.len(), 45);
    assert_eq!(p.to_vec().unwrap(), b);
}
