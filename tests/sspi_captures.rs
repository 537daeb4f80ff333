//! Sealed DCE/RPC from real captures, unsealed from the password alone.
//!
//! `dcerpc_privacy_ntlm.pcapng.gz` (Scapy, GPL: shared tier) was recorded with
//! `DOMAIN\Administrator` / `Password123!` (published with the capture). Expected values:
//! tshark 4.0 with `-o ntlmssp.nt_password:Password123!` decrypts the OpenSCManagerW request
//! (MachineName `192.168.0.100`); the sha256 of the EnumServicesStatusW response stub is the
//! one Scapy's own test asserts.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use oxwire::capture::{decode_packet, CaptureReader, StreamEvent, TcpReassembler};
use oxwire::emapi_sspi::ntlm::NtlmCredential;
use oxwire::emapi_sspi::{Direction, Keyring, Processed, RpcSecurity};
use oxwire_msrpc::{Framer, Pdu, Reassembler};

/// A reassembled call: stream, direction, call id, fragment count, plaintext stub.
#[derive(Debug)]
struct Call {
    dir: Direction,
    call_id: u32,
    opnum: Option<u16>,
    fragments: u32,
    stub: Vec<u8>,
}

struct Followed {
    calls: Vec<Call>,
    sealed_pdus: usize,
    errors: Vec<String>,
}

fn follow(path: &Path, keys: &Keyring) -> Followed {
    let data = std::fs::read(path).unwrap();
    let reader = CaptureReader::new(&data).unwrap();
    let mut tcp = TcpReassembler::new();
    struct S {
        framers: [Framer; 2],
        sec: RpcSecurity,
        re: [Reassembler; 2],
        dead: bool,
    }
    let mut streams: BTreeMap<u64, S> = BTreeMap::new();
    let mut out = Followed {
        calls: Vec::new(),
        sealed_pdus: 0,
        errors: Vec::new(),
    };
    let mut handle = |ev: StreamEvent, out: &mut Followed| {
        let StreamEvent::Data {
            stream, dir, bytes, ..
        } = ev
        else {
            return;
        };
        let s = streams.entry(stream).or_insert_with(|| S {
            framers: [Framer::default(), Framer::default()],
            sec: RpcSecurity::default(),
            re: [Reassembler::default(), Reassembler::default()],
            dead: oxwire_msrpc::Header::decode(&bytes).is_err(),
        });
        if s.dead {
            return;
        }
        let (d, i) = if dir == oxwire::capture::Direction::ClientToServer {
            (Direction::ToServer, 0)
        } else {
            (Direction::ToClient, 1)
        };
        s.framers[i].push(&bytes);
        let mut pdus = Vec::new();
        while let Ok(Some(p)) = s.framers[i].next_pdu() {
            pdus.push(p.to_vec());
        }
        for raw in pdus {
            let (pdu, _) = Pdu::decode(&raw).unwrap();
            if pdu.auth.as_ref().is_some_and(|a| a.trailer.auth_level == 6)
                && pdu.body.stub().is_some()
            {
                out.sealed_pdus += 1;
            }
            match s.sec.process_pdu(d, &pdu, &raw, keys) {
                Ok(Processed::Stub { stub, .. }) => match s.re[i].push(&pdu, &stub) {
                    Ok(Some(r)) => out.calls.push(Call {
                        dir: d,
                        call_id: r.call_id,
                        opnum: r.opnum,
                        fragments: r.fragments,
                        stub: r.stub.into_owned(),
                    }),
                    Ok(None) => {}
                    Err(e) => out.errors.push(e.to_string()),
                },
                Ok(Processed::Other) => {}
                Err(e) => out.errors.push(format!("call {}: {e}", pdu.header.call_id)),
            }
        }
    };
    for p in reader.packets() {
        if let Ok(seg) = decode_packet(&p) {
            tcp.handle_segment(p.frame, &seg);
        }
        while let Some(ev) = tcp.poll_event() {
            handle(ev, &mut out);
        }
    }
    tcp.finish();
    while let Some(ev) = tcp.poll_event() {
        handle(ev, &mut out);
    }
    out
}

fn capture() -> Option<std::path::PathBuf> {
    let Some(s) = common::shared_testdata() else {
        common::skip("../shared/testdata is absent: sealed-capture tests skipped");
        return None;
    };
    Some(s.join("captures/scapy/dcerpc_privacy_ntlm.pcapng.gz"))
}

fn sha256(b: &[u8]) -> String {
    let out = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b)?;
            c.wait_with_output()
        })
        .unwrap();
    String::from_utf8_lossy(&out.stdout)[..64].to_owned()
}

#[test]
fn scapy_privacy_ntlm_unseals_from_the_password() {
    let Some(path) = capture() else { return };
    let mut keys = Keyring::new();
    keys.add_ntlm(NtlmCredential::from_password(
        Some("DOMAIN"),
        "Administrator",
        "Password123!",
    ));
    let f = follow(&path, &keys);
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert!(f.sealed_pdus >= 8, "sealed PDUs: {}", f.sealed_pdus);
    // OpenSCManagerW (opnum 15) names the machine 192.168.0.100, as tshark decrypts it.
    let machine: Vec<u8> = "192.168.0.100"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let open = f
        .calls
        .iter()
        .find(|c| c.opnum == Some(15))
        .expect("OpenSCManagerW request");
    assert!(open.stub.windows(machine.len()).any(|w| w == machine));
    // EnumServicesStatusW's response came in 6 fragments; Scapy asserts its sha256.
    let big = f
        .calls
        .iter()
        .find(|c| c.dir == Direction::ToClient && c.fragments == 6)
        .expect("6-fragment response");
    assert_eq!(big.stub.len(), 33592, "call {}", big.call_id);
    assert_eq!(
        sha256(&big.stub),
        "c0b5de1c305c02041c7f05ccded701a57b9137b4ffc7a4d189cd1c51a1273321"
    );
}

#[test]
fn scapy_privacy_ntlm_wrong_password_is_reported() {
    let Some(path) = capture() else { return };
    let mut keys = Keyring::new();
    keys.add_ntlm(NtlmCredential::from_password(
        Some("DOMAIN"),
        "Administrator",
        "Password124!",
    ));
    let f = follow(&path, &keys);
    // Nothing sealed comes out: no OpenSCManagerW, no 6-fragment response.
    assert!(!f
        .calls
        .iter()
        .any(|c| c.opnum == Some(15) || c.fragments == 6));
    assert!(
        f.errors
            .iter()
            .any(|e| e.contains("does not match the credentials")),
        "{:?}",
        f.errors
    );
}
