//! Sort orders (MS-OXCDATA 2.13).

use super::PropTag;
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::{len_u16, read_vec, Wire};
use crate::rop::Result;

/// One SortOrder: a column and a direction (0x00 ascending, 0x01 descending, 0x04 maximum
/// category).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortOrder {
    /// PropertyType and PropertyId.
    pub tag: PropTag,
    /// Order.
    pub order: u8,
}

impl Wire for SortOrder {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(SortOrder {
            tag: PropTag(r.u32("SortOrder.PropertyTag")?),
            order: r.u8("SortOrder.Order")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(self.tag.0);
        out.put_u8(self.order);
        Ok(())
    }
}

/// A SortOrderSet: SortOrderCount, CategorizedCount, ExpandedCount, SortOrders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortOrderSet {
    /// CategorizedCount.
    pub categorized_count: u16,
    /// ExpandedCount.
    pub expanded_count: u16,
    /// SortOrders.
    pub orders: Vec<SortOrder>,
}

impl Wire for SortOrderSet {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("SortOrderCount")? as usize;
        let categorized_count = r.u16("CategorizedCount")?;
        let expanded_count = r.u16("ExpandedCount")?;
        Ok(SortOrderSet {
            categorized_count,
            expanded_count,
            orders: read_vec(r, n, 5, "SortOrderCount")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(self.orders.len(), "SortOrderCount")?);
        out.put_u16(self.categorized_count);
        out.put_u16(self.expanded_count);
        for o in &self.orders {
            o.write(out)?;
        }
        Ok(())
    }
}
