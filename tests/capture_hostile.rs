//! Damaged and hostile input: every outcome is an error or fewer packets, never a panic, and
//! memory stays within the limits.

use std::path::Path;

use oxwire::capture::{decode_packet, CaptureReader, Error, Limits, TcpReassembler};

/// Small limits so that the bounded paths are exercised too.
fn small() -> Limits {
    Limits {
        max_decompressed_bytes: 1 << 20,
        max_buffered_bytes: 4096,
        max_total_buffered_bytes: 16384,
        max_flows: 8,
    }
}

/// Reads, decodes and reassembles everything; returns the number of frames read.
fn run(bytes: &[u8]) -> usize {
    let Ok(reader) = CaptureReader::with_limits(bytes, &small()) else {
        return 0;
    };
    let mut tcp = TcpReassembler::with_limits(small());
    for p in reader.packets() {
        if let Ok(seg) = decode_packet(&p) {
            tcp.handle_segment(p.frame, &seg);
        }
        while tcp.poll_event().is_some() {}
    }
    tcp.finish();
    while tcp.poll_event().is_some() {}
    reader.len()
}

fn shipped(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(rel),
    )
    .unwrap()
}

fn shared(rel: &str) -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/captures")
        .join(rel);
    std::fs::read(p).ok()
}

#[test]
fn pcap_truncated_at_every_offset() {
    let file = shipped("suricata-verify/dcerpc-issue-7187-01.pcap");
    let full = CaptureReader::new(&file).unwrap().len();
    let mut last = 0;
    for n in 0..file.len() {
        let read = run(&file[..n]);
        // A prefix never yields more frames than a longer prefix.
        assert!(read >= last || n < 24, "offset {n}");
        last = read;
        if n >= 24 {
            let r = CaptureReader::new(&file[..n]).unwrap();
            assert!(r.len() < full);
            // Cut at a record boundary the file is merely shorter; elsewhere it is truncated.
            assert!(
                matches!(r.error(), None | Some(Error::Truncated { .. })),
                "offset {n}: {:?}",
                r.error()
            );
        } else {
            assert!(CaptureReader::new(&file[..n]).is_err());
        }
    }
    assert_eq!(run(&file), full);
}

#[test]
fn other_formats_truncated_at_every_offset() {
    let files = [
        "zeek/dce_rpc_ntlm.pcapng",
        "scapy/dcerpc_msnrpc.pcapng.gz",
        "zeek/kerberos135_auth.pcapng",
    ];
    let mut any = false;
    for f in files {
        let Some(bytes) = shared(f) else { continue };
        any = true;
        for n in 0..bytes.len() {
            run(&bytes[..n]);
        }
    }
    // NetMon keeps its frame table at the end: cut anywhere, the file is unusable, but
    // cutting must still be an error, not a panic. Cut every 7 bytes to keep this quick.
    if let Some(cap) =
        shared("ms-prot-od-netcaps/MS-AUTHSOD_Example3-2_WIN2016_X64_Win2016_X64_Domian.cap")
    {
        for n in (0..cap.len()).step_by(7) {
            run(&cap[..n]);
        }
        assert_eq!(run(&cap), 70);
    }
    if !any {
        println!("skipped shared-capture truncations: ../shared/testdata not present");
    }
}

#[test]
fn corrupted_bytes_near_the_start() {
    let mut inputs = vec![shipped("suricata-verify/dcerpc-issue-7187-01.pcap")];
    for f in [
        "zeek/dce_rpc_ntlm.pcapng",
        "ms-prot-od-netcaps/MS-AUTHSOD_Example3-2_WIN2016_X64_Win2016_X64_Domian.cap",
    ] {
        inputs.extend(shared(f));
    }
    for file in inputs {
        for at in 0..file.len().min(400) {
            for v in [0x00, 0xff, 0x80, 0x7f] {
                let mut m = file.clone();
                m[at] = v;
                run(&m);
            }
        }
    }
}

/// A small xorshift generator: deterministic garbage without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn garbage_behind_every_magic() {
    let magics: [&[u8]; 7] = [
        &[0xd4, 0xc3, 0xb2, 0xa1],
        &[0xa1, 0xb2, 0xc3, 0xd4],
        &[0x4d, 0x3c, 0xb2, 0xa1],
        &[0x0a, 0x0d, 0x0d, 0x0a],
        b"GMBU",
        &[0x1f, 0x8b, 0x08, 0x00],
        &[],
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for magic in magics {
        for len in [0usize, 1, 10, 24, 40, 100, 1000, 5000] {
            for _ in 0..40 {
                let mut f = magic.to_vec();
                f.extend(rng.bytes(len));
                run(&f);
            }
        }
    }
}

#[test]
fn giant_lengths() {
    // pcap record claiming 4 GiB.
    let mut pcap = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    pcap.extend_from_slice(&u32::MAX.to_le_bytes());
    pcap.extend_from_slice(&1u32.to_le_bytes());
    pcap.extend_from_slice(&[0; 8]);
    pcap.extend_from_slice(&u32::MAX.to_le_bytes());
    pcap.extend_from_slice(&u32::MAX.to_le_bytes());
    pcap.extend_from_slice(&[0; 64]);
    let r = CaptureReader::new(&pcap).unwrap();
    assert_eq!(r.len(), 0);
    assert!(matches!(r.error(), Some(Error::Truncated { .. })));

    // pcapng: section header then a block claiming 4 GiB.
    let mut ng = vec![
        0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
    ];
    ng.extend_from_slice(&[0xff; 8]);
    ng.extend_from_slice(&28u32.to_le_bytes());
    ng.extend_from_slice(&6u32.to_le_bytes());
    ng.extend_from_slice(&0xffff_fff0u32.to_le_bytes());
    ng.extend_from_slice(&[0; 64]);
    let r = CaptureReader::new(&ng).unwrap();
    assert_eq!(r.len(), 0);
    assert!(r.error().is_some());

    // NetMon: frame table of 4 GiB; then a sane table pointing at a frame claiming 4 GiB.
    let mut nm = vec![0u8; 128];
    nm[..4].copy_from_slice(b"GMBU");
    nm[4] = 3;
    nm[5] = 2;
    nm[24..28].copy_from_slice(&128u32.to_le_bytes());
    nm[28..32].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(
        CaptureReader::new(&nm),
        Err(Error::Truncated { .. })
    ));
    nm[24..28].copy_from_slice(&128u32.to_le_bytes());
    nm[28..32].copy_from_slice(&8u32.to_le_bytes());
    nm.extend_from_slice(&136u32.to_le_bytes());
    nm.extend_from_slice(&u32::MAX.to_le_bytes());
    nm.extend_from_slice(&[0; 8]);
    nm.extend_from_slice(&u32::MAX.to_le_bytes());
    nm.extend_from_slice(&u32::MAX.to_le_bytes());
    let r = CaptureReader::new(&nm).unwrap();
    assert_eq!(r.len(), 0);
    assert!(matches!(r.error(), Some(Error::Truncated { .. })));
}

#[test]
fn gzip_bomb_is_refused() {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // A valid pcap header followed by zeros, 2 MiB in all.
    e.write_all(&[0xd4, 0xc3, 0xb2, 0xa1]).unwrap();
    e.write_all(&vec![0u8; 2 << 20]).unwrap();
    let gz = e.finish().unwrap();
    assert!(gz.len() < 10_000);
    assert_eq!(
        CaptureReader::with_limits(&gz, &small()).unwrap_err(),
        Error::TooLarge { limit: 1 << 20 }
    );
    // Damaged gzip: an error, not a panic.
    let mut bad = gz.clone();
    bad.truncate(gz.len() / 2);
    assert!(CaptureReader::new(&bad).is_err());
    let mut gzgz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzgz.write_all(&gz).unwrap();
    assert!(matches!(
        CaptureReader::new(&gzgz.finish().unwrap()),
        Err(Error::Unsupported { .. })
    ));
}

#[test]
fn hostile_segments_keep_memory_bounded() {
    // Many flows, each with far-apart out-of-order segments, through the decoder-free API.
    use oxwire::capture::{TcpFlags, TcpSegment};
    let limits = small();
    let mut tcp = TcpReassembler::with_limits(limits);
    let mut rng = Rng(42);
    let payload = [0x55u8; 1400];
    let dst: std::net::SocketAddr = "10.9.9.9:135".parse().unwrap();
    for frame in 1..20_000u64 {
        let port = 1000 + (rng.next() % 32) as u16;
        let src: std::net::SocketAddr = format!("10.1.1.1:{port}").parse().unwrap();
        let len = (rng.next() % 1400) as usize;
        let seg = TcpSegment {
            src,
            dst,
            seq: rng.next() as u32,
            ack: rng.next() as u32,
            flags: TcpFlags((rng.next() & 0x1ff) as u16),
            window: 0,
            options: &[],
            payload: &payload[..len],
            payload_missing: (rng.next() % 3) as u32,
        };
        tcp.handle_segment(frame, &seg);
        while tcp.poll_event().is_some() {}
        assert!(tcp.flow_count() <= limits.max_flows);
    }
    tcp.finish();
    while tcp.poll_event().is_some() {}
}

/// A block shorter than its own 12-byte frame after a valid section header (found by fuzzing:
/// the pcapng library underneath subtracts before it checks).
#[test]
fn pcapng_block_length_below_twelve_is_an_error() {
    let mut f = Vec::new();
    f.extend_from_slice(&0x0A0D_0D0Au32.to_le_bytes());
    f.extend_from_slice(&28u32.to_le_bytes());
    f.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
    f.extend_from_slice(&1u16.to_le_bytes());
    f.extend_from_slice(&0u16.to_le_bytes());
    f.extend_from_slice(&(-1i64).to_le_bytes());
    f.extend_from_slice(&28u32.to_le_bytes());
    for len in [0u32, 8, 11] {
        let mut g = f.clone();
        g.extend_from_slice(&1u32.to_le_bytes());
        g.extend_from_slice(&len.to_le_bytes());
        g.extend_from_slice(&[0; 16]);
        let r = oxwire::capture::CaptureReader::new(&g).expect("the section header is fine");
        assert_eq!(r.packets().count(), 0);
        assert!(r.error().is_some(), "length {len}");
    }
}
