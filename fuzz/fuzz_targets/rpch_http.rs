#![no_main]
//! Any bytes as an HTTP channel (request, response or legacy side, chosen by the first byte)
//! cut at fuzzer-chosen points: never a panic, and the PDUs that come out do not depend on
//! how the bytes were cut.

use libfuzzer_sys::fuzz_target;
use oxwire_rpch::http::{ChannelReader, Side};
use oxwire_rpch::Limits;

fn run(side: Side, data: &[u8], step: usize) -> (Vec<Vec<u8>>, bool) {
    let mut r = ChannelReader::new(side, Limits::default());
    let mut got = Vec::new();
    for c in data.chunks(step) {
        if r.push(c).is_err() {
            return (got, true);
        }
        loop {
            match r.next_pdu() {
                Ok(Some(p)) => got.push(p.to_vec()),
                Ok(None) => break,
                Err(_) => return (got, true),
            }
        }
    }
    (got, false)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let side = match data[0] % 3 {
        0 => Side::Request,
        1 => Side::Response,
        _ => Side::Legacy,
    };
    let step = usize::from(data[1]).max(1);
    let data = &data[2..];
    let (whole, whole_err) = run(side, data, data.len().max(1));
    let (cut, cut_err) = run(side, data, step);
    if !whole_err && !cut_err {
        assert_eq!(whole, cut);
    }
});
