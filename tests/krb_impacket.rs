//! Kerberos-protected DCE/RPC built by impacket (`tests/interop/krb_build.py`): tickets for
//! `exchangeMDB/mail.example.test` encrypted in keys derived by impacket from the service
//! password, AP-REQ with initiator subkey, AP-REP with acceptor subkey, impacket's DCE-style
//! third leg, and requests/responses sealed or signed with impacket's GSS_Wrap / GSS_GetMIC
//! (AES256, AES128, RC4-HMAC), with and without header signing. Every stub is recovered here
//! from the service password alone and equals the plaintext impacket was given.
//!
//! The hostile cases change those PDUs (bit flips, truncation, replay, reordering, RRC/EC
//! lies, a wrong key) and expect typed errors.
//!
//! Needs a Python with impacket: `$OXWIRE_PYTHON` (set by `.ci/run`), else `.venv/bin/python`.

mod common;

use std::process::Command;

use oxwire::emapi_sspi::{Direction, Error, Keyring, Processed, RpcSecurity};
use serde_json::Value;

fn python() -> Option<String> {
    common::python_with("impacket")
}

/// The scenarios impacket builds, or `None` (after the skip notice) without impacket.
fn scenarios() -> Option<Vec<Value>> {
    static RUN: std::sync::OnceLock<Option<Vec<Value>>> = std::sync::OnceLock::new();
    let r = RUN.get_or_init(build).clone();
    if r.is_none() {
        common::skip("no Python with impacket ($OXWIRE_PYTHON)");
    }
    r
}

fn build() -> Option<Vec<Value>> {
    let py = python()?;
    let out = Command::new(py)
        .arg(format!(
            "{}/tests/interop/krb_build.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .expect("run krb_build.py");
    assert!(
        out.status.success(),
        "krb_build.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    Some(v["scenarios"].as_array().unwrap().clone())
}

struct Pdu {
    dir: Direction,
    raw: Vec<u8>,
    plain: Option<Vec<u8>>,
}

fn pdus(s: &Value) -> Vec<Pdu> {
    s["pdus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Pdu {
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

fn keyring(s: &Value, password: &str) -> Keyring {
    // string-to-key takes 4096 PBKDF2 rounds: derive once per password.
    static CACHE: std::sync::Mutex<Vec<(String, Keyring)>> = std::sync::Mutex::new(Vec::new());
    let mut c = CACHE.lock().unwrap();
    if let Some((_, k)) = c.iter().find(|(p, _)| p == password) {
        return k.clone();
    }
    let k = keyring_uncached(s, password);
    c.push((password.to_owned(), k.clone()));
    k
}

fn keyring_uncached(s: &Value, password: &str) -> Keyring {
    let svc = &s["service"];
    let comps: Vec<&str> = svc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let mut k = Keyring::new();
    k.add_kerberos_password(svc["realm"].as_str().unwrap(), &comps, password);
    k
}

/// Runs the legs of a scenario (every PDU without a stub); returns the state and the rest.
fn established(s: &Value, keys: &Keyring) -> (RpcSecurity, Vec<Pdu>) {
    let mut sec = RpcSecurity::default();
    let mut rest = Vec::new();
    for p in pdus(s) {
        if p.plain.is_some() {
            rest.push(p);
        } else {
            assert_eq!(
                sec.process(p.dir, &p.raw, keys).unwrap(),
                Processed::Other,
                "{}",
                s["name"]
            );
        }
    }
    (sec, rest)
}

#[test]
fn impacket_kerberos_streams_unseal_from_the_service_password() {
    let Some(all) = scenarios() else { return };
    assert_eq!(all.len(), 18);
    for s in &all {
        let name = s["name"].as_str().unwrap();
        let keys = keyring(s, s["service"]["password"].as_str().unwrap());
        let (mut sec, calls) = established(s, &keys);
        assert_eq!(
            sec.header_signing(),
            s["header_sign"].as_bool().unwrap(),
            "{name}"
        );
        let ctxs = sec.contexts();
        assert!(ctxs.len() == 1 && ctxs[0].3, "{name}: {ctxs:?}");
        assert_eq!(calls.len(), 8, "{name}");
        for (i, p) in calls.iter().enumerate() {
            match sec.process(p.dir, &p.raw, &keys) {
                Ok(Processed::Stub {
                    stub,
                    level,
                    verified,
                    ..
                }) => {
                    assert!(verified, "{name} #{i}");
                    assert_eq!(level as u64, s["level"].as_u64().unwrap());
                    assert_eq!(
                        stub.as_ref(),
                        p.plain.as_deref().unwrap(),
                        "{name} #{i} stub"
                    );
                }
                other => panic!("{name} #{i}: {other:?}"),
            }
        }
    }
}

#[test]
fn wrong_service_password_is_a_typed_error() {
    let Some(all) = scenarios() else { return };
    for s in &all {
        let keys = keyring(s, "not the password");
        let (mut sec, calls) = established(s, &keys);
        assert!(!sec.contexts()[0].3);
        let reason = sec.unkeyed_reason(79231).unwrap();
        assert!(reason.contains("exchangeMDB/mail.example.test"), "{reason}");
        let e = sec.process(calls[0].dir, &calls[0].raw, &keys).unwrap_err();
        assert!(matches!(e, Error::WrongKey { .. }), "{e:?}");
    }
}

#[test]
fn no_service_key_is_no_key() {
    let Some(all) = scenarios() else { return };
    let keys = Keyring::new();
    let (mut sec, calls) = established(&all[0], &keys);
    let e = sec.process(calls[0].dir, &calls[0].raw, &keys).unwrap_err();
    assert!(matches!(e, Error::NoKey { .. }), "{e:?}");
    assert!(e.to_string().contains("Kerberos"));
}

/// Offsets of the auth_value and body of a request/response PDU.
fn layout(raw: &[u8]) -> (usize, usize, usize) {
    let frag = u16::from_le_bytes([raw[8], raw[9]]) as usize;
    let auth_len = u16::from_le_bytes([raw[10], raw[11]]) as usize;
    let token_at = frag - auth_len;
    let pad = raw[token_at - 6] as usize;
    (24, token_at - 8 - pad, token_at)
}

#[test]
fn tampering_is_an_integrity_error() {
    let Some(all) = scenarios() else { return };
    for s in &all {
        let name = s["name"].as_str().unwrap();
        let keys = keyring(s, s["service"]["password"].as_str().unwrap());
        let header_sign = s["header_sign"].as_bool().unwrap();
        let (_, calls) = established(s, &keys);
        let p = &calls[2];
        let (body, _, _) = layout(&p.raw);
        // Positions: a stub byte, a token checksum byte near the end, and (with header
        // signing) the call_id in the header.
        let mut spots = vec![body, p.raw.len() - 1];
        if header_sign {
            spots.push(12);
        }
        for at in spots {
            for bit in [0x01u8, 0x80] {
                let (mut sec, _) = established(s, &keys);
                let mut raw = p.raw.clone();
                raw[at] ^= bit;
                // The first call goes through untouched so the flip lands mid-stream.
                sec.process(calls[0].dir, &calls[0].raw, &keys).unwrap();
                sec.process(calls[1].dir, &calls[1].raw, &keys).unwrap();
                let e = sec.process(p.dir, &raw, &keys).unwrap_err();
                assert!(
                    matches!(
                        e,
                        Error::IntegrityCheckFailed { .. } | Error::Invalid { .. }
                    ),
                    "{name} byte {at}: {e:?}"
                );
            }
        }
    }
}

#[test]
fn replay_and_reorder_are_sequence_errors() {
    let Some(all) = scenarios() else { return };
    for s in &all {
        let name = s["name"].as_str().unwrap();
        let keys = keyring(s, s["service"]["password"].as_str().unwrap());
        let (mut sec, calls) = established(s, &keys);
        // Requests are calls[0], [2], [4], [6]. Replay the first request after it was taken.
        sec.process(calls[0].dir, &calls[0].raw, &keys).unwrap();
        let e = sec.process(calls[0].dir, &calls[0].raw, &keys).unwrap_err();
        assert!(
            matches!(e, Error::SequenceMismatch { .. }),
            "{name}: replay gave {e:?}"
        );
        // Skip a request: the next one is out of order.
        let e = sec.process(calls[4].dir, &calls[4].raw, &keys).unwrap_err();
        assert!(
            matches!(e, Error::SequenceMismatch { expected, got } if got == expected + 1),
            "{name}: reorder gave {e:?}"
        );
        // The stream resumes with the expected one.
        sec.process(calls[2].dir, &calls[2].raw, &keys).unwrap();
    }
}

#[test]
fn truncated_tokens_and_rotation_lies_are_refused() {
    let Some(all) = scenarios() else { return };
    for s in &all {
        let name = s["name"].as_str().unwrap();
        let keys = keyring(s, s["service"]["password"].as_str().unwrap());
        let p = &established(s, &keys).1[0];
        let (_, _, token_at) = layout(&p.raw);
        let token = &p.raw[token_at..];
        // Every shorter auth_value, with the header's lengths fixed up (an auth_length of 0
        // means no verifier at all: that PDU is not protected and is left out).
        let n = token.len();
        for cut in [1, 2, 12, 13, 15, 16, 17, 28, n / 2, n - 13, n - 1]
            .into_iter()
            .filter(|&c| c < n)
        {
            let (mut sec, _) = established(s, &keys);
            let mut raw = p.raw[..token_at + cut].to_vec();
            let frag = raw.len() as u16;
            raw[8..10].copy_from_slice(&frag.to_le_bytes());
            raw[10..12].copy_from_slice(&(cut as u16).to_le_bytes());
            if let Ok(r) = sec.process(p.dir, &raw, &keys) {
                panic!("{name}: {cut}-byte token accepted: {r:?}");
            }
        }
        // RFC 4121 Wrap tokens: EC and RRC changed.
        if token[..2] == [0x05, 0x04] {
            for (field, delta) in [(4usize, 1u16), (6, 1), (6, 16), (4, 0xff00), (6, 0xff00)] {
                let (mut sec, _) = established(s, &keys);
                let mut raw = p.raw.clone();
                let at = token_at + field;
                let v = u16::from_be_bytes([raw[at], raw[at + 1]]).wrapping_add(delta);
                raw[at..at + 2].copy_from_slice(&v.to_be_bytes());
                let e = sec.process(p.dir, &raw, &keys).unwrap_err();
                assert!(
                    matches!(
                        e,
                        Error::Invalid { .. } | Error::IntegrityCheckFailed { .. }
                    ),
                    "{name}: EC/RRC lie at {field}+{delta}: {e:?}"
                );
            }
        }
    }
}
