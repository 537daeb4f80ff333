//! PtypRuleAction values (RuleAction, MS-OXORULE 2.2.5) and the extended-rule property
//! buffers that carry one (MS-OXORULE 2.2.4).
//!
//! A RuleAction is NoOfActions then that many ActionBlocks; each block is ActionLength,
//! ActionType, ActionFlavor, ActionFlags and an ActionData whose layout follows ActionType
//! (MS-OXORULE 2.2.5.1.2). Standard rules (the PidTagRuleActions property in ROP buffers) use
//! 16-bit counts and sizes; extended rules (PidTagExtendedRuleMessageActions) use 32-bit ones,
//! and two ActionData layouts differ between the forms: OP_MOVE/OP_COPY has no
//! FolderInThisStore octet and a Folder EntryID, OP_REPLY/OP_OOF_REPLY names its template
//! by Message EntryID instead of folder and message ids. [`Encoding`] picks the form.
//!
//! ActionData of an unknown ActionType, or of a known one that does not parse to exactly
//! its ActionLength, is kept as [`ActionData::Raw`], so every block re-encodes to the same
//! bytes.
//!
//! ```
//! use oxwire_mapi_rop::prop::{action_type, ActionData, Encoding, RuleAction};
//! // One OP_BOUNCE block (standard form): ActionLength 13, BounceCode 0x26 (refused).
//! let bytes = [1, 0, 13, 0, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0x26, 0, 0, 0];
//! let a = RuleAction::decode(&bytes, Encoding::ROP).unwrap();
//! assert_eq!(a.actions[0].action_type, action_type::OP_BOUNCE);
//! assert_eq!(a.actions[0].data, ActionData::Bounce(0x26));
//! let mut out = Vec::new();
//! a.write(&mut out, Encoding::ROP).unwrap();
//! assert_eq!(out, bytes);
//! ```

use super::value::{read_count_pub, write_count};
use super::{
    CountWidth, Encoding, FolderId, Guid, MessageId, PropTag, PropertyName, PropertyValue,
    Restriction, ServerId, TaggedPropertyValue, MAX_RESTRICTION_DEPTH,
};
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::len_u32;
use crate::rop::{Result, RopError, Wire};

/// ActionType values (MS-OXORULE 2.2.5.1).
pub mod action_type {
    /// Moves the message to a folder.
    pub const OP_MOVE: u8 = 0x01;
    /// Copies the message to a folder.
    pub const OP_COPY: u8 = 0x02;
    /// Replies to the message.
    pub const OP_REPLY: u8 = 0x03;
    /// Sends an OOF reply to the message.
    pub const OP_OOF_REPLY: u8 = 0x04;
    /// An action the server cannot execute, handed to the client in a DAM.
    pub const OP_DEFER_ACTION: u8 = 0x05;
    /// Rejects the message back to the sender.
    pub const OP_BOUNCE: u8 = 0x06;
    /// Forwards the message.
    pub const OP_FORWARD: u8 = 0x07;
    /// Resends the message to another recipient on behalf of the owner.
    pub const OP_DELEGATE: u8 = 0x08;
    /// Adds or changes a property on the message.
    pub const OP_TAG: u8 = 0x09;
    /// Deletes the message.
    pub const OP_DELETE: u8 = 0x0A;
    /// Marks the message as read.
    pub const OP_MARK_AS_READ: u8 = 0x0B;
}

/// ActionFlavor bits (MS-OXORULE 2.2.5.1); their meaning depends on ActionType.
pub mod action_flavor {
    /// OP_FORWARD: keep the sender of the original message.
    pub const FWD_PRESERVE_SENDER: u32 = 0x0000_0001;
    /// OP_FORWARD: forward without changing the message.
    pub const FWD_DO_NOT_MUNGE_MSG: u32 = 0x0000_0002;
    /// OP_FORWARD: forward as an attachment.
    pub const FWD_AS_ATTACHMENT: u32 = 0x0000_0004;
    /// OP_FORWARD: send as an SMS alert.
    pub const FWD_AS_SMS_ALERT: u32 = 0x0000_0008;
    /// OP_REPLY / OP_OOF_REPLY: do not send the reply to the original sender.
    pub const NS: u32 = 0x0000_0001;
    /// OP_REPLY / OP_OOF_REPLY: use the server's stock reply text.
    pub const ST: u32 = 0x0000_0002;
}

/// Where an OP_MOVE / OP_COPY action puts the message: FolderEID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderEid {
    /// Standard rules with FolderInThisStore 0x01: a ServerEid (MS-OXORULE 2.2.5.1.2.1.1),
    /// the same 21-octet layout as a PtypServerId.
    Server(ServerId),
    /// A Folder EntryID (MS-OXCDATA 2.2.4.1), kept as sent.
    EntryId(Vec<u8>),
}

/// ActionData of OP_MOVE and OP_COPY (MS-OXORULE 2.2.5.1.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveCopyAction {
    /// FolderInThisStore: standard rules only (`None` in the extended form, which lacks it).
    pub folder_in_this_store: Option<u8>,
    /// StoreEID: a Store Object EntryID (unused when the folder is in this store).
    pub store_eid: Vec<u8>,
    /// FolderEID.
    pub folder_eid: FolderEid,
}

/// How an OP_REPLY / OP_OOF_REPLY action names its reply template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyTemplate {
    /// Standard rules: ReplyTemplateFID and ReplyTemplateMID.
    Ids {
        /// ReplyTemplateFID.
        folder_id: FolderId,
        /// ReplyTemplateMID.
        message_id: MessageId,
    },
    /// Extended rules: ReplyTemplateMessageEID, a Message EntryID kept as sent.
    EntryId(Vec<u8>),
}

/// ActionData of OP_REPLY and OP_OOF_REPLY (MS-OXORULE 2.2.5.1.2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyAction {
    /// The template message.
    pub template: ReplyTemplate,
    /// ReplyTemplateGUID: the template's PidTagReplyTemplateId.
    pub template_guid: Guid,
}

/// One RecipientBlockData of OP_FORWARD / OP_DELEGATE (MS-OXORULE 2.2.5.1.2.4.1).
#[derive(Clone, Debug, PartialEq)]
pub struct RecipientBlock {
    /// Reserved (0x01 when sent).
    pub reserved: u8,
    /// PropertyValues describing the recipient.
    pub values: Vec<TaggedPropertyValue>,
}

/// ActionData, by ActionType.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ActionData {
    /// OP_MOVE, OP_COPY.
    MoveCopy(MoveCopyAction),
    /// OP_REPLY, OP_OOF_REPLY.
    Reply(ReplyAction),
    /// OP_DEFER_ACTION: DeferredActionData, opaque to the server (MS-OXORULE 2.2.5.1.2.3).
    DeferAction(Vec<u8>),
    /// OP_BOUNCE: BounceCode (MS-OXORULE 2.2.5.1.2.5).
    Bounce(u32),
    /// OP_FORWARD, OP_DELEGATE: RecipientBlocks (MS-OXORULE 2.2.5.1.2.4).
    Recipients(Vec<RecipientBlock>),
    /// OP_TAG: one TaggedPropertyValue (MS-OXORULE 2.2.5.1.2.6).
    Tag(TaggedPropertyValue),
    /// OP_DELETE, OP_MARK_AS_READ: no ActionData.
    None,
    /// An unknown ActionType, or data that does not parse as its type's layout.
    Raw(Vec<u8>),
}

/// One ActionBlock (MS-OXORULE 2.2.5.1).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionBlock {
    /// ActionType (see [`action_type`]).
    pub action_type: u8,
    /// ActionFlavor (see [`action_flavor`]).
    pub action_flavor: u32,
    /// ActionFlags (client-defined).
    pub action_flags: u32,
    /// ActionData.
    pub data: ActionData,
}

/// A RuleAction: NoOfActions (COUNT) then that many ActionBlocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleAction {
    /// ActionBlocks.
    pub actions: Vec<ActionBlock>,
}

fn count_width(enc: Encoding) -> usize {
    match enc.byte_count {
        CountWidth::U16 => 2,
        CountWidth::U32 => 4,
    }
}

fn extended(enc: Encoding) -> bool {
    enc.byte_count == CountWidth::U32
}

fn read_tagged(r: &mut Reader<'_>, enc: Encoding, depth: usize) -> Result<TaggedPropertyValue> {
    let tag = PropTag(r.u32("TaggedPropertyValue.PropertyTag")?);
    let value = PropertyValue::read_depth(r, tag.prop_type(), enc, depth + 1)?;
    Ok(TaggedPropertyValue { tag, value })
}

fn read_eid(r: &mut Reader<'_>, enc: Encoding, what: &'static str) -> Result<Vec<u8>> {
    let n = read_count_pub(r, enc.byte_count, what)?;
    Ok(r.take(n, what)?.to_vec())
}

fn write_eid(out: &mut Vec<u8>, enc: Encoding, b: &[u8], what: &'static str) -> Result<()> {
    write_count(out, enc.byte_count, b.len(), what)?;
    out.extend_from_slice(b);
    Ok(())
}

impl ActionData {
    /// Reads the ActionData of `action_type` from all of `r`.
    fn read_typed(
        r: &mut Reader<'_>,
        action_type: u8,
        enc: Encoding,
        depth: usize,
    ) -> Result<Self> {
        use action_type::*;
        Ok(match action_type {
            OP_MOVE | OP_COPY => {
                let folder_in_this_store = if extended(enc) {
                    None
                } else {
                    Some(r.u8("FolderInThisStore")?)
                };
                let store_eid = read_eid(r, enc, "StoreEID")?;
                let folder = read_eid(r, enc, "FolderEID")?;
                let folder_eid = match (folder_in_this_store, ServerId::decode(&folder)) {
                    (Some(1), Ok(s @ ServerId::Ours { .. })) => FolderEid::Server(s),
                    _ => FolderEid::EntryId(folder),
                };
                ActionData::MoveCopy(MoveCopyAction {
                    folder_in_this_store,
                    store_eid,
                    folder_eid,
                })
            }
            OP_REPLY | OP_OOF_REPLY => {
                let template = if extended(enc) {
                    ReplyTemplate::EntryId(read_eid(r, enc, "ReplyTemplateMessageEID")?)
                } else {
                    ReplyTemplate::Ids {
                        folder_id: FolderId::read(r)?,
                        message_id: MessageId::read(r)?,
                    }
                };
                ActionData::Reply(ReplyAction {
                    template,
                    template_guid: Guid::read(r)?,
                })
            }
            OP_DEFER_ACTION => ActionData::DeferAction(r.rest().to_vec()),
            OP_BOUNCE => ActionData::Bounce(r.u32("BounceCode")?),
            OP_FORWARD | OP_DELEGATE => {
                let cw = count_width(enc);
                let n = read_count_pub(r, enc.byte_count, "RecipientCount")?;
                r.check_count(n, 1 + cw, "RecipientCount")?;
                let mut blocks = Vec::with_capacity(n);
                for _ in 0..n {
                    let reserved = r.u8("RecipientBlockData.Reserved")?;
                    let m = read_count_pub(r, enc.byte_count, "RecipientBlockData.NoOfProperties")?;
                    r.check_count(m, 4, "RecipientBlockData.NoOfProperties")?;
                    let mut values = Vec::with_capacity(m);
                    for _ in 0..m {
                        values.push(read_tagged(r, enc, depth)?);
                    }
                    blocks.push(RecipientBlock { reserved, values });
                }
                ActionData::Recipients(blocks)
            }
            OP_TAG => ActionData::Tag(read_tagged(r, enc, depth)?),
            OP_DELETE | OP_MARK_AS_READ => ActionData::None,
            _ => ActionData::Raw(r.rest().to_vec()),
        })
    }

    /// Decodes `b` as the ActionData of `action_type`, keeping it raw when it does not parse
    /// to exactly its length.
    fn decode(b: &[u8], base: usize, action_type: u8, enc: Encoding, depth: usize) -> Self {
        let mut r = Reader::with_base(b, base);
        match Self::read_typed(&mut r, action_type, enc, depth) {
            Ok(d) if r.is_empty() => d,
            _ => ActionData::Raw(b.to_vec()),
        }
    }

    /// Writes the ActionData.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        match self {
            ActionData::MoveCopy(m) => {
                match (m.folder_in_this_store, extended(enc)) {
                    (Some(f), false) => out.put_u8(f),
                    (None, true) => {}
                    _ => {
                        return Err(RopError::Unencodable {
                            what: "OP_MOVE/OP_COPY ActionData",
                            reason: "FolderInThisStore is present exactly in standard rules",
                        })
                    }
                }
                write_eid(out, enc, &m.store_eid, "StoreEIDSize")?;
                match &m.folder_eid {
                    FolderEid::Server(s) => write_eid(out, enc, &s.encode(), "FolderEIDSize")?,
                    FolderEid::EntryId(b) => write_eid(out, enc, b, "FolderEIDSize")?,
                }
            }
            ActionData::Reply(a) => {
                match (&a.template, extended(enc)) {
                    (
                        ReplyTemplate::Ids {
                            folder_id,
                            message_id,
                        },
                        false,
                    ) => {
                        folder_id.write(out)?;
                        message_id.write(out)?;
                    }
                    (ReplyTemplate::EntryId(b), true) => write_eid(out, enc, b, "MessageEIDSize")?,
                    _ => {
                        return Err(RopError::Unencodable {
                            what: "OP_REPLY ActionData",
                            reason: "template ids belong to standard rules, an EntryID to extended",
                        })
                    }
                }
                out.extend_from_slice(&a.template_guid.0);
            }
            ActionData::DeferAction(b) | ActionData::Raw(b) => out.extend_from_slice(b),
            ActionData::Bounce(c) => out.put_u32(*c),
            ActionData::Recipients(blocks) => {
                write_count(out, enc.byte_count, blocks.len(), "RecipientCount")?;
                for b in blocks {
                    out.put_u8(b.reserved);
                    write_count(
                        out,
                        enc.byte_count,
                        b.values.len(),
                        "RecipientBlockData.NoOfProperties",
                    )?;
                    for v in &b.values {
                        v.write(out, enc)?;
                    }
                }
            }
            ActionData::Tag(v) => v.write(out, enc)?,
            ActionData::None => {}
        }
        Ok(())
    }
}

impl RuleAction {
    /// Reads a RuleAction with the count widths of `enc`.
    pub fn read(r: &mut Reader<'_>, enc: Encoding) -> Result<Self> {
        Self::read_depth(r, enc, 0)
    }

    /// Decodes a RuleAction that fills all of `b`.
    pub fn decode(b: &[u8], enc: Encoding) -> Result<Self> {
        let mut r = Reader::new(b);
        let a = Self::read(&mut r, enc)?;
        if !r.is_empty() {
            return Err(RopError::Invalid {
                what: "RuleAction",
                offset: r.offset(),
                reason: "bytes after the last ActionBlock",
            });
        }
        Ok(a)
    }

    pub(crate) fn read_depth(r: &mut Reader<'_>, enc: Encoding, depth: usize) -> Result<Self> {
        // OP_TAG and recipient values may hold rule actions and restrictions again.
        if depth > MAX_RESTRICTION_DEPTH {
            return Err(RopError::TooDeep {
                what: "RuleAction",
                offset: r.offset(),
                limit: MAX_RESTRICTION_DEPTH,
            });
        }
        let n = read_count_pub(r, enc.byte_count, "RuleAction.NoOfActions")?;
        let cw = count_width(enc);
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
            let action_type = s.u8("ActionType")?;
            let action_flavor = s.u32("ActionFlavor")?;
            let action_flags = s.u32("ActionFlags")?;
            let base = s.offset();
            let data = ActionData::decode(s.rest(), base, action_type, enc, depth);
            actions.push(ActionBlock {
                action_type,
                action_flavor,
                action_flags,
                data,
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
        let mut data = Vec::new();
        for a in &self.actions {
            data.clear();
            a.data.write(&mut data, enc)?;
            write_count(
                out,
                enc.byte_count,
                data.len() + 9,
                "ActionBlock.ActionLength",
            )?;
            out.put_u8(a.action_type);
            out.put_u32(a.action_flavor);
            out.put_u32(a.action_flags);
            out.extend_from_slice(&data);
        }
        Ok(())
    }
}

/// NamedPropertyInformation (MS-OXORULE 2.2.4.2): the named properties an extended rule's
/// condition or actions use, as property id to PropertyName pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedPropertyInformation {
    /// PropIds (0x8000 and above), one per name.
    pub prop_ids: Vec<u16>,
    /// NamedProperties, in the order of `prop_ids`.
    pub names: Vec<PropertyName>,
}

impl NamedPropertyInformation {
    /// Reads the structure: NoOfNamedProps alone when it is zero, else PropIds,
    /// NamedPropertiesSize and NamedProperties.
    pub fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("NamedPropertyInformation.NoOfNamedProps")? as usize;
        if n == 0 {
            return Ok(Self::default());
        }
        // Each id takes two octets, each name at least seventeen.
        r.check_count(n, 19, "NamedPropertyInformation.NoOfNamedProps")?;
        let mut prop_ids = Vec::with_capacity(n);
        for _ in 0..n {
            prop_ids.push(r.u16("NamedPropertyInformation.PropIds")?);
        }
        let size = r.u32("NamedPropertyInformation.NamedPropertiesSize")? as usize;
        let mut s = r.sub(size, "NamedPropertyInformation.NamedProperties")?;
        let mut names = Vec::with_capacity(n);
        for _ in 0..n {
            names.push(PropertyName::read(&mut s)?);
        }
        if !s.is_empty() {
            return Err(RopError::Invalid {
                what: "NamedPropertyInformation.NamedPropertiesSize",
                offset: s.offset(),
                reason: "larger than the NoOfNamedProps names it holds",
            });
        }
        Ok(NamedPropertyInformation { prop_ids, names })
    }

    /// Writes the structure.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        if self.prop_ids.len() != self.names.len() {
            return Err(RopError::Unencodable {
                what: "NamedPropertyInformation",
                reason: "PropIds and NamedProperties differ in number",
            });
        }
        let n = self.prop_ids.len();
        out.put_u16(u16::try_from(n).map_err(|_| RopError::Unencodable {
            what: "NamedPropertyInformation.NoOfNamedProps",
            reason: "more than 65535 names",
        })?);
        if n == 0 {
            return Ok(());
        }
        for id in &self.prop_ids {
            out.put_u16(*id);
        }
        let mut names = Vec::new();
        for p in &self.names {
            p.write(&mut names)?;
        }
        out.put_u32(len_u32(
            names.len(),
            "NamedPropertyInformation.NamedPropertiesSize",
        )?);
        out.extend_from_slice(&names);
        Ok(())
    }
}

/// PidTagExtendedRuleMessageActions (MS-OXORULE 2.2.4.1.9): NamedPropertyInformation,
/// RuleVersion and a RuleAction with 32-bit counts.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtendedRuleActions {
    /// NamedPropertyInformation.
    pub named: NamedPropertyInformation,
    /// RuleVersion (0x00000001).
    pub rule_version: u32,
    /// RuleActionsBuffer.
    pub actions: RuleAction,
}

impl ExtendedRuleActions {
    /// Decodes the property's bytes.
    pub fn decode(b: &[u8]) -> Result<Self> {
        let mut r = Reader::new(b);
        let v = ExtendedRuleActions {
            named: NamedPropertyInformation::read(&mut r)?,
            rule_version: r.u32("RuleVersion")?,
            actions: RuleAction::read(&mut r, Encoding::EXTENDED)?,
        };
        expect_end(&r, "PidTagExtendedRuleMessageActions")?;
        Ok(v)
    }

    /// Encodes the property's bytes.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.named.write(out)?;
        out.put_u32(self.rule_version);
        self.actions.write(out, Encoding::EXTENDED)
    }
}

/// PidTagExtendedRuleMessageCondition (MS-OXORULE 2.2.4.1.10): NamedPropertyInformation and
/// a restriction with 32-bit counts.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtendedRuleCondition {
    /// NamedPropertyInformation.
    pub named: NamedPropertyInformation,
    /// RuleRestriction.
    pub restriction: Restriction,
}

impl ExtendedRuleCondition {
    /// Decodes the property's bytes.
    pub fn decode(b: &[u8]) -> Result<Self> {
        let mut r = Reader::new(b);
        let v = ExtendedRuleCondition {
            named: NamedPropertyInformation::read(&mut r)?,
            restriction: Restriction::read(&mut r, Encoding::EXTENDED)?,
        };
        expect_end(&r, "PidTagExtendedRuleMessageCondition")?;
        Ok(v)
    }

    /// Encodes the property's bytes.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.named.write(out)?;
        self.restriction.write(out, Encoding::EXTENDED)
    }
}

fn expect_end(r: &Reader<'_>, what: &'static str) -> Result<()> {
    if r.is_empty() {
        Ok(())
    } else {
        Err(RopError::Invalid {
            what,
            offset: r.offset(),
            reason: "bytes after the structure",
        })
    }
}
