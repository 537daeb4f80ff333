//! MS-NLMP section 4.2 examples: messages, keys, signatures and sealed bytes. Values the
//! specification derives but does not print (NTLMv1 key exchange) come from impacket.

use oxwire_emapi_sspi::ntlm::{
    self, av_id, flags, AvPairs, Challenge, Key16, Negotiate, NtlmCredential, NtlmMessage,
    NtlmSession,
};
use oxwire_emapi_sspi::{Direction, Error, Limits};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// MS-NLMP 4.2.4.3 CHALLENGE_MESSAGE.
const CHALLENGE_V2: &str = "4e544c4d53535000020000000c000c003800000033828ae2\
    0123456789abcdef00000000000000002400240044000000\
    06007017000000 0f53006500720076006500720002000c00\
    44006f006d00610069006e0001000c005300650072007600\
    6500720000000000";

/// MS-NLMP 4.2.4.1.3: the "temp" blob (NTLMv2_CLIENT_CHALLENGE) of the NTLMv2 example.
const TEMP_V2: &str = "01010000000000000000000000000000aaaaaaaaaaaaaaaa\
    0000000002000c0044006f006d00610069006e0001000c00\
    53006500720076006500720000000000 00000000";

#[test]
fn ntowf_and_hashes() {
    // 4.2.2.1.2 NTOWFv1, 4.2.4.1.1 NTOWFv2, 4.2.2.1.1 LMOWFv1.
    assert_eq!(
        ntlm::nt_hash("Password").0.to_vec(),
        unhex("a4f49c406510bdcab6824ee7c30fd852")
    );
    assert_eq!(
        ntlm::ntowf_v2(&ntlm::nt_hash("Password"), "User", "Domain")
            .0
            .to_vec(),
        unhex("0c868a403bfd7a93a3001ef22ef02e3f")
    );
    assert_eq!(
        ntlm::lm_hash("Password").0.to_vec(),
        unhex("e52cac67419a9a224a3b108f3fa6cb6d")
    );
}

#[test]
fn challenge_v2_decodes_and_reencodes() {
    let bytes = unhex(CHALLENGE_V2);
    let c = Challenge::decode(&bytes, &Limits::default()).unwrap();
    assert_eq!(c.flags, 0xe28a8233);
    assert_eq!(
        c.server_challenge,
        [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]
    );
    assert_eq!(c.target_name, utf16("Server"));
    let v = c.version.unwrap();
    assert_eq!((v.major, v.minor, v.build, v.revision), (6, 0, 6000, 15));
    let av = c.av_pairs(&Limits::default()).unwrap();
    assert!(av.terminated);
    assert_eq!(av.pairs.len(), 2);
    assert_eq!(
        av.get(av_id::NB_DOMAIN_NAME).unwrap().text().unwrap(),
        "Domain"
    );
    assert_eq!(
        av.get(av_id::NB_COMPUTER_NAME).unwrap().text().unwrap(),
        "Server"
    );
    let mut out = Vec::new();
    c.encode(&mut out).unwrap();
    assert_eq!(out, bytes);
    let mut avout = Vec::new();
    av.encode(&mut avout).unwrap();
    assert_eq!(avout, c.target_info);
    assert!(matches!(
        NtlmMessage::decode(&bytes, &Limits::default()).unwrap(),
        NtlmMessage::Challenge(_)
    ));
}

#[test]
fn challenge_v1_has_no_target_info() {
    // 4.2.2.3 / 4.2.3.3 CHALLENGE_MESSAGE of the NTLMv1 examples.
    let bytes = unhex(
        "4e544c4d53535000020000000c000c003800000033820a82\
         0123456789abcdef00000000000000000000000000000000\
         060070170000000f530065007200760065007200",
    );
    let c = Challenge::decode(&bytes, &Limits::default()).unwrap();
    assert_eq!(c.flags, 0x820a8233);
    assert!(c.target_info.is_empty());
    let mut out = Vec::new();
    c.encode(&mut out).unwrap();
    assert_eq!(out, bytes);
}

#[test]
fn av_pair_edge_cases() {
    let l = Limits::default().max_av_pairs;
    // Empty list.
    let e = AvPairs::decode(&[], l).unwrap();
    assert!(e.pairs.is_empty() && !e.terminated);
    // No MsvAvEOL.
    let raw = unhex("02000400410042000100020043 00");
    let u = AvPairs::decode(&raw, l).unwrap();
    assert_eq!(u.pairs.len(), 2);
    assert!(!u.terminated);
    let mut out = Vec::new();
    u.encode(&mut out).unwrap();
    assert_eq!(out, unhex("020004004100420001000200 4300"));
    // A value running past the end.
    assert!(matches!(
        AvPairs::decode(&unhex("02000800410042"), l),
        Err(Error::Truncated { .. })
    ));
    // A lone half header.
    assert!(AvPairs::decode(&[2, 0], l).is_err());
}

#[test]
fn ntlmv2_keys_from_password() {
    // 4.2.4.2.2 NTProofStr, 4.2.4.1.2 session base key, 4.2.4.2.3 encrypted session key.
    let key = ntlm::ntowf_v2(&ntlm::nt_hash("Password"), "User", "Domain");
    let temp = unhex(TEMP_V2);
    let server = unhex("0123456789abcdef");
    let mut nt_response = oxwire_emapi_sspi_test_hmac(&key.0, &[&server, &temp]).to_vec();
    assert_eq!(nt_response, unhex("68cd0ab851e51c96aabc927bebef6a1c"));
    nt_response.extend_from_slice(&temp);
    let challenge_bytes = unhex(CHALLENGE_V2);
    let challenge = Challenge::decode(&challenge_bytes, &Limits::default()).unwrap();
    let domain = utf16("Domain");
    let user = utf16("User");
    let ws = utf16("COMPUTER");
    let enc = unhex("c5dad2544fc9799094ce1ce90bc9d03e");
    let auth = ntlm::Authenticate {
        lm_response: &[0; 24],
        nt_response: &nt_response,
        domain: &domain,
        user: &user,
        workstation: &ws,
        encrypted_session_key: &enc,
        flags: 0xe28a8233,
        version: None,
        mic: None,
        layout: Default::default(),
    };
    let cred = NtlmCredential::from_password(Some("Domain"), "User", "Password");
    let (base, kx) = cred.session_base_key(&challenge, &auth).unwrap();
    assert_eq!(base.0.to_vec(), unhex("8de40ccadbc14a82f15cb0ad0de95ca3"));
    assert_eq!(kx, base);
    let exported = ntlm::exported_session_key(&kx, &auth).unwrap();
    assert_eq!(exported.0, [0x55; 16]);

    // The same from the NT hash alone.
    let by_hash = NtlmCredential::from_nt_hash(
        None,
        "user",
        unhex("a4f49c406510bdcab6824ee7c30fd852")
            .try_into()
            .unwrap(),
    );
    assert_eq!(by_hash.session_base_key(&challenge, &auth).unwrap().0, base);

    // A wrong password is a typed error, not a wrong key.
    let wrong = NtlmCredential::from_password(Some("Domain"), "User", "Passw0rd");
    assert!(matches!(
        wrong.session_base_key(&challenge, &auth),
        Err(Error::WrongCredentials { .. })
    ));

    // Build and re-read the AUTHENTICATE message.
    let mut msg = Vec::new();
    auth.encode(&mut msg).unwrap();
    let back = ntlm::Authenticate::decode(&msg, &Limits::default()).unwrap();
    assert_eq!(back, auth);
    assert_eq!(back.principal(), "Domain\\User");
    let v2 = back.ntlmv2_response().unwrap().unwrap();
    assert_eq!(v2.client_challenge, [0xaa; 8]);
}

fn oxwire_emapi_sspi_test_hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    // HMAC-MD5 written out from RFC 2104 so the test does not lean on the crate under test.
    use md5::{Digest, Md5};
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key);
    let mut inner = Md5::new();
    inner.update(k.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let ih = inner.finalize();
    let mut outer = Md5::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(ih);
    outer.finalize().into()
}

#[test]
fn ntlmv1_response_and_keys() {
    // 4.2.2.1: NTLMv1 response; 4.2.2.1.3 session base key; key exchange per impacket.
    let challenge_bytes = unhex(
        "4e544c4d53535000020000000c000c003800000033820a82\
         0123456789abcdef00000000000000000000000000000000\
         060070170000000f530065007200760065007200",
    );
    let challenge = Challenge::decode(&challenge_bytes, &Limits::default()).unwrap();
    let nt = unhex("67c43011f30298a2ad35ece64f16331c44bdbed927841f94");
    let lm = unhex("98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13");
    let enc = unhex("518822b1b3f350c8958682ecbb3e3cb7");
    let auth = ntlm::Authenticate {
        lm_response: &lm,
        nt_response: &nt,
        domain: &[],
        user: b"U\0s\0e\0r\0",
        workstation: &[],
        encrypted_session_key: &enc,
        flags: 0xe2028233,
        version: None,
        mic: None,
        layout: Default::default(),
    };
    let cred = NtlmCredential::from_password(None, "User", "Password");
    let (base, kx) = cred.session_base_key(&challenge, &auth).unwrap();
    assert_eq!(base.0.to_vec(), unhex("d87262b0cde4b1cb7499becccdf10784"));
    assert_eq!(kx, base);
    assert_eq!(
        ntlm::exported_session_key(&kx, &auth).unwrap().0,
        [0x55; 16]
    );
}

#[test]
fn ntlmv2_wrap_example() {
    // 4.2.4.4 GSS_WrapEx with extended session security and key exchange.
    let neg = 0xe28a8233;
    let keys = ntlm::DirectionalKeys::derive(&Key16([0x55; 16]), neg);
    assert_eq!(
        keys.client_seal.to_vec(),
        unhex("59f600973cc4960a25480a7c196e4c58")
    );
    assert_eq!(
        keys.client_sign.to_vec(),
        unhex("4788dc861b4782f35d43fd98fe1a2d39")
    );
    let plain = utf16("Plaintext");
    let mut s = NtlmSession::new(&Key16([0x55; 16]), neg).unwrap();
    let mut data = plain.clone();
    s.encrypt(Direction::ToServer, &mut data);
    assert_eq!(data, unhex("54e50165bf1936dc996020c1811b0f06fb5f"));
    let sig = s.sign(Direction::ToServer, &[&plain]);
    assert_eq!(sig.to_vec(), unhex("010000007fb38ec5c55d497600000000"));
    assert_eq!(s.next_seq(Direction::ToServer), 1);

    let mut r = NtlmSession::new(&Key16([0x55; 16]), neg).unwrap();
    let mut back = data.clone();
    r.decrypt(Direction::ToServer, &mut back);
    assert_eq!(back, plain);
    r.verify(Direction::ToServer, &[&back], &sig).unwrap();

    // Tampered data, a replayed sequence number and a wrong key all fail with typed errors.
    let mut t = NtlmSession::new(&Key16([0x55; 16]), neg).unwrap();
    let mut bad = data.clone();
    bad[0] ^= 1;
    t.decrypt(Direction::ToServer, &mut bad);
    assert!(matches!(
        t.verify(Direction::ToServer, &[&bad], &sig),
        Err(Error::IntegrityCheckFailed { .. })
    ));
    assert!(matches!(
        r.verify(Direction::ToServer, &[&back], &sig),
        Err(Error::SequenceMismatch {
            expected: 1,
            got: 0
        })
    ));
    let mut w = NtlmSession::new(&Key16([0x56; 16]), neg).unwrap();
    let mut d2 = data.clone();
    w.decrypt(Direction::ToServer, &mut d2);
    assert!(w.verify(Direction::ToServer, &[&d2], &sig).is_err());
}

#[test]
fn ntlmv1_wrap_example() {
    // 4.2.2.4 GSS_WrapEx without extended session security: one RC4 handle, CRC32 checksum.
    let neg = 0xe2028233;
    let plain = utf16("Plaintext");
    let mut s = NtlmSession::new(&Key16([0x55; 16]), neg).unwrap();
    let mut data = plain.clone();
    s.encrypt(Direction::ToServer, &mut data);
    assert_eq!(data, unhex("56fe04d861f9319af0d7238a2e3b4d457fb8"));
    let sig = s.sign(Direction::ToServer, &[&plain]);
    assert_eq!(sig.to_vec(), unhex("0100000045c844e509dcd1df2e459d36"));
    let mut r = NtlmSession::new(&Key16([0x55; 16]), neg).unwrap();
    let mut back = data;
    r.decrypt(Direction::ToServer, &mut back);
    r.verify(Direction::ToServer, &[&back], &sig).unwrap();
    assert_eq!(back, plain);
}

#[test]
fn negotiate_round_trip() {
    // A NEGOTIATE as impacket and Windows send it: flags, two empty fields and a version.
    let bytes =
        unhex("4e544c4d5353500001000000b78208e2000000000000000000000000000000000a00614a0000000f");
    let n = Negotiate::decode(&bytes, &Limits::default()).unwrap();
    assert_eq!(n.flags, 0xe20882b7);
    assert_eq!(n.version.unwrap().build, 19041);
    let mut out = Vec::new();
    n.encode(&mut out).unwrap();
    assert_eq!(out, bytes);
    assert_ne!(n.flags & flags::KEY_EXCH, 0);
}

#[test]
fn hostile_messages() {
    let l = Limits::default();
    let c = unhex(CHALLENGE_V2);
    for cut in 0..c.len() {
        let _ = NtlmMessage::decode(&c[..cut], &l);
    }
    // TargetInfo offset pointing past the end.
    let mut bad = c.clone();
    bad[44] = 0xff;
    assert!(Challenge::decode(&bad, &l).is_err());
    assert!(NtlmMessage::decode(b"NTLMSSP\0\x07\0\0\0", &l).is_err());
    assert!(NtlmMessage::decode(b"NTLMSSQ\0\x01\0\0\0\0\0\0\0", &l).is_err());
}
