//! PtypRuleAction values (RuleAction, MS-OXORULE 2.2.5).

use super::value::{read_count_pub, write_count};
use super::{CountWidth, Encoding};
use crate::rop::reader::{Put, Reader};
use crate::rop::{Result, RopError};

/// One ActionBlock: ActionLength (COUNT), ActionType, ActionFlavor, ActionFlags, ActionData.
/// ActionData is kept as sent; its layout depends on ActionType (MS-OXORULE 2.2.5.1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionBlock {
    /// ActionType (OP_MOVE 0x01 ... OP_MARK_AS_READ 0x0B).
    pub action_type: u8,
    /// ActionFlavor.
    pub action_flavor: u32,
    /// ActionFlags.
    pub action_flags: u32,
    /// ActionData.
    pub action_data: Vec<u8>,
}

/// A RuleAction: NoOfActions (COUNT) then that many ActionBlocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleAction {
    /// ActionBlocks.
    pub actions: Vec<ActionBlock>,
}

impl RuleAction {
    /// Reads a RuleAction with the count widths of `enc`.
    pub fn read(r: &mut Reader<'_>, enc: Encoding) -> Result<Self> {
        let n = read_count_pub(r, enc.byte_count, "RuleAction.NoOfActions")?;
        let cw = match enc.byte_count {
            CountWidth::U16 => 2,
            CountWidth::U32 => 4,
        };
        r.check_count(n, cw + 9, "RuleAction.NoOfActions")?;
        let mut actions = Vec::with_capacity(n);
        for _ in 0..n {
            let off = r.offset();
            let len = read_count_pub(r, enc.byte_count, "ActionBlock.ActionLength")?;
            if len < 9 {
                return Err(RopError::Invalid {
                    what: "ActionBlock.ActionLength",
                    offset: off,
                    reason: "shorter than ActionType + ActionFlavor + ActionFlags",
                });
            }
            let mut s = r.sub(len, "ActionBlock")?;
            actions.push(ActionBlock {
                action_type: s.u8("ActionType")?,
                action_flavor: s.u32("ActionFlavor")?,
                action_flags: s.u32("ActionFlags")?,
                action_data: s.rest().to_vec(),
            });
        }
        Ok(RuleAction { actions })
    }

    /// Writes the RuleAction.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        write_count(
            out,
            enc.byte_count,
            self.actions.len(),
            "RuleAction.NoOfActions",
        )?;
        for a in &self.actions {
            write_count(
                out,
                enc.byte_count,
                a.action_data.len() + 9,
                "ActionBlock.ActionLength",
            )?;
            out.put_u8(a.action_type);
            out.put_u32(a.action_flavor);
            out.put_u32(a.action_flags);
            out.extend_from_slice(&a.action_data);
        }
        Ok(())
    }
}
