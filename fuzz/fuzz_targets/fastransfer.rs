#![no_main]
//! Any bytes as a FastTransfer stream pushed in pieces: never a panic, and the events do not
//! depend on where the stream was split.

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::fxics::{FxDecoder, FxEvent, FxLimits};

fn run(chunks: &[&[u8]]) -> (Vec<FxEvent>, bool) {
    let limits = FxLimits { inline_value: 64, max_element: 1 << 16 };
    let mut d = FxDecoder::with_limits(limits);
    let mut ev = Vec::new();
    for c in chunks {
        if d.push(c, &mut ev).is_err() {
            return (ev, false);
        }
    }
    // Join value chunks so differently split runs compare equal.
    let mut out: Vec<FxEvent> = Vec::new();
    for e in ev {
        if let (Some(FxEvent::ValueChunk(a)), FxEvent::ValueChunk(b)) = (out.last_mut(), &e) {
            a.extend_from_slice(b);
            continue;
        }
        out.push(e);
    }
    (out, true)
}

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let cut = (cut as usize * rest.len()) / 255;
    let (whole, ok_whole) = run(&[rest]);
    let (split, ok_split) = run(&[&rest[..cut], &rest[cut..]]);
    if ok_whole && ok_split {
        assert_eq!(whole, split);
    }
});
