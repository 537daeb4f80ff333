//! Property tests (round trips through our writer and reader in both
//! syntaxes and byte orders) and hostile-input tests for the NDR runtime.

mod ndr_common;

use ndr_common::*;
use oxwire_msrpc::ndr::*;
use proptest::prelude::*;

const FORMATS: [(NdrSyntax, bool); 4] = [
    (NdrSyntax::Ndr20, true),
    (NdrSyntax::Ndr20, false),
    (NdrSyntax::Ndr64, true),
    (NdrSyntax::Ndr64, false),
];

/// encode → decode → equal value, all octets used, and re-encode identical.
fn round_trip<T>(v: &T)
where
    T: for<'a> NdrDecode<'a> + NdrEncode + PartialEq + core::fmt::Debug,
{
    for (syntax, le) in FORMATS {
        let bytes = encode(v, syntax, le).unwrap();
        let (back, used) =
            decode::<T>(&bytes, syntax, le).unwrap_or_else(|e| panic!("{syntax:?} le={le}: {e}"));
        assert_eq!(&back, v, "{syntax:?} le={le}");
        assert_eq!(used, bytes.len());
        assert_eq!(encode(&back, syntax, le).unwrap(), bytes);
        // Every strict prefix is an error, never a panic.
        for cut in 0..bytes.len() {
            assert!(
                decode::<T>(&bytes[..cut], syntax, le).is_err(),
                "{syntax:?} le={le} cut={cut}"
            );
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 äöüß€😀]{0,12}"
}

fn inner() -> impl Strategy<Value = Inner> {
    (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Inner { a, b })
}

fn elem() -> impl Strategy<Value = Elem> {
    (any::<u32>(), proptest::option::of(text())).prop_map(|(id, name)| Elem {
        id,
        name: Unique::new(name.map(WString)),
    })
}

fn list() -> impl Strategy<Value = List> {
    (
        any::<u32>(),
        proptest::option::of(proptest::collection::vec(elem(), 0..6)),
    )
        .prop_map(|(count, e)| List {
            count,
            elems: Unique::new(e.map(ConformantArray)),
        })
}

fn node(depth: usize) -> Node {
    let mut n = Node {
        v: 0,
        next: Unique::null(),
    };
    for i in 1..depth {
        n = Node {
            v: i as u32,
            next: Unique::some(Box::new(n)),
        };
    }
    n
}

#[derive(Debug, Clone, PartialEq)]
struct Prims(
    u8,
    i8,
    u16,
    i16,
    u32,
    i32,
    u64,
    i64,
    f32,
    f64,
    bool,
    u16,
    u32,
);

impl<'a> NdrDecode<'a> for Prims {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        Ok(Prims(
            r.u8()?,
            r.i8()?,
            r.u16()?,
            r.i16()?,
            r.u32()?,
            r.i32()?,
            r.u64()?,
            r.i64()?,
            r.f32()?,
            r.f64()?,
            r.bool()?,
            r.enum16()?,
            r.enum32()?,
        ))
    }
}

impl NdrEncode for Prims {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.u8(self.0);
        w.i8(self.1);
        w.u16(self.2);
        w.i16(self.3);
        w.u32(self.4);
        w.i32(self.5);
        w.u64(self.6);
        w.i64(self.7);
        w.f32(self.8);
        w.f64(self.9);
        w.bool(self.10);
        w.enum16(self.11)?;
        w.enum32(self.12);
        Ok(())
    }
}

proptest! {
    #[test]
    fn primitives(a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64, i in -1e30f32..1e30, j in -1e300f64..1e300, k: bool, l in 0u16..0x8000, m: u32) {
        round_trip(&Prims(a, b, c, d, e, f, g, h, i, j, k, l, m));
    }

    #[test]
    fn unique_struct(x: u32, y: u32, p in proptest::option::of(inner())) {
        round_trip(&Outer { x, y, p: Unique::new(p) });
    }

    #[test]
    fn array_of_structs_with_pointers(l in list()) {
        round_trip(&l);
    }

    #[test]
    fn fixed_array(a in proptest::array::uniform3(inner()), b: [u8; 5]) {
        round_trip(&a);
        round_trip(&b);
    }

    #[test]
    fn conformant_array(v in proptest::collection::vec(any::<u32>(), 0..20)) {
        round_trip(&ConformantArray(v));
    }

    #[test]
    fn varying_array(v in proptest::collection::vec(any::<u16>(), 0..8), off in 0usize..8) {
        let off = off.min(8 - v.len());
        round_trip(&VaryingArray::<u16, 8> { offset: off, items: v });
    }

    #[test]
    fn conformant_varying_array(v in proptest::collection::vec(inner(), 0..6), off in 0usize..4, extra in 0usize..4) {
        round_trip(&ConformantVaryingArray { max_count: off + v.len() + extra, offset: off, items: v });
    }

    #[test]
    fn conformant_struct(n: u16, h: i64, v in proptest::collection::vec(any::<u16>(), 0..9)) {
        round_trip(&ConfStruct { n, h, v: ConformantArray(v) });
    }

    #[test]
    fn strings(s in text(), a in proptest::collection::vec(1u8..=255, 0..16)) {
        round_trip(&WString(s));
        round_trip(&AnsiString(a));
    }

    #[test]
    fn byte_arrays(d in proptest::collection::vec(any::<u8>(), 0..40), off in 0usize..3, extra in 0usize..3) {
        for (syntax, le) in FORMATS {
            let v = ConformantVaryingBytes { max_count: off + d.len() + extra, offset: off, data: &d };
            let bytes = encode(&v, syntax, le).unwrap();
            let (back, used) = decode::<ConformantVaryingBytes<'_>>(&bytes, syntax, le).unwrap();
            prop_assert_eq!(back, v);
            prop_assert_eq!(used, bytes.len());
            let c = ConformantBytes(&d);
            let bytes = encode(&c, syntax, le).unwrap();
            prop_assert_eq!(decode::<ConformantBytes<'_>>(&bytes, syntax, le).unwrap().0, c);
        }
    }

    #[test]
    fn unions(level: u32, v: u32, p in proptest::option::of(inner()), pick: bool) {
        let u = if pick { U::V(v) } else { U::P(Unique::new(p)) };
        round_trip(&WithUnion { level, u });
    }

    #[test]
    fn full_pointers(a in inner(), b in inner(), shape in 0u8..4) {
        // Keys are caller identities when building and wire ids when decoded,
        // so compare encodings rather than values.
        let s = match shape {
            0 => Shared { p1: Full::Referent { key: 7, value: a }, p2: Full::Alias { key: 7 } },
            1 => Shared { p1: Full::Referent { key: 7, value: a }, p2: Full::Referent { key: 8, value: b } },
            2 => Shared { p1: Full::Null, p2: Full::Referent { key: 8, value: b } },
            _ => Shared { p1: Full::Referent { key: 7, value: a.clone() }, p2: Full::Referent { key: 7, value: a } },
        };
        for (syntax, le) in FORMATS {
            let bytes = encode(&s, syntax, le).unwrap();
            let (back, used) = decode::<Shared>(&bytes, syntax, le).unwrap();
            prop_assert_eq!(used, bytes.len());
            prop_assert_eq!(back.p1.value(), s.p1.value());
            prop_assert_eq!(encode(&back, syntax, le).unwrap(), bytes);
        }
    }

    #[test]
    fn guid_and_context_handle(attributes: u32, d1: u32, d2: u16, d3: u16, d4: [u8; 8]) {
        let uuid = Guid { data1: d1, data2: d2, data3: d3, data4: d4 };
        round_trip(&uuid);
        round_trip(&ContextHandle { attributes, uuid });
        prop_assert_eq!(Guid::from_le_bytes(uuid.to_le_bytes()), uuid);
    }

    #[test]
    fn linked_list(depth in 1usize..20) {
        round_trip(&node(depth));
    }

    /// Arbitrary bytes never panic any decoder.
    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        for (syntax, le) in FORMATS {
            let _ = decode::<List>(&data, syntax, le);
            let _ = decode::<WithUnion>(&data, syntax, le);
            let _ = decode::<Shared>(&data, syntax, le);
            let _ = decode::<Node>(&data, syntax, le);
            let _ = decode::<ConfStruct>(&data, syntax, le);
            let _ = decode::<ConformantVaryingArray<Inner>>(&data, syntax, le);
            let _ = decode::<VaryingArray<u16, 8>>(&data, syntax, le);
            let _ = decode::<WStr<'_>>(&data, syntax, le);
            let _ = decode::<CharStr<'_>>(&data, syntax, le);
            let _ = decode::<Prims>(&data, syntax, le);
        }
    }
}

// ---- hostile inputs

#[test]
fn huge_conformance_is_rejected_before_allocation() {
    let b = [0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4];
    assert!(matches!(
        decode::<ConformantArray<u32>>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::LimitExceeded { .. } | NdrError::CountTooLarge { .. })
    ));
    let b = [0xff; 16];
    assert!(decode::<ConformantArray<Inner>>(&b, NdrSyntax::Ndr64, true).is_err());
    assert!(decode::<ConformantVaryingBytes<'_>>(&b, NdrSyntax::Ndr64, true).is_err());
    // A count that fits the limits but not the input.
    let b = [0x00, 0x01, 0, 0, 0, 0, 0, 0];
    assert!(matches!(
        decode::<ConformantArray<u32>>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::CountTooLarge {
            count: 0x100,
            offset: 4,
            ..
        })
    ));
}

#[test]
fn max_elements_limit() {
    let v = ConformantArray(vec![1u8; 32]);
    let b = encode(&v, NdrSyntax::Ndr20, true).unwrap();
    let limits = Limits {
        max_elements: 16,
        ..Limits::DEFAULT
    };
    let mut r = NdrReader::with_limits(&b, NdrSyntax::Ndr20, true, limits);
    assert!(matches!(
        decode_top_level::<ConformantArray<u8>>(&mut r),
        Err(NdrError::LimitExceeded {
            value: 32,
            limit: 16,
            ..
        })
    ));
}

#[test]
fn varying_beyond_max_is_rejected() {
    // max_count 2, offset 1, actual_count 2.
    let b = [2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0];
    let e = decode::<ConformantVaryingArray<u32>>(&b, NdrSyntax::Ndr20, true).unwrap_err();
    assert!(
        matches!(
            e,
            NdrError::BadVarying {
                var_offset: 1,
                actual: 2,
                max: 2,
                offset: 4,
                ..
            }
        ),
        "{e:?}"
    );
    // offset + actual overflowing usize.
    let mut b = vec![0xffu8; 8];
    b.extend([0xff; 8]);
    b.extend([0xff; 8]);
    assert!(matches!(
        decode::<WStr<'_>>(&b, NdrSyntax::Ndr64, true),
        Err(NdrError::BadVarying { .. })
    ));
    // Writer refuses the same inconsistency.
    let bad = ConformantVaryingArray {
        max_count: 1,
        offset: 1,
        items: vec![1u32],
    };
    assert!(matches!(
        encode(&bad, NdrSyntax::Ndr20, true),
        Err(NdrError::BadVarying { .. })
    ));
}

#[test]
fn string_terminator() {
    // "Hi" sent without its terminator.
    let b = [2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, b'H', 0, b'i', 0];
    assert!(matches!(
        decode::<WStr<'_>>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::MissingTerminator { offset: 12, .. })
    ));
    let lax = Limits {
        require_terminator: false,
        ..Limits::DEFAULT
    };
    let mut r = NdrReader::with_limits(&b, NdrSyntax::Ndr20, true, lax);
    assert_eq!(r.wstring().unwrap().to_string_lossy(), "Hi");
    // Unpaired surrogate: the view is lossy, the owned string refuses.
    let b = [2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0x00, 0xd8, 0, 0];
    let (s, _) = decode::<WStr<'_>>(&b, NdrSyntax::Ndr20, true).unwrap();
    assert_eq!(s.to_string_lossy(), "\u{fffd}");
    assert!(matches!(
        decode::<WString>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::InvalidString { .. })
    ));
}

#[test]
fn null_ref_pointer() {
    let b = [0u8; 4];
    assert!(matches!(
        decode::<Ref<u32>>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::NullRefPointer { offset: 0, .. })
    ));
    let v = Ref::new(5u32);
    let bytes = encode(&v, NdrSyntax::Ndr64, true).unwrap();
    assert_eq!(bytes, [0, 0, 2, 0, 0, 0, 0, 0, 5, 0, 0, 0]);
    assert_eq!(
        decode::<Ref<u32>>(&bytes, NdrSyntax::Ndr64, true)
            .unwrap()
            .0
            .get(),
        Some(&5)
    );
}

#[test]
fn depth_limit_bounds_recursion() {
    let deep = node(200);
    let b = encode(&deep, NdrSyntax::Ndr20, true).unwrap();
    assert!(matches!(
        decode::<Node>(&b, NdrSyntax::Ndr20, true),
        Err(NdrError::LimitExceeded { limit: 64, .. })
    ));
    let limits = Limits {
        max_depth: 300,
        ..Limits::DEFAULT
    };
    let mut r = NdrReader::with_limits(&b, NdrSyntax::Ndr20, true, limits);
    assert_eq!(decode_top_level::<Node>(&mut r).unwrap(), deep);
}

#[test]
fn referent_ids_follow_windows_numbering() {
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
    assert_eq!(w.next_referent_id(), 0x0002_0000);
    assert_eq!(w.next_referent_id(), 0x0002_0004);
    assert_eq!(FIRST_REFERENT_ID, 0x0002_0000);
}

#[test]
fn alignment_is_relative_to_stub_start() {
    // A writer appending after a 3-octet header still aligns from the stub start.
    let mut w = NdrWriter::append_to(vec![0xaa; 3], NdrSyntax::Ndr20, true);
    w.u8(1);
    w.u32(2);
    assert_eq!(w.into_bytes(), [0xaa, 0xaa, 0xaa, 1, 0, 0, 0, 2, 0, 0, 0]);
    // The reader refuses a gap that runs past the end.
    let mut r = NdrReader::new(&[1, 0], NdrSyntax::Ndr20, true);
    r.u8().unwrap();
    assert!(matches!(r.u32(), Err(NdrError::Truncated { .. })));
}

#[test]
fn count_too_large_for_ndr20_writer() {
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
    assert!(matches!(
        w.referent_id(1 << 40),
        Err(NdrError::CountTooLarge { .. })
    ));
    let mut w = NdrWriter::new(NdrSyntax::Ndr64, true);
    assert!(w.referent_id(1 << 40).is_ok());
}

#[test]
fn encapsulated_and_ms_union_alignment() {
    // NDR20: short discriminant, arms up to 8 (hyper).
    let l = UnionLayout::new(Discriminant::U16, 8, 8);
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
    w.u8(9);
    w.union_discriminant(&l, 1).unwrap(); // own alignment: arm aligns itself
    assert_eq!(w.as_bytes(), [9, 0, 1, 0]);
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
    w.u8(9);
    w.union_discriminant(&l.ms_union(), 1).unwrap(); // arm gap to 8
    assert_eq!(w.as_bytes(), [9, 0, 1, 0, 0, 0, 0, 0]);
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, true);
    w.u8(9);
    w.union_discriminant(&l.encapsulated(), 1).unwrap(); // whole union aligned to 8
    assert_eq!(
        w.as_bytes(),
        [9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    );
    let mut r = NdrReader::new(
        &[9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        NdrSyntax::Ndr20,
        true,
    );
    r.u8().unwrap();
    assert_eq!(r.union_discriminant(&l.encapsulated()).unwrap(), 1);
    assert_eq!(r.position(), 16);
}
