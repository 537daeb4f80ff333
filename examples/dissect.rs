//! `dissect`: prints one JSON line per DCE/RPC PDU found in a capture.
//!
//! ```text
//! dissect [FILE.pcap|FILE.pcapng|FILE.cap|FILE.gz] [--summary] [--port N]... [--no-heuristic]
//! dissect hex --layer dcerpc HEX
//! dissect hex --layer rts HEX
//! dissect hex --layer LAYER --opnum N --dir request|response [--ndr64] HEX
//! ```
//!
//! With no FILE it reads the sample capture built into the library. The JSON schema is
//! documented in `oxwire::dissect`.

use std::process::ExitCode;

use oxwire::dissect::{
    dissect_capture, dissect_pdu, dissect_stub, Options, Record, SAMPLE_CAPTURE,
};

fn usage() -> ExitCode {
    eprintln!(
        "usage: dissect [FILE] [--summary] [--port N]... [--no-heuristic]\n       dissect hex --layer dcerpc HEX\n       dissect hex --layer rts HEX\n       dissect hex --layer LAYER --opnum N --dir request|response [--ndr64] HEX"
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("hex") {
        let mut layer = "dcerpc".to_string();
        let mut hex = None;
        let mut opnum = None;
        let mut request = None;
        let mut ndr64 = false;
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
        } else {
            match (opnum, request) {
                (Some(n), Some(r)) => dissect_stub(&layer, n, r, ndr64, &bytes),
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
    let mut summary = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--summary" => summary = true,
            "--no-heuristic" => opts.heuristic = false,
            "--port" => match it.next().and_then(|p| p.parse().ok()) {
                Some(p) => opts.ports.push(p),
                None => return usage(),
            },
            "-h" | "--help" => return usage(),
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_string()),
            _ => return usage(),
        }
    }
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
