#![no_main]
//! Any bytes: decoding never panics, and whatever decodes re-encodes to the same bytes.

use libfuzzer_sys::fuzz_target;
use oxwire_msrpc::{Pdu, VerificationTrailer};

fuzz_target!(|data: &[u8]| {
    if let Ok((pdu, used)) = Pdu::decode(data) {
        let again = pdu.to_vec().expect("a decoded PDU fits its own length fields");
        assert_eq!(&again[..], &data[..used]);
        if let Some(stub) = pdu.body.stub() {
            let _ = VerificationTrailer::find(stub, pdu.header.drep.little_endian());
        }
    }
});
