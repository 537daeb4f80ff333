#![no_main]
//! Any bytes as a SPNEGO token: decoding never panics.

use libfuzzer_sys::fuzz_target;
use oxwire_emapi_sspi::spnego::NegToken;
use oxwire_emapi_sspi::Limits;

fuzz_target!(|data: &[u8]| {
    let _ = NegToken::decode(data, &Limits::default());
});
