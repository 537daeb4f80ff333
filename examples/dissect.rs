//! `dissect`: prints one JSON line per DCE/RPC PDU found in a capture.
//!
//! ```text
//! dissect [FILE.pcap|FILE.pcapng|FILE.cap|FILE.gz] [--summary] [--port N]... [--no-heuristic]
//!         [--password [DOMAIN\\]USER:PASS]... [--nt-hash [DOMAIN\\]USER:HEX]...
//!         [--keytab FILE]... [--stub-hex]
//! dissect hex --layer dcerpc HEX
//! dissect hex --layer rts HEX
//! dissect hex --layer LAYER --opnum N --dir request|response [--ndr64] HEX
//! dissect hex --layer rop --dir request|response HEX
//! dissect hex --layer moh --type REQUESTTYPE --dir request|response HEX
//! ```
//!
//! LAYER is one of `epm`, `nspi`, `rfr`, `emsmdb`, `asyncemsmdb` (NDR stubs) or `rts`.
//! `--layer moh` decodes one MAPI over HTTP body of the given `X-RequestType` (a response
//! with or without its PROCESSING/DONE meta-tags); Execute bodies are decoded down to ROPs.
//! MAPI over HTTP streams in captures are reported as one `"event": "moh"` line per
//! request/response pair.
//! RPC over HTTP channels (`RPC_IN_DATA` / `RPC_OUT_DATA` on any port, `ncacn_http/1.0` legs
//! on 593) are paired into virtual connections: their RTS PDUs are printed with command names
//! and values, their inner PDUs as over TCP, each with `vc`, `channel` and `carrier` keys.
//!
//! With no FILE it reads the sample capture built into the library. The JSON schema is
//! documented in `oxwire::dissect`.
//!
//! `--password`, `--nt-hash` and `--keytab` give the keys for sealed (packet privacy) and
//! signed (packet integrity) streams: NTLM from a user's password or NT hash, Kerberos
//! (bare or in SPNEGO) from the service's keytab; a program holding the service account's
//! password instead gives it to `Keyring::add_kerberos_password`. Calls are then decrypted,
//! verified and decoded as usual; without a key for a stream an `unreadable` (or
//! `unverified`) notice says why. `--stub-hex` adds each call's plaintext stub.

use std::process::ExitCode;

use oxwire::dissect::{
    calls, dissect_capture, dissect_pdu, dissect_stub, Options, Record, SAMPLE_CAPTURE,
};
use oxwire::emapi_sspi::ntlm::NtlmCredential;
use oxwire::emapi_sspi::{Keyring, Keytab, Limits};

fn usage() -> ExitCode {
    eprintln!(
        "usage: dissect [FILE] [--summary] [--port N]... [--decode-as PORT=LAYER]... [--no-heuristic]\n               [--password [DOMAIN\\\\]USER:PASS]... [--nt-hash [DOMAIN\\\\]USER:HEX]...\n               [--keytab FILE]... [--stub-hex]\n       dissect hex --layer dcerpc HEX\n       dissect hex --layer rts HEX\n       dissect hex --layer LAYER --opnum N --dir request|response [--ndr64] HEX\n       dissect hex --layer rop --dir request|response HEX\n       dissect hex --layer moh --type REQUESTTYPE --dir request|response HEX"
    );
    ExitCode::from(2)
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `[DOMAIN\\]USER:SECRET` (the secret may itself contain `:`).
fn principal(s: &str) -> Option<(Option<&str>, &str, &str)> {
    let (who, secret) = s.split_once(':')?;
    let (domain, user) = match who.split_once('\\') {
        Some((d, u)) => (Some(d), u),
        None => (None, who),
    };
    (!user.is_empty()).then_some((domain, user, secret))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("hex") {
        let mut layer = "dcerpc".to_string();
        let mut hex = None;
        let mut opnum = None;
        let mut request = None;
        let mut ndr64 = false;
        let mut request_type = None;
        let mut it = args[1..].iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--layer" => match it.next() {
                    Some(l) => layer = l.clone(),
                    None => return usage(),
                },
                "--opnum" => match it.next().and_then(|n| n.parse::<u16>().ok()) {
                    Some(n) => opnum = Some(n),
                    None => return usage(),
                },
                "--dir" => match it.next().map(String::as_str) {
                    Some("request") => request = Some(true),
                    Some("response") => request = Some(false),
                    _ => return usage(),
                },
                "--ndr64" => ndr64 = true,
                "--type" => match it.next() {
                    Some(t) => request_type = Some(t.clone()),
                    None => return usage(),
                },
                other if hex.is_none() => hex = Some(other.to_string()),
                _ => return usage(),
            }
        }
        let Some(hex) = hex else {
            return usage();
        };
        let Some(bytes) = unhex(&hex) else {
            eprintln!("dissect: {hex:?} is not an even number of hex digits");
            return ExitCode::from(2);
        };
        let rec = if layer == "dcerpc" {
            dissect_pdu(&bytes)
        } else if layer == "rts" {
            oxwire::dissect::rts::dissect_rts(&bytes)
        } else if layer == "moh" {
            let (Some(t), Some(r)) = (request_type, request) else {
                eprintln!(
                    "dissect: --layer moh needs --type REQUESTTYPE and --dir request|response"
                );
                return ExitCode::from(2);
            };
            oxwire::dissect::moh::dissect_body(&t, r, &bytes)
        } else {
            match (opnum, request) {
                (Some(n), Some(r)) => dissect_stub(&layer, n, r, ndr64, &bytes),
                // A bare ROP buffer has no operation number.
                (None, Some(r)) if layer == "rop" => dissect_stub(&layer, 0, r, ndr64, &bytes),
                _ => {
                    eprintln!(
                        "dissect: --layer {layer} needs --opnum N and --dir request|response"
                    );
                    return ExitCode::from(2);
                }
            }
        };
        println!("{}", rec.to_json());
        return if rec.fields.contains_key("error") {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }

    let mut opts = Options::default();
    let mut keys = Keyring::new();
    let mut summary = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--summary" => summary = true,
            "--stub-hex" => opts.stub_hex = true,
            "--password" => match it.next().and_then(|p| principal(p)) {
                Some((domain, user, pass)) => {
                    keys.add_ntlm(NtlmCredential::from_password(domain, user, pass));
                }
                None => return usage(),
            },
            "--keytab" => {
                let Some(path) = it.next() else {
                    return usage();
                };
                let kt = std::fs::read(path)
                    .map_err(|e| e.to_string())
                    .and_then(|b| Keytab::parse(&b, &Limits::default()).map_err(|e| e.to_string()));
                match kt {
                    Ok(kt) => kt.add_to(&mut keys),
                    Err(e) => {
                        eprintln!("dissect: {path}: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
            "--nt-hash" => {
                let cred = it.next().and_then(|p| principal(p)).and_then(|(d, u, h)| {
                    let h: [u8; 16] = unhex(h)?.try_into().ok()?;
                    Some(NtlmCredential::from_nt_hash(d, u, h))
                });
                match cred {
                    Some(c) => {
                        keys.add_ntlm(c);
                    }
                    None => {
                        eprintln!("dissect: --nt-hash takes [DOMAIN\\]USER:32-HEX-DIGITS");
                        return ExitCode::from(2);
                    }
                }
            }
            "--no-heuristic" => opts.heuristic = false,
            "--port" => match it.next().and_then(|p| p.parse().ok()) {
                Some(p) => opts.ports.push(p),
                None => return usage(),
            },
            "--decode-as" => {
                // PORT=LAYER: the interface a server port offers when its bind is not captured.
                let parsed = it.next().and_then(|v| {
                    let (port, layer) = v.split_once('=')?;
                    Some((port.parse::<u16>().ok()?, calls::layer_syntax(layer)?))
                });
                match parsed {
                    Some((port, syntax)) => {
                        opts.ports.push(port);
                        opts.decode_as.push((port, syntax));
                    }
                    None => return usage(),
                }
            }
            "-h" | "--help" => return usage(),
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_string()),
            _ => return usage(),
        }
    }
    opts.keys = std::sync::Arc::new(keys);
    let data = match &file {
        Some(f) => match std::fs::read(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("dissect: {f}: {e}");
                return ExitCode::from(1);
            }
        },
        None => SAMPLE_CAPTURE.to_vec(),
    };
    let records = match dissect_capture(&data, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dissect: {}: {e}", file.as_deref().unwrap_or("sample"));
            return ExitCode::from(1);
        }
    };
    if summary {
        println!("{}", Record::summary_header());
        for r in &records {
            println!("{}", r.summary_line());
        }
        let pdus = records.iter().filter(|r| r.is_pdu()).count();
        let errors = records
            .iter()
            .filter(|r| r.fields.contains_key("error"))
            .count();
        println!("{pdus} PDUs, {errors} with notes");
    } else {
        for r in &records {
            println!("{}", r.to_json());
        }
    }
    ExitCode::SUCCESS
}
