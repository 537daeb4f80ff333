//! Every NSPI (and Referral) response decoder: the first input byte picks the opnum (and
//! syntax), the rest is the stub. Whatever decodes must re-encode and decode to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire::msrpc::ndr::NdrSyntax;
use oxwire::nspi::{rfr, Response};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, stub)) = data.split_first() else {
        return;
    };
    let opnum = u16::from(sel % 24);
    let syntax = if sel & 0x80 != 0 { NdrSyntax::Ndr64 } else { NdrSyntax::Ndr20 };
    let le = sel & 0x40 == 0;
    if let Ok(v) = Response::decode(opnum, stub, syntax, le) {
        let again = v.encode(syntax, le).expect("re-encode");
        let back = Response::decode(opnum, &again, syntax, le).expect("decode re-encoded");
        assert_eq!(back, v);
    }
    let _ = rfr::Response::decode(opnum % 3, stub, syntax, le);
});
