//! Pointers: unique, reference and full, embedded or top-level.
//!
//! An embedded pointer puts a referent id inline and its referent in the
//! deferred phase (see [`NdrDecode`]). A top-level pointer parameter is
//! written with [`encode_top_level`](super::encode_top_level), which places
//! the referent right after the id. A top-level `[ref]` pointer has no wire
//! form at all: encode the referent itself.

use super::codec::{NdrDecode, NdrEncode};
use super::error::{NdrError, Result};
use super::reader::NdrReader;
use super::writer::NdrWriter;

/// What a full pointer's referent id says (C706 14.3.11.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FullPtr {
    /// Referent id 0.
    Null,
    /// First occurrence of this id: its referent is transmitted (deferred).
    New(u64),
    /// The id was seen before in this stub: no referent follows.
    Seen(u64),
}

impl<'a> NdrReader<'a> {
    /// Reads a unique pointer's referent id; true when non-null.
    pub fn unique_ptr(&mut self) -> Result<bool> {
        Ok(self.referent_id()? != 0)
    }

    /// Reads an embedded reference pointer's referent id, which must not be null.
    pub fn ref_ptr(&mut self, what: &'static str) -> Result<u64> {
        let at = self.position();
        let id = self.referent_id()?;
        if id == 0 {
            return Err(NdrError::NullRefPointer { what, offset: at });
        }
        Ok(id)
    }

    /// Reads a full pointer's referent id and classifies it against the ids
    /// already seen in this stub.
    pub fn full_ptr(&mut self) -> Result<FullPtr> {
        let id = self.referent_id()?;
        Ok(if id == 0 {
            FullPtr::Null
        } else if self.full_ptrs.insert(id) {
            FullPtr::New(id)
        } else {
            FullPtr::Seen(id)
        })
    }

    /// Reads a pointee with one more level of nesting (bounded by
    /// [`Limits::max_depth`](super::Limits::max_depth)).
    pub fn referent<T: NdrDecode<'a>>(&mut self, what: &'static str) -> Result<T> {
        self.enter(what)?;
        let v = T::decode_inline(self).and_then(|mut v| v.decode_deferred(self).map(|()| v));
        self.leave();
        v
    }
}

impl NdrWriter {
    /// Writes a unique pointer's referent id: a fresh one when `present`,
    /// else 0. Returns the id written.
    pub fn unique_ptr(&mut self, present: bool) -> Result<u64> {
        let id = if present { self.next_referent_id() } else { 0 };
        self.referent_id(id)?;
        Ok(id)
    }

    /// Writes an embedded reference pointer's (fresh, non-null) referent id.
    pub fn ref_ptr(&mut self) -> Result<u64> {
        let id = self.next_referent_id();
        self.referent_id(id)?;
        Ok(id)
    }

    /// Writes a full pointer identified by `key` (`None` for null). Returns
    /// true when this is the key's first occurrence, i.e. its referent must
    /// follow in the deferred phase.
    pub fn full_ptr(&mut self, key: Option<u64>) -> Result<bool> {
        let Some(key) = key else {
            self.referent_id(0)?;
            return Ok(false);
        };
        if let Some(&id) = self.full_ptrs.get(&key) {
            self.referent_id(id)?;
            return Ok(false);
        }
        let id = self.next_referent_id();
        self.full_ptrs.insert(key, id);
        self.referent_id(id)?;
        Ok(true)
    }

    fn full_ptr_known(&self, key: u64) -> bool {
        self.full_ptrs.contains_key(&key)
    }
}

/// An embedded `[unique]` pointer (also the default for non-top-level pointers).
///
/// The referent id read from the wire is kept and written back unchanged,
/// so a decoded stub re-encodes byte for byte; values built with
/// [`Unique::new`] get fresh ids from the writer.
#[derive(Debug, Clone, Default)]
pub struct Unique<T> {
    id: u64,
    value: Option<T>,
    /// Non-null id read inline whose referent has not been read yet.
    pending: bool,
}

impl<T> Unique<T> {
    /// A pointer to `value`, or null.
    pub fn new(value: Option<T>) -> Self {
        Unique {
            id: 0,
            value,
            pending: false,
        }
    }

    /// A non-null pointer to `value`.
    pub fn some(value: T) -> Self {
        Self::new(Some(value))
    }

    /// A null pointer.
    pub fn null() -> Self {
        Self::new(None)
    }

    /// The referent, if any.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The referent, mutably.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// The referent, by value.
    pub fn into_inner(self) -> Option<T> {
        self.value
    }

    /// Whether the pointer is null (on the wire: referent id 0).
    pub fn is_null(&self) -> bool {
        self.value.is_none() && !self.pending
    }

    /// The referent id as read from the wire (0 for built values and null).
    pub fn referent_id(&self) -> u64 {
        self.id
    }
}

impl<T> From<Option<T>> for Unique<T> {
    fn from(v: Option<T>) -> Self {
        Unique::new(v)
    }
}

impl<T: PartialEq> PartialEq for Unique<T> {
    /// Pointers compare by referent; referent ids are not significant.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value && self.pending == other.pending
    }
}

impl<T: Eq> Eq for Unique<T> {}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for Unique<T> {
    const MIN_WIRE_SIZE: usize = 4;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let id = r.referent_id()?;
        Ok(Unique {
            id,
            value: None,
            pending: id != 0,
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        if self.pending {
            self.value = Some(r.referent("unique pointer referent")?);
            self.pending = false;
        }
        Ok(())
    }
}

impl<T: NdrEncode> NdrEncode for Unique<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        match &self.value {
            None => w.referent_id(0),
            Some(_) if self.id != 0 => w.referent_id(self.id),
            Some(_) => w.unique_ptr(true).map(|_| ()),
        }
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        match &self.value {
            Some(v) => super::encode_top_level(w, v),
            None => Ok(()),
        }
    }
}

/// An embedded `[ref]` pointer: a non-null referent id inline, the referent deferred.
#[derive(Debug, Clone, Default)]
pub struct Ref<T> {
    id: u64,
    value: Option<T>,
}

impl<T> Ref<T> {
    /// A reference to `value`.
    pub fn new(value: T) -> Self {
        Ref {
            id: 0,
            value: Some(value),
        }
    }

    /// The referent; `None` only between the inline and deferred phases of
    /// decoding.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The referent, mutably.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.as_mut()
    }

    /// The referent, by value.
    pub fn into_inner(self) -> Option<T> {
        self.value
    }
}

impl<T: PartialEq> PartialEq for Ref<T> {
    /// References compare by referent.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Ref<T> {}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for Ref<T> {
    const MIN_WIRE_SIZE: usize = 4;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let id = r.ref_ptr("reference pointer")?;
        Ok(Ref { id, value: None })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        if self.value.is_none() {
            self.value = Some(r.referent("reference pointer referent")?);
        }
        Ok(())
    }
}

impl<T: NdrEncode> NdrEncode for Ref<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        if self.value.is_none() {
            return Err(NdrError::NullRefPointer {
                what: "reference pointer",
                offset: w.position(),
            });
        }
        if self.id != 0 {
            w.referent_id(self.id)
        } else {
            w.ref_ptr().map(|_| ())
        }
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        match &self.value {
            Some(v) => super::encode_top_level(w, v),
            None => Ok(()),
        }
    }
}

/// An embedded `[ptr]` (full) pointer. Several full pointers may share one
/// referent: only the first occurrence carries it, the others repeat its id.
///
/// `key` identifies the referent. When decoding it is the wire referent id;
/// when encoding it is any caller-chosen identity (e.g. an index into the
/// caller's own table), which the writer maps to referent ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Full<T> {
    /// Null pointer.
    Null,
    /// A pointer that carries its referent (the first occurrence of `key`).
    Referent {
        /// Identity of the referent.
        key: u64,
        /// The referent.
        value: T,
    },
    /// A pointer to a referent carried by an earlier occurrence of `key`.
    Alias {
        /// Identity of the referent.
        key: u64,
    },
    /// First occurrence read inline whose referent has not been read yet
    /// (exists only between the two decoding phases).
    Pending {
        /// Identity of the referent.
        key: u64,
    },
}

impl<T> Full<T> {
    /// The referent key, `None` for null.
    pub fn key(&self) -> Option<u64> {
        match self {
            Full::Null => None,
            Full::Referent { key, .. } | Full::Alias { key } | Full::Pending { key } => Some(*key),
        }
    }

    /// The referent when this occurrence carries it.
    pub fn value(&self) -> Option<&T> {
        match self {
            Full::Referent { value, .. } => Some(value),
            _ => None,
        }
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for Full<T> {
    const MIN_WIRE_SIZE: usize = 4;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        Ok(match r.full_ptr()? {
            FullPtr::Null => Full::Null,
            FullPtr::New(key) => Full::Pending { key },
            FullPtr::Seen(key) => Full::Alias { key },
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        if let Full::Pending { key } = *self {
            let value = r.referent("full pointer referent")?;
            *self = Full::Referent { key, value };
        }
        Ok(())
    }
}

impl<T: NdrEncode> NdrEncode for Full<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        match self {
            Full::Null => w.full_ptr(None).map(|_| ()),
            Full::Referent { key, .. } => w.full_ptr(Some(*key)).map(|_| ()),
            Full::Alias { key } | Full::Pending { key } => {
                if !w.full_ptr_known(*key) {
                    return Err(NdrError::UnknownFullPointer {
                        what: "full pointer",
                        offset: w.position(),
                        key: *key,
                    });
                }
                w.full_ptr(Some(*key)).map(|_| ())
            }
        }
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        if let Full::Referent { key, value } = self {
            // Only the first occurrence carries the referent; a repeated
            // `Referent` for the same key is written as an alias.
            if w.full_ptr_claim_referent(*key) {
                super::encode_top_level(w, value)?;
            }
        }
        Ok(())
    }
}

impl NdrWriter {
    /// Marks the referent of `key` as written; true the first time.
    fn full_ptr_claim_referent(&mut self, key: u64) -> bool {
        self.full_ptrs_written.insert(key)
    }
}
