//! Bounds applied to what a peer may make us hold.

/// Upper bounds checked before anything is buffered or allocated on a peer's word.
///
/// The defaults follow MS-OXCMAPIHTTP where it states a maximum and the sizes Exchange uses
/// where it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest request or response body accepted (octets).
    pub max_body: usize,
    /// Largest `RopBuffer` in an Execute body. MS-OXCMAPIHTTP 2.2.4.2.1.1 caps
    /// `MaxRopOut` at 0x40000 octets; requests are smaller.
    pub max_rop_buffer: usize,
    /// Largest `AuxiliaryBuffer` (octets), MS-OXCRPC's 0x1008 rounded up to a page for servers
    /// that pad.
    pub max_aux_buffer: usize,
    /// Most property values (rows times columns) read from one address book row set; a
    /// `PtypNull` column takes no octets, so the body size alone does not bound a table.
    pub max_table_cells: usize,
    /// Longest header line or meta-tag line buffered while waiting for its end.
    pub max_line: usize,
    /// Largest total size of an HTTP header block.
    pub max_header_block: usize,
    /// Largest Autodiscover document (octets) that down-negotiation reads; Autodiscover
    /// responses are a few kilobytes.
    pub max_autodiscover_document: usize,
    /// Deepest element nesting accepted in an Autodiscover document; the response schema
    /// needs about eight levels.
    pub max_xml_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 16 << 20,
            max_rop_buffer: 0x40000,
            max_aux_buffer: 0x2000,
            max_table_cells: 1 << 20,
            max_line: 8 << 10,
            max_header_block: 64 << 10,
            max_autodiscover_document: 1 << 20,
            max_xml_depth: 64,
        }
    }
}
