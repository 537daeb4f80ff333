//! Plain LZ77 (MS-XCA) decode and encode throughput, ours side by side with the
//! `rust-lzxpress` and `xpress_rs` crates in the same run.
//!
//! Inputs: the Samba corpus of Windows-compressed files (`../shared/testdata/lz77`, skipped
//! with a notice when absent) and 32 KiB chunks of generated mail content (plain text and
//! HTML bodies with headers, quoted replies and signatures), the size of one EcDoRpcExt2
//! payload. Throughput is counted in decompressed octets. The other crates run inside
//! `catch_unwind`; an input one of them rejects, panics on or decodes wrongly is left out of
//! its measurement with a notice.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oxwire_mapi_rop::lz77;

struct Sample {
    plain: Vec<u8>,
    packed: Vec<u8>,
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata"));
    p.join("lz77").is_dir().then(|| p.join("lz77"))
}

fn samba() -> Vec<Sample> {
    let Some(root) = shared() else {
        eprintln!("notice: ../shared/testdata/lz77 absent, Samba corpus benchmarks skipped");
        return Vec::new();
    };
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join("compressed-plain")) else {
        return out;
    };
    let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let plain = std::fs::read(root.join("decompressed").join(format!("{stem}.decomp")));
        if let (Ok(packed), Ok(plain)) = (std::fs::read(&f), plain) {
            out.push(Sample { plain, packed });
        }
    }
    out
}

/// Deterministic mail-like content: headers, text and HTML bodies, quoted replies.
fn mail_corpus(len: usize) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the", "meeting", "project", "schedule", "please", "review", "attached", "document",
        "thanks", "regards", "budget", "quarter", "update", "team", "customer", "deadline",
        "tomorrow", "Monday", "report", "draft", "comments", "agenda", "call", "follow", "up",
        "on", "for", "and", "to", "of", "we", "will", "can", "you", "this", "is", "a", "in",
        "with", "our", "next", "week", "sales", "figures", "invoice", "order", "shipping",
        "contract", "legal", "approval", "status", "issue", "server", "access",
    ];
    const NAMES: &[&str] = &[
        "Alice Martin",
        "Bob Chen",
        "Carol Diaz",
        "Dan Okafor",
        "Eve Laurent",
        "Frank Weber",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut out = String::new();
    let mut msg = 0;
    while out.len() < len {
        msg += 1;
        let from = NAMES[rnd(NAMES.len())];
        let to = NAMES[rnd(NAMES.len())];
        out.push_str(&format!(
            "From: {from} <{}@contoso.example>\r\nTo: {to} <{}@contoso.example>\r\n\
             Subject: RE: {} {} #{msg}\r\nDate: Mon, {} Jun 2025 {:02}:{:02}:00 +0200\r\n\
             Message-ID: <{:08x}.{msg}@mail.contoso.example>\r\nMIME-Version: 1.0\r\n",
            from.split(' ').next().unwrap().to_lowercase(),
            to.split(' ').next().unwrap().to_lowercase(),
            WORDS[rnd(WORDS.len())],
            WORDS[rnd(WORDS.len())],
            1 + rnd(28),
            rnd(24),
            rnd(60),
            rnd(1 << 30),
        ));
        let html = rnd(2) == 0;
        if html {
            out.push_str("Content-Type: text/html; charset=\"utf-8\"\r\n\r\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><div style=\"font-family: Calibri, sans-serif; font-size: 11pt;\">\r\n");
        } else {
            out.push_str("Content-Type: text/plain; charset=\"utf-8\"\r\n\r\n");
        }
        for _ in 0..2 + rnd(6) {
            if html {
                out.push_str("<p class=\"MsoNormal\">");
            }
            for w in 0..8 + rnd(40) {
                if w > 0 {
                    out.push(' ');
                }
                out.push_str(WORDS[rnd(WORDS.len())]);
            }
            out.push('.');
            out.push_str(if html { "</p>\r\n" } else { "\r\n\r\n" });
        }
        out.push_str(&format!(
            "{}Best regards,{}{from}{}Contoso Ltd. | +1 555 0100{}",
            if html { "<p>" } else { "" },
            if html { "<br>" } else { "\r\n" },
            if html { "<br>" } else { "\r\n" },
            if html {
                "</p></div></body></html>\r\n"
            } else {
                "\r\n"
            },
        ));
        out.push_str("-----Original Message-----\r\n> ");
        for _ in 0..rnd(30) {
            out.push_str(WORDS[rnd(WORDS.len())]);
            out.push(' ');
        }
        out.push_str("\r\n\r\n");
    }
    let mut b = out.into_bytes();
    b.truncate(len);
    b
}

fn mail_chunks() -> Vec<Sample> {
    let corpus = mail_corpus(32 * 1024 * 32);
    corpus
        .chunks(32 * 1024)
        .map(|c| {
            let mut packed = Vec::new();
            lz77::compress(c, &mut packed);
            Sample {
                plain: c.to_vec(),
                packed,
            }
        })
        .collect()
}

fn lzxpress_decode(packed: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(|| lzxpress::data::decompress(packed).ok())
        .ok()
        .flatten()
}

fn lzxpress_encode(plain: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(|| lzxpress::data::compress(plain).ok())
        .ok()
        .flatten()
}

fn xpress_decode(packed: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| {
        xpress_rs::lz77::LZ77Decompressor::new(packed.to_vec())
            .decompress()
            .ok()
    }))
    .ok()
    .flatten()
}

fn xpress_encode(plain: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| {
        xpress_rs::lz77::LZ77Compressor::new(plain.to_vec())
            .compress()
            .ok()
    }))
    .ok()
    .flatten()
}

type Codec = fn(&[u8]) -> Option<Vec<u8>>;

fn ours_decode(packed: &[u8]) -> Option<Vec<u8>> {
    lz77::decompress(packed, 1 << 24).ok()
}

fn ours_encode(plain: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    lz77::compress(plain, &mut out);
    Some(out)
}

fn bench_set(c: &mut Criterion, set: &str, samples: &[Sample]) {
    if samples.is_empty() {
        return;
    }
    // Silence the other crates' panic messages while probing them.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let decoders: [(&str, Codec); 3] = [
        ("oxwire", ours_decode),
        ("rust-lzxpress", lzxpress_decode),
        ("xpress_rs", xpress_decode),
    ];
    let encoders: [(&str, Codec); 3] = [
        ("oxwire", ours_encode),
        ("rust-lzxpress", lzxpress_encode),
        ("xpress_rs", xpress_encode),
    ];
    let mut dec_sets = Vec::new();
    for (name, f) in decoders {
        let ok: Vec<&Sample> = samples
            .iter()
            .filter(|s| f(&s.packed).is_some_and(|p| p == s.plain))
            .collect();
        if ok.len() < samples.len() {
            eprintln!(
                "notice: {name} decodes {} of {} {set} inputs correctly; the rest are left out",
                ok.len(),
                samples.len()
            );
        }
        dec_sets.push((name, f, ok));
    }
    let mut enc_sets = Vec::new();
    for (name, f) in encoders {
        let mut total = 0usize;
        let ok: Vec<&Sample> = samples
            .iter()
            .filter(|s| match f(&s.plain) {
                // Judge each encoder by our decoder, checked against Windows' files.
                Some(p) => {
                    let good = lz77::decompress(&p, s.plain.len()).is_ok_and(|d| d == s.plain);
                    if good {
                        total += p.len();
                    }
                    good
                }
                None => false,
            })
            .collect();
        let plain: usize = ok.iter().map(|s| s.plain.len()).sum();
        let windows: usize = ok.iter().map(|s| s.packed.len()).sum();
        eprintln!(
            "{set}: {name} encodes {} of {} inputs to valid streams; {total} octets from {plain} \
             (reference streams for the same inputs: {windows})",
            ok.len(),
            samples.len(),
        );
        enc_sets.push((name, f, ok));
    }
    std::panic::set_hook(hook);

    let mut g = c.benchmark_group(format!("lz77_decode/{set}"));
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(2));
    for (name, f, ok) in &dec_sets {
        if ok.is_empty() {
            continue;
        }
        let bytes: usize = ok.iter().map(|s| s.plain.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), ok, |b, ok| {
            b.iter(|| {
                for s in ok.iter() {
                    black_box(f(black_box(&s.packed)));
                }
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group(format!("lz77_encode/{set}"));
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(2));
    for (name, f, ok) in &enc_sets {
        if ok.is_empty() {
            continue;
        }
        let bytes: usize = ok.iter().map(|s| s.plain.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), ok, |b, ok| {
            b.iter(|| {
                for s in ok.iter() {
                    black_box(f(black_box(&s.plain)));
                }
            })
        });
    }
    g.finish();
}

fn lz77_benches(c: &mut Criterion) {
    bench_set(c, "samba", &samba());
    bench_set(c, "mail_32k", &mail_chunks());
}

criterion_group!(benches, lz77_benches);
criterion_main!(benches);
