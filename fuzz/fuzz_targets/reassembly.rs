#![no_main]
//! A byte stream of PDUs through the framer, association and reassembler: no panics, and the
//! reassembler never holds more than its limit.

use libfuzzer_sys::fuzz_target;
use oxwire_msrpc::{Association, Direction, Framer, Limits, Pdu, Reassembler};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_stub_len: 4096,
        max_pending_calls: 8,
        ..Limits::default()
    };
    let mut framer = Framer::new(limits);
    let mut assoc = Association::new(limits);
    let mut re = Reassembler::new(limits);
    framer.push(data);
    let mut n = 0usize;
    while let Ok(Some(bytes)) = framer.next_pdu() {
        n += 1;
        let Ok((pdu, _)) = Pdu::decode_with(bytes, &limits) else {
            continue;
        };
        // Alternate directions so both halves of the association run.
        let dir = if n % 2 == 0 {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        let _ = assoc.handle_pdu(dir, &pdu);
        if let Some(stub) = pdu.body.stub() {
            if let Ok(Some(call)) = re.push(&pdu, stub) {
                assert!(call.stub.len() <= limits.max_stub_len);
            }
        }
        assert!(re.pending() <= limits.max_pending_calls);
    }
});
