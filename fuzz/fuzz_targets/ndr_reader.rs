//! Feeds arbitrary bytes to the NDR reader in both syntaxes and byte orders,
//! through composite types that exercise deferred pointers, full pointers,
//! arrays, strings, unions and recursion. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_msrpc::ndr::*;

/// `struct { unsigned long id; [unique, string] wchar_t *name; [ptr] Item *alias; }`
struct Item<'a> {
    _id: u32,
    name: Unique<WStr<'a>>,
    alias: Full<Box<Item<'a>>>,
}

impl<'a> NdrDecode<'a> for Item<'a> {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = r.syntax().pointer_align();
        r.align(al)?;
        let v = Item {
            _id: r.u32()?,
            name: r.read()?,
            alias: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.name.decode_deferred(r)?;
        self.alias.decode_deferred(r)
    }
}

const ARM: UnionLayout = UnionLayout::new(Discriminant::U32, 4, 8);

/// `union switch (long) { case 1: Item *items[]; case 2: char *s; case 3: byte b[]; }`
enum Body<'a> {
    Items(Unique<ConformantVaryingArray<Item<'a>>>),
    Chars(Unique<CharStr<'a>>),
    Bytes(ConformantVaryingBytes<'a>),
    Handle(ContextHandle),
}

impl<'a> NdrDecode<'a> for Body<'a> {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        Ok(match r.union_discriminant(&ARM)? {
            1 => Body::Items(r.read()?),
            2 => Body::Chars(r.read()?),
            3 => Body::Bytes(r.read()?),
            4 => Body::Handle(r.read()?),
            d => return Err(r.unknown_arm("Body", d)),
        })
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        match self {
            Body::Items(i) => i.decode_deferred(r),
            Body::Chars(c) => c.decode_deferred(r),
            Body::Bytes(_) | Body::Handle(_) => Ok(()),
        }
    }
}

fn exercise(data: &[u8], syntax: NdrSyntax, le: bool) {
    let limits = Limits {
        max_depth: 16,
        ..Limits::DEFAULT
    };
    let mut r = NdrReader::with_limits(data, syntax, le, limits);
    match decode_top_level::<Body<'_>>(&mut r) {
        Ok(Body::Items(items)) => {
            for i in items.get().map(|a| &a.items[..]).unwrap_or_default() {
                let _ = i.name.get().map(|s| s.to_string_lossy());
            }
        }
        Ok(Body::Chars(c)) => {
            let _ = c.get().map(|c| c.text());
        }
        Ok(Body::Bytes(b)) => assert!(b.offset + b.data.len() <= b.max_count),
        Ok(Body::Handle(h)) => {
            let _ = h.is_null();
        }
        Err(_) => {}
    }
    let _ = decode::<ConformantArray<Unique<WString>>>(data, syntax, le);
    let _ = decode::<(VaryingArray<u64, 4>, Ref<[u16; 3]>)>(data, syntax, le);
    let mut r = NdrReader::new(data, syntax, le);
    let _ = (
        r.enum16(),
        r.f64(),
        r.conformance(),
        r.variance(),
        r.full_ptr(),
        r.cstring(),
    );
}

fuzz_target!(|data: &[u8]| {
    for syntax in [NdrSyntax::Ndr20, NdrSyntax::Ndr64] {
        for le in [true, false] {
            exercise(data, syntax, le);
        }
    }
});
