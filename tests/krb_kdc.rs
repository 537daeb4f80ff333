//! Kerberos against a real KDC (`tests/interop/krb_kdc.py`): an MIT krb5 realm on a loopback
//! port issues service tickets for `exchangeMDB/mail.example.test`, `kadmin.local ktadd`
//! writes the service keytab, and impacket builds the DCE/RPC conversation from each ticket
//! and its session key (`krb_build.py --kdc`). Here:
//!
//! - the keytab parser reads the kadmin-written file to the entries `klist -k -t -e -K` lists;
//! - every stub of every conversation is recovered from that keytab alone and equals the
//!   plaintext impacket was given;
//! - the same conversations, written as a capture, are unsealed by the dissector with the
//!   keytab (as `dissect --keytab FILE` does), and tshark with the same keytab
//!   (`-o kerberos.decrypt:TRUE -o kerberos.file:KEYTAB`) is asked to decrypt them too.
//!
//! Needs krb5-kdc, krb5-admin-server, krb5-user and a Python with impacket; skipped without
//! them unless `OXWIRE_REQUIRE_ORACLES=1`.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use oxwire::emapi_sspi::{Direction, Keyring, Keytab, Limits, Processed, RpcSecurity};
use serde_json::Value;

fn python() -> Option<String> {
    common::python_with("impacket")
}

fn run_kdc() -> Option<Value> {
    static RUN: std::sync::OnceLock<Result<Value, String>> = std::sync::OnceLock::new();
    let r = RUN.get_or_init(|| {
        let py = python().ok_or("no Python with impacket ($OXWIRE_PYTHON)")?;
        let out = Command::new(py)
            .arg(format!(
                "{}/tests/interop/krb_kdc.py",
                env!("CARGO_MANIFEST_DIR")
            ))
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.code() == Some(2) {
            return Err(format!(
                "MIT krb5 KDC tools: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        assert!(
            out.status.success(),
            "krb_kdc.py: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    });
    match r {
        Ok(v) => Some(v.clone()),
        Err(why) => {
            common::skip(why);
            None
        }
    }
}

fn keytab(v: &Value) -> (Vec<u8>, Keytab) {
    let bytes = common::unhex(v["keytab"].as_str().unwrap());
    let kt = Keytab::parse(&bytes, &Limits::default()).unwrap();
    (bytes, kt)
}

#[test]
fn keytab_parser_reads_the_kadmin_keytab_as_klist_does() {
    let Some(v) = run_kdc() else { return };
    let (_, kt) = keytab(&v);
    assert_eq!(kt.version, 2);
    // klist lines: "KVNO TIMESTAMP PRINCIPAL (ENCTYPE)  (0xKEY)".
    let listed: Vec<(u32, String, i32, String)> = v["klist"]
        .as_str()
        .unwrap()
        .lines()
        .filter(|l| l.contains("(0x"))
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let etype = match l {
                _ if l.contains("aes256-cts") => 18,
                _ if l.contains("aes128-cts") => 17,
                _ if l.contains("arcfour-hmac") || l.contains("rc4-hmac") => 23,
                _ => panic!("unexpected enctype in {l}"),
            };
            let key = l.rsplit("(0x").next().unwrap().trim_end_matches(')');
            (
                w[0].parse().unwrap(),
                w[3].to_owned(),
                etype,
                key.to_owned(),
            )
        })
        .collect();
    assert_eq!(listed.len(), 3, "{}", v["klist"]);
    let ours: Vec<(u32, String, i32, String)> = kt
        .entries
        .iter()
        .map(|e| (e.kvno, e.principal(), e.key.etype, common::hex(&e.key.key)))
        .collect();
    assert_eq!(ours, listed);
    assert!(kt.entries.iter().all(|e| e.name_type == Some(1)));
}

struct Call {
    dir: Direction,
    raw: Vec<u8>,
    plain: Option<Vec<u8>>,
}

fn calls(s: &Value) -> Vec<Call> {
    s["pdus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Call {
            dir: if p["dir"] == "c2s" {
                Direction::ToServer
            } else {
                Direction::ToClient
            },
            raw: common::unhex(p["hex"].as_str().unwrap()),
            plain: p["plain"].as_str().map(common::unhex),
        })
        .collect()
}

#[test]
fn kdc_issued_tickets_unseal_from_the_keytab_alone() {
    let Some(v) = run_kdc() else { return };
    let (_, kt) = keytab(&v);
    let mut keys = Keyring::new();
    kt.add_to(&mut keys);
    let all = v["scenarios"].as_array().unwrap();
    assert_eq!(all.len(), 10);
    for s in all {
        let name = s["name"].as_str().unwrap();
        let mut sec = RpcSecurity::default();
        let mut stubs = 0;
        for (i, c) in calls(s).iter().enumerate() {
            let r = sec
                .process(c.dir, &c.raw, &keys)
                .unwrap_or_else(|e| panic!("{name} #{i}: {e}"));
            match (r, &c.plain) {
                (Processed::Other, None) => {}
                (Processed::Stub { stub, verified, .. }, Some(p)) => {
                    assert!(verified, "{name} #{i}");
                    assert_eq!(stub.as_ref(), &p[..], "{name} #{i}");
                    stubs += 1;
                }
                (r, _) => panic!("{name} #{i}: {r:?}"),
            }
        }
        assert_eq!(stubs, 8, "{name}");
    }
}

/// A classic pcap of TCP segments (Ethernet, IPv4, TCP with a handshake), one PDU per
/// segment, client 10.0.0.1:50000, server 10.0.0.2:`port`.
fn write_pcap(pdus: &[(Direction, &[u8])], port: u16) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    let mut seq = [1000u32, 5000u32];
    let mut t = 0u32;
    let mut seg = |out: &mut Vec<u8>, d: usize, flags: u8, payload: &[u8], seq: &mut [u32; 2]| {
        let (src, dst, sp, dp) = if d == 0 {
            ([10, 0, 0, 1], [10, 0, 0, 2], 50000u16, port)
        } else {
            ([10, 0, 0, 2], [10, 0, 0, 1], port, 50000u16)
        };
        let mut f = Vec::new();
        f.extend_from_slice(&[2, 0, 0, 0, 0, 2 - d as u8, 2, 0, 0, 0, 0, 1 + d as u8]);
        f.extend_from_slice(&[0x08, 0x00]);
        let ip_len = 20 + 20 + payload.len();
        let mut ip = vec![0x45, 0];
        ip.extend_from_slice(&(ip_len as u16).to_be_bytes());
        ip.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0]);
        ip.extend_from_slice(&src);
        ip.extend_from_slice(&dst);
        let mut sum = 0u32;
        for c in ip.chunks(2) {
            sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        ip[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
        f.extend_from_slice(&ip);
        f.extend_from_slice(&sp.to_be_bytes());
        f.extend_from_slice(&dp.to_be_bytes());
        f.extend_from_slice(&seq[d].to_be_bytes());
        f.extend_from_slice(&seq[1 - d].to_be_bytes());
        f.extend_from_slice(&[0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
        f.extend_from_slice(payload);
        let adv = payload.len() as u32 + u32::from(flags & 0x02 != 0);
        seq[d] = seq[d].wrapping_add(adv);
        t += 1;
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&f);
    };
    // The handshake: the SYN's sequence number counts one.
    seq[0] -= 1;
    seg(&mut out, 0, 0x02, &[], &mut seq);
    seq[1] -= 1;
    seg(&mut out, 1, 0x12, &[], &mut seq);
    seg(&mut out, 0, 0x10, &[], &mut seq);
    for (dir, p) in pdus {
        let d = usize::from(*dir == Direction::ToClient);
        seg(&mut out, d, 0x18, p, &mut seq);
    }
    out
}

#[test]
fn dissector_and_tshark_unseal_the_kdc_conversations_with_the_keytab() {
    let Some(v) = run_kdc() else { return };
    let (kt_bytes, kt) = keytab(&v);
    let mut keys = Keyring::new();
    kt.add_to(&mut keys);
    let dir = std::env::temp_dir().join(format!("oxwire-krb-kdc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let kt_path = dir.join("service.keytab");
    std::fs::write(&kt_path, &kt_bytes).unwrap();
    for s in v["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let cs = calls(s);
        let pdus: Vec<(Direction, &[u8])> = cs.iter().map(|c| (c.dir, &c.raw[..])).collect();
        let pcap = write_pcap(&pdus, 6001);
        let opts = oxwire::dissect::Options {
            keys: std::sync::Arc::new(keys.clone()),
            stub_hex: true,
            ..Default::default()
        };
        let records = oxwire::dissect::dissect_capture(&pcap, &opts).unwrap();
        let errors: Vec<_> = records.iter().filter_map(|r| r.get_str("error")).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let got: Vec<Vec<u8>> = records
            .iter()
            .filter_map(|r| r.get_str("stub_hex"))
            .map(common::unhex)
            .collect();
        let want: Vec<Vec<u8>> = cs.iter().filter_map(|c| c.plain.clone()).collect();
        assert_eq!(got, want, "{name}");
        assert!(
            records
                .iter()
                .filter(|r| r.get_str("stub_hex").is_some())
                .all(|r| r.fields.get("verified") == Some(&true.into())),
            "{name}"
        );
        if name.ends_with("-6-at9") {
            tshark_compare(name, &pcap, &kt_path, &dir, &cs);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// tshark's decryption of the sealed stubs, where it gives one, must equal the plaintext.
fn tshark_compare(
    name: &str,
    pcap: &[u8],
    kt: &std::path::Path,
    dir: &std::path::Path,
    cs: &[Call],
) {
    if !common::have("tshark", "--version") {
        common::skip("tshark is not installed");
        return;
    }
    let p = dir.join(format!("{name}.pcap"));
    std::fs::write(&p, pcap).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&p)
        .args(["-o", "kerberos.decrypt:TRUE", "-o"])
        .arg(format!("kerberos.file:{}", kt.display()))
        .args(["-d", "tcp.port==6001,dcerpc"])
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "dcerpc.krb5_av.decrypted",
        ])
        .args(["-e", "kerberos.keytype"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut theirs: BTreeMap<u64, String> = BTreeMap::new();
    for l in text.lines() {
        let mut f = l.split('\t');
        let n: u64 = f.next().unwrap_or("0").parse().unwrap_or(0);
        if let Some(d) = f.next().filter(|d| !d.is_empty()) {
            theirs.insert(n, d.replace(':', ""));
        }
    }
    // Frames: three handshake segments, then one PDU each.
    let mut compared = 0;
    for (i, c) in cs.iter().enumerate() {
        let (Some(plain), Some(dec)) = (&c.plain, theirs.get(&(4 + i as u64))) else {
            continue;
        };
        assert!(
            common::unhex(dec).starts_with(plain),
            "{name}: tshark frame {} differs",
            4 + i
        );
        compared += 1;
    }
    eprintln!("{name}: tshark decrypted {compared} of 8 stubs");
}
