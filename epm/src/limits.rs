//! [`Limits`]: bounds applied on top of "every count must fit in the bytes present".

/// Bounds the decoders enforce before allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most floors accepted in one tower. Default 32: real towers have 3 to 6 floors
    /// (C706 appendix L); the floor count is a u16 on the wire, so without this a 4-octet
    /// tower could announce 65535 floors.
    pub max_floors: u16,
    /// Most entries or towers accepted in one ept_lookup / ept_map / ept_insert / ept_delete
    /// array. Default 500, the `range(0,500)` MS-RPCE 2.2.1.2.4 and 2.2.1.2.5 put on
    /// `max_ents` and `max_towers`.
    pub max_entries: u32,
    /// Limits passed to the NDR reader.
    pub ndr: oxwire_msrpc::ndr::Limits,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        max_floors: 32,
        max_entries: 500,
        ndr: oxwire_msrpc::ndr::Limits::DEFAULT,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
