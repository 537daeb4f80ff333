//! Round trips: any body value encodes, decodes to the same value and re-encodes to the same
//! octets, for every request type in both directions.

use std::borrow::Cow;

use oxwire_mapi_rop::prop::{PropTag, PropertyValue, Restriction, TaggedPropertyValue};
use oxwire_moh::addressbook::*;
use oxwire_moh::aux_buffer::AuxiliaryBuffer;
use oxwire_moh::{Limits, RequestType};
use oxwire_nspi::moh::{
    AbRowValue, AbValue, AddressBookPropertyRow, AddressBookPropertyValue,
    AddressBookTaggedPropertyValue,
};
use oxwire_nspi::{FlatUid, Stat};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

fn stat() -> impl Strategy<Value = Stat> {
    proptest::array::uniform9(any::<u32>()).prop_map(|f| Stat {
        sort_type: f[0],
        container_id: f[1],
        current_rec: f[2],
        delta: f[3] as i32,
        num_pos: f[4],
        total_recs: f[5],
        code_page: f[6],
        template_locale: f[7],
        sort_locale: f[8],
    })
}

fn mids() -> impl Strategy<Value = Vec<u32>> {
    vec(any::<u32>(), 0..6)
}

fn aux() -> impl Strategy<Value = AuxiliaryBuffer<'static>> {
    vec(any::<u8>(), 0..12).prop_map(|b| AuxiliaryBuffer {
        bytes: Cow::Owned(b),
    })
}

fn ansi() -> impl Strategy<Value = AnsiString<'static>> {
    vec(1u8..=255, 0..10).prop_map(|b| AnsiString(Cow::Owned(b)))
}

fn utf16_octets() -> impl Strategy<Value = Vec<u8>> {
    vec(1u16..=0xFFFF, 0..6).prop_map(|u| u.into_iter().flat_map(u16::to_le_bytes).collect())
}

fn uni() -> impl Strategy<Value = UnicodeString<'static>> {
    utf16_octets().prop_map(|b| UnicodeString(Cow::Owned(b)))
}

fn value() -> impl Strategy<Value = AddressBookTaggedPropertyValue<'static>> {
    prop_oneof![
        any::<i32>().prop_map(|v| AddressBookTaggedPropertyValue {
            prop_tag: 0x3900_0003,
            value: AddressBookPropertyValue::new(0x0003, AbValue::I32(v)),
        }),
        utf16_octets().prop_map(|b| AddressBookTaggedPropertyValue {
            prop_tag: 0x3001_001F,
            value: AddressBookPropertyValue::new(0x001F, AbValue::Unicode(Cow::Owned(b))),
        }),
        of(vec(any::<u8>(), 0..8)).prop_map(|b| AddressBookTaggedPropertyValue {
            prop_tag: 0x0FFF_0102,
            value: match b {
                Some(b) => AddressBookPropertyValue::new(0x0102, AbValue::Binary(Cow::Owned(b))),
                None => AddressBookPropertyValue {
                    has_value: Some(0),
                    value: None,
                },
            },
        }),
    ]
}

fn values() -> impl Strategy<Value = Vec<AddressBookTaggedPropertyValue<'static>>> {
    vec(value(), 0..4)
}

fn row_set() -> impl Strategy<Value = RowSet<'static>> {
    // Columns: PidTagDisplayName (PtypString), PidTagDisplayType (PtypInteger32).
    let row = (any::<bool>(), utf16_octets(), any::<i32>(), any::<bool>()).prop_map(
        |(flagged, name, dt, missing)| {
            let name = AddressBookPropertyValue::new(0x001F, AbValue::Unicode(Cow::Owned(name)));
            let dt = AddressBookPropertyValue::new(0x0003, AbValue::I32(dt));
            if flagged {
                AddressBookPropertyRow {
                    flags: 1,
                    values: vec![
                        if missing {
                            AbRowValue::Flagged(1, None)
                        } else {
                            AbRowValue::Flagged(0, Some(name))
                        },
                        AbRowValue::Flagged(0, Some(dt)),
                    ],
                }
            } else {
                AddressBookPropertyRow {
                    flags: 0,
                    values: vec![AbRowValue::Plain(name), AbRowValue::Plain(dt)],
                }
            }
        },
    );
    vec(row, 0..4).prop_map(|rows| RowSet {
        columns: vec![0x3001_001F, 0x3900_0003],
        rows,
    })
}

fn restriction() -> impl Strategy<Value = Restriction> {
    let leaf = prop_oneof![
        any::<u32>().prop_map(|t| Restriction::Exist { tag: PropTag(t) }),
        (0u8..7, any::<i32>()).prop_map(|(op, v)| Restriction::Property {
            rel_op: op,
            tag: PropTag(0x3900_0003),
            value: TaggedPropertyValue {
                tag: PropTag(0x3900_0003),
                value: PropertyValue::Integer32(v),
            },
        }),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Restriction::And),
            vec(inner.clone(), 0..3).prop_map(Restriction::Or),
            inner.prop_map(|r| Restriction::Not(Box::new(r))),
        ]
    })
}

fn name_ref() -> impl Strategy<Value = PropertyNameRef> {
    (any::<[u8; 16]>(), any::<u32>()).prop_map(|(g, id)| PropertyNameRef {
        guid: FlatUid(g),
        id,
    })
}

fn request() -> impl Strategy<Value = AddressBookRequest<'static>> {
    use AddressBookRequest as R;
    prop_oneof![
        (any::<u32>(), of(stat()), aux()).prop_map(|(flags, state, a)| R::Bind(BindRequest {
            flags,
            state,
            auxiliary_buffer: a
        })),
        (any::<u32>(), aux()).prop_map(|(reserved, a)| R::Unbind(UnbindRequest {
            reserved,
            auxiliary_buffer: a
        })),
        (any::<u32>(), of(stat()), any::<u32>(), any::<u32>(), aux()).prop_map(
            |(reserved, state, min_id1, min_id2, a)| R::CompareMIds(CompareMIdsRequest {
                reserved,
                state,
                min_id1,
                min_id2,
                auxiliary_buffer: a
            })
        ),
        (any::<u32>(), of(vec(ansi(), 0..4)), aux()).prop_map(|(reserved, names, a)| {
            R::DnToMId(DnToMIdRequest {
                reserved,
                names,
                auxiliary_buffer: a,
            })
        }),
        (
            any::<u32>(),
            of(stat()),
            of(mids()),
            any::<u32>(),
            of(restriction()),
            of(name_ref()),
            any::<u32>(),
            of(mids()),
            aux()
        )
            .prop_map(
                |(reserved, state, min_ids, iof, filter, pn, row_count, columns, a)| {
                    R::GetMatches(GetMatchesRequest {
                        reserved,
                        state,
                        min_ids,
                        interface_option_flags: iof,
                        filter,
                        property_name: pn,
                        row_count,
                        columns,
                        auxiliary_buffer: a,
                    })
                }
            ),
        (any::<u32>(), any::<u32>(), any::<u32>(), aux()).prop_map(|(flags, min_id, cp, a)| {
            R::GetPropList(GetPropListRequest {
                flags,
                min_id,
                code_page: cp,
                auxiliary_buffer: a,
            })
        }),
        (any::<u32>(), of(stat()), of(mids()), aux()).prop_map(|(flags, state, tags, a)| {
            R::GetProps(GetPropsRequest {
                flags,
                state,
                prop_tags: tags,
                auxiliary_buffer: a,
            })
        }),
        (any::<u32>(), of(stat()), of(any::<u32>()), aux()).prop_map(
            |(flags, state, version, a)| R::GetSpecialTable(GetSpecialTableRequest {
                flags,
                state,
                version,
                auxiliary_buffer: a
            })
        ),
        (
            any::<u32>(),
            any::<u32>(),
            of(ansi()),
            any::<u32>(),
            any::<u32>(),
            aux()
        )
            .prop_map(|(flags, dt, dn, cp, lcid, a)| R::GetTemplateInfo(
                GetTemplateInfoRequest {
                    flags,
                    display_type: dt,
                    template_dn: dn,
                    code_page: cp,
                    locale_id: lcid,
                    auxiliary_buffer: a
                }
            )),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            of(vec(vec(any::<u8>(), 0..8), 0..3)),
            aux()
        )
            .prop_map(
                |(flags, tag, mid, ids, a)| R::ModLinkAtt(ModLinkAttRequest {
                    flags,
                    prop_tag: tag,
                    min_id: mid,
                    entry_ids: ids
                        .map(|v| v.into_iter().map(|b| SizedBytes(Cow::Owned(b))).collect()),
                    auxiliary_buffer: a
                })
            ),
        (any::<u32>(), of(stat()), of(mids()), of(values()), aux()).prop_map(
            |(reserved, state, rm, vals, a)| R::ModProps(ModPropsRequest {
                reserved,
                state,
                prop_tags_to_remove: rm,
                values: vals,
                auxiliary_buffer: a
            })
        ),
        (any::<u32>(), any::<u32>(), aux()).prop_map(|(reserved, f, a)| R::QueryColumns(
            QueryColumnsRequest {
                reserved,
                mapi_flags: f,
                auxiliary_buffer: a
            }
        )),
        (
            any::<u32>(),
            of(stat()),
            mids(),
            any::<u32>(),
            of(mids()),
            aux()
        )
            .prop_map(
                |(flags, state, et, rc, cols, a)| R::QueryRows(QueryRowsRequest {
                    flags,
                    state,
                    explicit_table: et,
                    row_count: rc,
                    columns: cols,
                    auxiliary_buffer: a
                })
            ),
        (
            any::<u32>(),
            of(stat()),
            of(mids()),
            of(vec(uni(), 0..3)),
            aux()
        )
            .prop_map(|(reserved, state, tags, names, a)| R::ResolveNames(
                ResolveNamesRequest {
                    reserved,
                    state,
                    prop_tags: tags,
                    names,
                    auxiliary_buffer: a
                }
            )),
        (any::<u32>(), of(stat()), of(mids()), aux()).prop_map(|(reserved, state, m, a)| {
            R::ResortRestriction(ResortRestrictionRequest {
                reserved,
                state,
                min_ids: m,
                auxiliary_buffer: a,
            })
        }),
        (
            any::<u32>(),
            of(stat()),
            of(value()),
            of(mids()),
            of(mids()),
            aux()
        )
            .prop_map(|(reserved, state, target, et, cols, a)| R::SeekEntries(
                SeekEntriesRequest {
                    reserved,
                    state,
                    target,
                    explicit_table: et,
                    columns: cols,
                    auxiliary_buffer: a
                }
            )),
        (any::<u32>(), of(stat()), any::<bool>(), aux()).prop_map(|(reserved, state, d, a)| {
            R::UpdateStat(UpdateStatRequest {
                reserved,
                state,
                delta_requested: d,
                auxiliary_buffer: a,
            })
        }),
        (any::<u32>(), uni(), aux()).prop_map(|(flags, dn, a)| R::GetMailboxUrl(
            GetMailboxUrlRequest {
                flags,
                server_dn: dn,
                auxiliary_buffer: a
            }
        )),
        (any::<u32>(), uni(), aux()).prop_map(|(flags, dn, a)| R::GetAddressBookUrl(
            GetAddressBookUrlRequest {
                flags,
                user_dn: dn,
                auxiliary_buffer: a
            }
        )),
    ]
}

fn response() -> impl Strategy<Value = AddressBookResponse<'static>> {
    use AddressBookResponse as R;
    let e = any::<u32>;
    prop_oneof![
        (e(), any::<[u8; 16]>(), aux()).prop_map(|(ec, g, a)| R::Bind(BindResponse {
            error_code: ec,
            server_guid: FlatUid(g),
            auxiliary_buffer: a
        })),
        (e(), aux()).prop_map(|(ec, a)| R::Unbind(UnbindResponse {
            error_code: ec,
            auxiliary_buffer: a
        })),
        (e(), any::<i32>(), aux()).prop_map(|(ec, result, a)| R::CompareMIds(
            CompareMIdsResponse {
                error_code: ec,
                result,
                auxiliary_buffer: a
            }
        )),
        (e(), of(mids()), aux()).prop_map(|(ec, m, a)| R::DnToMId(DnToMIdResponse {
            error_code: ec,
            min_ids: m,
            auxiliary_buffer: a
        })),
        (e(), of(stat()), of(mids()), of(row_set()), aux()).prop_map(|(ec, s, m, rows, a)| {
            R::GetMatches(GetMatchesResponse {
                error_code: ec,
                state: s,
                min_ids: m,
                rows,
                auxiliary_buffer: a,
            })
        }),
        (e(), of(mids()), aux()).prop_map(|(ec, t, a)| R::GetPropList(GetPropListResponse {
            error_code: ec,
            prop_tags: t,
            auxiliary_buffer: a
        })),
        (e(), any::<u32>(), of(values()), aux()).prop_map(|(ec, cp, v, a)| R::GetProps(
            GetPropsResponse {
                error_code: ec,
                code_page: cp,
                values: v,
                auxiliary_buffer: a
            }
        )),
        (
            e(),
            any::<u32>(),
            of(any::<u32>()),
            of(vec(values(), 0..3)),
            aux()
        )
            .prop_map(|(ec, cp, ver, rows, a)| R::GetSpecialTable(
                GetSpecialTableResponse {
                    error_code: ec,
                    code_page: cp,
                    version: ver,
                    rows,
                    auxiliary_buffer: a
                }
            )),
        (e(), any::<u32>(), of(values()), aux()).prop_map(|(ec, cp, row, a)| {
            R::GetTemplateInfo(GetTemplateInfoResponse {
                error_code: ec,
                code_page: cp,
                row,
                auxiliary_buffer: a,
            })
        }),
        (e(), aux()).prop_map(|(ec, a)| R::ModLinkAtt(ModLinkAttResponse {
            error_code: ec,
            auxiliary_buffer: a
        })),
        (e(), aux()).prop_map(|(ec, a)| R::ModProps(ModPropsResponse {
            error_code: ec,
            auxiliary_buffer: a
        })),
        (e(), of(mids()), aux()).prop_map(|(ec, c, a)| R::QueryColumns(QueryColumnsResponse {
            error_code: ec,
            columns: c,
            auxiliary_buffer: a
        })),
        (e(), of(stat()), of(row_set()), aux()).prop_map(|(ec, s, rows, a)| R::QueryRows(
            QueryRowsResponse {
                error_code: ec,
                state: s,
                rows,
                auxiliary_buffer: a
            }
        )),
        (e(), any::<u32>(), of(mids()), of(row_set()), aux()).prop_map(|(ec, cp, m, rows, a)| {
            R::ResolveNames(ResolveNamesResponse {
                error_code: ec,
                code_page: cp,
                min_ids: m,
                rows,
                auxiliary_buffer: a,
            })
        }),
        (e(), of(stat()), of(mids()), aux()).prop_map(|(ec, s, m, a)| R::ResortRestriction(
            ResortRestrictionResponse {
                error_code: ec,
                state: s,
                min_ids: m,
                auxiliary_buffer: a
            }
        )),
        (e(), of(stat()), of(row_set()), aux()).prop_map(|(ec, s, rows, a)| R::SeekEntries(
            SeekEntriesResponse {
                error_code: ec,
                state: s,
                rows,
                auxiliary_buffer: a
            }
        )),
        (e(), of(stat()), of(any::<i32>()), aux()).prop_map(|(ec, s, d, a)| R::UpdateStat(
            UpdateStatResponse {
                error_code: ec,
                state: s,
                delta: d,
                auxiliary_buffer: a
            }
        )),
        (e(), uni(), aux()).prop_map(|(ec, u, a)| R::GetMailboxUrl(GetMailboxUrlResponse {
            error_code: ec,
            server_url: u,
            auxiliary_buffer: a
        })),
        (e(), uni(), aux()).prop_map(|(ec, u, a)| R::GetAddressBookUrl(
            GetAddressBookUrlResponse {
                error_code: ec,
                server_url: u,
                auxiliary_buffer: a
            }
        )),
        (1u32.., aux(), 5usize..24).prop_map(|(sc, a, i)| R::Failure(
            RequestType::ALL[i],
            FailureResponse {
                status_code: sc,
                auxiliary_buffer: a
            }
        )),
    ]
}

proptest! {
    #[test]
    fn requests_round_trip(req in request()) {
        let bytes = req.to_vec().unwrap();
        let back = decode_request(req.request_type(), &bytes, &Limits::default()).unwrap();
        prop_assert_eq!(&back, &req);
        prop_assert_eq!(back.to_vec().unwrap(), bytes);
    }

    #[test]
    fn responses_round_trip(resp in response()) {
        let bytes = resp.to_vec().unwrap();
        let back = decode_response(resp.request_type(), &bytes, &Limits::default()).unwrap();
        prop_assert_eq!(&back, &resp);
        prop_assert_eq!(back.to_vec().unwrap(), bytes);
    }

    #[test]
    fn any_octets_decode_or_fail_without_panicking(
        sel in 5usize..24,
        body in vec(any::<u8>(), 0..96),
    ) {
        let t = RequestType::ALL[sel];
        if let Ok(v) = decode_request(t, &body, &Limits::default()) {
            prop_assert_eq!(v.to_vec().unwrap().len(), body.len());
        }
        if let Ok(v) = decode_response(t, &body, &Limits::default()) {
            prop_assert_eq!(v.to_vec().unwrap().len(), body.len());
        }
    }
}
