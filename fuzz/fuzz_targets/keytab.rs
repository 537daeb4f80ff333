#![no_main]
//! Any bytes as a keytab file, and as Kerberos ciphertext under each encryption type: parsing
//! and decryption never panic, and whatever decrypts was not altered (a MAC checked out).

use libfuzzer_sys::fuzz_target;
use oxwire_emapi_sspi::kerberos::crypto::Key;
use oxwire_emapi_sspi::{Keytab, Limits};

fuzz_target!(|data: &[u8]| {
    let l = Limits::default();
    if let Ok(k) = Keytab::parse(data, &l) {
        assert!(k.entries.len() <= l.max_keytab_entries);
        for e in &k.entries {
            let _ = e.principal();
            if let Ok(key) = Key::new(e.key.etype, &e.key.key) {
                let _ = key.decrypt(2, data);
            }
        }
    }
    for (etype, len) in [(17, 16), (18, 32), (23, 16)] {
        let key = Key::new(etype, &vec![0x5a; len]).unwrap();
        let _ = key.decrypt(2, data);
    }
});
