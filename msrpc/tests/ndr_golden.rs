//! Golden NDR vectors.
//!
//! Unless a test says otherwise, the expected bytes were produced by impacket's
//! `impacket/dcerpc/v5/ndr.py` (impacket 0.12 from PyPI) with
//! `ndr_vectors/gen_ndr_vectors.py`, never by our writer. Each vector comes in
//! two forms: `RAW` is impacket's output as is (its alignment gaps hold marker
//! octets such as 0xbf, which a reader must ignore) and `ZERO` the same
//! encoding with zero gaps, which our writer must reproduce byte for byte.

mod ndr_common;

use ndr_common::*;
use oxwire_msrpc::ndr::*;

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0);
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Decodes `raw` and `zero`, compares with `expected`, re-encodes to `zero`,
/// and checks that every strict prefix of either form is rejected.
fn check<T, D, E>(syntax: NdrSyntax, raw: &str, zero: &str, expected: &T, dec: D, enc: E)
where
    T: PartialEq + core::fmt::Debug,
    D: for<'a> Fn(&mut NdrReader<'a>) -> Result<T>,
    E: Fn(&mut NdrWriter, &T) -> Result<()>,
{
    let raw = hex(raw);
    let zero = hex(zero);
    for bytes in [&raw, &zero] {
        let mut r = NdrReader::new(bytes, syntax, true);
        let got = dec(&mut r).unwrap_or_else(|e| panic!("{syntax:?}: {e}"));
        assert_eq!(&got, expected, "{syntax:?}");
        assert_eq!(r.remaining(), 0, "{syntax:?}: trailing octets");
    }
    let mut w = NdrWriter::new(syntax, true);
    enc(&mut w, expected).unwrap();
    assert_eq!(w.as_bytes(), &zero[..], "{syntax:?}: writer output differs");
    for bytes in [&raw, &zero] {
        for cut in 0..bytes.len() {
            let mut r = NdrReader::new(&bytes[..cut], syntax, true);
            assert!(
                dec(&mut r).is_err(),
                "{syntax:?}: prefix of {cut} octets accepted"
            );
        }
    }
}

fn top<'a, T: NdrDecode<'a>>(r: &mut NdrReader<'a>) -> Result<T> {
    decode_top_level(r)
}

// ---- 1. top-level unique pointer to a conformant-varying wchar string, then a u32

fn wstr_dec(r: &mut NdrReader<'_>) -> Result<(Unique<WString>, u32)> {
    Ok((top(r)?, r.u32()?))
}

fn wstr_enc(w: &mut NdrWriter, v: &(Unique<WString>, u32)) -> Result<()> {
    encode_top_level(w, &v.0)?;
    w.u32(v.1);
    Ok(())
}

#[test]
fn wstr_call() {
    let v = (Unique::some(WString::from("Hi")), 0x1122_3344);
    check(
        NdrSyntax::Ndr20,
        "00000200030000000000000003000000480069000000bfbf44332211",
        "00000200030000000000000003000000480069000000000044332211",
        &v,
        wstr_dec,
        wstr_enc,
    );
    check(
        NdrSyntax::Ndr64,
        "0000020000000000030000000000000000000000000000000300000000000000480069000000bfbf44332211",
        "0000020000000000030000000000000000000000000000000300000000000000480069000000000044332211",
        &v,
        wstr_dec,
        wstr_enc,
    );
}

#[test]
fn wstr_borrowed_view() {
    let b = hex("00000200030000000000000003000000480069000000bfbf44332211");
    let mut r = NdrReader::new(&b, NdrSyntax::Ndr20, true);
    let p: Unique<WStr<'_>> = top(&mut r).unwrap();
    let s = p.get().unwrap();
    assert_eq!((s.max_count(), s.offset(), s.len()), (3, 0, 3));
    assert_eq!(s.units().collect::<Vec<_>>(), [0x48, 0x69, 0]);
    assert_eq!(s.to_string_lossy(), "Hi");
    assert_eq!(
        s.as_bytes().as_ptr(),
        b[16..].as_ptr(),
        "view borrows the input"
    );
}

// ---- 2. embedded unique pointer to a struct

#[test]
fn unique_struct() {
    let v = Outer {
        x: 1,
        y: 2,
        p: Unique::some(Inner {
            a: 0xAAAA_5555,
            b: 7,
        }),
    };
    check(
        NdrSyntax::Ndr20,
        "0100000002000000000002005555aaaa07000000",
        "0100000002000000000002005555aaaa07000000",
        &v,
        |r: &mut NdrReader<'_>| top::<Outer>(r),
        encode_top_level,
    );
    check(
        NdrSyntax::Ndr64,
        "010000000200000000000200000000005555aaaa07000000",
        "010000000200000000000200000000005555aaaa07000000",
        &v,
        |r: &mut NdrReader<'_>| top::<Outer>(r),
        encode_top_level,
    );
}

// ---- 3. pointer to a conformant array of structs with embedded pointers

fn list_value() -> List {
    List {
        count: 3,
        elems: Unique::some(ConformantArray(vec![
            Elem {
                id: 10,
                name: Unique::some("ab".into()),
            },
            Elem {
                id: 11,
                name: Unique::null(),
            },
            Elem {
                id: 12,
                name: Unique::some("xyz".into()),
            },
        ])),
    }
}

#[test]
fn struct_array_deferred_order() {
    let v = list_value();
    check(
        NdrSyntax::Ndr20,
        "0300000000000200030000000a000000040002000b000000000000000c00000008000200030000000000000003000000610062000000abab040000000000000004000000780079007a000000",
        "0300000000000200030000000a000000040002000b000000000000000c000000080002000300000000000000030000006100620000000000040000000000000004000000780079007a000000",
        &v,
        |r: &mut NdrReader<'_>| top::<List>(r),
        encode_top_level,
    );
    check(
        NdrSyntax::Ndr64,
        "03000000aaaaaaaa000002000000000003000000000000000a000000aaaaaaaa04000200000000000b000000bfbfbfbf00000000000000000c000000aaaaaaaa0800020000000000030000000000000000000000000000000300000000000000610062000000abab040000000000000000000000000000000400000000000000780079007a000000",
        "0300000000000000000002000000000003000000000000000a0000000000000004000200000000000b0000000000000000000000000000000c0000000000000008000200000000000300000000000000000000000000000003000000000000006100620000000000040000000000000000000000000000000400000000000000780079007a000000",
        &v,
        |r: &mut NdrReader<'_>| top::<List>(r),
        encode_top_level,
    );
}

#[test]
fn referent_ids_are_kept() {
    let b = hex("0300000000000200030000000a000000040002000b000000000000000c000000080002000300000000000000030000006100620000000000040000000000000004000000780079007a000000");
    let mut r = NdrReader::new(&b, NdrSyntax::Ndr20, true);
    let l: List = top(&mut r).unwrap();
    assert_eq!(l.elems.referent_id(), 0x0002_0000);
    let e = &l.elems.get().unwrap().0;
    assert_eq!(e[0].name.referent_id(), 0x0002_0004);
    assert!(e[1].name.is_null());
    assert_eq!(e[2].name.referent_id(), 0x0002_0008);
}

// ---- 4. full pointers sharing one referent

#[test]
fn full_pointers_share_referent() {
    let expected_decoded = Shared {
        p1: Full::Referent {
            key: 0x0002_0000,
            value: Inner { a: 5, b: 6 },
        },
        p2: Full::Alias { key: 0x0002_0000 },
    };
    // Built with caller keys: the writer maps key 1 to referent id 0x00020000.
    let built = Shared {
        p1: Full::Referent {
            key: 1,
            value: Inner { a: 5, b: 6 },
        },
        p2: Full::Alias { key: 1 },
    };
    for (syntax, bytes) in [
        (NdrSyntax::Ndr20, "00000200000002000500000006000000"),
        (
            NdrSyntax::Ndr64,
            "000002000000000000000200000000000500000006000000",
        ),
    ] {
        check(
            syntax,
            bytes,
            bytes,
            &expected_decoded,
            |r: &mut NdrReader<'_>| top::<Shared>(r),
            encode_top_level,
        );
        assert_eq!(encode(&built, syntax, true).unwrap(), hex(bytes));
    }
}

#[test]
fn full_pointer_alias_first_is_refused() {
    let bad = Shared {
        p1: Full::Alias { key: 9 },
        p2: Full::Null,
    };
    assert!(matches!(
        encode(&bad, NdrSyntax::Ndr20, true),
        Err(NdrError::UnknownFullPointer { key: 9, .. })
    ));
}

// ---- 5. union after a level field

#[test]
fn union_pointer_arm() {
    let v = WithUnion {
        level: 2,
        u: U::P(Unique::some(Inner {
            a: 0x0102_0304,
            b: 0x0506_0708,
        })),
    };
    check(
        NdrSyntax::Ndr20,
        "020000000200bdbd000002000403020108070605",
        "0200000002000000000002000403020108070605",
        &v,
        |r: &mut NdrReader<'_>| top::<WithUnion>(r),
        encode_top_level,
    );
    check(
        NdrSyntax::Ndr64,
        "02000000bcbcbcbc02000000bdbdbdbd00000200000000000403020108070605",
        "0200000000000000020000000000000000000200000000000403020108070605",
        &v,
        |r: &mut NdrReader<'_>| top::<WithUnion>(r),
        encode_top_level,
    );
}

#[test]
fn union_scalar_arm() {
    let v = WithUnion {
        level: 1,
        u: U::V(0xCAFE_BABE),
    };
    check(
        NdrSyntax::Ndr20,
        "010000000100bdbdbebafeca",
        "0100000001000000bebafeca",
        &v,
        |r: &mut NdrReader<'_>| top::<WithUnion>(r),
        encode_top_level,
    );
    // impacket does not emit the NDR64 trailing gap (MS-RPCE 2.2.5.3.4.1): the
    // structure is 8-aligned, so 4 zero octets are appended to its 20.
    check(
        NdrSyntax::Ndr64,
        "01000000bcbcbcbc01000000bdbdbdbdbebafeca00000000",
        "01000000000000000100000000000000bebafeca00000000",
        &v,
        |r: &mut NdrReader<'_>| top::<WithUnion>(r),
        encode_top_level,
    );
}

#[test]
fn union_unknown_arm() {
    let b = hex("0100000005000000bebafeca");
    let mut r = NdrReader::new(&b, NdrSyntax::Ndr20, true);
    let e = top::<WithUnion>(&mut r).unwrap_err();
    assert!(
        matches!(
            e,
            NdrError::UnknownUnionArm {
                discriminant: 5,
                offset: 4,
                ..
            }
        ),
        "{e:?}"
    );
}

// ---- 6. context handle (NspiBind response shape)

type HandleCall = (Unique<[u8; 16]>, ContextHandle, u32);

fn handle_dec(r: &mut NdrReader<'_>) -> Result<HandleCall> {
    Ok((top(r)?, top(r)?, r.error_status()?))
}

fn handle_enc(w: &mut NdrWriter, v: &HandleCall) -> Result<()> {
    encode_top_level(w, &v.0)?;
    encode_top_level(w, &v.1)?;
    w.error_status(v.2);
    Ok(())
}

#[test]
fn context_handle() {
    let mut flat = [0u8; 16];
    flat.iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = 0x10 + i as u8);
    let uuid = Guid::from_le_bytes(hex("00112233445566778899aabbccddeeff").try_into().unwrap());
    assert_eq!(uuid.to_string(), "33221100-5544-7766-8899-aabbccddeeff");
    let v: HandleCall = (
        Unique::some(flat),
        ContextHandle {
            attributes: 0,
            uuid,
        },
        0,
    );
    let ndr20 =
        "00000200101112131415161718191a1b1c1d1e1f0000000000112233445566778899aabbccddeeff00000000";
    check(NdrSyntax::Ndr20, ndr20, ndr20, &v, handle_dec, handle_enc);
    let ndr64 = "0000020000000000101112131415161718191a1b1c1d1e1f0000000000112233445566778899aabbccddeeff00000000";
    check(NdrSyntax::Ndr64, ndr64, ndr64, &v, handle_dec, handle_enc);
    assert!(!v.1.is_null());
}

// ---- 7. hyper alignment

fn hyp_dec(r: &mut NdrReader<'_>) -> Result<(u8, Hyp)> {
    Ok((r.u8()?, top(r)?))
}

fn hyp_enc(w: &mut NdrWriter, v: &(u8, Hyp)) -> Result<()> {
    w.u8(v.0);
    encode_top_level(w, &v.1)
}

#[test]
fn hyper_alignment() {
    let v = (
        0x7F,
        Hyp {
            a: 1,
            h: -2,
            s: 0xBEEF,
            t: -3,
            u: 0xDEAD_BEEF,
        },
    );
    for syntax in [NdrSyntax::Ndr20, NdrSyntax::Ndr64] {
        check(
            syntax,
            "7fababababababab01bfbfbfbfbfbfbffeffffffffffffffefbefdffefbeadde",
            "7f000000000000000100000000000000feffffffffffffffefbefdffefbeadde",
            &v,
            hyp_dec,
            hyp_enc,
        );
    }
}

// ---- 8. enums: 2 octets in NDR20, 4 in NDR64

fn enum_dec(r: &mut NdrReader<'_>) -> Result<(u16, u16, u16)> {
    Ok((r.enum16()?, r.u16()?, r.enum16()?))
}

fn enum_enc(w: &mut NdrWriter, v: &(u16, u16, u16)) -> Result<()> {
    w.enum16(v.0)?;
    w.u16(v.1);
    w.enum16(v.2)
}

#[test]
fn enums() {
    let v = (3, 0x1234, 0x7FFF);
    check(
        NdrSyntax::Ndr20,
        "03003412ff7f",
        "03003412ff7f",
        &v,
        enum_dec,
        enum_enc,
    );
    check(
        NdrSyntax::Ndr64,
        "030000003412bfbfff7f0000",
        "0300000034120000ff7f0000",
        &v,
        enum_dec,
        enum_enc,
    );
    let mut r = NdrReader::new(&[0x00, 0x80], NdrSyntax::Ndr20, true);
    assert!(matches!(
        r.enum16(),
        Err(NdrError::EnumOutOfRange { value: 0x8000, .. })
    ));
    assert!(NdrWriter::new(NdrSyntax::Ndr20, true)
        .enum16(0x8000)
        .is_err());
}

// ---- Big-endian NDR20, written by hand from C706 14.2 (integers in the
// sender's byte order, counts and referent ids being unsigned longs).

#[test]
fn big_endian_by_hand() {
    let v = (Unique::some(WString::from("Hi")), 0x1122_3344);
    let be = hex(concat!(
        "00020000", // referent id
        "00000003",
        "00000000",
        "00000003", // max_count, offset, actual_count
        "004800690000",
        "0000", // "Hi\0", gap to 4
        "11223344",
    ));
    let mut r = NdrReader::new(&be, NdrSyntax::Ndr20, false);
    assert_eq!(wstr_dec(&mut r).unwrap(), v);
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, false);
    wstr_enc(&mut w, &v).unwrap();
    assert_eq!(w.as_bytes(), &be[..]);

    let h = hex(
        "7f00000000000000 0100000000000000 fffffffffffffffe beef fffd deadbeef"
            .replace(' ', "")
            .as_str(),
    );
    let v = (
        0x7F,
        Hyp {
            a: 1,
            h: -2,
            s: 0xBEEF,
            t: -3,
            u: 0xDEAD_BEEF,
        },
    );
    let mut r = NdrReader::new(&h, NdrSyntax::Ndr20, false);
    assert_eq!(hyp_dec(&mut r).unwrap(), v);
    let mut w = NdrWriter::new(NdrSyntax::Ndr20, false);
    hyp_enc(&mut w, &v).unwrap();
    assert_eq!(w.as_bytes(), &h[..]);

    // A GUID's integer fields follow the byte order too.
    let g = hex("3322110055447766 8899aabbccddeeff"
        .replace(' ', "")
        .as_str());
    let mut r = NdrReader::new(&g, NdrSyntax::Ndr20, false);
    assert_eq!(
        r.guid().unwrap().to_string(),
        "33221100-5544-7766-8899-aabbccddeeff"
    );
}

// ---- C706 14.3.7.1: conformance of a conformant structure precedes its alignment gap.

#[test]
fn conformant_struct_hoists_max_count() {
    let v = ConfStruct {
        n: 2,
        h: 1,
        v: ConformantArray(vec![0x0102, 0x0304]),
    };
    // NDR20: max_count at 0, gap to 8, n at 8, gap, h at 16, elements at 24.
    let ndr20 = hex(
        "02000000 00000000 0200 000000000000 0100000000000000 0201 0403"
            .replace(' ', "")
            .as_str(),
    );
    assert_eq!(encode(&v, NdrSyntax::Ndr20, true).unwrap(), ndr20);
    assert_eq!(
        decode::<ConfStruct>(&ndr20, NdrSyntax::Ndr20, true).unwrap(),
        (v.clone(), ndr20.len())
    );
    // NDR64: the 8-octet max_count needs no gap before n.
    let ndr64 = hex(
        "0200000000000000 0200 000000000000 0100000000000000 0201 0403"
            .replace(' ', "")
            .as_str(),
    );
    assert_eq!(encode(&v, NdrSyntax::Ndr64, true).unwrap(), ndr64);
    assert_eq!(
        decode::<ConfStruct>(&ndr64, NdrSyntax::Ndr64, true).unwrap(),
        (v, ndr64.len())
    );
}
