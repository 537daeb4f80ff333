//! NTLM unseal + verify throughput on 32 KiB stubs (RC4 decryption and HMAC-MD5 over the
//! whole PDU, as for a sealed EcDoRpcExt2 response), with a plain copy of the same bytes
//! measured in the same run as the ceiling; and the same for Kerberos AES256-CTS-HMAC-SHA1-96
//! (an RFC 4121 Wrap token as DCE/RPC lays it out: AES-CTS decryption and HMAC-SHA1 over the
//! stub, the header copy and, with header signing, the PDU header and sec_trailer).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire::emapi_sspi::kerberos::crypto::Key;
use oxwire::emapi_sspi::kerberos::KrbSession;
use oxwire::emapi_sspi::ntlm::{Key16, NtlmSession};
use oxwire::emapi_sspi::Direction;

const FLAGS: u32 = 0xe28a8235; // KEY_EXCH | 128 | ESS | SEAL | SIGN | ...

fn bench(c: &mut Criterion) {
    let key = Key16([0x55; 16]);
    let plain: Vec<u8> = (0..32 * 1024u32).map(|i| (i * 7 + 3) as u8).collect();
    let mut sealer = NtlmSession::new(&key, FLAGS).unwrap();
    let mut sealed = plain.clone();
    sealer.encrypt(Direction::ToClient, &mut sealed);
    let sig = sealer.sign(Direction::ToClient, &[&plain]);

    let mut g = c.benchmark_group("sspi");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("ntlm_unseal_verify_32k", |b| {
        b.iter(|| {
            let mut s = NtlmSession::new(&key, FLAGS).unwrap();
            let mut buf = sealed.clone();
            s.decrypt(Direction::ToClient, &mut buf);
            s.verify(Direction::ToClient, &[&buf], &sig).unwrap();
            black_box(buf)
        })
    });
    let krb = KrbSession::from_keys(
        Key::new(18, &[0x42; 32]).unwrap(),
        Some(Key::new(18, &[0x24; 32]).unwrap()),
        0,
        0,
    );
    let header = [
        5u8, 0, 2, 3, 0x10, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let trailer = [9u8, 6, 0, 0, 1, 0, 0, 0];
    let mut krb_sealed = plain.clone();
    let token = krb
        .clone()
        .wrap(
            Direction::ToClient,
            &header,
            &mut krb_sealed,
            &trailer,
            true,
        )
        .unwrap();
    g.bench_function("krb_aes256_unseal_verify_32k", |b| {
        b.iter(|| {
            let mut s = krb.clone();
            let mut buf = krb_sealed.clone();
            s.unwrap(
                Direction::ToClient,
                &header,
                &mut buf,
                &trailer,
                &token,
                true,
            )
            .unwrap();
            black_box(buf)
        })
    });
    g.bench_function("copy_32k", |b| b.iter(|| black_box(sealed.clone())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
