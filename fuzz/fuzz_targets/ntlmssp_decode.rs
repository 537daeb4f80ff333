#![no_main]
//! Any bytes as an NTLMSSP message: decoding never panics, and a decoded message re-encodes
//! to bytes that decode to the same message.

use libfuzzer_sys::fuzz_target;
use oxwire_emapi_sspi::ntlm::{AvPairs, NtlmMessage};
use oxwire_emapi_sspi::Limits;

fuzz_target!(|data: &[u8]| {
    let l = Limits::default();
    let _ = AvPairs::decode(data, l.max_av_pairs);
    if let Ok(m) = NtlmMessage::decode(data, &l) {
        let mut out = Vec::new();
        let ok = match &m {
            NtlmMessage::Negotiate(n) => n.encode(&mut out).is_ok(),
            NtlmMessage::Challenge(c) => {
                let _ = c.av_pairs(&l);
                c.encode(&mut out).is_ok()
            }
            NtlmMessage::Authenticate(a) => {
                let _ = a.ntlmv2_response();
                a.encode(&mut out).is_ok()
            }
        };
        if ok {
            assert!(NtlmMessage::decode(&out, &l).is_ok());
        }
    }
});
