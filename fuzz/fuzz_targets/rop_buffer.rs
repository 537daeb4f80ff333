#![no_main]
//! Any bytes as a ROP request buffer and a response buffer through a `RopSession`: never a
//! panic, and whatever decodes re-encodes to the same bytes.

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::rop::{LogonKinds, RopRequestBuffer};
use oxwire_mapi_rop::session::RopSession;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let cut = (cut as usize * rest.len()) / 255;
    let (req, resp) = rest.split_at(cut);
    if let Ok(b) = RopRequestBuffer::decode(req, &LogonKinds::default()) {
        let mut out = Vec::new();
        b.encode(&mut out).expect("a decoded buffer encodes");
        assert_eq!(out, req);
    }
    let mut s = RopSession::new();
    if s.handle_request(req).is_ok() {
        if let Ok(call) = s.handle_response(resp) {
            let mut out = Vec::new();
            call.response.encode(&mut out).expect("a decoded buffer encodes");
            assert_eq!(out, resp);
        }
    }
});
