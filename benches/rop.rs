//! ROP buffer decode throughput (request and response buffers through a `RopSession`) on a
//! realistic mix, with a plain copy of the same bytes measured in the same run as the ceiling.
//!
//! The mix follows an Outlook folder view and message open: a contents table with
//! RopSetColumns (13 columns) and RopQueryRows returning 50 rows of strings, integers, times
//! and binaries; RopGetPropertiesSpecific on a message; RopOpenStream + RopReadStream of a
//! 30 KiB body; RopFastTransferSourceGetBuffer returning a 30 KiB piece; RopRelease.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire_mapi_rop::session::RopSession;

fn wrap(rops: &[u8], handles: &[u32]) -> Vec<u8> {
    let mut b = ((rops.len() + 2) as u16).to_le_bytes().to_vec();
    b.extend_from_slice(rops);
    for h in handles {
        b.extend(h.to_le_bytes());
    }
    b
}

fn utf16z(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    v.extend([0, 0]);
    v
}

const COLUMNS: [u32; 13] = [
    0x6748_0014, // PidTagFolderId
    0x674A_0014, // PidTagMid
    0x0037_001F, // PidTagSubject
    0x0C1A_001F, // PidTagSenderName
    0x0E06_0040, // PidTagMessageDeliveryTime
    0x0E08_0003, // PidTagMessageSize
    0x0E07_0003, // PidTagMessageFlags
    0x001A_001F, // PidTagMessageClass
    0x0017_0003, // PidTagImportance
    0x0FFF_0102, // PidTagEntryId
    0x1000_001F, // PidTagBody (truncated in tables)
    0x0E1B_000B, // PidTagHasAttachments
    0x3008_0040, // PidTagLastModificationTime
];

/// (request buffer, response buffer) pairs of one session.
fn calls() -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    // 1. Contents table: RopGetContentsTable (in 0, out 1), RopSetColumns, RopQueryRows 50.
    let mut req = vec![0x05, 0, 0, 1, 0x40];
    req.extend([0x12, 0, 1, 0]);
    req.extend((COLUMNS.len() as u16).to_le_bytes());
    for c in COLUMNS {
        req.extend(c.to_le_bytes());
    }
    req.extend([0x15, 0, 1, 0, 1, 50, 0]);
    let mut resp = vec![0x05, 1, 0, 0, 0, 0];
    resp.extend(500u32.to_le_bytes());
    resp.extend([0x12, 1, 0, 0, 0, 0, 0]);
    resp.extend([0x15, 1, 0, 0, 0, 0, 1]);
    resp.extend(50u16.to_le_bytes());
    for i in 0..50u64 {
        resp.push(0); // standard row
        resp.extend((0x0001_0000_0000_0001u64 + i).to_le_bytes());
        resp.extend((0x0001_0000_0010_0001u64 + i).to_le_bytes());
        resp.extend(utf16z(&format!("Quarterly planning notes, revision {i}")));
        resp.extend(utf16z("Alice Example"));
        resp.extend((0x01d9_0000_0000_0000u64 + i).to_le_bytes());
        resp.extend((12_000 + i as u32).to_le_bytes());
        resp.extend(1u32.to_le_bytes());
        resp.extend(utf16z("IPM.Note"));
        resp.extend(1u32.to_le_bytes());
        resp.extend(70u16.to_le_bytes());
        resp.extend([0x5a; 70]);
        resp.extend(utf16z(
            "Hello team, please find below the agenda for next week's review.",
        ));
        resp.push((i % 2) as u8);
        resp.extend((0x01d9_0000_0000_0100u64 + i).to_le_bytes());
    }
    out.push((
        wrap(&req, &[0x100, 0xffff_ffff]),
        wrap(&resp, &[0x100, 0x200]),
    ));
    // 2. Message properties: RopOpenMessage-less GetPropertiesSpecific on handle 0.
    let mut req = vec![0x07, 0, 0];
    req.extend(0u16.to_le_bytes());
    req.extend(1u16.to_le_bytes());
    req.extend(4u16.to_le_bytes());
    for t in [0x0037_001Fu32, 0x0E08_0003, 0x0FFF_0102, 0x1000_001F] {
        req.extend(t.to_le_bytes());
    }
    let mut resp = vec![0x07, 0, 0, 0, 0, 0, 0];
    resp.extend(utf16z("Quarterly planning notes"));
    resp.extend(48_000u32.to_le_bytes());
    resp.extend(70u16.to_le_bytes());
    resp.extend([0x33; 70]);
    resp.extend(utf16z(&"Lorem ipsum dolor sit amet. ".repeat(40)));
    out.push((wrap(&req, &[0x300]), wrap(&resp, &[0x300])));
    // 3. Body stream: RopOpenStream (in 0, out 1) + RopReadStream 0xBABE.
    let mut req = vec![0x2b, 0, 0, 1];
    req.extend(0x1000_0102u32.to_le_bytes());
    req.push(0);
    req.extend([0x2c, 0, 1]);
    req.extend(0xBABEu16.to_le_bytes());
    req.extend(0x8000u32.to_le_bytes());
    let mut resp = vec![0x2b, 1, 0, 0, 0, 0];
    resp.extend(90_000u32.to_le_bytes());
    resp.extend([0x2c, 1, 0, 0, 0, 0]);
    resp.extend(30_000u16.to_le_bytes());
    resp.extend((0..30_000u32).map(|i| (i * 7) as u8));
    out.push((
        wrap(&req, &[0x300, 0xffff_ffff]),
        wrap(&resp, &[0x300, 0x400]),
    ));
    // 4. FastTransfer download piece.
    let mut req = vec![0x4e, 0, 0];
    req.extend(0xBABEu16.to_le_bytes());
    req.extend(0x7800u16.to_le_bytes());
    let mut resp = vec![0x4e, 0, 0, 0, 0, 0];
    resp.extend(1u16.to_le_bytes());
    resp.extend(3u16.to_le_bytes());
    resp.extend(10u16.to_le_bytes());
    resp.push(0);
    resp.extend(30_000u16.to_le_bytes());
    resp.extend((0..30_000u32).map(|i| (i * 13) as u8));
    out.push((wrap(&req, &[0x500]), wrap(&resp, &[0x500])));
    // 5. RopRelease of the table (no response ROP; an empty RopsList comes back).
    out.push((wrap(&[0x01, 0, 0], &[0x200]), wrap(&[], &[0x200])));
    out
}

fn bench(c: &mut Criterion) {
    let calls = calls();
    let total: usize = calls.iter().map(|(a, b)| a.len() + b.len()).sum();
    let mut g = c.benchmark_group("rop");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("session_decode_mix", |b| {
        b.iter(|| {
            let mut s = RopSession::new();
            let mut n = 0;
            for (req, resp) in &calls {
                s.handle_request(black_box(req)).unwrap();
                n += s
                    .handle_response(black_box(resp))
                    .unwrap()
                    .response
                    .rops
                    .len();
            }
            n
        })
    });
    g.bench_function("copy_baseline", |b| {
        b.iter(|| {
            let mut n = 0;
            for (req, resp) in &calls {
                n += black_box(req.to_vec()).len() + black_box(resp.to_vec()).len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
