//! Capture reader, packet decoder and TCP reassembler on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire::capture::{
    decode_frame, decode_packet, CaptureReader, Limits, LinkType, TcpReassembler,
};

fuzz_target!(|data: &[u8]| {
    // Small limits so the bounded paths are reached quickly.
    let limits = Limits {
        max_decompressed_bytes: 1 << 20,
        max_buffered_bytes: 2048,
        max_total_buffered_bytes: 8192,
        max_flows: 4,
    };
    let mut tcp = TcpReassembler::with_limits(limits);
    if let Ok(reader) = CaptureReader::with_limits(data, &limits) {
        for p in reader.packets() {
            if let Ok(seg) = decode_packet(&p) {
                tcp.handle_segment(p.frame, &seg);
            }
            while tcp.poll_event().is_some() {}
        }
    }
    // The same bytes as one frame of every link type, so the decoders see them directly.
    for (i, lt) in [
        LinkType::ETHERNET,
        LinkType::LINUX_SLL,
        LinkType::LINUX_SLL2,
        LinkType::RAW,
        LinkType::NULL,
        LinkType::LOOP,
    ]
    .into_iter()
    .enumerate()
    {
        if let Ok(seg) = decode_frame(lt, data) {
            tcp.handle_segment(i as u64 + 1, &seg);
        }
    }
    tcp.finish();
    while tcp.poll_event().is_some() {}
});
