//! Table ROPs (MS-OXCROPS 2.2.5; MS-OXCTABL).

use super::macros::{request, response};
use super::reader::{Put, Reader};
use super::wire::{len_u16, Bytes16, SizedRestriction};
use super::{ResponseBody, ResponseContext, Result, RopError};
use crate::prop::{Encoding, PropTag, PropTagArray, PropertyRow, SortOrderSet};

request! {
    /// RopSetColumns request (0x12).
    RopSetColumnsRequest { set_columns_flags: u8, property_tags: PropTagArray }
}
response! {
    /// Success response of RopSetColumns, RopSortTable, RopRestrict, RopAbort, RopGetStatus.
    TableStatusResponse { table_status: u8 }
}
request! {
    /// RopSortTable request (0x13).
    RopSortTableRequest { sort_table_flags: u8, sort_order_set: SortOrderSet }
}
request! {
    /// RopRestrict request (0x14).
    RopRestrictRequest { restrict_flags: u8, restriction: SizedRestriction }
}
request! {
    /// RopQueryRows request (0x15).
    RopQueryRowsRequest { query_rows_flags: u8, forward_read: u8, row_count: u16 }
}

fn need_columns<'a>(ctx: &ResponseContext<'a>, rop: &'static str) -> Result<&'a [PropTag]> {
    ctx.columns.ok_or(RopError::MissingContext {
        rop,
        needs: "the table's columns (RopSetColumns)",
    })
}

fn read_rows(r: &mut Reader<'_>, n: usize, cols: &[PropTag]) -> Result<Vec<PropertyRow>> {
    r.check_count(n, 1, "RowCount")?;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        rows.push(PropertyRow::read(r, cols, Encoding::ROP)?);
    }
    Ok(rows)
}

fn write_rows(out: &mut Vec<u8>, rows: &[PropertyRow]) -> Result<()> {
    for row in rows {
        row.write(out, Encoding::ROP)?;
    }
    Ok(())
}

/// RopQueryRows success response: Origin, RowCount, rows over the table's columns.
#[derive(Clone, Debug, PartialEq)]
pub struct RopQueryRowsResponse {
    /// Origin (bookmark the cursor is at).
    pub origin: u8,
    /// RowData.
    pub rows: Vec<PropertyRow>,
}

impl ResponseBody for Option<RopQueryRowsResponse> {
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc != 0 {
            return Ok(None);
        }
        let cols = need_columns(ctx, "RopQueryRows")?;
        let origin = r.u8("Origin")?;
        let n = r.u16("RowCount")? as usize;
        Ok(Some(RopQueryRowsResponse {
            origin,
            rows: read_rows(r, n, cols)?,
        }))
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(b) = self {
            out.put_u8(b.origin);
            out.put_u16(len_u16(b.rows.len(), "RowCount")?);
            write_rows(out, &b.rows)?;
        }
        Ok(())
    }
}

request! {
    /// RopAbort request (0x38).
    RopAbortRequest {}
}
request! {
    /// RopGetStatus request (0x16).
    RopGetStatusRequest {}
}
request! {
    /// RopQueryPosition request (0x17).
    RopQueryPositionRequest {}
}
response! {
    /// RopQueryPosition success response.
    RopQueryPositionResponse { numerator: u32, denominator: u32 }
}
request! {
    /// RopSeekRow request (0x18).
    RopSeekRowRequest { origin: u8, row_count: i32, want_row_moved_count: u8 }
}
response! {
    /// RopSeekRow success response.
    RopSeekRowResponse { has_sought_less: u8, rows_sought: i32 }
}
request! {
    /// RopSeekRowBookmark request (0x19).
    RopSeekRowBookmarkRequest { bookmark: Bytes16, row_count: i32, want_row_moved_count: u8 }
}
response! {
    /// RopSeekRowBookmark success response.
    RopSeekRowBookmarkResponse { row_no_longer_visible: u8, has_sought_less: u8, rows_sought: i32 }
}
request! {
    /// RopSeekRowFractional request (0x1A).
    RopSeekRowFractionalRequest { numerator: u32, denominator: u32 }
}
request! {
    /// RopCreateBookmark request (0x1B).
    RopCreateBookmarkRequest {}
}
response! {
    /// Success response carrying a bookmark (RopCreateBookmark, RopSetCollapseState).
    BookmarkResponse { bookmark: Bytes16 }
}
request! {
    /// RopQueryColumnsAll request (0x37).
    RopQueryColumnsAllRequest {}
}
response! {
    /// Success response carrying a property tag array (RopQueryColumnsAll,
    /// RopGetPropertiesList).
    PropTagsResponse { property_tags: PropTagArray }
}
request! {
    /// RopFindRow request (0x4F).
    RopFindRowRequest { find_row_flags: u8, restriction: SizedRestriction, origin: u8, bookmark: Bytes16 }
}

/// RopFindRow success response.
#[derive(Clone, Debug, PartialEq)]
pub struct RopFindRowResponse {
    /// RowNoLongerVisible.
    pub row_no_longer_visible: u8,
    /// HasRowData as sent.
    pub has_row_data: u8,
    /// RowData, present when HasRowData is nonzero.
    pub row: Option<PropertyRow>,
}

impl ResponseBody for Option<RopFindRowResponse> {
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc != 0 {
            return Ok(None);
        }
        let row_no_longer_visible = r.u8("RowNoLongerVisible")?;
        let has_row_data = r.u8("HasRowData")?;
        let row = if has_row_data != 0 {
            let cols = need_columns(ctx, "RopFindRow")?;
            Some(PropertyRow::read(r, cols, Encoding::ROP)?)
        } else {
            None
        };
        Ok(Some(RopFindRowResponse {
            row_no_longer_visible,
            has_row_data,
            row,
        }))
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(b) = self {
            out.put_u8(b.row_no_longer_visible);
            out.put_u8(b.has_row_data);
            if let Some(row) = &b.row {
                row.write(out, Encoding::ROP)?;
            }
        }
        Ok(())
    }
}

request! {
    /// RopFreeBookmark request (0x89).
    RopFreeBookmarkRequest { bookmark: Bytes16 }
}
request! {
    /// RopResetTable request (0x81).
    RopResetTableRequest {}
}
request! {
    /// RopExpandRow request (0x59).
    RopExpandRowRequest { max_row_count: u16, category_id: u64 }
}

/// RopExpandRow success response.
#[derive(Clone, Debug, PartialEq)]
pub struct RopExpandRowResponse {
    /// ExpandedRowCount.
    pub expanded_row_count: u32,
    /// RowData.
    pub rows: Vec<PropertyRow>,
}

impl ResponseBody for Option<RopExpandRowResponse> {
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc != 0 {
            return Ok(None);
        }
        let expanded_row_count = r.u32("ExpandedRowCount")?;
        let n = r.u16("RowCount")? as usize;
        let rows = if n == 0 {
            Vec::new()
        } else {
            read_rows(r, n, need_columns(ctx, "RopExpandRow")?)?
        };
        Ok(Some(RopExpandRowResponse {
            expanded_row_count,
            rows,
        }))
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(b) = self {
            out.put_u32(b.expanded_row_count);
            out.put_u16(len_u16(b.rows.len(), "RowCount")?);
            write_rows(out, &b.rows)?;
        }
        Ok(())
    }
}

request! {
    /// RopCollapseRow request (0x5A).
    RopCollapseRowRequest { category_id: u64 }
}
response! {
    /// RopCollapseRow success response.
    RopCollapseRowResponse { collapsed_row_count: u32 }
}
request! {
    /// RopGetCollapseState request (0x6B).
    RopGetCollapseStateRequest { row_id: u64, row_instance_number: u32 }
}
response! {
    /// RopGetCollapseState success response.
    RopGetCollapseStateResponse { collapse_state: Bytes16 }
}
request! {
    /// RopSetCollapseState request (0x6C).
    RopSetCollapseStateRequest { collapse_state: Bytes16 }
}
