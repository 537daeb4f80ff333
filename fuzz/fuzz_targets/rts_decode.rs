#![no_main]
//! Any bytes as an RTS PDU: decoding never panics, and whatever decodes re-encodes to the
//! same bytes.

use libfuzzer_sys::fuzz_target;
use oxwire_rpch::{PduKind, RtsPdu};

fuzz_target!(|data: &[u8]| {
    if let Ok((pdu, used)) = RtsPdu::decode(data) {
        assert_eq!(pdu.to_vec().unwrap(), &data[..used]);
        let _ = PduKind::candidates(&pdu);
    }
});
