//! RuleAction ActionData per ActionType (MS-OXORULE 2.2.5.1.2) in the standard and extended
//! forms, and the extended-rule property buffers (MS-OXORULE 2.2.4.1.9, 2.2.4.1.10, 2.2.4.2).
//!
//! The buffers are assembled field by field from the layouts of those sections (the field
//! each group of octets stands for is named next to it); the expected values are the ones
//! written into them.

mod common;

use common::unhex;
use oxwire_mapi_rop::prop::{
    action_flavor, action_type, ActionData, Encoding, ExtendedRuleActions, ExtendedRuleCondition,
    FolderEid, PropTag, PropertyName, PropertyValue, ReplyTemplate, Restriction, RuleAction,
    ServerId,
};
use oxwire_mapi_rop::rop::RopError;

fn round_trip(bytes: &[u8], enc: Encoding) -> RuleAction {
    let a = RuleAction::decode(bytes, enc).unwrap();
    let mut out = Vec::new();
    a.write(&mut out, enc).unwrap();
    assert_eq!(out, bytes);
    // Every truncation fails cleanly.
    for n in 0..bytes.len() {
        assert!(RuleAction::decode(&bytes[..n], enc).is_err(), "cut at {n}");
    }
    a
}

/// 2.2.5.1.2.1 / 2.2.5.1.2.1.1: OP_MOVE to a folder of this store (FolderInThisStore 1,
/// a one-octet StoreEID, FolderEID a 21-octet ServerEid).
#[test]
fn standard_move_to_folder_in_this_store() {
    let b = unhex(concat!(
        "0100",     // NoOfActions
        "2400",     // ActionLength 36
        "01",       // ActionType OP_MOVE
        "00000000", // ActionFlavor
        "00000000", // ActionFlags
        "01",       // FolderInThisStore
        "0100",
        "00",               // StoreEIDSize, StoreEID
        "1500",             // FolderEIDSize 21
        "01",               // ServerEid.Ours
        "010000000e8edf36", // FolderId 0001-00000E8EDF36
        "0000000000000000", // MessageId
        "00000000",         // Instance
    ));
    let a = round_trip(&b, Encoding::ROP);
    assert_eq!(a.actions.len(), 1);
    assert_eq!(a.actions[0].action_type, action_type::OP_MOVE);
    let ActionData::MoveCopy(m) = &a.actions[0].data else {
        panic!("{:?}", a.actions[0].data)
    };
    assert_eq!(m.folder_in_this_store, Some(1));
    assert_eq!(m.store_eid, vec![0]);
    let FolderEid::Server(ServerId::Ours {
        folder_id,
        message_id,
        instance,
    }) = &m.folder_eid
    else {
        panic!("{:?}", m.folder_eid)
    };
    assert_eq!(folder_id.replica_id, 1);
    assert_eq!(folder_id.global_counter, [0, 0, 0x0e, 0x8e, 0xdf, 0x36]);
    assert_eq!(message_id.to_u64(), 0);
    assert_eq!(*instance, 0);
}

/// 2.2.5.1.2.1: OP_COPY to another store (FolderInThisStore 0): both EIDs stay EntryIDs.
#[test]
fn standard_copy_to_other_store() {
    let b = unhex(concat!(
        "0100", "1300", "02", "00000000", "00000000", // one OP_COPY block, length 19
        "00",       // FolderInThisStore
        "0300", "aabbcc", // StoreEIDSize, StoreEID
        "0200", "ddee", // FolderEIDSize, FolderEID
    ));
    let a = round_trip(&b, Encoding::ROP);
    let ActionData::MoveCopy(m) = &a.actions[0].data else {
        panic!()
    };
    assert_eq!(m.folder_in_this_store, Some(0));
    assert_eq!(m.store_eid, vec![0xaa, 0xbb, 0xcc]);
    assert_eq!(m.folder_eid, FolderEid::EntryId(vec![0xdd, 0xee]));
}

/// Extended form of OP_MOVE: 32-bit counts and sizes, no FolderInThisStore, Folder EntryID.
#[test]
fn extended_move() {
    let b = unhex(concat!(
        "01000000", // NoOfActions
        "12000000", // ActionLength 18
        "01", "00000000", "00000000", // OP_MOVE, flavor, flags
        "00000000", // StoreEIDSize 0
        "01000000", "7f", // FolderEIDSize, FolderEID
    ));
    let a = round_trip(&b, Encoding::EXTENDED);
    let ActionData::MoveCopy(m) = &a.actions[0].data else {
        panic!()
    };
    assert_eq!(m.folder_in_this_store, None);
    assert!(m.store_eid.is_empty());
    assert_eq!(m.folder_eid, FolderEid::EntryId(vec![0x7f]));
    // The standard reading of the same ActionData does not fit: kept raw, still exact.
    let mut std = Vec::new();
    std.extend(unhex("0100120001000000000000000000000000010000007f"));
    let a = RuleAction::decode(&std, Encoding::ROP).unwrap();
    assert!(matches!(a.actions[0].data, ActionData::Raw(_)));
}

/// 2.2.5.1.2.2: OP_REPLY with ReplyTemplateFID, ReplyTemplateMID and ReplyTemplateGUID, the
/// NS flavor set; OP_OOF_REPLY in the extended form with a Message EntryID.
#[test]
fn reply_forms() {
    let b = unhex(concat!(
        "0100",
        "2900",
        "03",
        "01000000",
        "00000000",                         // OP_REPLY, length 41, flavor NS
        "0100000000001234",                 // ReplyTemplateFID
        "0100000000005678",                 // ReplyTemplateMID
        "00112233445566778899aabbccddeeff", // ReplyTemplateGUID
    ));
    let a = round_trip(&b, Encoding::ROP);
    assert_eq!(a.actions[0].action_flavor, action_flavor::NS);
    let ActionData::Reply(r) = &a.actions[0].data else {
        panic!()
    };
    let ReplyTemplate::Ids {
        folder_id,
        message_id,
    } = &r.template
    else {
        panic!()
    };
    assert_eq!(folder_id.global_counter, [0, 0, 0, 0, 0x12, 0x34]);
    assert_eq!(message_id.global_counter, [0, 0, 0, 0, 0x56, 0x78]);
    assert_eq!(r.template_guid.0[0], 0x00);
    assert_eq!(r.template_guid.0[15], 0xff);

    let b = unhex(concat!(
        "01000000",
        "1f000000",
        "04",
        "02000000",
        "00000000", // OP_OOF_REPLY, 31, flavor ST
        "02000000",
        "0102",                             // MessageEIDSize, MessageEID
        "ffeeddccbbaa99887766554433221100", // ReplyTemplateGUID
    ));
    let a = round_trip(&b, Encoding::EXTENDED);
    assert_eq!(a.actions[0].action_type, action_type::OP_OOF_REPLY);
    assert_eq!(a.actions[0].action_flavor, action_flavor::ST);
    let ActionData::Reply(r) = &a.actions[0].data else {
        panic!()
    };
    assert_eq!(r.template, ReplyTemplate::EntryId(vec![1, 2]));
}

/// 2.2.5.1.2.4 / 2.2.5.1.2.4.1: OP_FORWARD to one recipient block (Reserved 1, two
/// properties: PidTagRecipientType 1 and PidTagDisplayName "Bob"), as attachment.
#[test]
fn forward_recipient_blocks() {
    let b = unhex(concat!(
        "0100",
        "2200",
        "07",
        "04000000",
        "00000000", // OP_FORWARD, 34, FWD_AS_ATTACHMENT
        "0100",     // RecipientCount
        "01",
        "0200", // Reserved, NoOfProperties
        "0300150c",
        "01000000", // PidTagRecipientType = 1
        "1f000130",
        "42006f0062000000", // PidTagDisplayName = "Bob"
    ));
    let a = round_trip(&b, Encoding::ROP);
    assert_eq!(a.actions[0].action_flavor, action_flavor::FWD_AS_ATTACHMENT);
    let ActionData::Recipients(blocks) = &a.actions[0].data else {
        panic!("{:?}", a.actions[0].data)
    };
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].reserved, 1);
    assert_eq!(blocks[0].values[0].tag, PropTag(0x0C15_0003));
    assert_eq!(blocks[0].values[0].value, PropertyValue::Integer32(1));
    assert_eq!(
        blocks[0].values[1].value,
        PropertyValue::String("Bob".into())
    );
}

/// 2.2.5.1.2.3, 2.2.5.1.2.5, 2.2.5.1.2.6, 2.2.5.1.2.7, 2.2.5.1.2.8: OP_DEFER_ACTION data,
/// OP_BOUNCE code, OP_TAG value (PidTagImportance 2), OP_DELETE and OP_MARK_AS_READ without
/// data; then an unknown ActionType 0x0C and an OP_BOUNCE cut short, both kept raw.
#[test]
fn other_action_types_and_raw() {
    let b = unhex(concat!(
        "0700", "0c00", "05", "00000000", "00000000", "abcdef", // OP_DEFER_ACTION
        "0d00", "06", "00000000", "00000000", "0d000000", // OP_BOUNCE 0x0D
        "1100", "09", "00000000", "00000000", "03001700", "02000000", // OP_TAG
        "0900", "0a", "00000000", "00000000", // OP_DELETE
        "0900", "0b", "00000000", "00000000", // OP_MARK_AS_READ
        "0b00", "0c", "00000000", "00000000", "1122", // unknown type
        "0b00", "06", "00000000", "00000000", "0d00", // OP_BOUNCE, two octets only
    ));
    let a = round_trip(&b, Encoding::ROP);
    let d: Vec<_> = a.actions.iter().map(|x| x.data.clone()).collect();
    assert_eq!(d[0], ActionData::DeferAction(vec![0xab, 0xcd, 0xef]));
    assert_eq!(d[1], ActionData::Bounce(0x0D));
    let ActionData::Tag(t) = &d[2] else { panic!() };
    assert_eq!(
        (t.tag, &t.value),
        (PropTag(0x0017_0003), &PropertyValue::Integer32(2))
    );
    assert_eq!(d[3], ActionData::None);
    assert_eq!(d[4], ActionData::None);
    assert_eq!(d[5], ActionData::Raw(vec![0x11, 0x22]));
    assert_eq!(d[6], ActionData::Raw(vec![0x0d, 0x00]));
}

/// A PtypRuleAction inside an OP_TAG inside a PtypRuleAction, a thousand levels deep:
/// bounded, no stack exhaustion, and the bytes come back unchanged.
#[test]
fn nested_tag_actions_are_bounded() {
    let mut inner = unhex("0000"); // empty RuleAction
    for _ in 0..1000 {
        let mut next = unhex("0100");
        let len = 9 + 4 + inner.len();
        next.extend((len as u16).to_le_bytes());
        next.extend(unhex("09000000000000000000"));
        next.truncate(next.len() - 1);
        next.extend(unhex("fe000180")); // tag 0x8001, PtypRuleAction
        next.extend(&inner);
        inner = next;
    }
    let a = RuleAction::decode(&inner, Encoding::ROP).unwrap();
    let mut out = Vec::new();
    a.write(&mut out, Encoding::ROP).unwrap();
    assert_eq!(out, inner);
}

/// 2.2.4.1.9 with 2.2.4.2: one named property (PropId 0x8001, PS_PUBLIC_STRINGS LID 0x8503),
/// RuleVersion 1, and an extended RuleAction whose OP_TAG sets that property (PtypBoolean 1).
#[test]
fn extended_rule_actions_with_named_properties() {
    let b = unhex(concat!(
        "0100",     // NoOfNamedProps
        "0180",     // PropIds
        "15000000", // NamedPropertiesSize 21
        "00",
        "2903020000000000c000000000000046",
        "03850000", // Kind 0, GUID, LID
        "01000000", // RuleVersion
        "01000000",
        "0e000000",
        "09",
        "00000000",
        "00000000", // one OP_TAG block, 14
        "0b000180",
        "01", // PropTag 0x8001000B = 1
    ));
    let x = ExtendedRuleActions::decode(&b).unwrap();
    assert_eq!(x.named.prop_ids, vec![0x8001]);
    let PropertyName::Id { guid, lid } = &x.named.names[0] else {
        panic!()
    };
    assert_eq!(guid.0[..4], [0x29, 0x03, 0x02, 0x00]);
    assert_eq!(*lid, 0x8503);
    assert_eq!(x.rule_version, 1);
    let ActionData::Tag(t) = &x.actions.actions[0].data else {
        panic!()
    };
    assert_eq!(t.tag, PropTag(0x8001_000B));
    assert_eq!(t.value, PropertyValue::Boolean(1));
    let mut out = Vec::new();
    x.encode(&mut out).unwrap();
    assert_eq!(out, b);
    for n in 0..b.len() {
        assert!(ExtendedRuleActions::decode(&b[..n]).is_err(), "cut at {n}");
    }
    // A NamedPropertiesSize larger than the names it holds.
    let mut bad = b.clone();
    bad[4] = 0x16;
    assert!(matches!(
        ExtendedRuleActions::decode(&bad),
        Err(RopError::Invalid { .. } | RopError::Truncated { .. })
    ));
}

/// 2.2.4.1.10 with 2.2.4.2: no named properties (NoOfNamedProps 0 alone) and an exist
/// restriction on PidTagSubject.
#[test]
fn extended_rule_condition_without_names() {
    let b = unhex("0000081f003700");
    let c = ExtendedRuleCondition::decode(&b).unwrap();
    assert!(c.named.prop_ids.is_empty());
    assert_eq!(
        c.restriction,
        Restriction::Exist {
            tag: PropTag(0x0037_001F)
        }
    );
    let mut out = Vec::new();
    c.encode(&mut out).unwrap();
    assert_eq!(out, b);
}
