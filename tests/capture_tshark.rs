//! Reassembled TCP payload per stream and direction must match tshark's own reassembly
//! ("follow TCP stream"), for every capture in the shared test data.
//!
//! Compared quantity: the bytes of each direction once, in sequence order, without
//! retransmitted or overlapping copies, i.e. what `tshark -z follow,tcp,raw,N` prints. tshark's
//! `tcp.len` sums (or `-z conv,tcp`) would count retransmissions and headers, so they are not
//! the right oracle. Besides the byte count, an FNV-1a hash of the bytes is compared, so the
//! content and order must agree too, and so is the number of bytes reported missing: tshark
//! writes a "[N bytes missing in capture file]" marker into followed data where segments were
//! never captured; the oracle script takes the marker out of the bytes and reports N, which
//! must equal the sum of our `Gap` events for that direction.
//!
//! Runs when `tshark` is installed and `../shared/testdata` exists; otherwise prints why it
//! skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use oxwire::capture::{decode_packet, CaptureReader, Direction, StreamEvent, TcpReassembler};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Dir {
    bytes: u64,
    fnv: u64,
    missing: u64,
}

impl Default for Dir {
    fn default() -> Self {
        Dir {
            bytes: 0,
            fnv: FNV_OFFSET,
            missing: 0,
        }
    }
}

impl Dir {
    fn add(&mut self, data: &[u8]) {
        self.bytes += data.len() as u64;
        for &b in data {
            self.fnv = (self.fnv ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
}

/// (stream, src, dst) -> totals, plus the number of streams.
type Totals = (usize, BTreeMap<(u64, String, String), Dir>);

fn ours(path: &Path) -> Totals {
    let data = std::fs::read(path).unwrap();
    let reader = CaptureReader::new(&data).unwrap();
    assert!(
        reader.error().is_none(),
        "{}: {:?}",
        path.display(),
        reader.error()
    );
    let mut tcp = TcpReassembler::new();
    let mut ends: BTreeMap<u64, (String, String)> = BTreeMap::new();
    let mut out: BTreeMap<(u64, String, String), Dir> = BTreeMap::new();
    let mut drain = |tcp: &mut TcpReassembler, out: &mut BTreeMap<_, Dir>| {
        while let Some(ev) = tcp.poll_event() {
            match ev {
                StreamEvent::Opened {
                    stream,
                    client,
                    server,
                    ..
                } => {
                    ends.insert(stream, (client.to_string(), server.to_string()));
                }
                StreamEvent::Data {
                    stream, dir, bytes, ..
                } => {
                    let (c, s) = ends[&stream].clone();
                    let key = match dir {
                        Direction::ClientToServer => (stream, c, s),
                        Direction::ServerToClient => (stream, s, c),
                    };
                    out.entry(key).or_default().add(&bytes);
                }
                StreamEvent::Gap {
                    stream,
                    dir,
                    missing,
                    ..
                } => {
                    let (c, s) = ends[&stream].clone();
                    let key = match dir {
                        Direction::ClientToServer => (stream, c, s),
                        Direction::ServerToClient => (stream, s, c),
                    };
                    out.entry(key).or_default().missing += missing;
                }
                _ => {}
            }
        }
    };
    for p in reader.packets() {
        if let Ok(seg) = decode_packet(&p) {
            tcp.handle_segment(p.frame, &seg);
        }
        drain(&mut tcp, &mut out);
    }
    tcp.finish();
    drain(&mut tcp, &mut out);
    (tcp.stats().streams as usize, out)
}

fn tshark(path: &Path) -> Totals {
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/tshark_streams.py");
    let out = Command::new("python3")
        .arg(oracle)
        .arg(path)
        .output()
        .expect("run oracle");
    assert!(out.status.success(), "oracle failed on {}", path.display());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut streams = 0;
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f[0] == "streams" {
            streams = f[1].parse().unwrap();
            continue;
        }
        let bytes: u64 = f[3].parse().unwrap();
        let missing: u64 = f[5].parse().unwrap();
        if bytes == 0 && missing == 0 {
            continue;
        }
        map.insert(
            (f[0].parse().unwrap(), f[1].to_string(), f[2].to_string()),
            Dir {
                bytes,
                fnv: u64::from_str_radix(f[4], 16).unwrap(),
                missing,
            },
        );
    }
    (streams, map)
}

fn captures(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            captures(&p, out);
        } else {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if [".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz"]
                .iter()
                .any(|s| name.ends_with(s))
            {
                out.push(p);
            }
        }
    }
}

fn have_tshark() -> bool {
    Command::new("tshark")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn reassembly_matches_tshark_follow() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/captures");
    if !shared.is_dir() {
        println!("skipped: {} not present", shared.display());
        return;
    }
    if !have_tshark() {
        println!("skipped: tshark not installed");
        return;
    }
    let mut files = Vec::new();
    captures(&shared, &mut files);
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the shared captures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let (our_streams, mut ours) = ours(f);
        ours.retain(|_, d| d.bytes > 0 || d.missing > 0);
        let (their_streams, theirs) = tshark(f);
        let total: u64 = theirs.values().map(|d| d.bytes).sum();
        let missing: u64 = theirs.values().map(|d| d.missing).sum();
        println!(
            "{}: {} streams (tshark {}), {} payload bytes (tshark {}), {} missing (tshark {}), {} directions",
            f.strip_prefix(&shared).unwrap().display(),
            our_streams,
            their_streams,
            ours.values().map(|d| d.bytes).sum::<u64>(),
            total,
            ours.values().map(|d| d.missing).sum::<u64>(),
            missing,
            theirs.len()
        );
        if our_streams != their_streams || ours != theirs {
            for (k, v) in &theirs {
                if ours.get(k) != Some(v) {
                    println!("  differs {k:?}: tshark {v:?}, ours {:?}", ours.get(k));
                }
            }
            for (k, v) in &ours {
                if !theirs.contains_key(k) {
                    println!("  only ours {k:?}: {v:?}");
                }
            }
            failures.push(f.clone());
        }
    }
    assert!(failures.is_empty(), "mismatches: {failures:?}");
}

/// Frame count, timestamps, captured lengths and link types must agree with tshark's reading
/// of the container (pcap, pcapng, NetMon, gzip).
#[test]
fn frames_match_tshark() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/captures");
    if !shared.is_dir() || !have_tshark() {
        println!("skipped: needs tshark and {}", shared.display());
        return;
    }
    let mut files = Vec::new();
    captures(&shared, &mut files);
    files.sort();
    for f in &files {
        let out = Command::new("tshark")
            .args(["-n", "-r"])
            .arg(f)
            .args([
                "-T",
                "fields",
                "-e",
                "frame.time_epoch",
                "-e",
                "frame.cap_len",
            ])
            .args(["-e", "frame.len"])
            .stderr(std::process::Stdio::null())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let theirs: Vec<String> = text.lines().map(str::to_string).collect();
        let data = std::fs::read(f).unwrap();
        let reader = CaptureReader::new(&data).unwrap();
        let ours: Vec<String> = reader
            .packets()
            .map(|p| {
                format!(
                    "{}.{:09}\t{}\t{}",
                    p.ts.secs,
                    p.ts.nanos,
                    p.data.len(),
                    p.orig_len
                )
            })
            .collect();
        assert_eq!(ours.len(), theirs.len(), "{}", f.display());
        for (i, (o, t)) in ours.iter().zip(&theirs).enumerate() {
            assert_eq!(o, t, "{} frame {}", f.display(), i + 1);
        }
    }
}
