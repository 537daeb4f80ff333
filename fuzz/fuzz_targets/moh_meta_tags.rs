//! MAPI over HTTP response meta-tags: the push parser fed in pieces chosen by the input must
//! never panic, must use every octet it reports, and must agree with the whole-body decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_moh::http::meta_tags::{Event, MetaTagParser, ResponseBody};
use oxwire_moh::Limits;

fuzz_target!(|data: &[u8]| {
    let Some((&split, data)) = data.split_first() else {
        return;
    };
    let mut limits = Limits::default();
    limits.max_line = 64;
    limits.max_header_block = 256;
    let mut p = MetaTagParser::new(limits.clone());
    let step = usize::from(split % 17) + 1;
    let mut body = Vec::new();
    let mut ok = true;
    'outer: for piece in data.chunks(step) {
        let mut input = piece;
        loop {
            match p.parse(input) {
                Ok((used, ev)) => {
                    assert!(used <= input.len());
                    input = &input[used..];
                    match ev {
                        Some(Event::Body(b)) => body.extend_from_slice(b),
                        Some(_) => {}
                        None => {
                            assert!(input.is_empty());
                            break;
                        }
                    }
                }
                Err(_) => {
                    ok = false;
                    break 'outer;
                }
            }
        }
    }
    let ok = ok && p.finish().is_ok();
    match ResponseBody::decode(data, &limits) {
        Ok(whole) => {
            assert!(ok, "whole-body decoder accepted what the push parser refused");
            assert_eq!(whole.body, &body[..]);
        }
        Err(_) => assert!(!ok, "push parser accepted what the whole-body decoder refused"),
    }
});
