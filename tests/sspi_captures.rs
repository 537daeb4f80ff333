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

/// Active mode: a resealer forked right after authentication reproduces every sealed PDU of
/// the capture byte for byte from its plaintext (same keys, same sequence), so what it seals
/// after injecting calls is what the peer expects.
#[test]
fn scapy_privacy_ntlm_reseals_byte_for_byte() {
    let Some(path) = capture() else { return };
    let mut keys = Keyring::new();
    keys.add_ntlm(NtlmCredential::from_password(
        Some("DOMAIN"),
        "Administrator",
        "Password123!",
    ));
    let data = std::fs::read(&path).unwrap();
    let reader = CaptureReader::new(&data).unwrap();
    let mut tcp = TcpReassembler::new();
    let mut framers: BTreeMap<(u64, bool), Framer> = BTreeMap::new();
    let mut pdus: Vec<(u64, Direction, Vec<u8>)> = Vec::new();
    for p in reader.packets() {
        if let Ok(seg) = decode_packet(&p) {
            tcp.handle_segment(p.frame, &seg);
        }
        while let Some(ev) = tcp.poll_event() {
            if let StreamEvent::Data {
                stream, dir, bytes, ..
            } = ev
            {
                let c2s = dir == oxwire::capture::Direction::ClientToServer;
                let f = framers.entry((stream, c2s)).or_default();
                f.push(&bytes);
                while let Ok(Some(p)) = f.next_pdu() {
                    let d = if c2s {
                        Direction::ToServer
                    } else {
                        Direction::ToClient
                    };
                    pdus.push((stream, d, p.to_vec()));
                }
            }
        }
    }
    let mut secs: BTreeMap<u64, (RpcSecurity, Option<oxwire::emapi_sspi::Resealer>)> =
        BTreeMap::new();
    let mut resealed = 0;
    for (stream, d, raw) in &pdus {
        let (sec, rs) = secs
            .entry(*stream)
            .or_insert_with(|| (RpcSecurity::default(), None));
        let (pdu, _) = Pdu::decode(raw).unwrap();
        let sealed = pdu.auth.as_ref().is_some_and(|a| a.trailer.auth_level == 6)
            && pdu.body.stub().is_some();
        if sealed && rs.is_none() {
            *rs = Some(
                sec.resealer(pdu.auth.unwrap().trailer.auth_context_id)
                    .unwrap(),
            );
        }
        let r = sec.process_pdu(*d, &pdu, raw, &keys).unwrap();
        if let (true, Processed::Stub { stub, pad, .. }) = (sealed, r) {
            let mut plain = pdu.clone();
            match &mut plain.body {
                oxwire_msrpc::PduBody::Request(q) => q.stub = &stub,
                oxwire_msrpc::PduBody::Response(q) => q.stub = &stub,
                oxwire_msrpc::PduBody::Fault(q) => q.stub = &stub,
                _ => unreachable!(),
            }
            if let Some(a) = &mut plain.auth {
                a.pad = &pad;
            }
            let again = rs.as_mut().unwrap().protect(*d, &plain).unwrap();
            assert_eq!(&again, raw);
            resealed += 1;
        }
    }
    assert!(resealed >= 8, "{resealed}");
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

/// Every SPNEGO token (auth_type 9) of the bind legs in the shared captures decodes, the
/// mechanisms of the tokens inside are the ones tshark 4.0 finds in each file (its `ntlmssp`
/// and `kerberos` filters), and no truncation of a token panics.
#[test]
fn spnego_tokens_in_captures_decode() {
    let Some(s) = common::shared_testdata() else {
        common::skip("../shared/testdata is absent");
        return;
    };
    use oxwire::emapi_sspi::spnego::{Mech, NegToken};
    let limits = oxwire::emapi_sspi::Limits::default();
    // (file, tshark finds NTLMSSP, tshark finds Kerberos)
    for (file, ntlm, krb) in [
        ("captures/zeek/kerberos135_auth.pcapng", false, true),
        (
            "captures/suricata-verify/dcerpc-ctxids/input.pcap",
            true,
            true,
        ),
        (
            "captures/suricata-verify/dce-gap-handling/input.pcap",
            false,
            true,
        ),
    ] {
        let data = std::fs::read(s.join(file)).unwrap();
        let reader = CaptureReader::new(&data).unwrap();
        let (mut n, mut saw_ntlm, mut saw_krb) = (0, false, false);
        for p in reader.packets() {
            let Ok(seg) = decode_packet(&p) else { continue };
            for raw in oxwire_msrpc::split_pdus(seg.payload).flatten() {
                let Ok((pdu, _)) = Pdu::decode(raw) else {
                    continue;
                };
                let Some(a) = pdu.auth else { continue };
                if a.trailer.auth_type != 9 || pdu.body.stub().is_some() || a.value.is_empty() {
                    continue;
                }
                let t = NegToken::decode(a.value, &limits).unwrap();
                if let Some(inner) = t.mech_token {
                    if inner.starts_with(b"NTLMSSP\0") {
                        saw_ntlm = true;
                    } else if oxwire::emapi_sspi::kerberos::looks_like_krb(inner) {
                        saw_krb = true;
                    }
                }
                if t.mech == Some(Mech::Ntlm) {
                    saw_ntlm = true;
                }
                for cut in 0..a.value.len() {
                    let _ = NegToken::decode(&a.value[..cut], &limits);
                }
                n += 1;
            }
        }
        assert!(n > 0, "{file}");
        assert_eq!((saw_ntlm, saw_krb), (ntlm, krb), "{file}");
    }
}
