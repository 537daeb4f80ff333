//! Arbitrary bytes as a tower octet string: decoding must never panic; what decodes must
//! re-encode to the same octets, and its string binding (if any) must parse back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_epm::{StringBinding, Tower};

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = Tower::decode(data) {
        assert_eq!(t.to_vec().unwrap(), data);
        let _ = (t.interface(), t.transfer_syntax(), t.tcp_port(), t.ip());
        if let Some(b) = t.to_binding(None) {
            let _ = StringBinding::parse(&b.to_string());
        }
        let mut t2 = t.clone();
        if t2.set_tcp_port(7830).is_some() {
            assert_eq!(t2.to_vec().unwrap().len(), data.len());
        }
    }
    if let Ok(s) = core::str::from_utf8(data) {
        let _ = StringBinding::parse(s);
    }
});
