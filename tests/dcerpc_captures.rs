//! Every DCE/RPC PDU in every capture decodes and re-encodes byte for byte, and the dissector
//! finds the same PDUs as tshark.
//!
//! The repository's own captures always run; `../shared/testdata` (which holds captures under
//! licences that keep them out of the repository) runs when present, as it is in CI.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use oxwire::capture::{decode_packet, CaptureReader, StreamEvent, TcpReassembler};
use oxwire::dissect::{dissect_capture, Options};
use oxwire_msrpc::{Framer, Pdu};

/// Streams of a capture that the dissector follows, as raw PDUs (bytes), per stream/direction.
fn pdus_of(path: &Path) -> Vec<Vec<u8>> {
    let data = std::fs::read(path).unwrap();
    let reader = CaptureReader::new(&data).unwrap();
    let mut tcp = TcpReassembler::new();
    let mut framers: BTreeMap<(u64, bool), (Framer, bool)> = BTreeMap::new();
    let mut out = Vec::new();
    let mut handle = |ev: StreamEvent, out: &mut Vec<Vec<u8>>| match ev {
        StreamEvent::Data {
            stream, dir, bytes, ..
        } => {
            let key = (stream, dir == oxwire::capture::Direction::ClientToServer);
            let (f, dead) = framers.entry(key).or_insert_with(|| {
                // Only streams that start with a DCE/RPC header are framed.
                let live = oxwire_msrpc::Header::decode(&bytes).is_ok();
                (Framer::default(), !live)
            });
            if *dead {
                return;
            }
            f.push(&bytes);
            loop {
                match f.next_pdu() {
                    Ok(Some(p)) => out.push(p.to_vec()),
                    Ok(None) => break,
                    Err(_) => {
                        *dead = true;
                        break;
                    }
                }
            }
        }
        StreamEvent::Gap { stream, dir, .. } => {
            let key = (stream, dir == oxwire::capture::Direction::ClientToServer);
            if let Some(e) = framers.get_mut(&key) {
                e.1 = true;
            }
        }
        _ => {}
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

fn all_captures() -> Vec<std::path::PathBuf> {
    let mut v = common::captures_under(&common::repo_testdata());
    match common::shared_testdata() {
        Some(s) => v.extend(common::captures_under(&s.join("captures"))),
        None => common::skip("../shared/testdata is absent: only the repository's captures run"),
    }
    v
}

#[test]
fn every_pdu_decodes_and_reencodes_exactly() {
    let mut total = 0;
    for path in all_captures() {
        let pdus = pdus_of(&path);
        for (i, bytes) in pdus.iter().enumerate() {
            let (pdu, used) =
                Pdu::decode(bytes).unwrap_or_else(|e| panic!("{} PDU #{i}: {e}", path.display()));
            assert_eq!(used, bytes.len());
            assert_eq!(
                &pdu.to_vec().unwrap(),
                bytes,
                "{} PDU #{i} re-encodes",
                path.display()
            );
        }
        total += pdus.len();
        eprintln!("{}: {} PDUs", path.display(), pdus.len());
    }
    assert!(total > 300, "only {total} PDUs found");
}

#[test]
fn truncation_at_every_offset_is_an_error() {
    // Every captured PDU, cut at every length.
    for path in all_captures() {
        for bytes in pdus_of(&path) {
            for cut in 0..bytes.len() {
                assert!(Pdu::decode(&bytes[..cut]).is_err());
                // The same cut with frag_length lying to match it, so the body decoders see the
                // short body: an error, or a PDU that re-encodes to exactly those bytes.
                if cut >= 16 {
                    let mut short = bytes[..cut].to_vec();
                    let len = cut as u16;
                    let le = short[4] & 0xf0 == 0x10;
                    short[8..10].copy_from_slice(&if le {
                        len.to_le_bytes()
                    } else {
                        len.to_be_bytes()
                    });
                    if let Ok((p, _)) = Pdu::decode(&short) {
                        assert_eq!(p.to_vec().unwrap(), short);
                    }
                }
            }
        }
    }
}

type Tuple = (u64, u64, Option<u64>, Option<u64>, u64);

/// (ptype, call_id, opnum of requests, ctx_id of request/response/fault, frag_length)
fn tuple(ptype: u64, call_id: u64, opnum: Option<u64>, ctx: Option<u64>, frag: u64) -> Tuple {
    let opnum = if ptype == 0 { opnum } else { None };
    let ctx = if matches!(ptype, 0 | 2 | 3) {
        ctx
    } else {
        None
    };
    (ptype, call_id, opnum, ctx, frag)
}

fn multiset(v: impl IntoIterator<Item = Tuple>) -> BTreeMap<Tuple, usize> {
    let mut m = BTreeMap::new();
    for t in v {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// Ports tshark must be told about (its heuristic misses one mapi.pcap connection because
/// TCP 1153 is registered to another protocol); the dissector's heuristic needs no hint.
fn decode_as(path: &Path) -> Vec<u16> {
    if path.ends_with("mapi.pcap") {
        vec![1032]
    } else {
        vec![]
    }
}

fn tshark_multiset(
    script: &Path,
    path: &Path,
    keep_retransmissions: bool,
) -> BTreeMap<Tuple, usize> {
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(path);
    for p in decode_as(path) {
        cmd.arg("--decode-as-port").arg(p.to_string());
    }
    if keep_retransmissions {
        cmd.arg("--keep-retransmissions");
    }
    let out = cmd.output().expect("python3 runs");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    multiset(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["carrier"] == "tcp" && v["ver"] == 5)
            .map(|v| {
                tuple(
                    v["ptype"].as_u64().unwrap(),
                    v["call_id"].as_u64().unwrap(),
                    v["opnum"].as_u64(),
                    v["ctx_id"].as_u64(),
                    v["frag_length"].as_u64().unwrap(),
                )
            }),
    )
}

#[test]
fn dissector_finds_the_same_pdus_as_tshark() {
    if !common::have("tshark", "--version") {
        common::skip("tshark is not installed");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/tshark_pdus.py");
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in all_captures() {
        let data = std::fs::read(&path).unwrap();
        let records = dissect_capture(&data, &Options::default()).unwrap();
        // PDUs inside RPC over HTTP channels (`carrier`) are not bare TCP for tshark; they
        // are checked against the plain legs in tests/rpch_dissect.rs.
        let bare = |r: &&oxwire::dissect::Record| r.is_pdu() && !r.fields.contains_key("carrier");
        let mine = multiset(records.iter().filter(bare).map(|r| {
            tuple(
                r.get_u64("ptype_num").unwrap(),
                r.get_u64("call_id").unwrap(),
                r.get_u64("opnum"),
                r.get_u64("ctx_id"),
                r.get_u64("frag_length").unwrap(),
            )
        }));
        let theirs = tshark_multiset(&script, &path, false);
        let n: usize = theirs.values().sum();
        compared += n;
        if mine != theirs {
            // tshark drops a segment it takes for a retransmission even when it is the only
            // copy of those bytes (a "spurious retransmission"); our reassembler keeps the first
            // copy. Accept exactly that difference: everything tshark found, we found, and each
            // extra PDU of ours is one tshark shows once it keeps retransmitted segments.
            let keep = tshark_multiset(&script, &path, true);
            let missing: Vec<_> = theirs
                .iter()
                .filter(|(k, v)| mine.get(k).copied().unwrap_or(0) < **v)
                .collect();
            let extra_unexplained: Vec<_> = mine
                .iter()
                .filter(|(k, v)| {
                    let extra = **v - theirs.get(k).copied().unwrap_or(0).min(**v);
                    extra > 0 && keep.get(k).copied().unwrap_or(0) < **v
                })
                .collect();
            if missing.is_empty() && extra_unexplained.is_empty() {
                eprintln!(
                    "{}: tshark drops {} PDU(s) as retransmissions whose only copy we keep",
                    path.display(),
                    mine.values().sum::<usize>() - n
                );
            } else {
                failures.push(format!(
                    "{}: tshark-only {:?}\n   ours-only {:?}",
                    path.display(),
                    &missing[..missing.len().min(8)],
                    &extra_unexplained[..extra_unexplained.len().min(8)]
                ));
            }
        }
        eprintln!("{}: {} PDUs compared", path.display(), n);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 300);
}
