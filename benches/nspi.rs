//! NspiQueryRows response decode throughput on a realistic Global Address List page, with a
//! plain copy of the same bytes measured in the same run as the ceiling.
//!
//! The page is what Outlook asks for when it scrolls the address book: 500 rows of the usual
//! columns (display name, SMTP address, account, title, office, display type, object type,
//! an ephemeral entry ID, proxy addresses as a multi-valued string, a FILETIME).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire::msrpc::ndr::{NdrSyntax, Unique};
use oxwire::nspi::calls::StatRowsResponse;
use oxwire::nspi::{
    AnsiStr, Binary, FileTime, MvArray, PropValue, PropertyRow, PropertyRowSet, PropertyValue,
    Response, Stat, Utf16Str,
};

fn page(entry_ids: &[[u8; 32]]) -> Vec<u8> {
    let rows = entry_ids
        .iter()
        .enumerate()
        .map(|(i, eid)| {
            let w = |tag: u32, s: String| {
                PropertyValue::new(tag, PropValue::Unicode(Unique::some(Utf16Str::new(&s))))
            };
            PropertyRow::new(vec![
                w(
                    0x3001_001f,
                    format!("Person Number {i}, Department of Examples"),
                ),
                w(0x39fe_001f, format!("person.number{i}@example.com")),
                w(0x3a00_001f, format!("pn{i}")),
                w(0x3a17_001f, "Senior Example Engineer".into()),
                w(0x3a19_001f, format!("Building {} Room {}", i % 7, i)),
                PropertyValue::new(0x3900_0003, PropValue::I32(0)),
                PropertyValue::new(0x0ffe_0003, PropValue::I32(6)),
                PropertyValue::new(0x0fff_0102, PropValue::Binary(Binary::new(eid))),
                PropertyValue::new(
                    0x800f_101e,
                    PropValue::MvString8(MvArray::new(vec![
                        Unique::some(AnsiStr::new(
                            format!("SMTP:person.number{i}@example.com").as_bytes(),
                        )),
                        Unique::some(AnsiStr::new(
                            format!("smtp:pn{i}@corp.example.com").as_bytes(),
                        )),
                        Unique::some(AnsiStr::new(
                            format!("X500:/o=Example/ou=Users/cn=pn{i}").as_bytes(),
                        )),
                    ])),
                ),
                PropertyValue::new(
                    0x3008_0040,
                    PropValue::Time(FileTime::from_value(0x01d9_0000_0000_0000 + i as u64)),
                ),
            ])
        })
        .collect();
    Response::QueryRows(StatRowsResponse {
        stat: Stat {
            code_page: 1252,
            template_locale: 0x409,
            sort_locale: 0x409,
            total_recs: 500,
            ..Stat::default()
        },
        rows: Unique::some(PropertyRowSet::new(rows)),
        result: 0,
    })
    .encode(NdrSyntax::Ndr20, true)
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let eids: Vec<[u8; 32]> = (0..500u32)
        .map(|i| {
            let mut e = [0u8; 32];
            e[0] = 0x87;
            e[20] = 1;
            e[28..].copy_from_slice(&(0x1000 + i).to_le_bytes());
            e
        })
        .collect();
    let stub = page(&eids);
    let mut g = c.benchmark_group("nspi_query_rows_response");
    g.throughput(Throughput::Bytes(stub.len() as u64));
    g.bench_function("copy_baseline", |b| b.iter(|| black_box(stub.clone())));
    g.bench_function("decode", |b| {
        b.iter(|| {
            let r = Response::decode(3, black_box(&stub), NdrSyntax::Ndr20, true).unwrap();
            black_box(r.result())
        })
    });
    let decoded = Response::decode(3, &stub, NdrSyntax::Ndr20, true).unwrap();
    g.bench_function("encode", |b| {
        b.iter(|| black_box(decoded.encode(NdrSyntax::Ndr20, true).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
