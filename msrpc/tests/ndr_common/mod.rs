//! Stub types shared by the NDR tests, written the way interface crates write
//! theirs. They mirror the structures built by `ndr_vectors/gen_ndr_vectors.py`.
#![allow(dead_code)]

use oxwire_msrpc::ndr::*;

/// Alignment of a structure whose widest member is a pointer.
pub fn ptr_align(s: NdrSyntax) -> usize {
    s.pointer_align()
}

/// `struct { unsigned long a; unsigned long b; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inner {
    pub a: u32,
    pub b: u32,
}

impl<'a> NdrDecode<'a> for Inner {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.align(4)?;
        Ok(Inner {
            a: r.u32()?,
            b: r.u32()?,
        })
    }
}

impl NdrEncode for Inner {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.align(4);
        w.u32(self.a);
        w.u32(self.b);
        Ok(())
    }
}

/// `struct { unsigned long x; unsigned long y; [unique] Inner *p; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outer {
    pub x: u32,
    pub y: u32,
    pub p: Unique<Inner>,
}

impl<'a> NdrDecode<'a> for Outer {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = ptr_align(r.syntax());
        r.align(al)?;
        let v = Outer {
            x: r.u32()?,
            y: r.u32()?,
            p: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.p.decode_deferred(r)
    }
}

impl NdrEncode for Outer {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = ptr_align(w.syntax());
        w.align(al);
        w.u32(self.x);
        w.u32(self.y);
        self.p.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.p.encode_deferred(w)
    }
}

/// `struct { unsigned long id; [string, unique] wchar_t *name; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elem {
    pub id: u32,
    pub name: Unique<WString>,
}

impl<'a> NdrDecode<'a> for Elem {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = ptr_align(r.syntax());
        r.align(al)?;
        let v = Elem {
            id: r.u32()?,
            name: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.name.decode_deferred(r)
    }
}

impl NdrEncode for Elem {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = ptr_align(w.syntax());
        w.align(al);
        w.u32(self.id);
        self.name.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.name.encode_deferred(w)
    }
}

/// `struct { unsigned long count; [size_is(count), unique] Elem *elems; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub count: u32,
    pub elems: Unique<ConformantArray<Elem>>,
}

impl<'a> NdrDecode<'a> for List {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = ptr_align(r.syntax());
        r.align(al)?;
        let v = List {
            count: r.u32()?,
            elems: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.elems.decode_deferred(r)
    }
}

impl NdrEncode for List {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = ptr_align(w.syntax());
        w.align(al);
        w.u32(self.count);
        self.elems.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.elems.encode_deferred(w)
    }
}

/// `struct { [ptr] Inner *p1; [ptr] Inner *p2; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub p1: Full<Inner>,
    pub p2: Full<Inner>,
}

impl<'a> NdrDecode<'a> for Shared {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = ptr_align(r.syntax());
        r.align(al)?;
        let v = Shared {
            p1: r.read()?,
            p2: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.p1.decode_deferred(r)?;
        self.p2.decode_deferred(r)
    }
}

impl NdrEncode for Shared {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = ptr_align(w.syntax());
        w.align(al);
        self.p1.encode_inline(w)?;
        self.p2.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.p1.encode_deferred(w)?;
        self.p2.encode_deferred(w)
    }
}

/// `[switch_type(enum)] union { [case(1)] unsigned long v; [case(2)] Inner *p; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum U {
    V(u32),
    P(Unique<Inner>),
}

pub const U_LAYOUT: UnionLayout = UnionLayout::new(Discriminant::Enum, 4, 8);

impl<'a> NdrDecode<'a> for U {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        match r.union_discriminant(&U_LAYOUT)? {
            1 => Ok(U::V(r.u32()?)),
            2 => Ok(U::P(r.read()?)),
            d => Err(r.unknown_arm("U", d)),
        }
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        match self {
            U::V(_) => Ok(()),
            U::P(p) => p.decode_deferred(r),
        }
    }
}

impl NdrEncode for U {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        match self {
            U::V(v) => {
                w.union_discriminant(&U_LAYOUT, 1)?;
                w.u32(*v);
                Ok(())
            }
            U::P(p) => {
                w.union_discriminant(&U_LAYOUT, 2)?;
                p.encode_inline(w)
            }
        }
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        match self {
            U::V(_) => Ok(()),
            U::P(p) => p.encode_deferred(w),
        }
    }
}

/// `struct { unsigned long level; [switch_is(level)] U u; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithUnion {
    pub level: u32,
    pub u: U,
}

impl<'a> NdrDecode<'a> for WithUnion {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = U_LAYOUT.alignment(r.syntax()).max(4);
        r.align(al)?;
        let v = WithUnion {
            level: r.u32()?,
            u: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.u.decode_deferred(r)
    }
}

impl NdrEncode for WithUnion {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = U_LAYOUT.alignment(w.syntax()).max(4);
        w.align(al);
        w.u32(self.level);
        self.u.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.u.encode_deferred(w)
    }
}

/// `struct { small a; hyper h; unsigned short s; short t; unsigned long u; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyp {
    pub a: u8,
    pub h: i64,
    pub s: u16,
    pub t: i16,
    pub u: u32,
}

impl<'a> NdrDecode<'a> for Hyp {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.align(8)?;
        let v = Hyp {
            a: r.u8()?,
            h: r.hyper()?,
            s: r.u16()?,
            t: r.i16()?,
            u: r.u32()?,
        };
        r.struct_end(8)?;
        Ok(v)
    }
}

impl NdrEncode for Hyp {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.align(8);
        w.u8(self.a);
        w.hyper(self.h);
        w.u16(self.s);
        w.i16(self.t);
        w.u32(self.u);
        w.struct_end(8);
        Ok(())
    }
}

/// A recursive list node: `struct node { unsigned long v; [unique] struct node *next; }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub v: u32,
    pub next: Unique<Box<Node>>,
}

impl<'a> NdrDecode<'a> for Node {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let al = ptr_align(r.syntax());
        r.align(al)?;
        let v = Node {
            v: r.u32()?,
            next: r.read()?,
        };
        r.struct_end(al)?;
        Ok(v)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        self.next.decode_deferred(r)
    }
}

impl NdrEncode for Node {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        let al = ptr_align(w.syntax());
        w.align(al);
        w.u32(self.v);
        self.next.encode_inline(w)?;
        w.struct_end(al);
        Ok(())
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        self.next.encode_deferred(w)
    }
}

/// A conformant structure: `struct { unsigned short n; hyper h; [size_is(n)] unsigned short v[]; }`
/// (the conformance is hoisted before the structure's 8-octet alignment gap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfStruct {
    pub n: u16,
    pub h: i64,
    pub v: ConformantArray<u16>,
}

impl<'a> NdrDecode<'a> for ConfStruct {
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let max = r.conformance()?;
        r.align(8)?;
        let n = r.u16()?;
        let h = r.hyper()?;
        let v = ConformantArray::decode_hoisted(r, max)?;
        Ok(ConfStruct { n, h, v })
    }
}

impl NdrEncode for ConfStruct {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.conformance(self.v.0.len())?;
        w.align(8);
        w.u16(self.n);
        w.hyper(self.h);
        self.v.encode_hoisted(w)?;
        Ok(())
    }
}
