//! NSPI and Referral call stubs described as JSON: the method name and every parameter.

use serde_json::{json, Map, Value};

use oxwire_msrpc::ndr::{ConformantArray, ContextHandle, NdrSyntax, Unique};
use oxwire_nspi::calls::*;
use oxwire_nspi::rfr;
use oxwire_nspi::{
    AnsiStr, Binary, EntryId, Error, FileTime, FlatUid, PropTagArray, PropValue, PropertyName,
    PropertyRow, PropertyRowSet, PropertyValue, Restriction, RestrictionKind, Stat, Utf16Str,
};

use super::calls::StubRef;

fn syntax(call: &StubRef<'_>) -> NdrSyntax {
    if call.ndr64 {
        NdrSyntax::Ndr64
    } else {
        NdrSyntax::Ndr20
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn h32(v: u32) -> Value {
    format!("0x{v:08x}").into()
}

fn opt<T>(p: &Unique<T>, f: impl Fn(&T) -> Value) -> Value {
    p.get().map(f).unwrap_or(Value::Null)
}

fn handle(h: &ContextHandle) -> Value {
    json!({"attributes": h.attributes, "uuid": h.uuid.to_string()})
}

fn stat(s: &Stat) -> Value {
    json!({
        "SortType": s.sort_type, "ContainerID": s.container_id, "CurrentRec": s.current_rec,
        "Delta": s.delta, "NumPos": s.num_pos, "TotalRecs": s.total_recs,
        "CodePage": s.code_page, "TemplateLocale": s.template_locale, "SortLocale": s.sort_locale,
    })
}

fn uid(u: &FlatUid) -> Value {
    u.to_string().into()
}

fn ansi(s: &AnsiStr<'_>) -> Value {
    s.to_string_lossy().into()
}

fn wide(s: &Utf16Str<'_>) -> Value {
    s.to_string_lossy().into()
}

fn tags(t: &PropTagArray) -> Value {
    Value::Array(t.values().iter().map(|&v| h32(v)).collect())
}

fn time(t: &FileTime) -> Value {
    t.value().into()
}

fn binary(b: &Binary<'_>) -> Value {
    let data = b.data();
    let mut m = Map::new();
    m.insert("cb".into(), b.cb.into());
    m.insert("data".into(), hex(data).into());
    if let Ok(Some(e)) = EntryId::parse(data) {
        m.insert("entry_id".into(), entry_id(&e));
    }
    Value::Object(m)
}

fn entry_id(e: &EntryId<'_>) -> Value {
    match e {
        EntryId::Ephemeral {
            provider_uid,
            display_type,
            mid,
            ..
        } => json!({"type": "ephemeral", "provider_uid": uid(provider_uid),
                    "display_type": display_type, "mid": mid}),
        EntryId::Permanent {
            provider_uid,
            display_type,
            dn,
            ..
        } => json!({"type": "permanent", "provider_uid": uid(provider_uid),
                    "display_type": display_type,
                    "dn": String::from_utf8_lossy(dn)}),
    }
}

fn value(v: &PropValue<'_>) -> Value {
    match v {
        PropValue::I16(x) => (*x).into(),
        PropValue::I32(x) => (*x).into(),
        PropValue::Bool(x) => (*x).into(),
        PropValue::String8(s) => opt(s, ansi),
        PropValue::Binary(b) => binary(b),
        PropValue::Unicode(s) => opt(s, wide),
        PropValue::Guid(g) => opt(g, uid),
        PropValue::Time(t) => time(t),
        PropValue::Error(e) => h32(*e as u32),
        PropValue::MvI16(a) => a.as_slice().iter().map(|&x| Value::from(x)).collect(),
        PropValue::MvI32(a) => a.as_slice().iter().map(|&x| Value::from(x)).collect(),
        PropValue::MvString8(a) => a.as_slice().iter().map(|s| opt(s, ansi)).collect(),
        PropValue::MvBinary(a) => a.as_slice().iter().map(binary).collect(),
        PropValue::MvGuid(a) => a.as_slice().iter().map(|g| opt(g, uid)).collect(),
        PropValue::MvUnicode(a) => a.as_slice().iter().map(|s| opt(s, wide)).collect(),
        PropValue::MvTime(a) => a.as_slice().iter().map(time).collect(),
        PropValue::Reserved { value, .. } => (*value).into(),
    }
}

fn prop(p: &PropertyValue<'_>) -> Value {
    json!({"tag": h32(p.prop_tag), "type": h32(p.value.discriminant()), "value": value(&p.value)})
}

fn row(r: &PropertyRow<'_>) -> Value {
    Value::Array(r.values().iter().map(prop).collect())
}

fn rowset(r: &PropertyRowSet<'_>) -> Value {
    Value::Array(r.rows.0.iter().map(row).collect())
}

fn name(n: &PropertyName) -> Value {
    json!({"guid": opt(&n.guid, uid), "reserved": n.reserved, "id": n.id})
}

fn restriction(r: &Restriction<'_>) -> Value {
    let mut m = Map::new();
    m.insert("rt".into(), r.rt.into());
    m.insert("kind".into(), r.res.name().into());
    match &r.res {
        RestrictionKind::And(v) | RestrictionKind::Or(v) => {
            m.insert(
                "res".into(),
                v.items().iter().map(restriction).collect::<Value>(),
            );
        }
        RestrictionKind::Not(v) => {
            m.insert("res".into(), opt(v, |b| restriction(b)));
        }
        RestrictionKind::Content {
            fuzzy_level,
            prop_tag,
            prop: p,
        } => {
            m.insert("fuzzy_level".into(), h32(*fuzzy_level));
            m.insert("tag".into(), h32(*prop_tag));
            m.insert("prop".into(), opt(p, |b| prop(b)));
        }
        RestrictionKind::Property {
            relop,
            prop_tag,
            prop: p,
        } => {
            m.insert("relop".into(), (*relop).into());
            m.insert("tag".into(), h32(*prop_tag));
            m.insert("prop".into(), opt(p, |b| prop(b)));
        }
        RestrictionKind::CompareProps {
            relop,
            prop_tag1,
            prop_tag2,
        } => {
            m.insert("relop".into(), (*relop).into());
            m.insert("tag1".into(), h32(*prop_tag1));
            m.insert("tag2".into(), h32(*prop_tag2));
        }
        RestrictionKind::BitMask {
            rel_bmr,
            prop_tag,
            mask,
        } => {
            m.insert("rel_bmr".into(), (*rel_bmr).into());
            m.insert("tag".into(), h32(*prop_tag));
            m.insert("mask".into(), h32(*mask));
        }
        RestrictionKind::Size {
            relop,
            prop_tag,
            cb,
        } => {
            m.insert("relop".into(), (*relop).into());
            m.insert("tag".into(), h32(*prop_tag));
            m.insert("cb".into(), (*cb).into());
        }
        RestrictionKind::Exist {
            reserved1,
            prop_tag,
            reserved2,
        } => {
            m.insert("reserved1".into(), (*reserved1).into());
            m.insert("tag".into(), h32(*prop_tag));
            m.insert("reserved2".into(), (*reserved2).into());
        }
        RestrictionKind::Sub { sub_object, res } => {
            m.insert("sub_object".into(), h32(*sub_object));
            m.insert("res".into(), opt(res, |b| restriction(b)));
        }
    }
    Value::Object(m)
}

fn u32s(a: &Unique<ConformantArray<u32>>) -> Value {
    opt(a, |a| a.0.iter().map(|&v| Value::from(v)).collect())
}

fn request(r: &Request<'_>) -> Value {
    match r {
        Request::Bind(v) => json!({"dwFlags": h32(v.flags), "pStat": stat(&v.stat),
            "pServerGuid": opt(&v.server_guid, uid)}),
        Request::Unbind(v) => {
            json!({"contextHandle": handle(&v.context_handle), "Reserved": v.reserved})
        }
        Request::UpdateStat(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "plDelta": opt(&v.delta, |d| (*d).into())}),
        Request::QueryRows(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "pStat": stat(&v.stat), "dwETableCount": v.etable_count, "lpETable": u32s(&v.etable),
            "Count": v.count, "pPropTags": opt(&v.prop_tags, tags)}),
        Request::SeekEntries(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "pTarget": prop(&v.target),
            "lpETable": opt(&v.etable, tags), "pPropTags": opt(&v.prop_tags, tags)}),
        Request::GetMatches(v) => json!({"hRpc": handle(&v.handle), "Reserved1": v.reserved1,
            "pStat": stat(&v.stat), "pReserved": opt(&v.reserved_mids, tags),
            "Reserved2": v.reserved2, "Filter": opt(&v.filter, restriction),
            "lpPropName": opt(&v.prop_name, name), "ulRequested": v.requested,
            "pPropTags": opt(&v.prop_tags, tags)}),
        Request::ResortRestriction(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "pInMIds": tags(&v.in_mids),
            "ppOutMIds": opt(&v.out_mids, tags)}),
        Request::DnToMId(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pNames": v.names.items.0.iter().map(|s| opt(s, ansi)).collect::<Value>()}),
        Request::GetPropList(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "dwMId": v.mid, "CodePage": v.code_page}),
        Request::GetProps(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "pStat": stat(&v.stat), "pPropTags": opt(&v.prop_tags, tags)}),
        Request::CompareMIds(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "MId1": v.mid1, "MId2": v.mid2}),
        Request::ModProps(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "pPropTags": opt(&v.prop_tags, tags), "pRow": row(&v.row)}),
        Request::GetSpecialTable(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "pStat": stat(&v.stat), "lpVersion": v.version}),
        Request::GetTemplateInfo(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "ulType": v.type_, "pDN": opt(&v.dn, ansi), "dwCodePage": v.code_page,
            "dwLocaleID": v.locale_id}),
        Request::ModLinkAtt(v) => json!({"hRpc": handle(&v.handle), "dwFlags": h32(v.flags),
            "ulPropTag": h32(v.prop_tag), "dwMId": v.mid,
            "lpEntryIds": v.entry_ids.as_slice().iter().map(binary).collect::<Value>()}),
        Request::QueryColumns(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "dwFlags": h32(v.flags)}),
        Request::GetNamesFromIds(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "lpguid": opt(&v.guid, uid), "pPropTags": opt(&v.prop_tags, tags)}),
        Request::GetIdsFromNames(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "dwFlags": h32(v.flags), "cPropNames": v.c_prop_names,
            "pNames": v.names.0.iter().map(|n| opt(n, name)).collect::<Value>()}),
        Request::ResolveNames(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "pPropTags": opt(&v.prop_tags, tags),
            "paStr": v.strs.items.0.iter().map(|s| opt(s, ansi)).collect::<Value>()}),
        Request::ResolveNamesW(v) => json!({"hRpc": handle(&v.handle), "Reserved": v.reserved,
            "pStat": stat(&v.stat), "pPropTags": opt(&v.prop_tags, tags),
            "paWStr": v.strs.items.0.iter().map(|s| opt(s, wide)).collect::<Value>()}),
        _ => Value::Null,
    }
}

fn response(r: &Response<'_>) -> Value {
    let mut v = match r {
        Response::Bind(v) => json!({"pServerGuid": opt(&v.server_guid, uid),
            "contextHandle": handle(&v.context_handle)}),
        Response::Unbind(v) => json!({"contextHandle": handle(&v.context_handle)}),
        Response::UpdateStat(v) => json!({"pStat": stat(&v.stat),
            "plDelta": opt(&v.delta, |d| (*d).into())}),
        Response::QueryRows(v) | Response::SeekEntries(v) => json!({"pStat": stat(&v.stat),
            "ppRows": opt(&v.rows, rowset)}),
        Response::GetMatches(v) => json!({"pStat": stat(&v.stat),
            "ppOutMIds": opt(&v.out_mids, tags), "ppRows": opt(&v.rows, rowset)}),
        Response::ResortRestriction(v) => json!({"pStat": stat(&v.stat),
            "ppOutMIds": opt(&v.out_mids, tags)}),
        Response::DnToMId(v) => json!({"ppOutMIds": opt(&v.tags, tags)}),
        Response::GetPropList(v) | Response::GetIdsFromNames(v) => {
            json!({"ppPropTags": opt(&v.tags, tags)})
        }
        Response::QueryColumns(v) => json!({"ppColumns": opt(&v.tags, tags)}),
        Response::GetProps(v) => json!({"ppRows": opt(&v.row, row)}),
        Response::GetTemplateInfo(v) => json!({"ppData": opt(&v.row, row)}),
        Response::CompareMIds(v) => json!({"plResult": v.compare}),
        Response::ModProps(_) | Response::ModLinkAtt(_) => json!({}),
        Response::GetSpecialTable(v) => json!({"lpVersion": v.version,
            "ppRows": opt(&v.rows, rowset)}),
        Response::GetNamesFromIds(v) => json!({
            "ppReturnedPropTags": opt(&v.returned_prop_tags, tags),
            "ppNames": opt(&v.names, |n| n.items.0.iter().map(name).collect())}),
        Response::ResolveNames(v) | Response::ResolveNamesW(v) => json!({
            "ppMIds": opt(&v.mids, tags), "ppRows": opt(&v.rows, rowset)}),
        _ => json!({}),
    };
    if let Value::Object(m) = &mut v {
        m.insert("return".into(), h32(r.result() as u32));
    }
    v
}

fn wrap(opnum_name: Option<&str>, params: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("operation".into(), opnum_name.unwrap_or("unknown").into());
    m.insert("params".into(), params);
    m
}

/// Describes an NSPI call stub.
pub fn describe_nspi(call: &StubRef<'_>) -> Result<Map<String, Value>, String> {
    let (s, le) = (syntax(call), call.little_endian);
    let params = if call.request {
        Request::decode(call.opnum, call.stub, s, le).map(|r| request(&r))
    } else {
        Response::decode(call.opnum, call.stub, s, le).map(|r| response(&r))
    };
    match params {
        Ok(p) => Ok(wrap(opnum_name(call.opnum), p)),
        Err(Error::NotUsedOnWire { name, .. }) => {
            let mut m = Map::new();
            m.insert("operation".into(), name.into());
            m.insert("not_used_on_wire".into(), true.into());
            Ok(m)
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Describes a Referral (RFR) call stub.
pub fn describe_rfr(call: &StubRef<'_>) -> Result<Map<String, Value>, String> {
    let (s, le) = (syntax(call), call.little_endian);
    let name = rfr::opnum_name(call.opnum);
    let dstr = |p: &Unique<Unique<AnsiStr<'_>>>| opt(p, |i| opt(i, ansi));
    let params = if call.request {
        rfr::Request::decode(call.opnum, call.stub, s, le).map(|r| match r {
            rfr::Request::GetNewDsa(v) => json!({"ulFlags": h32(v.flags),
                "pUserDN": ansi(&v.user_dn), "ppszUnused": dstr(&v.unused),
                "ppszServer": dstr(&v.server)}),
            rfr::Request::GetFqdn(v) => json!({"ulFlags": h32(v.flags),
                "cbMailboxServerDN": v.cb, "szMailboxServerDN": ansi(&v.server_dn)}),
            _ => Value::Null,
        })
    } else {
        rfr::Response::decode(call.opnum, call.stub, s, le).map(|r| match r {
            rfr::Response::GetNewDsa(v) => json!({"ppszUnused": dstr(&v.unused),
                "ppszServer": dstr(&v.server), "return": h32(v.result as u32)}),
            rfr::Response::GetFqdn(v) => json!({"ppszServerFQDN": opt(&v.fqdn, ansi),
                "return": h32(v.result as u32)}),
            _ => Value::Null,
        })
    };
    params.map(|p| wrap(name, p)).map_err(|e| e.to_string())
}
