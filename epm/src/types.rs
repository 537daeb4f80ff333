//! The NDR types the endpoint mapper's calls carry (C706 appendix O with the MS-RPCE
//! 2.2.1.2 changes): `twr_t`, `ept_entry_t`, `rpc_if_id_t`, and pointers that keep their
//! referent ids so that a decoded stub re-encodes byte for byte.

use std::borrow::Cow;
use std::collections::BTreeSet;

use oxwire_msrpc::ndr::{Guid, NdrReader, NdrWriter};
use oxwire_msrpc::{SyntaxId, Uuid};

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::tower::Tower;

/// Largest annotation, `ept_max_annotation_size` (C706 appendix O).
pub const MAX_ANNOTATION: usize = 64;

pub(crate) fn read_uuid(r: &mut NdrReader<'_>) -> Result<Uuid> {
    let g = r.guid()?;
    Ok(Uuid::from_fields(g.data1, g.data2, g.data3, g.data4))
}

pub(crate) fn write_uuid(w: &mut NdrWriter, u: &Uuid) {
    let b = &u.0;
    w.guid(&Guid {
        data1: u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        data2: u16::from_be_bytes([b[4], b[5]]),
        data3: u16::from_be_bytes([b[6], b[7]]),
        data4: [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
    });
}

/// A full (`[ptr]`) pointer as it was on the wire.
///
/// `id` is the referent id: 0 for null. A decoded pointer keeps its id; a built one with
/// `id` 0 and a value gets a fresh id from the writer. A non-zero id without a value is an
/// alias of an earlier pointer with the same id in the same array (no referent follows).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Ptr<T> {
    /// Referent id as transmitted (0 for null, or for "assign one" when `value` is set).
    pub id: u64,
    /// The referent, when this occurrence carries it.
    pub value: Option<T>,
}

impl<T> Ptr<T> {
    /// A pointer to `value` whose referent id the writer chooses.
    pub fn some(value: T) -> Self {
        Ptr {
            id: 0,
            value: Some(value),
        }
    }

    /// A pointer to `value` with a given referent id.
    pub fn with_id(id: u64, value: T) -> Self {
        Ptr {
            id,
            value: Some(value),
        }
    }

    /// The null pointer.
    pub fn null() -> Self {
        Ptr { id: 0, value: None }
    }

    /// Whether the pointer is null.
    pub fn is_null(&self) -> bool {
        self.id == 0 && self.value.is_none()
    }

    fn write_id(&self, w: &mut NdrWriter) -> Result<()> {
        let id = match (&self.value, self.id) {
            (None, id) => id,
            (Some(_), 0) => w.next_referent_id(),
            (Some(_), id) => id,
        };
        Ok(w.referent_id(id)?)
    }
}

impl<T> From<Option<T>> for Ptr<T> {
    fn from(v: Option<T>) -> Self {
        Ptr { id: 0, value: v }
    }
}

/// Reads a top-level full pointer: its id, then at once its referent.
pub(crate) fn read_top<'a, T>(
    r: &mut NdrReader<'a>,
    f: impl FnOnce(&mut NdrReader<'a>) -> Result<T>,
) -> Result<Ptr<T>> {
    let id = r.referent_id()?;
    let value = if id == 0 { None } else { Some(f(r)?) };
    Ok(Ptr { id, value })
}

/// Writes a top-level full pointer.
pub(crate) fn write_top<T>(
    w: &mut NdrWriter,
    p: &Ptr<T>,
    f: impl FnOnce(&mut NdrWriter, &T) -> Result<()>,
) -> Result<()> {
    p.write_id(w)?;
    if let Some(v) = &p.value {
        f(w, v)?;
    }
    Ok(())
}

/// `twr_t`: a conformant structure holding one tower's octets
/// (`{ unsigned32 tower_length; [size_is(tower_length)] byte tower_octet_string[]; }`).
///
/// The octets are kept as they were, so a tower this crate cannot interpret still
/// forwards untouched; [`Twr::tower`] decodes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Twr<'a> {
    /// `tower_octet_string`.
    pub octets: Cow<'a, [u8]>,
}

impl<'a> Twr<'a> {
    /// Wraps tower octets.
    pub fn new(octets: impl Into<Cow<'a, [u8]>>) -> Self {
        Twr {
            octets: octets.into(),
        }
    }

    /// Encodes `tower` into a `twr_t`.
    pub fn from_tower(tower: &Tower<'_>) -> Result<Twr<'static>> {
        Ok(Twr::new(tower.to_vec()?))
    }

    /// Decodes the tower.
    pub fn tower(&self) -> Result<Tower<'_>> {
        Tower::decode(&self.octets)
    }

    /// Decodes the tower with explicit limits.
    pub fn tower_with(&self, limits: &Limits) -> Result<Tower<'_>> {
        Tower::decode_with(&self.octets, limits)
    }

    /// Reads a `twr_t` (the referent of a `twr_p_t`).
    pub fn read(r: &mut NdrReader<'a>) -> Result<Self> {
        let at = r.position();
        let max = r.conformance()?;
        r.align(4)?;
        let len = r.u32()? as usize;
        if len != max {
            return Err(Error::Invalid {
                what: "twr_t tower_length",
                offset: at,
                reason: "differs from the array's conformance (size_is(tower_length))",
            });
        }
        let len = r.check_count(len, 1, "twr_t tower_octet_string")?;
        let octets = r.bytes(len, "twr_t tower_octet_string")?;
        Ok(Twr::new(octets))
    }

    /// Writes a `twr_t`.
    pub fn write(&self, w: &mut NdrWriter) -> Result<()> {
        let len = u32::try_from(self.octets.len()).map_err(|_| Error::Invalid {
            what: "twr_t tower_length",
            offset: w.position(),
            reason: "tower longer than 4 GiB",
        })?;
        w.conformance(self.octets.len())?;
        w.u32(len);
        w.bytes(&self.octets);
        Ok(())
    }

    /// A copy that owns its octets.
    pub fn into_owned(self) -> Twr<'static> {
        Twr::new(self.octets.into_owned())
    }
}

/// Reads `count` embedded tower pointer ids, then the referents of the first occurrences
/// (the deferred part of an array of `twr_p_t`).
pub(crate) fn read_tower_ptrs_inline(r: &mut NdrReader<'_>, count: usize) -> Result<Vec<u64>> {
    let count = r.check_count(count, r.syntax().count_size(), "twr_p_t array")?;
    (0..count)
        .map(|_| r.referent_id().map_err(Error::from))
        .collect()
}

/// Reads the deferred referents of tower pointers whose ids were read inline.
pub(crate) fn read_deferred_towers<'a>(
    r: &mut NdrReader<'a>,
    ids: &[u64],
) -> Result<Vec<Ptr<Twr<'a>>>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let value = if id != 0 && seen.insert(id) {
            Some(Twr::read(r)?)
        } else {
            None
        };
        out.push(Ptr { id, value });
    }
    Ok(out)
}

/// Writes the ids of embedded tower pointers; returns the ids used.
pub(crate) fn write_tower_ptr_ids(w: &mut NdrWriter, ptrs: &[&Ptr<Twr<'_>>]) -> Result<()> {
    ptrs.iter().try_for_each(|p| p.write_id(w))
}

/// Writes the referents of embedded tower pointers, in order.
pub(crate) fn write_deferred_towers(w: &mut NdrWriter, ptrs: &[&Ptr<Twr<'_>>]) -> Result<()> {
    for p in ptrs {
        if let Some(t) = &p.value {
            t.write(w)?;
        }
    }
    Ok(())
}

/// `ept_entry_t`'s annotation: `[string] char annotation[64]`, a varying array.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Annotation<'a> {
    /// The variance offset (0 in practice).
    pub offset: u32,
    /// The transmitted characters, terminator included.
    pub chars: Cow<'a, [u8]>,
}

impl<'a> Annotation<'a> {
    /// An annotation of `text` with its NUL terminator.
    pub fn new(text: &str) -> Annotation<'static> {
        let mut chars = text.as_bytes().to_vec();
        chars.push(0);
        Annotation {
            offset: 0,
            chars: Cow::Owned(chars),
        }
    }

    /// The text up to the first NUL (lossy UTF-8).
    pub fn text(&self) -> String {
        let end = self
            .chars
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(self.chars.len());
        String::from_utf8_lossy(&self.chars[..end]).into_owned()
    }
}

/// `ept_entry_t`: an endpoint map element.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct EptEntry<'a> {
    /// Object UUID (nil when none).
    pub object: Uuid,
    /// The tower (`twr_p_t`, a full pointer).
    pub tower: Ptr<Twr<'a>>,
    /// Annotation text.
    pub annotation: Annotation<'a>,
}

impl<'a> EptEntry<'a> {
    /// Reads the inline part; returns the entry without its tower and the tower's id.
    pub(crate) fn read_inline(r: &mut NdrReader<'a>) -> Result<(Self, u64)> {
        // The structure is aligned to its widest member: the pointer.
        r.align(r.syntax().count_size())?;
        let object = read_uuid(r)?;
        let id = r.referent_id()?;
        let at = r.position();
        let (offset, chars) = r.varying_bytes(MAX_ANNOTATION)?;
        let offset = u32::try_from(offset).map_err(|_| Error::Invalid {
            what: "ept_entry_t annotation offset",
            offset: at,
            reason: "offset beyond 32 bits",
        })?;
        let entry = EptEntry {
            object,
            tower: Ptr::null(),
            annotation: Annotation {
                offset,
                chars: Cow::Borrowed(chars),
            },
        };
        Ok((entry, id))
    }

    pub(crate) fn write_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.align(w.syntax().count_size());
        write_uuid(w, &self.object);
        self.tower.write_id(w)?;
        if self.annotation.chars.len() + self.annotation.offset as usize > MAX_ANNOTATION {
            return Err(Error::Invalid {
                what: "ept_entry_t annotation",
                offset: w.position(),
                reason: "longer than ept_max_annotation_size (64)",
            });
        }
        w.varying_bytes(self.annotation.offset as usize, &self.annotation.chars)?;
        Ok(())
    }
}

/// Reads an array of `count` entries: inline parts, then the deferred towers.
pub(crate) fn read_entries<'a>(r: &mut NdrReader<'a>, count: usize) -> Result<Vec<EptEntry<'a>>> {
    // Smallest inline entry: 16 (uuid) + 4 (id) + 8 (variance).
    let count = r.check_count(count, 28, "ept_entry_t array")?;
    let mut entries = Vec::with_capacity(count);
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let (e, id) = EptEntry::read_inline(r)?;
        entries.push(e);
        ids.push(id);
    }
    for (e, t) in entries.iter_mut().zip(read_deferred_towers(r, &ids)?) {
        e.tower = t;
    }
    Ok(entries)
}

/// Writes an array of entries' elements: inline parts, then the deferred towers.
pub(crate) fn write_entries(w: &mut NdrWriter, entries: &[EptEntry<'_>]) -> Result<()> {
    entries.iter().try_for_each(|e| e.write_inline(w))?;
    let ptrs: Vec<&Ptr<Twr<'_>>> = entries.iter().map(|e| &e.tower).collect();
    write_deferred_towers(w, &ptrs)
}

/// `rpc_if_id_t` / `RPC_IF_ID`: an interface UUID and version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RpcIfId {
    /// Interface UUID.
    pub uuid: Uuid,
    /// Major version.
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl RpcIfId {
    /// The interface as a syntax id.
    pub fn syntax(&self) -> SyntaxId {
        SyntaxId::new(self.uuid, self.major, self.minor)
    }

    pub(crate) fn read(r: &mut NdrReader<'_>) -> Result<Self> {
        r.align(4)?;
        let uuid = read_uuid(r)?;
        let major = r.u16()?;
        let minor = r.u16()?;
        r.struct_end(4)?;
        Ok(RpcIfId { uuid, major, minor })
    }

    pub(crate) fn write(&self, w: &mut NdrWriter) -> Result<()> {
        w.align(4);
        write_uuid(w, &self.uuid);
        w.u16(self.major);
        w.u16(self.minor);
        w.struct_end(4);
        Ok(())
    }
}

impl From<SyntaxId> for RpcIfId {
    fn from(s: SyntaxId) -> Self {
        RpcIfId {
            uuid: s.uuid,
            major: s.major(),
            minor: s.minor(),
        }
    }
}
