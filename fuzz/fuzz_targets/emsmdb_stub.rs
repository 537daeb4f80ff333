//! Arbitrary bytes as an EMSMDB or AsyncEMSMDB request or response stub, the first byte
//! choosing the operation and direction; whatever decodes must re-encode to the same bytes.
//! Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::emsmdb::{self, Interface};
use oxwire_mapi_rop::Limits;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, stub)) = data.split_first() else {
        return;
    };
    let ops = [0u16, 1, 2, 4, 6, 10, 11, 14];
    let (interface, opnum) = if sel & 0x10 != 0 {
        (Interface::AsyncEmsmdb, 0)
    } else {
        (Interface::Emsmdb, ops[usize::from(sel & 7)])
    };
    let le = sel & 0x20 == 0;
    let limits = Limits::default();
    if sel & 0x08 == 0 {
        if let Ok(s) = emsmdb::decode_request(interface, opnum, stub, le, &limits) {
            assert_eq!(emsmdb::encode_request(&s, le).unwrap(), stub);
        }
    } else if let Ok(s) = emsmdb::decode_response(interface, opnum, stub, le, &limits) {
        assert_eq!(emsmdb::encode_response(&s, le).unwrap(), stub);
    }
});
