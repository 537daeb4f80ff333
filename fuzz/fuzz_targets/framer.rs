#![no_main]
//! Any bytes cut at fuzzer-chosen points: the framer yields the same PDUs as one big push.

use libfuzzer_sys::fuzz_target;
use oxwire_msrpc::Framer;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    // The first byte picks the chunk size.
    let step = usize::from(data[0]).max(1);
    let data = &data[1..];
    let mut whole = Framer::default();
    whole.push(data);
    let mut expect = Vec::new();
    while let Ok(Some(p)) = whole.next_pdu() {
        expect.push(p.to_vec());
    }
    let mut chunked = Framer::default();
    let mut got = Vec::new();
    for chunk in data.chunks(step) {
        chunked.push(chunk);
        while let Ok(Some(p)) = chunked.next_pdu() {
            got.push(p.to_vec());
        }
    }
    assert_eq!(got, expect);
});
