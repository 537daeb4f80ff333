//! HTTP/1.1 framing for MAPI over HTTP: requests or responses fed in pieces chosen by the
//! input must never panic, must report sane consumption, and must frame the same messages as
//! the whole input does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
use oxwire_moh::Limits;

fn run(dir: Direction, data: &[u8], step: usize) -> Option<(usize, Vec<u8>)> {
    let mut limits = Limits::default();
    limits.max_line = 64;
    limits.max_header_block = 512;
    limits.max_body = 4096;
    let mut f = MessageFramer::new(dir, limits);
    let mut heads = 0;
    let mut body = Vec::new();
    for piece in data.chunks(step) {
        let mut input = piece;
        loop {
            let (used, ev) = f.parse(input).ok()?;
            assert!(used <= input.len());
            input = &input[used..];
            match ev {
                Some(MessageEvent::Head(h)) => {
                    heads += 1;
                    let _ = h.headers.validate_request();
                    let _ = h.headers.validate_response();
                }
                Some(MessageEvent::Body(b)) => body.extend_from_slice(b),
                Some(MessageEvent::End) => body.push(b'|'),
                None => {
                    assert!(input.is_empty());
                    break;
                }
            }
        }
    }
    if let Some(MessageEvent::End) = f.finish().ok()? {
        body.push(b'|');
    }
    Some((heads, body))
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, data)) = data.split_first() else {
        return;
    };
    let dir = if ctl & 1 == 0 {
        Direction::Requests
    } else {
        Direction::Responses
    };
    let step = usize::from(ctl >> 1) % 31 + 1;
    let whole = run(dir, data, data.len().max(1));
    let pieces = run(dir, data, step);
    if let (Some(a), Some(b)) = (&whole, &pieces) {
        assert_eq!(a, b);
    }
});
