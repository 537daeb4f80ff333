//! Arbitrary bytes as an ept_map response stub (NDR20 and NDR64, both byte orders), then
//! through the port rewriter. Never a panic; what decodes re-encodes to a stub that decodes
//! to the same value; a rewrite keeps the stub decodable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_epm::calls::{EptMapResponse, Stub};
use oxwire_epm::{Interfaces, PortRewriter};
use oxwire_msrpc::ndr::NdrSyntax;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, stub)) = data.split_first() else {
        return;
    };
    let syntax = if sel & 1 == 0 {
        NdrSyntax::Ndr20
    } else {
        NdrSyntax::Ndr64
    };
    let le = sel & 2 == 0;
    if let Ok(r) = EptMapResponse::decode(stub, syntax, le) {
        let again = r.encode(syntax, le).unwrap();
        assert_eq!(EptMapResponse::decode(&again, syntax, le).unwrap(), r);
        for t in r.towers.iter().filter_map(|t| t.value.as_ref()) {
            let _ = t.tower();
        }
    }
    let rw = PortRewriter::new(Interfaces::All, 7830);
    if let Ok(out) = rw.rewrite_map_response(stub, syntax, le) {
        if let Some(b) = out.bytes {
            assert!(EptMapResponse::decode(&b, syntax, le).is_ok());
        }
    }
});
