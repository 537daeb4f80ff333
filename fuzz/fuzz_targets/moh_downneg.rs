//! Autodiscover down-negotiation: the document path must return the input minus the reported
//! spans, well formed enough to be read again with nothing left to remove; the request and
//! response paths must not panic, and a stripped request head must hold no capability header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_moh::autodetect::{downgrade_document, downgrade_response, strip_capability_header};
use oxwire_moh::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(out) = downgrade_document(data, &limits) {
        let mut expected = Vec::new();
        let mut at = 0;
        for r in &out.removed {
            assert!(r.span.start >= at && r.span.end <= data.len());
            expected.extend_from_slice(&data[at..r.span.start]);
            at = r.span.end;
        }
        expected.extend_from_slice(&data[at..]);
        assert_eq!(out.document, expected);
        if out.changed() {
            let again = downgrade_document(&out.document, &limits).expect("output reads again");
            assert!(!again.changed());
        }
    }
    if let Ok(out) = downgrade_response(data, &limits) {
        assert!(out.consumed <= data.len());
    }
    if let Ok(out) = strip_capability_header(data, &limits) {
        let again = strip_capability_header(&out.request, &limits).expect("head reads again");
        assert!(again.removed.is_empty());
        assert_eq!(again.request, out.request);
    }
});
