//! Peak heap stays proportional to the input, whatever lengths and counts the input claims.
//!
//! The heap is measured by dhat's counting allocator; all cases run in this one test because
//! only one profiler may exist per process.

use oxwire_msrpc::ndr::{decode_top_level, ConformantArray, NdrReader, NdrSyntax, WString};
use oxwire_msrpc::{Association, Direction, Framer, Limits, Pdu, Reassembler};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn pdu(ptype: u8, flags: u8, call_id: u32, body: &[u8]) -> Vec<u8> {
    let len = (16 + body.len()) as u16;
    let mut v = vec![5, 0, ptype, flags, 0x10, 0, 0, 0];
    v.extend_from_slice(&len.to_le_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&call_id.to_le_bytes());
    v.extend_from_slice(body);
    v
}

#[test]
fn peak_heap_is_proportional_to_input() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let base = dhat::HeapStats::get().curr_bytes;
    let mut input_bytes = 0usize;

    // A bind claiming 255 context items, each with 255 transfer syntaxes, in 40 bytes.
    let mut body = vec![0xd0, 0x16, 0xd0, 0x16, 0, 0, 0, 0, 255, 0, 0, 0];
    body.extend_from_slice(&[0, 0, 255, 0]);
    body.extend_from_slice(&[0; 20]);
    let bind = pdu(11, 3, 1, &body);
    input_bytes += bind.len();
    assert!(Pdu::decode(&bind).is_err());

    // A header claiming 65535 bytes, pushed into the framer 16 bytes at a time: the framer
    // buffers only what arrived.
    let mut f = Framer::default();
    let mut h = pdu(0, 3, 1, &[0; 8]);
    h[8] = 0xff;
    h[9] = 0xff;
    for _ in 0..4 {
        f.push(&h);
        input_bytes += h.len();
        let _ = f.next_pdu();
    }

    // 1000 first fragments of different calls: the reassembler refuses beyond its limit and
    // holds only the stub bytes it was given.
    let limits = Limits {
        max_pending_calls: 64,
        ..Limits::default()
    };
    let mut re = Reassembler::new(limits);
    let mut assoc = Association::new(limits);
    for call in 0..1000u32 {
        let b = pdu(0, 1, call, &[0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
        input_bytes += b.len();
        let (p, _) = Pdu::decode(&b).unwrap();
        let _ = re.push(&p, p.body.stub().unwrap());
        let _ = assoc.handle_pdu(Direction::ClientToServer, &p);
    }
    assert!(re.pending() <= 64);

    // NDR counts of 2^32 - 1 elements and strings, in a few bytes.
    for syntax in [NdrSyntax::Ndr20, NdrSyntax::Ndr64] {
        let huge = [0xffu8; 24];
        input_bytes += 2 * huge.len();
        let mut r = NdrReader::new(&huge, syntax, true);
        assert!(decode_top_level::<ConformantArray<u32>>(&mut r).is_err());
        let mut r = NdrReader::new(&huge, syntax, true);
        assert!(decode_top_level::<WString>(&mut r).is_err());
    }

    let stats = dhat::HeapStats::get();
    let peak = stats.max_bytes - base.min(stats.max_bytes);
    // The association and reassembler keep a small table per call; everything else is
    // bounded by what was read. 64 bytes of heap per input byte is a generous constant.
    assert!(
        peak <= 64 * input_bytes,
        "peak heap {peak} bytes for {input_bytes} input bytes"
    );
    eprintln!("peak heap {peak} bytes for {input_bytes} input bytes");
}
