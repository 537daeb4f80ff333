//! Kerberos encryption types and keytabs.
//!
//! Sources of the expected values:
//! - n-fold: RFC 3961 appendix A.1.
//! - string-to-key: RFC 3962 appendix B (iteration counts 1, 2, 1200, 5 with a binary salt,
//!   and the 64- and 65-byte pass phrases).
//! - encryption: impacket 0.12 `impacket.krb5.crypto` (`_enctype_table[e].encrypt(key, 11,
//!   plaintext, confounder)`) with the RFC 3962 keys for AES and the NT hash of
//!   `Password123!` for RC4-HMAC, confounder `00 01 02 ..`, plaintext byte i = 7*i mod 256.
//! - keytab: a format 0x0502 file whose entries impacket's `impacket.krb5.keytab.Keytab`
//!   reads as listed below (principal, timestamp, kvno including the 32-bit one, keys; one
//!   deleted entry); the keys are impacket's string-to-key of `Passw0rd!` with salt
//!   `EXAMPLE.TESTexchangeMDBmail.example.test` (4096 iterations). A keytab written by MIT
//!   `kadmin.local ktadd` is checked against `klist -k -e -K` in the root crate's
//!   `tests/krb_kdc.rs`.

use oxwire_emapi_sspi::kerberos::crypto::{
    aes_cts_decrypt, nfold, Key, AES128_CTS_HMAC_SHA1_96, AES256_CTS_HMAC_SHA1_96, RC4_HMAC,
};
use oxwire_emapi_sspi::{Error, KeySource, Keyring, Keytab, Limits};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

#[test]
fn nfold_rfc3961_vectors() {
    for (input, bits, out) in [
        (&b"012345"[..], 64, "be072631276b1955"),
        (b"password", 56, "78a07b6caf85fa"),
        (b"Rough Consensus, and Running Code", 64, "bb6ed30870b7f0e0"),
        (
            b"password",
            168,
            "59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e",
        ),
        (
            b"MASSACHVSETTS INSTITVTE OF TECHNOLOGY",
            192,
            "db3b0d8f0b061e603282b308a50841229ad798fab9540c1b",
        ),
        (b"Q", 168, "518a54a215a8452a518a54a215a8452a518a54a215"),
        (b"ba", 168, "fb25d531ae8974499f52fd92ea9857c4ba24cf297e"),
        (b"kerberos", 64, "6b65726265726f73"),
        (b"kerberos", 128, "6b65726265726f737b9b5b2b93132b93"),
        (
            b"kerberos",
            168,
            "8372c236344e5f1550cd0747e15d62ca7a5a3bcea4",
        ),
        (
            b"kerberos",
            256,
            "6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4",
        ),
    ] {
        assert_eq!(nfold(input, bits / 8), unhex(out), "{bits}-fold {input:?}");
    }
}

#[test]
fn string_to_key_rfc3962_appendix_b() {
    let athena = &b"ATHENA.MIT.EDUraeburn"[..];
    let binary_salt = unhex("1234567878563412");
    let long64 = "X".repeat(64);
    let long65 = "X".repeat(65);
    let cases: [(&str, &[u8], u32, &str, &str); 6] = [
        (
            "password",
            athena,
            1,
            "42263c6e89f4fc28b8df68ee09799f15",
            "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
        ),
        (
            "password",
            athena,
            2,
            "c651bf29e2300ac27fa469d693bdda13",
            "a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff",
        ),
        (
            "password",
            athena,
            1200,
            "4c01cd46d632d01e6dbe230a01ed642a",
            "55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a",
        ),
        (
            "password",
            &binary_salt,
            5,
            "e9b23d52273747dd5c35cb55be619d8e",
            "97a4e786be20d81a382d5ebc96d5909cabcdadc87ca48f574504159f16c36e31",
        ),
        (
            &long64,
            b"pass phrase equals block size",
            1200,
            "59d1bb789a828b1aa54ef9c2883f69ed",
            "89adee3608db8bc71f1bfbfe459486b05618b70cbae22092534e56c553ba4b34",
        ),
        (
            &long65,
            b"pass phrase exceeds block size",
            1200,
            "cb8005dc5f90179a7f02104c0018751d",
            "d78c5c9cb872a8c9dad4697f0bb5b2d21496c82beb2caeda2112fceea057401b",
        ),
    ];
    for (pass, salt, iter, k128, k256) in cases {
        let a = Key::from_password(AES128_CTS_HMAC_SHA1_96, pass.as_bytes(), salt, iter).unwrap();
        assert_eq!(a.bytes, unhex(k128), "aes128 {pass} {iter}");
        let b = Key::from_password(AES256_CTS_HMAC_SHA1_96, pass.as_bytes(), salt, iter).unwrap();
        assert_eq!(b.bytes, unhex(k256), "aes256 {pass} {iter}");
    }
}

/// (etype, key, [(plaintext length, ciphertext)]) computed by impacket.
type Vectors = Vec<(i32, &'static str, Vec<(usize, &'static str)>)>;

fn impacket_vectors() -> Vectors {
    vec![
        (
            17,
            "42263c6e89f4fc28b8df68ee09799f15",
            vec![
                (0, "2b7b22b2affeef5711578363554427af82abd0bdc1e27d5b7c781b94"),
                (5, "097f425545c75d30ea87e0fd3c3c0c8b2b7b22b2afbcf2fa4d8d00146e547e7842"),
                (16, "4e9fa35728ffc535f76f12226e0489032b7b22b2affeef5711578363554427afacd1f0fab18b09e0a7362b53"),
                (17, "2b7b22b2affeef5711578363554427af75f13e409cee1910bf529e901b69701c4eb8eae32192dcff5b6e094670"),
                (31, "2b7b22b2affeef5711578363554427af52d78674c81ae20d159dcc6dc221ab834e9fa35728ffc535f76f12226e0489495376ac7b9d77d716abf204"),
                (47, "2b7b22b2affeef5711578363554427af4e9fa35728ffc535f76f12226e048903d9453ff241a5b27552c615d59a67a7a71c971a061a8b5c9a0c2169b87e63e01d31afb0ac323cf6f4ffe31d"),
            ],
        ),
        (
            18,
            "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
            vec![
                (0, "42da01448ee0bfc096b5523c8fd3dbb55c2fce7928b99ad0d908cf56"),
                (5, "2310b3d22e2832191d504c50b9e6979442da01448e092acc7acf69cc8a29b33aec"),
                (16, "920366bc67c37e7ecf7b4a7311d6bce142da01448ee0bfc096b5523c8fd3dbb58c1f61f345c0a077b010060d"),
                (32, "42da01448ee0bfc096b5523c8fd3dbb5dc21931f655b02dbe8278f643aa0132a920366bc67c37e7ecf7b4a7311d6bce1b7034c59b076e2684d6df807"),
                (100, "42da01448ee0bfc096b5523c8fd3dbb5920366bc67c37e7ecf7b4a7311d6bce1dc21931f655b02dbe8278f643aa0132ab735544072382acd462c7227382d995a5747a702e3c4b6b08dab5f1f60c2679b3c36565e440023f201571987da60859bb8bc101f9fcf2461fdc22b54f62f29b9b445fae8efd65dec34c226bab5cf1d37"),
            ],
        ),
        (
            23,
            "2b576acbe6bcfda7294d6bd18041b8fe",
            vec![
                (0, "514eab92231a8b4d310554be95e49e4a397845866ee094d9"),
                (5, "b7729ed14f75ea777917a73177ea779c92f64110d47a4953b00df60a77"),
                (17, "ba6f8314401cf1ad67b0fb426f01ad15f02655090877cf2001bb1f918e03637f95e0d6c5be06ab3e27"),
                (47, "70907ccac3dbfa6e37575e82919c19772b80444193733d182b9f57532c539afaaab0f2853fa47ca90bfb19a1803390937f9f2fb680644d28ff7d0c8c92d55f04f1bfcc427b55b9"),
            ],
        ),
    ]
}

#[test]
fn encryption_matches_impacket() {
    let conf: Vec<u8> = (0..16).collect();
    for (etype, key, cases) in impacket_vectors() {
        let k = Key::new(etype, &unhex(key)).unwrap();
        for (n, ct) in cases {
            let plain: Vec<u8> = (0..n).map(|i| (i * 7) as u8).collect();
            assert_eq!(
                k.encrypt(11, &conf, &plain).unwrap(),
                unhex(ct),
                "etype {etype} length {n}"
            );
            assert_eq!(k.decrypt(11, &unhex(ct)).unwrap(), plain);
            // Another key usage, a flipped bit anywhere, or a cut: an integrity error.
            assert!(matches!(
                k.decrypt(12, &unhex(ct)),
                Err(Error::IntegrityCheckFailed { .. })
            ));
            let good = unhex(ct);
            for i in 0..good.len() {
                let mut bad = good.clone();
                bad[i] ^= 0x01;
                assert!(matches!(
                    k.decrypt(11, &bad),
                    Err(Error::IntegrityCheckFailed { .. })
                ));
            }
            for cut in 0..good.len() {
                assert!(k.decrypt(11, &good[..cut]).is_err());
            }
        }
    }
}

#[test]
fn cts_rejects_short_input() {
    let mut b = [0u8; 15];
    assert!(aes_cts_decrypt(&[0; 16], &mut b).is_err());
    assert!(Key::new(RC4_HMAC, &[0; 15]).is_err());
    assert!(Key::new(1, &[0; 8]).is_err());
}

const KEYTAB_V2: &str = "0502000000610002000c4558414d504c452e54455354000b65786368616e67654d444200116d61696c2e6578616d706c652e74657374000000026553f1000300120020ffc5733a7a5ddf848c5409a26b6c636a332bdfd4eec73854b32acea5ee078cba00000003000000510002000c4558414d504c452e54455354000b65786368616e67654d444200116d61696c2e6578616d706c652e74657374000000026553f10003001100107ad50b4fa53aee38c4cf4c3cd13d0a75000000030000004d0002000c4558414d504c452e54455354000b65786368616e67654d444200116d61696c2e6578616d706c652e74657374000000026553f1000300170010fc525c9683e8fe067095ba2ddc971889ffffffa30002000c4558414d504c452e54455354000b65786368616e67654d444200116d61696c2e6578616d706c652e74657374000000025f5e100001001200200000000000000000000000000000000000000000000000000000000000000000000000610002000c4558414d504c452e54455354000b65786368616e67654d444200116d61696c2e6578616d706c652e74657374000000026553f1012c00120020ffc5733a7a5ddf848c5409a26b6c636a332bdfd4eec73854b32acea5ee078cba0000012c";
const K18: &str = "ffc5733a7a5ddf848c5409a26b6c636a332bdfd4eec73854b32acea5ee078cba";
const K17: &str = "7ad50b4fa53aee38c4cf4c3cd13d0a75";
const K23: &str = "fc525c9683e8fe067095ba2ddc971889";

#[test]
fn keytab_format_2_as_impacket_reads_it() {
    let kt = Keytab::parse(&unhex(KEYTAB_V2), &Limits::default()).unwrap();
    assert_eq!(kt.version, 2);
    let got: Vec<_> = kt
        .entries
        .iter()
        .map(|e| {
            (
                e.principal(),
                e.timestamp,
                e.kvno,
                e.key.etype,
                e.key.key.clone(),
            )
        })
        .collect();
    let p = "exchangeMDB/mail.example.test@EXAMPLE.TEST".to_string();
    assert_eq!(
        got,
        [
            (p.clone(), 1700000000, 3, 18, unhex(K18)),
            (p.clone(), 1700000000, 3, 17, unhex(K17)),
            (p.clone(), 1700000000, 3, 23, unhex(K23)),
            (p.clone(), 1700000001, 300, 18, unhex(K18)),
        ]
    );
    assert!(kt.entries.iter().all(|e| e.name_type == Some(2)));
    // The keys are the string-to-key of the password (impacket's values).
    let salt = b"EXAMPLE.TESTexchangeMDBmail.example.test";
    for (etype, k) in [(18, K18), (17, K17), (23, K23)] {
        assert_eq!(
            Key::from_password(etype, b"Passw0rd!", salt, 4096)
                .unwrap()
                .bytes,
            unhex(k)
        );
    }
    let mut ring = Keyring::new();
    kt.add_to(&mut ring);
    let comps = ["exchangeMDB".to_string(), "MAIL.example.test".to_string()];
    assert_eq!(ring.kerberos_keys("example.test", &comps, 18).len(), 2);
    assert_eq!(ring.kerberos_keys("EXAMPLE.TEST", &comps, 23).len(), 1);
    assert!(ring.kerberos_keys("OTHER", &comps, 18).is_empty());
}

/// Format 1 of the same entries: version byte 1, the component count including the realm, no
/// name type; written once big-endian and once little-endian (the writer's native order).
#[test]
fn keytab_format_1_either_byte_order() {
    let v2 = unhex(KEYTAB_V2);
    let reference = Keytab::parse(&v2, &Limits::default()).unwrap();
    for big in [true, false] {
        let mut v1 = vec![5u8, 1];
        for e in &reference.entries {
            let mut body = Vec::new();
            let u16b = |v: u16| {
                if big {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            let u32b = |v: u32| {
                if big {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            body.extend_from_slice(&u16b(e.components.len() as u16 + 1));
            for s in std::iter::once(&e.realm).chain(&e.components) {
                body.extend_from_slice(&u16b(s.len() as u16));
                body.extend_from_slice(s.as_bytes());
            }
            body.extend_from_slice(&u32b(e.timestamp));
            body.push(e.kvno as u8);
            body.extend_from_slice(&u16b(e.key.etype as u16));
            body.extend_from_slice(&u16b(e.key.key.len() as u16));
            body.extend_from_slice(&e.key.key);
            if e.kvno > 255 {
                body.extend_from_slice(&u32b(e.kvno));
            }
            v1.extend_from_slice(&u32b(body.len() as u32));
            v1.extend_from_slice(&body);
        }
        let kt = Keytab::parse(&v1, &Limits::default()).unwrap();
        assert_eq!(kt.version, 1);
        assert_eq!(kt.entries.len(), 4);
        for (a, b) in kt.entries.iter().zip(&reference.entries) {
            assert_eq!(
                (&a.realm, &a.components, a.timestamp, a.kvno, &a.key),
                (&b.realm, &b.components, b.timestamp, b.kvno, &b.key)
            );
            assert_eq!(a.name_type, None);
        }
    }
}

#[test]
fn keytab_hostile_input() {
    let v2 = unhex(KEYTAB_V2);
    for cut in 0..v2.len() {
        // Truncations are errors or (at record boundaries) fewer entries; never a panic.
        if let Ok(k) = Keytab::parse(&v2[..cut], &Limits::default()) {
            assert!(k.entries.len() < 4);
        }
    }
    assert!(Keytab::parse(&[5, 3], &Limits::default()).is_err());
    assert!(Keytab::parse(&[4, 2], &Limits::default()).is_err());
    let small = Limits {
        max_keytab_entries: 2,
        ..Limits::default()
    };
    assert!(matches!(
        Keytab::parse(&v2, &small),
        Err(Error::LimitExceeded { .. })
    ));
    // A record claiming 2^31-1 bytes.
    assert!(matches!(
        Keytab::parse(&[5, 2, 0x7f, 0xff, 0xff, 0xff, 0], &Limits::default()),
        Err(Error::Truncated { .. })
    ));
}
