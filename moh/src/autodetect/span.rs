//! Where `httparse`'s borrowed slices lie within the buffer they were parsed from.

use std::ops::Range;

/// Offset of `part` within `base`; `part` must be a sub-slice of `base` (as `httparse` hands
/// out). Address arithmetic only, no dereference.
pub(crate) fn offset_in(base: &[u8], part: &[u8]) -> usize {
    let off = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
    debug_assert!(off <= base.len() && off + part.len() <= base.len());
    off.min(base.len())
}

/// The whole line (name through the line feed) of a header `httparse` found in `head`.
/// Neither a header name nor a value (without obsolete line folding, which `httparse` refuses
/// by default) holds a line feed, so the line ends at the first one after the name.
pub(crate) fn header_line(head: &[u8], name: &str) -> Range<usize> {
    let start = offset_in(head, name.as_bytes());
    let end = head[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(head.len(), |p| start + p + 1);
    start..end
}
