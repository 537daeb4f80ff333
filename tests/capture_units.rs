//! Hand-built packets and reassembly scenarios.
//!
//! Headers are laid out from RFC 791 (IPv4), RFC 8200 (IPv6), RFC 9293 (TCP), IEEE 802.1Q and
//! the libpcap link-type descriptions. Where tshark is installed, the frames are also written
//! to a pcapng in a temporary directory and tshark's reading of them is compared with ours.

use std::net::SocketAddr;

use oxwire::capture::{
    decode_frame, decode_packet, CaptureReader, CloseReason, DecodeError, Direction, Format,
    Limits, LinkType, StreamEvent, TcpFlags, TcpReassembler, TcpSegment,
};

// ---------------------------------------------------------------- packet builders

const SYN: u16 = TcpFlags::SYN;
const ACK: u16 = TcpFlags::ACK;
const FIN: u16 = TcpFlags::FIN;
const RST: u16 = TcpFlags::RST;
const PSH: u16 = TcpFlags::PSH;

fn tcp_header(sport: u16, dport: u16, seq: u32, ack: u32, flags: u16, options: &[u8]) -> Vec<u8> {
    assert_eq!(options.len() % 4, 0);
    let doff = (20 + options.len()) / 4;
    let mut h = Vec::new();
    h.extend_from_slice(&sport.to_be_bytes());
    h.extend_from_slice(&dport.to_be_bytes());
    h.extend_from_slice(&seq.to_be_bytes());
    h.extend_from_slice(&ack.to_be_bytes());
    h.extend_from_slice(&(((doff as u16) << 12) | flags).to_be_bytes());
    h.extend_from_slice(&8192u16.to_be_bytes()); // window
    h.extend_from_slice(&[0, 0, 0, 0]); // checksum (unchecked), urgent pointer
    h.extend_from_slice(options);
    h
}

fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, options: &[u8], payload: &[u8]) -> Vec<u8> {
    assert_eq!(options.len() % 4, 0);
    let ihl = (20 + options.len()) / 4;
    let total = (ihl * 4 + payload.len()) as u16;
    let mut h = vec![0x40 | ihl as u8, 0];
    h.extend_from_slice(&total.to_be_bytes());
    h.extend_from_slice(&[0x12, 0x34, 0x40, 0x00, 64, proto, 0, 0]); // id, DF, ttl, proto, csum
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(options);
    h.extend_from_slice(payload);
    h
}

fn ipv6(src: [u8; 16], dst: [u8; 16], next: u8, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    h.extend_from_slice(&[next, 64]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(payload);
    h
}

fn ethernet(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
    ];
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

// ---------------------------------------------------------------- golden frame

/// Ethernet + IPv4 + TCP written out byte by byte from the RFC layouts.
const GOLDEN: [u8; 58] = [
    // Ethernet: dst, src, type IPv4
    0x00, 0x15, 0x5d, 0x8e, 0x39, 0x84, 0x00, 0x15, 0x5d, 0x8e, 0x39, 0x86, 0x08, 0x00,
    // IPv4: v4 ihl5, tos, total 44, id, DF, ttl 128, TCP, csum, 192.168.0.2 -> 192.168.0.1
    0x45, 0x00, 0x00, 0x2c, 0x17, 0x82, 0x40, 0x00, 0x80, 0x06, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x02,
    0xc0, 0xa8, 0x00, 0x01,
    // TCP: 52646 -> 135, seq 0x47171370, ack 0x533d7814, doff 5, PSH|ACK, win 8212
    0xcd, 0xa6, 0x00, 0x87, 0x47, 0x17, 0x13, 0x70, 0x53, 0x3d, 0x78, 0x14, 0x50, 0x18, 0x20, 0x14,
    0x00, 0x00, 0x00, 0x00, // payload
    0x05, 0x00, 0x0b, 0x03,
];

#[test]
fn golden_ethernet_ipv4_tcp() {
    let seg = decode_frame(LinkType::ETHERNET, &GOLDEN).unwrap();
    assert_eq!(seg.src, "192.168.0.2:52646".parse::<SocketAddr>().unwrap());
    assert_eq!(seg.dst, "192.168.0.1:135".parse::<SocketAddr>().unwrap());
    assert_eq!(seg.seq, 0x4717_1370);
    assert_eq!(seg.ack, 0x533d_7814);
    assert_eq!(seg.flags, TcpFlags(PSH | ACK));
    assert_eq!(seg.window, 8212);
    assert_eq!(seg.payload, &[0x05, 0x00, 0x0b, 0x03]);
    assert!(seg.options.is_empty());
    assert_eq!(seg.payload_missing, 0);
    // Ethernet minimum-size padding after the IP packet is not payload.
    let mut padded = GOLDEN.to_vec();
    padded.extend_from_slice(&[0; 6]);
    assert_eq!(
        decode_frame(LinkType::ETHERNET, &padded)
            .unwrap()
            .payload
            .len(),
        4
    );
    // Cut by a snapshot length: the missing tail is reported.
    let cut = decode_frame(LinkType::ETHERNET, &GOLDEN[..56]).unwrap();
    assert_eq!((cut.payload.len(), cut.payload_missing), (2, 2));
}

/// One frame per supported encapsulation, all carrying the same TCP segment (except v6).
fn encapsulations() -> Vec<(LinkType, Vec<u8>)> {
    let opts = [0x01, 0x01, 0x01, 0x00]; // NOP NOP NOP EOL
    let mut t = tcp_header(1025, 135, 1000, 2000, PSH | ACK, &[0x02, 0x04, 0x05, 0xb4]);
    t.extend_from_slice(b"abc");
    let v4 = ipv4([10, 0, 0, 1], [10, 0, 0, 2], 6, &opts, &t);
    let mut a = [0u8; 16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[15] = 1;
    let mut b = a;
    b[15] = 2;
    // Hop-by-hop (8 bytes, PadN) -> destination options (8 bytes) -> TCP.
    let mut ext = vec![60, 0, 1, 4, 0, 0, 0, 0];
    ext.extend_from_slice(&[6, 0, 1, 4, 0, 0, 0, 0]);
    ext.extend_from_slice(&t);
    let v6 = ipv6(a, b, 0, &ext);

    let mut vlan = vec![0x00, 0x64, 0x81, 0x00, 0x00, 0xc8, 0x08, 0x00];
    vlan.extend_from_slice(&v4);
    let qinq = ethernet(0x88a8, &vlan);

    let mut sll = vec![0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00];
    sll.extend_from_slice(&v4);
    let mut sll2 = vec![
        0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0,
    ];
    sll2.extend_from_slice(&v6);
    let mut null_le = vec![2, 0, 0, 0];
    null_le.extend_from_slice(&v4);
    let mut loop_be = vec![0, 0, 0, 24];
    loop_be.extend_from_slice(&v6);
    vec![
        (LinkType::ETHERNET, ethernet(0x0800, &v4)),
        (LinkType::ETHERNET, ethernet(0x86dd, &v6)),
        (LinkType::ETHERNET, qinq),
        (LinkType::LINUX_SLL, sll),
        (LinkType::LINUX_SLL2, sll2),
        (LinkType::RAW, v4.clone()),
        (LinkType::RAW, v6.clone()),
        (LinkType::IPV4, v4),
        (LinkType::IPV6, v6),
        (LinkType::NULL, null_le),
        (LinkType::LOOP, loop_be),
    ]
}

#[test]
fn every_encapsulation_decodes() {
    for (i, (lt, frame)) in encapsulations().into_iter().enumerate() {
        let seg = decode_frame(lt, &frame).unwrap_or_else(|e| panic!("#{i} {lt:?}: {e}"));
        assert_eq!(seg.payload, b"abc", "#{i}");
        assert_eq!((seg.src.port(), seg.dst.port()), (1025, 135));
        assert_eq!((seg.seq, seg.ack), (1000, 2000));
        assert_eq!(seg.options, &[0x02, 0x04, 0x05, 0xb4]);
    }
}

#[test]
fn skipped_packets_say_why() {
    let t = tcp_header(1, 2, 0, 0, ACK, &[]);
    let mut frag = ipv4([1, 1, 1, 1], [2, 2, 2, 2], 6, &[], &t);
    frag[6] = 0x20; // more fragments
    assert_eq!(
        decode_frame(LinkType::RAW, &frag),
        Err(DecodeError::Ipv4Fragment)
    );
    let mut later = ipv4([1, 1, 1, 1], [2, 2, 2, 2], 6, &[], &t);
    later[7] = 0x10; // fragment offset 16
    assert_eq!(
        decode_frame(LinkType::RAW, &later),
        Err(DecodeError::Ipv4Fragment)
    );
    let udp = ipv4([1, 1, 1, 1], [2, 2, 2, 2], 17, &[], &[0; 8]);
    assert_eq!(
        decode_frame(LinkType::RAW, &udp),
        Err(DecodeError::NotTcp(17))
    );
    let arp = ethernet(0x0806, &[0; 28]);
    assert_eq!(
        decode_frame(LinkType::ETHERNET, &arp),
        Err(DecodeError::NotIp(0x0806))
    );
    let mut v6frag = vec![6, 0, 0, 8, 0, 0, 0, 1]; // offset 1
    v6frag.extend_from_slice(&t);
    let v6 = ipv6([0; 16], [1; 16], 44, &v6frag);
    assert_eq!(
        decode_frame(LinkType::IPV6, &v6),
        Err(DecodeError::Ipv6Fragment)
    );
    let mut atomic = vec![6, 0, 0, 0, 0, 0, 0, 1]; // offset 0, no more fragments
    atomic.extend_from_slice(&t);
    assert!(decode_frame(LinkType::IPV6, &ipv6([0; 16], [1; 16], 44, &atomic)).is_ok());
    assert!(matches!(
        decode_frame(LinkType(147), &t),
        Err(DecodeError::UnsupportedLinkType(LinkType(147)))
    ));
    // Every prefix of every encapsulation is an error or a shorter segment, never a panic.
    for (lt, frame) in encapsulations() {
        for n in 0..frame.len() {
            let _ = decode_frame(lt, &frame[..n]);
        }
    }
}

// ---------------------------------------------------------------- file writers

fn pcap_file(linktype: u32, frames: &[Vec<u8>], big_endian: bool, nanos: bool) -> Vec<u8> {
    let w32 = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let w16 = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut f = Vec::new();
    f.extend_from_slice(&w32(if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 }));
    f.extend_from_slice(&w16(2));
    f.extend_from_slice(&w16(4));
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&w32(65535));
    f.extend_from_slice(&w32(linktype));
    for (i, fr) in frames.iter().enumerate() {
        f.extend_from_slice(&w32(1_700_000_000 + i as u32));
        f.extend_from_slice(&w32(123_456));
        f.extend_from_slice(&w32(fr.len() as u32));
        f.extend_from_slice(&w32(fr.len() as u32));
        f.extend_from_slice(fr);
    }
    f
}

fn pcapng_block(kind: u32, body: &[u8]) -> Vec<u8> {
    let mut body = body.to_vec();
    while body.len() % 4 != 0 {
        body.push(0);
    }
    let len = (12 + body.len()) as u32;
    let mut b = Vec::new();
    b.extend_from_slice(&kind.to_le_bytes());
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&body);
    b.extend_from_slice(&len.to_le_bytes());
    b
}

/// A little-endian pcapng with one interface per distinct link type (nanosecond resolution).
fn pcapng_file(frames: &[(LinkType, Vec<u8>)]) -> Vec<u8> {
    let mut f = pcapng_block(
        0x0a0d_0d0a,
        &[
            0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ],
    );
    let mut ifaces: Vec<LinkType> = Vec::new();
    for (lt, _) in frames {
        if !ifaces.contains(lt) {
            ifaces.push(*lt);
            let mut idb = Vec::new();
            idb.extend_from_slice(&(lt.0 as u16).to_le_bytes());
            idb.extend_from_slice(&[0, 0]);
            idb.extend_from_slice(&0u32.to_le_bytes());
            // if_tsresol = 9 (nanoseconds), then opt_endofopt.
            idb.extend_from_slice(&[9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0]);
            f.extend_from_slice(&pcapng_block(1, &idb));
        }
    }
    for (i, (lt, data)) in frames.iter().enumerate() {
        let id = ifaces.iter().position(|l| l == lt).unwrap() as u32;
        let ts: u64 = 1_700_000_000_123_456_789 + i as u64;
        let mut epb = Vec::new();
        epb.extend_from_slice(&id.to_le_bytes());
        epb.extend_from_slice(&((ts >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(ts as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(data);
        f.extend_from_slice(&pcapng_block(6, &epb));
    }
    f
}

/// A NetMon 2.3 file: header, frames with 15-byte trailers (media, process index, FILETIME,
/// timezone index), frame table at the end.
fn netmon_file(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut f = vec![0u8; 128];
    f[..4].copy_from_slice(b"GMBU");
    f[4] = 0x03;
    f[5] = 0x02;
    f[6..8].copy_from_slice(&1u16.to_le_bytes());
    for (i, v) in [2023u16, 11, 2, 14, 22, 13, 20, 123].iter().enumerate() {
        f[8 + 2 * i..10 + 2 * i].copy_from_slice(&v.to_le_bytes());
    }
    let mut table = Vec::new();
    for (i, fr) in frames.iter().enumerate() {
        table.extend_from_slice(&(f.len() as u32).to_le_bytes());
        f.extend_from_slice(&(1000 * i as u64).to_le_bytes());
        f.extend_from_slice(&(fr.len() as u32).to_le_bytes());
        f.extend_from_slice(&(fr.len() as u32).to_le_bytes());
        f.extend_from_slice(fr);
        f.extend_from_slice(&1u16.to_le_bytes());
        f.extend_from_slice(&u32::MAX.to_le_bytes());
        // 2023-11-14T22:13:20Z + i ms as FILETIME.
        let ft: u64 = (1_700_000_000 + 11_644_473_600) * 10_000_000 + 10_000 * i as u64;
        f.extend_from_slice(&ft.to_le_bytes());
        f.push(0xff);
    }
    let off = f.len() as u32;
    f[24..28].copy_from_slice(&off.to_le_bytes());
    f[28..32].copy_from_slice(&(table.len() as u32).to_le_bytes());
    f.extend_from_slice(&table);
    f
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn have_tshark() -> bool {
    std::process::Command::new("tshark")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// tshark's view of each frame: src, dst, ports, seq (raw), payload length.
fn tshark_fields(bytes: &[u8], name: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("oxwire-capture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("tshark")
        .args(["-n", "-r"])
        .arg(&path)
        .args(["-T", "fields", "-E", "separator=,"])
        .args([
            "-e",
            "ip.src",
            "-e",
            "ipv6.src",
            "-e",
            "tcp.srcport",
            "-e",
            "tcp.dstport",
        ])
        .args([
            "-e",
            "tcp.seq_raw",
            "-e",
            "tcp.len",
            "-e",
            "frame.time_epoch",
        ])
        .stderr(std::process::Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn our_fields(bytes: &[u8]) -> Vec<String> {
    let reader = CaptureReader::new(bytes).unwrap();
    assert!(reader.error().is_none());
    reader
        .packets()
        .map(|p| {
            let s = decode_packet(&p).unwrap();
            let (v4, v6) = match s.src.ip() {
                std::net::IpAddr::V4(a) => (a.to_string(), String::new()),
                std::net::IpAddr::V6(a) => (String::new(), a.to_string()),
            };
            format!(
                "{v4},{v6},{},{},{},{},{}.{:09}",
                s.src.port(),
                s.dst.port(),
                s.seq,
                s.payload.len(),
                p.ts.secs,
                p.ts.nanos
            )
        })
        .collect()
}

#[test]
fn written_files_read_back_and_agree_with_tshark() {
    let frames = encapsulations();
    let ng = pcapng_file(&frames);
    assert_eq!(CaptureReader::new(&ng).unwrap().format(), Format::PcapNg);
    let ours = our_fields(&ng);
    assert_eq!(ours.len(), frames.len());
    assert_eq!(ours, our_fields(&gzip(&ng)));

    let eth: Vec<Vec<u8>> = frames
        .iter()
        .filter(|(lt, _)| *lt == LinkType::ETHERNET)
        .map(|(_, f)| f.clone())
        .collect();
    let mut pcaps = Vec::new();
    for be in [false, true] {
        for ns in [false, true] {
            let file = pcap_file(1, &eth, be, ns);
            let r = CaptureReader::new(&file).unwrap();
            assert_eq!(
                r.format(),
                Format::Pcap {
                    big_endian: be,
                    nanosecond: ns
                }
            );
            let first = r.packets().next().unwrap();
            assert_eq!(first.ts.secs, 1_700_000_000);
            assert_eq!(first.ts.nanos, if ns { 123_456 } else { 123_456_000 });
            assert_eq!(our_fields(&file).len(), eth.len());
            pcaps.push((format!("t{be}{ns}.pcap"), file));
        }
    }
    let nm = netmon_file(&eth);
    let r = CaptureReader::new(&nm).unwrap();
    assert_eq!(r.format(), Format::NetMon2);
    assert_eq!(r.packet(2).unwrap().ts.secs, 1_700_000_000);
    assert_eq!(r.packet(2).unwrap().ts.nanos, 1_000_000);

    if !have_tshark() {
        println!("skipped tshark comparison: tshark not installed");
        return;
    }
    assert_eq!(ours, tshark_fields(&ng, "all.pcapng"));
    for (name, file) in &pcaps {
        assert_eq!(our_fields(file), tshark_fields(file, name), "{name}");
    }
    assert_eq!(our_fields(&nm), tshark_fields(&nm, "t.cap"));
}

// ---------------------------------------------------------------- reassembly

fn ep(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn seg<'a>(src: &str, dst: &str, seq: u32, flags: u16, payload: &'a [u8]) -> TcpSegment<'a> {
    TcpSegment {
        src: ep(src),
        dst: ep(dst),
        seq,
        ack: 0,
        flags: TcpFlags(flags),
        window: 0,
        options: &[],
        payload,
        payload_missing: 0,
    }
}

const C: &str = "10.0.0.1:50000";
const S: &str = "10.0.0.2:135";

fn events(r: &mut TcpReassembler) -> Vec<StreamEvent> {
    std::iter::from_fn(|| r.poll_event()).collect()
}

/// Concatenated data per direction, and total gap bytes per direction.
fn collect(evs: &[StreamEvent]) -> ([Vec<u8>; 2], [u64; 2]) {
    let mut data = [Vec::new(), Vec::new()];
    let mut gaps = [0, 0];
    for e in evs {
        match e {
            StreamEvent::Data { dir, bytes, .. } => data[*dir as usize].extend_from_slice(bytes),
            StreamEvent::Gap { dir, missing, .. } => gaps[*dir as usize] += missing,
            _ => {}
        }
    }
    (data, gaps)
}

#[test]
fn handshake_data_fin() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 100, SYN, b""));
    r.handle_segment(2, &seg(S, C, 900, SYN | ACK, b""));
    r.handle_segment(3, &seg(C, S, 101, ACK, b""));
    r.handle_segment(4, &seg(C, S, 101, PSH | ACK, b"hello"));
    r.handle_segment(5, &seg(S, C, 901, PSH | ACK, b"world!"));
    r.handle_segment(6, &seg(C, S, 106, FIN | ACK, b""));
    r.handle_segment(7, &seg(S, C, 907, FIN | ACK, b""));
    let evs = events(&mut r);
    assert_eq!(
        evs,
        vec![
            StreamEvent::Opened {
                stream: 0,
                frame: 1,
                client: ep(C),
                server: ep(S),
                syn_seen: true
            },
            StreamEvent::Data {
                stream: 0,
                dir: Direction::ClientToServer,
                frame: 4,
                bytes: b"hello".to_vec()
            },
            StreamEvent::Data {
                stream: 0,
                dir: Direction::ServerToClient,
                frame: 5,
                bytes: b"world!".to_vec()
            },
            StreamEvent::Closed {
                stream: 0,
                frame: 7,
                reason: CloseReason::Fin
            },
        ]
    );
    r.finish();
    assert!(events(&mut r).is_empty());
}

#[test]
fn out_of_order_is_buffered_and_delivered_by_the_filling_frame() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    r.handle_segment(2, &seg(C, S, 7, ACK, b"ghi"));
    r.handle_segment(3, &seg(C, S, 4, ACK, b"def"));
    let evs = events(&mut r);
    assert!(!evs.iter().any(|e| matches!(e, StreamEvent::Data { .. })));
    r.handle_segment(4, &seg(C, S, 1, ACK, b"abc"));
    let evs = events(&mut r);
    assert_eq!(
        evs,
        vec![StreamEvent::Data {
            stream: 0,
            dir: Direction::ClientToServer,
            frame: 4,
            bytes: b"abcdefghi".to_vec()
        }]
    );
    assert_eq!(r.stats().out_of_order_segments, 2);
}

#[test]
fn retransmissions_and_overlaps_first_copy_wins() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    r.handle_segment(2, &seg(C, S, 1, ACK, b"abcd"));
    r.handle_segment(3, &seg(C, S, 1, ACK, b"abcd")); // retransmission
    r.handle_segment(4, &seg(C, S, 3, ACK, b"XXef")); // overlaps delivered bytes
    r.handle_segment(5, &seg(C, S, 11, ACK, b"klm")); // ahead of a hole
    r.handle_segment(6, &seg(C, S, 10, ACK, b"YYYYo")); // overlaps the buffered segment
    r.handle_segment(7, &seg(C, S, 7, ACK, b"ghi"));
    let (data, gaps) = collect(&events(&mut r));
    assert_eq!(data[0], b"abcdefghiYklmo");
    assert_eq!(gaps, [0, 0]);
    assert_eq!(r.stats().duplicate_bytes, 4 + 2 + 3);
}

#[test]
fn sequence_wraparound() {
    let mut r = TcpReassembler::new();
    let isn = u32::MAX - 5;
    r.handle_segment(1, &seg(C, S, isn, SYN, b""));
    r.handle_segment(2, &seg(C, S, isn.wrapping_add(1), ACK, b"0123"));
    // Past 2^32, ahead of the segment that straddles it.
    r.handle_segment(3, &seg(C, S, 3, ACK, b"89"));
    r.handle_segment(4, &seg(C, S, isn.wrapping_add(5), ACK, b"4567"));
    r.handle_segment(5, &seg(C, S, 1, ACK, b"67")); // retransmitted copy, after the wrap
    let (data, _) = collect(&events(&mut r));
    assert_eq!(data[0], b"0123456789");
}

#[test]
fn gap_reported_when_buffer_limit_hit() {
    let limits = Limits {
        max_buffered_bytes: 8,
        ..Limits::default()
    };
    let mut r = TcpReassembler::with_limits(limits);
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    r.handle_segment(2, &seg(C, S, 1, ACK, b"ab"));
    r.handle_segment(3, &seg(C, S, 13, ACK, b"mnop")); // hole of 10 bytes
    assert!(!events(&mut r)
        .iter()
        .any(|e| matches!(e, StreamEvent::Gap { .. })));
    r.handle_segment(4, &seg(C, S, 17, ACK, b"qrstu")); // 9 buffered > 8
    let evs = events(&mut r);
    assert_eq!(
        evs,
        vec![
            StreamEvent::Gap {
                stream: 0,
                dir: Direction::ClientToServer,
                frame: 4,
                missing: 10
            },
            StreamEvent::Data {
                stream: 0,
                dir: Direction::ClientToServer,
                frame: 4,
                bytes: b"mnopqrstu".to_vec()
            },
        ]
    );
    // The late copy of the missing bytes is too late now.
    r.handle_segment(5, &seg(C, S, 3, ACK, b"cdefghijkl"));
    r.handle_segment(6, &seg(C, S, 22, ACK, b"v"));
    let (data, _) = collect(&events(&mut r));
    assert_eq!(data[0], b"v");
}

#[test]
fn gap_reported_at_close_and_before_fin() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    r.handle_segment(2, &seg(S, C, 50, SYN | ACK, b""));
    r.handle_segment(3, &seg(C, S, 1, ACK, b"ab"));
    r.handle_segment(4, &seg(C, S, 6, ACK, b"fg")); // 3 bytes missing before
    r.handle_segment(5, &seg(S, C, 51, ACK, b"xy"));
    r.handle_segment(6, &seg(S, C, 60, FIN | ACK, b"")); // 7 bytes missing before the FIN
    r.handle_segment(7, &seg(C, S, 8, FIN | ACK, b""));
    let evs = events(&mut r);
    let (data, gaps) = collect(&evs);
    assert_eq!(data, [b"abfg".to_vec(), b"xy".to_vec()]);
    assert_eq!(gaps, [3, 7]);
    assert!(matches!(
        evs.last(),
        Some(StreamEvent::Closed {
            frame: 7,
            reason: CloseReason::Fin,
            ..
        })
    ));
}

#[test]
fn rst_closes_and_finish_flushes() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    r.handle_segment(2, &seg(C, S, 1, ACK, b"a"));
    r.handle_segment(3, &seg(C, S, 5, ACK, b"e"));
    r.handle_segment(4, &seg(S, C, 77, RST | ACK, b""));
    let evs = events(&mut r);
    assert_eq!(collect(&evs), ([b"ae".to_vec(), vec![]], [3, 0]));
    assert!(matches!(
        evs.last(),
        Some(StreamEvent::Closed {
            reason: CloseReason::Reset,
            ..
        })
    ));
    // A flow that never closes is flushed and closed by finish().
    let other = "10.0.0.3:4000";
    r.handle_segment(5, &seg(other, S, 10, ACK, b"x"));
    r.handle_segment(6, &seg(other, S, 13, ACK, b"z"));
    r.finish();
    let evs = events(&mut r);
    assert_eq!(collect(&evs), ([b"xz".to_vec(), vec![]], [2, 0]));
    assert!(matches!(
        evs.last(),
        Some(StreamEvent::Closed {
            stream: 1,
            frame: 6,
            reason: CloseReason::EndOfCapture
        })
    ));
}

#[test]
fn direction_without_syn_and_from_syn_ack() {
    let mut r = TcpReassembler::new();
    // Mid-stream: the first sender is taken as client.
    r.handle_segment(1, &seg(S, C, 5, ACK, b"srv"));
    // Only the SYN+ACK seen: its sender is the server.
    r.handle_segment(2, &seg("10.0.0.9:445", "10.0.0.8:999", 0, SYN | ACK, b""));
    let evs = events(&mut r);
    assert!(
        matches!(&evs[0], StreamEvent::Opened { client, syn_seen: false, .. } if *client == ep(S))
    );
    assert!(matches!(
        &evs[1],
        StreamEvent::Data {
            dir: Direction::ClientToServer,
            ..
        }
    ));
    assert!(matches!(
        &evs[2],
        StreamEvent::Opened { stream: 1, client, server, syn_seen: true, .. }
            if *client == ep("10.0.0.8:999") && *server == ep("10.0.0.9:445")
    ));
}

#[test]
fn port_reuse_starts_a_new_stream() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 100, SYN, b""));
    r.handle_segment(2, &seg(C, S, 101, ACK, b"one"));
    r.handle_segment(3, &seg(C, S, 104, RST, b""));
    r.handle_segment(4, &seg(C, S, 5000, SYN, b""));
    r.handle_segment(5, &seg(C, S, 5001, ACK, b"two"));
    r.handle_segment(6, &seg(C, S, 5000, SYN, b"")); // retransmitted SYN: same stream
    let evs = events(&mut r);
    let opened: Vec<u64> = evs
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Opened { stream, .. } => Some(*stream),
            _ => None,
        })
        .collect();
    assert_eq!(opened, vec![0, 1]);
    assert!(evs.contains(&StreamEvent::Data {
        stream: 1,
        dir: Direction::ClientToServer,
        frame: 5,
        bytes: b"two".to_vec()
    }));
}

#[test]
fn flow_limit_evicts_idle_flows() {
    let limits = Limits {
        max_flows: 2,
        ..Limits::default()
    };
    let mut r = TcpReassembler::with_limits(limits);
    for i in 0..5u16 {
        let c = format!("10.0.1.1:{}", 1000 + i);
        r.handle_segment(u64::from(i) + 1, &seg(&c, S, 0, ACK, b"x"));
        assert!(r.flow_count() <= 2);
    }
    let evs = events(&mut r);
    let evicted = evs
        .iter()
        .filter(|e| {
            matches!(
                e,
                StreamEvent::Closed {
                    reason: CloseReason::Evicted,
                    ..
                }
            )
        })
        .count();
    assert_eq!(evicted, 3);
    assert_eq!(r.stats().evicted_flows, 3);
}

#[test]
fn total_buffer_limit_bounds_memory() {
    let limits = Limits {
        max_total_buffered_bytes: 100,
        ..Limits::default()
    };
    let mut r = TcpReassembler::with_limits(limits);
    let payload = [7u8; 60];
    for i in 0..10u16 {
        let c = format!("10.0.2.1:{}", 1000 + i);
        r.handle_segment(1, &seg(&c, S, 0, SYN, b""));
        r.handle_segment(2, &seg(&c, S, 1000, ACK, &payload));
    }
    let (data, gaps) = collect(&events(&mut r));
    // Only the first flow's segment fits; every later one forces its own hole to be skipped.
    assert_eq!(data[0].len(), 9 * 60);
    assert_eq!(gaps[0], 9 * 999);
}

#[test]
fn snaplen_cut_payload_becomes_a_gap() {
    let mut r = TcpReassembler::new();
    r.handle_segment(1, &seg(C, S, 0, SYN, b""));
    let mut s = seg(C, S, 1, ACK, b"ab");
    s.payload_missing = 5;
    r.handle_segment(2, &s);
    r.handle_segment(3, &seg(C, S, 8, ACK, b"h"));
    let evs = events(&mut r);
    assert_eq!(collect(&evs), ([b"abh".to_vec(), vec![]], [5, 0]));
}
