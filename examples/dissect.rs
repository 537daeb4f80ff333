//! `dissect`: prints one JSON line per DCE/RPC PDU found in a capture.
//!
//! ```text
//! dissect [FILE.pcap|FILE.pcapng|FILE.cap|FILE.gz] [--summary] [--port N]... [--no-heuristic]
//! dissect hex --layer dcerpc HEX
//! ```
//!
//! With no FILE it reads the sample capture built into the library. The JSON schema is
//! documented in `oxwire::dissect`.

use std::process::ExitCode;

use oxwire::dissect::{dissect_capture, dissect_pdu, Options, Record, SAMPLE_CAPTURE};

fn usage() -> ExitCode {
    eprintln!(
        "usage: dissect [FILE] [--summary] [--port N]... [--no-heuristic]\n       dissect hex --layer dcerpc HEX"
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
        let mut it = args[1..].iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--layer" => match it.next() {
                    Some(l) => layer = l.clone(),
                    None => return usage(),
                },
                other => hex = Some(other.to_string()),
            }
        }
        if layer != "dcerpc" {
            eprintln!("dissect: unknown layer {layer:?} (known: dcerpc)");
            return ExitCode::from(2);
        }
        let Some(bytes) = hex.as_deref().and_then(unhex) else {
            return usage();
        };
        let rec = dissect_pdu(&bytes);
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
