#![no_main]
//! Any bytes as a Kerberos authentication token (GSS-framed or bare AP-REQ, AP-REP,
//! KRB-ERROR), followed as the legs of one exchange with fixed service keys for every
//! principal: decoding and key recovery never panic.

use libfuzzer_sys::fuzz_target;
use oxwire_emapi_sspi::kerberos::messages::KrbMessage;
use oxwire_emapi_sspi::kerberos::KrbSetup;
use oxwire_emapi_sspi::{Direction, KerberosKey, KeySource, Limits, NtlmExchange, NtlmKey};

struct Fixed;

impl KeySource for Fixed {
    fn ntlm_key(&self, _: &NtlmExchange<'_>) -> oxwire_emapi_sspi::Result<Option<NtlmKey>> {
        Ok(None)
    }
    fn kerberos_keys(&self, _: &str, _: &[String], etype: i32) -> Vec<KerberosKey> {
        let len = if etype == 18 { 32 } else { 16 };
        vec![KerberosKey {
            etype,
            kvno: None,
            key: vec![0x42; len],
        }]
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = KrbMessage::decode(data);
    // The input split in two legs at its first byte's value.
    let (cut, rest) = match data.split_first() {
        Some((c, r)) => ((*c as usize).min(r.len()), r),
        None => return,
    };
    let mut setup = KrbSetup::default();
    let l = Limits::default();
    let _ = setup.leg(Direction::ToServer, &rest[..cut], &Fixed, &l);
    let _ = setup.leg(Direction::ToClient, &rest[cut..], &Fixed, &l);
});
