//! The autodetect request classifier: the same stream fed whole and in pieces (sizes taken
//! from the first input bytes) must give the same requests, and every push must make
//! progress.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_moh::autodetect::{Classifier, Event};
use oxwire_moh::Limits;

fn run(data: &[u8], sizes: &[u8]) -> (Vec<Event>, bool) {
    let mut c = Classifier::new(Limits::default());
    let mut out = Vec::new();
    let mut rest = data;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes.get(i).map_or(rest.len(), |&s| usize::from(s).max(1));
        i += 1;
        let (mut piece, r) = rest.split_at(n.min(rest.len()));
        rest = r;
        loop {
            let step = match c.push(piece) {
                Ok(s) => s,
                Err(_) => return (out, true),
            };
            assert!(step.consumed <= piece.len());
            piece = &piece[step.consumed..];
            match step.event {
                Event::NeedMore => {
                    assert!(piece.is_empty());
                    break;
                }
                Event::Request(r) => {
                    assert!(step.consumed > 0 || r.head_len > 0);
                    out.push(Event::Request(r));
                }
                e @ Event::Stopped(_) => {
                    assert!(piece.is_empty());
                    if !out.last().is_some_and(|l| matches!(l, Event::Stopped(_))) {
                        out.push(e);
                    }
                    break;
                }
            }
        }
    }
    (out, false)
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, data)) = data.split_first() else {
        return;
    };
    let k = usize::from(k % 16).min(data.len());
    let (sizes, stream) = data.split_at(k);
    let (whole, whole_err) = run(stream, &[]);
    let (pieces, pieces_err) = run(stream, sizes);
    if !whole_err && !pieces_err {
        assert_eq!(whole, pieces);
    }
});
