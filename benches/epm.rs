//! Endpoint mapper decode throughput: one tower, an ept_map response with four towers and
//! an ept_lookup response the size of a full Windows endpoint map (346 entries), with a
//! plain copy of the same bytes measured in the same run as the ceiling. Also the port
//! rewrite of the ept_map response, which a proxy runs on every lookup.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire_epm::calls::{EptLookupResponse, EptMapResponse, Stub};
use oxwire_epm::{Annotation, EptEntry, Interfaces, PortRewriter, Ptr, StringBinding, Tower, Twr};
use oxwire_msrpc::ndr::{ContextHandle, NdrSyntax};
use oxwire_msrpc::{interfaces, SyntaxId, Uuid};

fn tower(i: u32) -> Vec<u8> {
    let iface = SyntaxId::new(Uuid::from_fields(i, 1, 2, [3; 8]), 1, 0);
    let b = match i % 3 {
        0 => StringBinding::new("ncacn_ip_tcp", "10.0.2.18", &(49664 + i).to_string()),
        1 => StringBinding::new("ncalrpc", "", &format!("LRPC-{i:020x}")),
        _ => StringBinding::new("ncacn_np", "\\\\MSEDGEWIN10", "\\PIPE\\InitShutdown"),
    };
    Tower::from_binding(iface, None, &b)
        .unwrap()
        .to_vec()
        .unwrap()
}

fn map_response() -> Vec<u8> {
    let nspi = SyntaxId::new(interfaces::NSPI, 56, 0);
    let towers = (0..4)
        .map(|i| {
            let b = StringBinding::new("ncacn_ip_tcp", "192.168.0.2", &(4997 + i).to_string());
            Twr::from_tower(&Tower::from_binding(nspi, None, &b).unwrap()).unwrap()
        })
        .collect();
    EptMapResponse::new(towers, 0)
        .encode(NdrSyntax::Ndr20, true)
        .unwrap()
}

fn lookup_response() -> Vec<u8> {
    let entries: Vec<EptEntry<'static>> = (0..346)
        .map(|i| EptEntry {
            object: Uuid::NIL,
            tower: Ptr::some(Twr::new(tower(i))),
            annotation: Annotation::new(if i % 2 == 0 { "" } else { "Impl friendly name" }),
        })
        .collect();
    EptLookupResponse {
        entry_handle: ContextHandle::default(),
        num_ents: 346,
        max_count: 500,
        offset: 0,
        entries,
        status: 0,
    }
    .encode(NdrSyntax::Ndr20, true)
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let one = tower(0);
    let map = map_response();
    let lookup = lookup_response();

    let mut g = c.benchmark_group("epm");
    for (name, bytes) in [
        ("tower", &one),
        ("ept_map_response", &map),
        ("ept_lookup_346", &lookup),
    ] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("copy/{name}"), |b| {
            b.iter(|| black_box(bytes.to_vec()))
        });
    }
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("decode/tower", |b| {
        b.iter(|| Tower::decode(black_box(&one)).unwrap())
    });
    g.throughput(Throughput::Bytes(map.len() as u64));
    g.bench_function("decode/ept_map_response", |b| {
        b.iter(|| {
            let r = EptMapResponse::decode(black_box(&map), NdrSyntax::Ndr20, true).unwrap();
            r.towers
                .iter()
                .filter_map(|t| t.value.as_ref()?.tower().ok()?.tcp_port())
                .count()
        })
    });
    let rw = PortRewriter::new(Interfaces::Only(vec![interfaces::NSPI]), 7840);
    g.bench_function("rewrite/ept_map_response", |b| {
        b.iter(|| {
            rw.rewrite_map_response(black_box(&map), NdrSyntax::Ndr20, true)
                .unwrap()
        })
    });
    g.throughput(Throughput::Bytes(lookup.len() as u64));
    g.bench_function("decode/ept_lookup_346", |b| {
        b.iter(|| {
            let r = EptLookupResponse::decode(black_box(&lookup), NdrSyntax::Ndr20, true).unwrap();
            r.entries
                .iter()
                .filter_map(|e| e.tower.value.as_ref()?.tower().ok())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
