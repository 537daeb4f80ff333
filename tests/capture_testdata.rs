//! Reading the captures shipped in `testdata/`. Expected figures come from tshark 4.0:
//! frame counts from `tshark -r FILE | wc -l`, per-direction payload from
//! `tests/oracle/tshark_streams.py` (tshark's "follow TCP stream").

use std::collections::BTreeMap;
use std::path::Path;

use oxwire::capture::{
    decode_packet, CaptureReader, Direction, Format, StreamEvent, TcpReassembler,
};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(rel),
    )
    .unwrap()
}

/// (client, server) -> (client-to-server bytes, server-to-client bytes).
type PerPair = BTreeMap<(String, String), (u64, u64)>;

/// Payload totals per connection, plus the stream count.
fn totals(file: &[u8]) -> (u64, PerPair) {
    let reader = CaptureReader::new(file).unwrap();
    assert!(reader.error().is_none());
    let mut tcp = TcpReassembler::new();
    let mut ends = BTreeMap::new();
    let mut out: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut last_frame = 0;
    let mut drain = |tcp: &mut TcpReassembler, out: &mut BTreeMap<_, (u64, u64)>| {
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
                    let e = out.entry(ends[&stream].clone()).or_default();
                    match dir {
                        Direction::ClientToServer => e.0 += bytes.len() as u64,
                        Direction::ServerToClient => e.1 += bytes.len() as u64,
                    }
                }
                _ => {}
            }
        }
    };
    for p in reader.packets() {
        assert_eq!(p.frame, last_frame + 1);
        last_frame = p.frame;
        if let Ok(seg) = decode_packet(&p) {
            tcp.handle_segment(p.frame, &seg);
        }
        drain(&mut tcp, &mut out);
    }
    tcp.finish();
    drain(&mut tcp, &mut out);
    (tcp.stats().streams, out)
}

/// Bytes from `a` to `b` and back, whichever side the reassembler took for the client (for
/// connections whose SYN is not in the capture it guesses the first sender).
fn pair(t: &PerPair, a: &str, b: &str) -> (u64, u64) {
    if let Some(&(x, y)) = t.get(&(a.to_string(), b.to_string())) {
        return (x, y);
    }
    let (x, y) = t[&(b.to_string(), a.to_string())];
    (y, x)
}

#[test]
fn suricata_7187() {
    let file = read("suricata-verify/dcerpc-issue-7187-01.pcap");
    let reader = CaptureReader::new(&file).unwrap();
    assert_eq!(
        reader.format(),
        Format::Pcap {
            big_endian: false,
            nanosecond: false
        }
    );
    let (streams, t) = totals(&file);
    assert_eq!(streams, 1);
    assert_eq!(
        pair(&t, "20.20.22.93:52320", "20.20.33.59:4592"),
        (4699, 120)
    );
}

#[test]
fn zeek_mapi() {
    let file = read("zeek/mapi.pcap");
    let reader = CaptureReader::new(&file).unwrap();
    assert_eq!(reader.len(), 800);
    let (streams, t) = totals(&file);
    assert_eq!(streams, 24);
    let total: u64 = t.values().map(|(a, b)| a + b).sum();
    assert_eq!(total, 228_212);
    // The Outlook EMSMDB connection and the NSPI endpoint mapper exchange.
    assert_eq!(
        pair(&t, "192.168.0.129:2482", "192.168.0.2:1032"),
        (19408, 70400)
    );
    assert_eq!(
        pair(&t, "192.168.0.173:1066", "192.168.0.2:135"),
        (228, 212)
    );
    assert_eq!(
        pair(&t, "192.168.0.168:3647", "192.168.0.2:1032"),
        (2608, 35456)
    );
}
