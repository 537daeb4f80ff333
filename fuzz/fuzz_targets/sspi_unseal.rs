#![no_main]
//! Arbitrary PDUs after a fixed NTLM authentication (auth_context_id 1) and with fixed
//! Kerberos contexts (AES256 as id 2, RC4-HMAC as id 3): unsealing never panics, and only PDUs
//! whose signature or checksum verifies yield plaintext.

use libfuzzer_sys::fuzz_target;
use oxwire_emapi_sspi::kerberos::crypto::Key;
use oxwire_emapi_sspi::kerberos::KrbSession;
use oxwire_emapi_sspi::ntlm::{Key16, NtlmSession};
use oxwire_emapi_sspi::{Direction, KeySource, NtlmExchange, NtlmKey, RpcSecurity};

struct Fixed;

impl KeySource for Fixed {
    fn ntlm_key(&self, _: &NtlmExchange<'_>) -> oxwire_emapi_sspi::Result<Option<NtlmKey>> {
        Ok(Some(NtlmKey::ExportedSessionKey(Key16([0x55; 16]))))
    }
}

// bind(NEGOTIATE), bind_ack(CHALLENGE) and auth3(AUTHENTICATE) of a minimal NTLM exchange.
fn setup() -> Vec<(Direction, Vec<u8>)> {
    fn pdu(ptype: u8, body: &[u8], token: &[u8]) -> Vec<u8> {
        let len = 16 + body.len() + 8 + token.len();
        let mut v = vec![5, 0, ptype, 3, 0x10, 0, 0, 0];
        v.extend_from_slice(&(len as u16).to_le_bytes());
        v.extend_from_slice(&(token.len() as u16).to_le_bytes());
        v.extend_from_slice(&1u32.to_le_bytes());
        v.extend_from_slice(body);
        v.extend_from_slice(&[10, 6, 0, 0, 1, 0, 0, 0]);
        v.extend_from_slice(token);
        v
    }
    let neg = b"NTLMSSP\0\x01\0\0\0\x35\x82\x88\xe2".to_vec();
    let mut chal = b"NTLMSSP\0\x02\0\0\0\0\0\0\0\x30\0\0\0\x35\x82\x8a\xe2".to_vec();
    chal.extend_from_slice(&[
        1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30, 0, 0, 0,
    ]);
    let mut auth = b"NTLMSSP\0\x03\0\0\0".to_vec();
    for _ in 0..6 {
        auth.extend_from_slice(&[0, 0, 0, 0, 0x40, 0, 0, 0]);
    }
    auth.extend_from_slice(&0xe28a8235u32.to_le_bytes());
    let bind_body = [0xb8, 0x10, 0xb8, 0x10, 0, 0, 0, 0, 0, 0, 0, 0];
    let ack_body = [0xb8, 0x10, 0xb8, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    vec![
        (Direction::ToServer, pdu(11, &bind_body, &neg)),
        (Direction::ToClient, pdu(12, &ack_body, &chal)),
        (Direction::ToServer, pdu(16, &[0, 0, 0, 0], &auth)),
    ]
}

fuzz_target!(|data: &[u8]| {
    let mut sec = RpcSecurity::default();
    for (d, p) in setup() {
        let _ = sec.process(d, &p, &Fixed);
    }
    let aes = KrbSession::from_keys(
        Key::new(18, &[0x42; 32]).unwrap(),
        Some(Key::new(18, &[0x24; 32]).unwrap()),
        0,
        0,
    );
    let rc4 = KrbSession::from_keys(Key::new(23, &[0x17; 16]).unwrap(), None, 0, 0);
    sec.add_kerberos_context(2, 16, 6, aes).unwrap();
    sec.add_kerberos_context(3, 9, 6, rc4).unwrap();
    let _ = NtlmSession::new(&Key16([0x55; 16]), 0xe28a8235);
    let (dir, rest) = match data.split_first() {
        Some((b, r)) if b & 1 == 1 => (Direction::ToClient, r),
        Some((_, r)) => (Direction::ToServer, r),
        None => return,
    };
    for raw in oxwire_msrpc::split_pdus(rest).flatten() {
        let _ = sec.process(dir, raw, &Fixed);
    }
});
