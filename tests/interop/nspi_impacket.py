"""NSPI and Referral stubs built and parsed by impacket (nspi.py, oxabref.py).

`build`: prints a JSON list of stubs impacket encodes, each with the values impacket was given
(as JSON pointers into the dissector's description of the call). `parse`: reads a JSON list of
{"iface","opnum","dir","hex"} on stdin and prints what impacket reads from each stub.

Where impacket's declaration departs from the MS-NSPI IDL (it sends pStat of NspiGetProps and
NspiGetSpecialTable as unique pointers, lpVersion as a pointer, the two tag arrays of
NspiSeekEntries inline, the names of NspiGetIDsFromNames as inline structures, and
DateTimeArray_r elements as pointers), the stub is assembled from impacket's own types in the
IDL's shape; the notes name each such case.
"""
import json
import sys

from impacket.dcerpc.v5 import nspi, oxabref
from impacket.dcerpc.v5.dtypes import NULL, DWORD, LONG, SHORT, ULONG, STR, LPSTR, FILETIME
from impacket.dcerpc.v5.ndr import NDRCALL, NDRPOINTER, NDRUniConformantArray, NDRSTRUCT
from impacket.uuid import string_to_bin

HANDLE_UUID = bytes(range(1, 17))
GUID1 = bytes(range(0x10, 0x20))


def handle():
    h = nspi.handle_t()
    h['context_handle_attributes'] = 0
    h['context_handle_uuid'] = HANDLE_UUID
    return h


HANDLE_JSON = {"attributes": 0, "uuid": "04030201-0605-0807-090a-0b0c0d0e0f10"}


def stat(container=0, code_page=1252):
    s = nspi.STAT()
    s['SortType'] = 0
    s['ContainerID'] = container
    s['CurrentRec'] = 0x10
    s['Delta'] = -3
    s['NumPos'] = 7
    s['TotalRecs'] = 300
    s['CodePage'] = code_page
    s['TemplateLocale'] = 0x409
    s['SortLocale'] = 0x409
    return s


def stat_json(container=0, code_page=1252):
    return {"SortType": 0, "ContainerID": container, "CurrentRec": 0x10, "Delta": -3,
            "NumPos": 7, "TotalRecs": 300, "CodePage": code_page,
            "TemplateLocale": 0x409, "SortLocale": 0x409}


def tags(values):
    t = nspi.PropertyTagArray_r()
    t['cValues'] = len(values)
    for v in values:
        t['aulPropTag'].append(dword(v))
    return t


def dword(v):
    d = DWORD()
    d['Data'] = v
    return d


def hx(v):
    return "0x%08x" % v


def ptr(cls, data):
    p = cls()
    p['Data'] = data
    return p


# PROP_VAL_UNION values covering every arm impacket can build.
def propval(tag, arm, value):
    p = nspi.PropertyValue_r()
    p['ulPropTag'] = tag
    p['ulReserved'] = 0
    p['Value']['tag'] = tag & 0xFFFF
    p['Value'][arm] = value
    return p


def binary_r(data):
    b = nspi.Binary_r()
    b['cValues'] = len(data)
    b['lpb'] = data
    return b


def values_row():
    """A row with one value of each type, and the JSON the dissector shows for it."""
    props, expect = [], []

    def add(tag, arm, value, shown):
        props.append(propval(tag, arm, value))
        expect.append({"tag": hx(tag), "value": shown})

    add(0x3a4d0002, 'i', -2, -2)
    add(0x39000003, 'l', 6, 6)
    add(0x3a40000b, 'b', 1, 1)
    add(0x3001001e, 'lpszA', 'Alice A\x00', "Alice A")
    add(0x3001001f, 'lpszW', 'Zo\u00eb \u4e2d\x00', "Zo\u00eb \u4e2d")
    add(0x0fff0102, 'bin', binary_r(b'\x87\x00\x00\x00' + GUID1 + b'\x01\x00\x00\x00'
                                    + b'\x00\x00\x00\x00' + b'\x34\x12\x00\x00'), None)
    add(0x8c6d0048, 'lpguid', ptr(nspi.PFlatUID_r, GUID1), GUID1.hex())
    ft = FILETIME()
    ft['dwLowDateTime'] = 0x89abcdef
    ft['dwHighDateTime'] = 0x01d9aabb
    add(0x30070040, 'ft', ft, 0x01d9aabb89abcdef)
    add(0x3a06000a, 'err', 0x8004010f, hx(0x8004010f))
    mvi = nspi.ShortArray_r()
    mvi['cValues'] = 3
    for x in [1, -1, 300]:
        e = SHORT()
        e['Data'] = x
        mvi['lpi'].append(e)
    add(0x80011002, 'MVi', mvi, [1, -1, 300])
    mvl = nspi.LongArray_r()
    mvl['cValues'] = 2
    for x in [70000, -5]:
        e = LONG()
        e['Data'] = x
        mvl['lpl'].append(e)
    add(0x80021003, 'MVl', mvl, [70000, -5])
    mva = nspi.StringArray_r()
    mva['cValues'] = 2
    for s in ['smtp:a@x\x00', 'X500:/o=y\x00']:
        e = LPSTR()
        e['Data'] = s
        mva['lppszA'].append(e)
    add(0x800f101e, 'MVszA', mva, ['smtp:a@x', 'X500:/o=y'])
    mvw = nspi.WStringArray_r()
    mvw['cValues'] = 1
    e = nspi.LPWSTR()
    e['Data'] = 'SMTP:b@y\x00'
    mvw['lppszW'].append(e)
    add(0x800f101f, 'MVszW', mvw, ['SMTP:b@y'])
    mvb = nspi.BinaryArray_r()
    mvb['cValues'] = 2
    mvb['lpbin'].append(binary_r(b'\x01\x02\x03'))
    mvb['lpbin'].append(binary_r(b'\xff'))
    add(0x80081102, 'MVbin', mvb, [{"cb": 3, "data": "010203"}, {"cb": 1, "data": "ff"}])
    mvg = nspi.FlatUIDArray_r()
    mvg['cValues'] = 1
    mvg['lpguid'].append(ptr(nspi.PFlatUID_r, GUID1))
    add(0x80091048, 'MVguid', mvg, [GUID1.hex()])
    add(0x0ffe0001, 'lReserved', 0, 0)
    # The binary shows cb, data and the ephemeral entry ID inside it.
    expect[5]["value"] = {"cb": 32, "data": props[5]['Value']['bin']['lpb'] and
                          (b'\x87\x00\x00\x00' + GUID1 + b'\x01\x00\x00\x00\x00\x00\x00\x00\x34\x12\x00\x00').hex(),
                          "entry_id": {"type": "ephemeral", "provider_uid": GUID1.hex(),
                                       "display_type": 0, "mid": 0x1234}}
    return props, expect


def row_r(props):
    r = nspi.PropertyRow_r()
    r['Reserved'] = 0
    r['cValues'] = len(props)
    for p in props:
        r['lpProps'].append(p)
    return r


def rowset(rows):
    rs = nspi.PropertyRowSet_r()
    rs['cRows'] = len(rows)
    for r in rows:
        rs['aRow'].append(r)
    return rs


def case(out, iface, opnum, direction, obj, expect, note=None):
    item = {"iface": iface, "opnum": opnum, "dir": direction, "hex": obj.getData().hex(),
            "expect": expect}
    if note:
        item["note"] = note
    out.append(item)


# Spec-shaped declarations made of impacket's own types (see the module docstring).
class NspiGetPropsSpec(NDRCALL):
    opnum = 9
    structure = (('hRpc', nspi.handle_t), ('dwFlags', DWORD), ('pStat', nspi.STAT),
                 ('pPropTags', nspi.PPropertyTagArray_r))


class NspiGetSpecialTableSpec(NDRCALL):
    opnum = 12
    structure = (('hRpc', nspi.handle_t), ('dwFlags', DWORD), ('pStat', nspi.STAT),
                 ('lpVersion', DWORD))


class NspiSeekEntriesSpec(NDRCALL):
    opnum = 4
    structure = (('hRpc', nspi.handle_t), ('Reserved', DWORD), ('pStat', nspi.STAT),
                 ('pTarget', nspi.PropertyValue_r), ('lpETable', nspi.PPropertyTagArray_r),
                 ('pPropTags', nspi.PPropertyTagArray_r))


class PPropertyNameArray(NDRUniConformantArray):
    item = nspi.PPropertyName_r


class NspiGetIDsFromNamesSpec(NDRCALL):
    opnum = 18
    structure = (('hRpc', nspi.handle_t), ('Reserved', DWORD), ('dwFlags', DWORD),
                 ('cPropNames', DWORD), ('pNames', PPropertyNameArray))


# Opnums 5, 6 and 11, which impacket leaves commented out, declared from its own types in
# the shape of MS-NSPI 3.1.4.10, 3.1.4.11 and 3.1.4.14.
class NspiGetMatchesSpec(NDRCALL):
    opnum = 5
    structure = (('hRpc', nspi.handle_t), ('Reserved1', DWORD), ('pStat', nspi.STAT),
                 ('pReserved', nspi.PPropertyTagArray_r), ('Reserved2', DWORD),
                 ('Filter', nspi.PRestriction_r), ('lpPropName', nspi.PPropertyName_r),
                 ('ulRequested', DWORD), ('pPropTags', nspi.PPropertyTagArray_r))


class NspiGetMatchesResponseSpec(NDRCALL):
    structure = (('pStat', nspi.STAT), ('ppOutMIds', nspi.PPropertyTagArray_r),
                 ('ppRows', nspi.PPropertyRowSet_r), ('ErrorCode', ULONG))


class NspiResortRestrictionSpec(NDRCALL):
    opnum = 6
    structure = (('hRpc', nspi.handle_t), ('Reserved', DWORD), ('pStat', nspi.STAT),
                 ('pInMIds', nspi.PropertyTagArray_r), ('ppOutMIds', nspi.PPropertyTagArray_r))


class NspiResortRestrictionResponseSpec(NDRCALL):
    structure = (('pStat', nspi.STAT), ('ppOutMIds', nspi.PPropertyTagArray_r),
                 ('ErrorCode', ULONG))


class NspiModPropsSpec(NDRCALL):
    opnum = 11
    structure = (('hRpc', nspi.handle_t), ('Reserved', DWORD), ('pStat', nspi.STAT),
                 ('pPropTags', nspi.PPropertyTagArray_r), ('pRow', nspi.PropertyRow_r))


class NspiModPropsResponseSpec(NDRCALL):
    structure = (('ErrorCode', ULONG),)


class RfrGetNewDSAResponseFull(NDRCALL):
    structure = (('ppszUnused', oxabref.PPUCHAR_ARRAY), ('ppszServer', oxabref.PPUCHAR_ARRAY),
                 ('ErrorCode', ULONG))


def build():
    out = []
    # 0 NspiBind
    r = nspi.NspiBind()
    r['dwFlags'] = 0x20
    r['pStat'] = stat()
    r['pServerGuid'] = GUID1
    case(out, "nspi", 0, "request", r, {"/params/dwFlags": hx(0x20), "/params/pStat": stat_json(),
                                         "/params/pServerGuid": GUID1.hex()})
    r = nspi.NspiBindResponse()
    r['pServerGuid'] = GUID1
    r['contextHandle'] = handle()
    r['ErrorCode'] = 0
    case(out, "nspi", 0, "response", r, {"/params/pServerGuid": GUID1.hex(),
                                          "/params/contextHandle": HANDLE_JSON,
                                          "/params/return": hx(0)})
    # 1 NspiUnbind
    r = nspi.NspiUnbind()
    r['contextHandle'] = handle()
    r['Reserved'] = 0
    case(out, "nspi", 1, "request", r, {"/params/contextHandle": HANDLE_JSON, "/params/Reserved": 0})
    r = nspi.NspiUnbindResponse()
    r['contextHandle'] = nspi.handle_t()
    r['ErrorCode'] = 1
    case(out, "nspi", 1, "response", r, {"/params/return": hx(1)})
    # 2 NspiUpdateStat
    r = nspi.NspiUpdateStat()
    r['hRpc'] = handle()
    r['pStat'] = stat(container=0x1234)
    r['plDelta'] = 5
    case(out, "nspi", 2, "request", r, {"/params/pStat": stat_json(container=0x1234),
                                         "/params/plDelta": 5, "/params/hRpc": HANDLE_JSON})
    r = nspi.NspiUpdateStatResponse()
    r['pStat'] = stat()
    r['plDelta'] = NULL
    r['ErrorCode'] = 0
    case(out, "nspi", 2, "response", r, {"/params/pStat": stat_json(), "/params/plDelta": None})
    # 3 NspiQueryRows
    r = nspi.NspiQueryRows()
    r['hRpc'] = handle()
    r['dwFlags'] = nspi.fSkipObjects
    r['pStat'] = stat()
    r['dwETableCount'] = 3
    for m in [0x100, 0x101, 0x102]:
        r['lpETable'].append(dword(m))
    r['Count'] = 50
    r['pPropTags'] = tags([0x3001001f, 0x39fe001f, 0x0fff0102])
    case(out, "nspi", 3, "request", r, {"/params/dwETableCount": 3,
                                         "/params/lpETable": [0x100, 0x101, 0x102],
                                         "/params/Count": 50,
                                         "/params/pPropTags": [hx(0x3001001f), hx(0x39fe001f), hx(0x0fff0102)]})
    props, pexp = values_row()
    r = nspi.NspiQueryRowsResponse()
    r['pStat'] = stat()
    r['ppRows'] = rowset([row_r(props), row_r(props[:2])])
    r['ErrorCode'] = 0
    case(out, "nspi", 3, "response", r, {"/params/ppRows": [pexp, pexp[:2]], "/params/pStat": stat_json()})
    # 4 NspiSeekEntries (IDL shape)
    r = NspiSeekEntriesSpec()
    r['hRpc'] = handle()
    r['Reserved'] = 0
    r['pStat'] = stat()
    r['pTarget'] = propval(0x3001001f, 'lpszW', 'Bob\x00')
    r['lpETable'] = NULL
    r['pPropTags'] = tags([0x3001001f])
    case(out, "nspi", 4, "request", r, {"/params/pTarget": {"tag": hx(0x3001001f), "type": hx(0x1f), "value": "Bob"},
                                         "/params/lpETable": None,
                                         "/params/pPropTags": [hx(0x3001001f)]},
         "impacket declares lpETable and pPropTags inline; MS-NSPI 3.1.4.9 has [in, unique]")
    r = nspi.NspiSeekEntriesResponse()
    r['pStat'] = stat()
    r['ppRows'] = NULL
    r['ErrorCode'] = 0x8004010f
    case(out, "nspi", 4, "response", r, {"/params/ppRows": None, "/params/return": hx(0x8004010f)})
    # 5 NspiGetMatches: Filter = And(Property(RELOP_EQ, DisplayName, "Bob"), Exist(Email))
    r = NspiGetMatchesSpec()
    r['hRpc'] = handle()
    r['Reserved1'] = 0
    r['pStat'] = stat()
    r['pReserved'] = NULL
    r['Reserved2'] = 0
    prop_res = nspi.Restriction_r()
    prop_res['rt'] = 4
    prop_res['res']['tag'] = 4
    prop_res['res']['resProperty']['relop'] = 4
    prop_res['res']['resProperty']['ulPropTag'] = 0x3001001f
    prop_res['res']['resProperty']['lpProp'] = propval(0x3001001f, 'lpszW', 'Bob\x00')
    exist = nspi.Restriction_r()
    exist['rt'] = 8
    exist['res']['tag'] = 8
    exist['res']['resExist']['ulReserved1'] = 0
    exist['res']['resExist']['ulPropTag'] = 0x39fe001f
    exist['res']['resExist']['ulReserved2'] = 0
    top = nspi.Restriction_r()
    top['rt'] = 0
    top['res']['tag'] = 0
    top['res']['resAnd']['cRes'] = 2
    top['res']['resAnd']['lpRes'].append(prop_res)
    top['res']['resAnd']['lpRes'].append(exist)
    r['Filter'] = top
    r['lpPropName'] = NULL
    r['ulRequested'] = 100
    r['pPropTags'] = tags([0x3001001f])
    case(out, "nspi", 5, "request", r, {
        "/params/Filter": {"rt": 0, "kind": "And", "res": [
            {"rt": 4, "kind": "Property", "relop": 4, "tag": hx(0x3001001f),
             "prop": {"tag": hx(0x3001001f), "value": "Bob"}},
            {"rt": 8, "kind": "Exist", "tag": hx(0x39fe001f)}]},
        "/params/ulRequested": 100, "/params/lpPropName": None},
        "impacket leaves NspiGetMatches commented out; declared from its types per MS-NSPI 3.1.4.10")
    r = NspiGetMatchesResponseSpec()
    r['pStat'] = stat()
    r['ppOutMIds'] = tags([0x11, 0x12])
    r['ppRows'] = rowset([row_r(props[:1]), row_r(props[1:2])])
    r['ErrorCode'] = 0
    case(out, "nspi", 5, "response", r, {"/params/ppOutMIds": [hx(0x11), hx(0x12)],
                                          "/params/ppRows": [pexp[:1], pexp[1:2]]})
    # 6 NspiResortRestriction
    r = NspiResortRestrictionSpec()
    r['hRpc'] = handle()
    r['Reserved'] = 0
    r['pStat'] = stat()
    r['pInMIds'] = tags([3, 1, 2])
    r['ppOutMIds'] = NULL
    case(out, "nspi", 6, "request", r, {"/params/pInMIds": [hx(3), hx(1), hx(2)], "/params/ppOutMIds": None})
    r = NspiResortRestrictionResponseSpec()
    r['pStat'] = stat()
    r['ppOutMIds'] = tags([1, 2, 3])
    r['ErrorCode'] = 0
    case(out, "nspi", 6, "response", r, {"/params/ppOutMIds": [hx(1), hx(2), hx(3)]})
    # 11 NspiModProps
    r = NspiModPropsSpec()
    r['hRpc'] = handle()
    r['Reserved'] = 0
    r['pStat'] = stat()
    r['pPropTags'] = tags([0x3a17001f])
    r['pRow'] = row_r([propval(0x3a17001f, 'lpszW', 'Manager\x00')])
    case(out, "nspi", 11, "request", r, {"/params/pRow": [{"tag": hx(0x3a17001f), "value": "Manager"}]})
    r = NspiModPropsResponseSpec()
    r['ErrorCode'] = 0x80070005
    case(out, "nspi", 11, "response", r, {"/params/return": hx(0x80070005)})
    # 7 NspiDNToMId
    r = nspi.NspiDNToMId()
    r['hRpc'] = handle()
    r['Reserved'] = 0
    r['pNames']['Count'] = 2
    for s in ['/o=First Organization/cn=Recipients/cn=alice\x00', '/guid=0011\x00']:
        e = LPSTR()
        e['Data'] = s
        r['pNames']['Strings'].append(e)
    case(out, "nspi", 7, "request", r, {"/params/pNames": ['/o=First Organization/cn=Recipients/cn=alice', '/guid=0011']})
    r = nspi.NspiDNToMIdResponse()
    r['ppOutMIds'] = tags([0x1000, 0])
    r['ErrorCode'] = 0
    case(out, "nspi", 7, "response", r, {"/params/ppOutMIds": [hx(0x1000), hx(0)]})
    # 8 NspiGetPropList
    r = nspi.NspiGetPropList()
    r['hRpc'] = handle()
    r['dwFlags'] = 1
    r['dwMId'] = 0x1234
    r['CodePage'] = 1252
    case(out, "nspi", 8, "request", r, {"/params/dwMId": 0x1234, "/params/CodePage": 1252})
    r = nspi.NspiGetPropListResponse()
    r['ppOutMIds'] = NULL
    r['ErrorCode'] = 0x80040111
    case(out, "nspi", 8, "response", r, {"/params/ppPropTags": None, "/params/return": hx(0x80040111)})
    # 9 NspiGetProps (IDL shape)
    r = NspiGetPropsSpec()
    r['hRpc'] = handle()
    r['dwFlags'] = 2
    r['pStat'] = stat()
    r['pPropTags'] = NULL
    case(out, "nspi", 9, "request", r, {"/params/dwFlags": hx(2), "/params/pStat": stat_json(),
                                         "/params/pPropTags": None},
         "impacket sends pStat as a unique pointer; MS-NSPI 3.1.4.7 has [in] STAT*")
    r = nspi.NspiGetPropsResponse()
    r['ppRows'] = row_r(props)
    r['ErrorCode'] = 0
    case(out, "nspi", 9, "response", r, {"/params/ppRows": pexp})
    # 10 NspiCompareMIds
    r = nspi.NspiCompareMIds()
    r['hRpc'] = handle()
    r['pStat'] = stat()
    r['MId1'] = 5
    r['MId2'] = 9
    case(out, "nspi", 10, "request", r, {"/params/MId1": 5, "/params/MId2": 9})
    r = nspi.NspiCompareMIdsResponse()
    r['plResult'] = -1
    r['ErrorCode'] = 0
    case(out, "nspi", 10, "response", r, {"/params/plResult": -1})
    # 12 NspiGetSpecialTable (IDL shape)
    r = NspiGetSpecialTableSpec()
    r['hRpc'] = handle()
    r['dwFlags'] = 4
    r['pStat'] = stat()
    r['lpVersion'] = 7
    case(out, "nspi", 12, "request", r, {"/params/dwFlags": hx(4), "/params/lpVersion": 7},
         "impacket sends pStat and lpVersion as unique pointers; MS-NSPI 3.1.4.3 has [in] STAT* and [in, out] DWORD*")
    r = nspi.NspiGetSpecialTableResponse()
    r['lpVersion'] = 8
    r['ppRows'] = rowset([row_r(props[:3])])
    r['ErrorCode'] = 0
    case(out, "nspi", 12, "response", r, {"/params/lpVersion": 8, "/params/ppRows": [pexp[:3]]})
    # 13 NspiGetTemplateInfo
    r = nspi.NspiGetTemplateInfo()
    r['hRpc'] = handle()
    r['dwFlags'] = 1
    r['ulType'] = 0
    r['pDN'] = '/o=Org\x00'
    r['dwCodePage'] = 1252
    r['dwLocaleID'] = 0x409
    case(out, "nspi", 13, "request", r, {"/params/pDN": "/o=Org", "/params/dwLocaleID": 0x409})
    r = nspi.NspiGetTemplateInfoResponse()
    r['ppData'] = NULL
    r['ErrorCode'] = 0x8004010f
    case(out, "nspi", 13, "response", r, {"/params/ppData": None})
    # 14 NspiModLinkAtt
    r = nspi.NspiModLinkAtt()
    r['hRpc'] = handle()
    r['dwFlags'] = 1
    r['ulPropTag'] = 0x8009101e
    r['dwMId'] = 0x55
    perm = b'\x00\x00\x00\x00' + string_to_bin("C840A7DC-42C0-1A10-B4B9-08002B2FE182") + \
        b'\x01\x00\x00\x00\x00\x00\x00\x00' + b'/o=Org/cn=bob\x00'
    r['lpEntryIds']['cValues'] = 1
    r['lpEntryIds']['lpbin'].append(binary_r(perm))
    case(out, "nspi", 14, "request", r, {"/params/ulPropTag": hx(0x8009101e),
                                          "/params/lpEntryIds/0/entry_id/dn": "/o=Org/cn=bob",
                                          "/params/lpEntryIds/0/entry_id/type": "permanent"})
    r = nspi.NspiModLinkAttResponse()
    r['ErrorCode'] = 0
    case(out, "nspi", 14, "response", r, {"/params/return": hx(0)})
    # 16 NspiQueryColumns
    r = nspi.NspiQueryColumns()
    r['hRpc'] = handle()
    r['dwFlags'] = nspi.NspiUnicodeProptypes
    case(out, "nspi", 16, "request", r, {"/params/dwFlags": hx(0x80000000)})
    r = nspi.NspiQueryColumnsResponse()
    r['ppColumns'] = tags([0x3001001f, 0x3003001f])
    r['ErrorCode'] = 0
    case(out, "nspi", 16, "response", r, {"/params/ppColumns": [hx(0x3001001f), hx(0x3003001f)]})
    # 17 NspiGetNamesFromIDs
    r = nspi.NspiGetNamesFromIDs()
    r['hRpc'] = handle()
    r['lpguid'] = GUID1
    r['pPropTags'] = tags([0x80010003])
    case(out, "nspi", 17, "request", r, {"/params/lpguid": GUID1.hex(), "/params/pPropTags": [hx(0x80010003)]})
    r = nspi.NspiGetNamesFromIDsResponse()
    r['ppReturnedPropTags'] = tags([0x80010003])
    ns = nspi.PropertyNameSet_r()
    ns['cNames'] = 1
    n = nspi.PropertyName_r()
    n['lpguid'] = GUID1
    n['ulReserved'] = 0
    n['lID'] = 0x8005
    ns['aulPropTag'].append(n)
    r['ppNames'] = ns
    r['ErrorCode'] = 0
    case(out, "nspi", 17, "response", r, {"/params/ppNames": [{"guid": GUID1.hex(), "reserved": 0, "id": 0x8005}]})
    # 18 NspiGetIDsFromNames (IDL shape)
    r = NspiGetIDsFromNamesSpec()
    r['hRpc'] = handle()
    r['dwFlags'] = 2
    r['cPropNames'] = 2
    for i in (1, 2):
        n = nspi.PropertyName_r()
        n['lpguid'] = GUID1
        n['ulReserved'] = 0
        n['lID'] = 0x8000 + i
        r['pNames'].append(ptr(nspi.PPropertyName_r, n))
    case(out, "nspi", 18, "request", r, {"/params/cPropNames": 2,
                                          "/params/pNames/1": {"guid": GUID1.hex(), "reserved": 0, "id": 0x8002}},
         "impacket declares pNames as inline structures; MS-NSPI 3.1.4.17 has [size_is(cPropNames)] PropertyName_r**")
    r = nspi.NspiGetIDsFromNamesResponse()
    r['ppPropTags'] = tags([0x80010003, 0x80020003])
    r['ErrorCode'] = 0
    case(out, "nspi", 18, "response", r, {"/params/ppPropTags": [hx(0x80010003), hx(0x80020003)]})
    # 19 NspiResolveNames
    r = nspi.NspiResolveNames()
    r['hRpc'] = handle()
    r['pStat'] = stat()
    r['pPropTags'] = tags([0x3001001e])
    r['paStr']['Count'] = 1
    e = LPSTR()
    e['Data'] = 'alice\x00'
    r['paStr']['Strings'].append(e)
    case(out, "nspi", 19, "request", r, {"/params/paStr": ["alice"]})
    r = nspi.NspiResolveNamesResponse()
    r['ppMIds'] = tags([2])
    r['ppRows'] = rowset([row_r(props[3:4])])
    r['ErrorCode'] = 0
    case(out, "nspi", 19, "response", r, {"/params/ppMIds": [hx(2)], "/params/ppRows": [pexp[3:4]]})
    # 20 NspiResolveNamesW
    r = nspi.NspiResolveNamesW()
    r['hRpc'] = handle()
    r['pStat'] = stat(code_page=1200)
    r['pPropTags'] = NULL
    r['paStr']['Count'] = 2
    for s in ['bob\x00', 'Zo\u00eb\x00']:
        e = nspi.LPWSTR()
        e['Data'] = s
        r['paStr']['Strings'].append(e)
    case(out, "nspi", 20, "request", r, {"/params/paWStr": ["bob", "Zo\u00eb"], "/params/pPropTags": None})
    r = nspi.NspiResolveNamesWResponse()
    r['ppMIds'] = tags([1, 0])
    r['ppRows'] = NULL
    r['ErrorCode'] = 0
    case(out, "nspi", 20, "response", r, {"/params/ppMIds": [hx(1), hx(0)], "/params/ppRows": None})
    # RFR 0 RfrGetNewDSA
    r = oxabref.RfrGetNewDSA()
    r['ulFlags'] = 0
    r['pUserDN'] = '/o=Org/cn=alice\x00'
    r['ppszUnused'] = NULL
    inner = oxabref.PUCHAR_ARRAY()
    inner['Data'] = '\x00'
    r['ppszServer'] = ptr(oxabref.PPUCHAR_ARRAY, inner)
    case(out, "rfr", 0, "request", r, {"/params/pUserDN": "/o=Org/cn=alice", "/params/ppszUnused": None,
                                        "/params/ppszServer": ""})
    r = RfrGetNewDSAResponseFull()
    r['ppszUnused'] = NULL
    inner = oxabref.PUCHAR_ARRAY()
    inner['Data'] = 'ex01.example.com\x00'
    r['ppszServer'] = ptr(oxabref.PPUCHAR_ARRAY, inner)
    r['ErrorCode'] = 0
    case(out, "rfr", 0, "response", r, {"/params/ppszServer": "ex01.example.com", "/params/return": hx(0)},
         "impacket's RfrGetNewDSAResponse omits the return value; this declaration adds it")
    # RFR 1 RfrGetFQDNFromServerDN
    r = oxabref.RfrGetFQDNFromServerDN()
    dn = '/o=Org/ou=Admin/cn=Configuration/cn=Servers/cn=EX01\x00'
    r['ulFlags'] = 0
    r['cbMailboxServerDN'] = len(dn)
    r['szMailboxServerDN'] = dn
    case(out, "rfr", 1, "request", r, {"/params/cbMailboxServerDN": len(dn),
                                        "/params/szMailboxServerDN": dn[:-1]})
    r = oxabref.RfrGetFQDNFromServerDNResponse()
    r['ppszServerFQDN'] = 'ex01.example.com\x00'
    r['ErrorCode'] = 0
    case(out, "rfr", 1, "response", r, {"/params/ppszServerFQDN": "ex01.example.com"})
    json.dump(out, sys.stdout)


PARSERS = {
    ("nspi", 0, "request"): nspi.NspiBind, ("nspi", 0, "response"): nspi.NspiBindResponse,
    ("nspi", 1, "request"): nspi.NspiUnbind, ("nspi", 1, "response"): nspi.NspiUnbindResponse,
    ("nspi", 2, "request"): nspi.NspiUpdateStat, ("nspi", 2, "response"): nspi.NspiUpdateStatResponse,
    ("nspi", 3, "request"): nspi.NspiQueryRows, ("nspi", 3, "response"): nspi.NspiQueryRowsResponse,
    ("nspi", 4, "request"): NspiSeekEntriesSpec, ("nspi", 4, "response"): nspi.NspiSeekEntriesResponse,
    ("nspi", 7, "request"): nspi.NspiDNToMId, ("nspi", 7, "response"): nspi.NspiDNToMIdResponse,
    ("nspi", 9, "request"): NspiGetPropsSpec, ("nspi", 9, "response"): nspi.NspiGetPropsResponse,
    ("nspi", 12, "request"): NspiGetSpecialTableSpec,
    ("nspi", 12, "response"): nspi.NspiGetSpecialTableResponse,
    ("nspi", 16, "response"): nspi.NspiQueryColumnsResponse,
    ("nspi", 19, "request"): nspi.NspiResolveNames,
    ("nspi", 20, "request"): nspi.NspiResolveNamesW,
    ("nspi", 20, "response"): nspi.NspiResolveNamesWResponse,
    ("rfr", 0, "response"): RfrGetNewDSAResponseFull,
    ("rfr", 1, "request"): oxabref.RfrGetFQDNFromServerDN,
}


def simple(v):
    """impacket's parsed values as plain JSON: structures as dicts, pointers as their referent."""
    from impacket.dcerpc.v5.ndr import NDRPOINTER, NDRSTRUCT, NDRUNION, NDRArray, NDR
    if isinstance(v, NDRPOINTER):
        if v['ReferentID'] == 0:
            return None
        return simple(v.fields['Data'])
    if isinstance(v, NDRUNION):
        tag = v['tag']
        arm = v.union[tag][0]
        return {"tag": tag, "value": simple(v[arm])}
    if isinstance(v, NDRArray):
        data = v['Data']
        if isinstance(data, (bytes, str)):
            return data.hex() if isinstance(data, bytes) else data
        if data and all(isinstance(x, bytes) for x in data):
            return b''.join(data).hex()
        return [simple(x) for x in data]
    if isinstance(v, NDRSTRUCT):
        if v.__class__.__name__ in ('STR', 'WSTR'):
            return v['Data']
        return {name: simple(v[name]) for name, _ in v.structure}
    if isinstance(v, NDR) or (hasattr(v, 'fields') and 'Data' in v.fields):
        return simple(v['Data'])
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, list):
        if v and all(isinstance(x, bytes) for x in v):
            return b''.join(v).hex()
        return [simple(x) for x in v]
    return v


def parse():
    items = json.load(sys.stdin)
    out = []
    for it in items:
        cls = PARSERS[(it["iface"], it["opnum"], it["dir"])]
        obj = cls(bytes.fromhex(it["hex"]))
        out.append({name: simple(obj.fields[name]) for name, _ in obj.structure})
    json.dump(out, sys.stdout, default=lambda o: o.hex() if isinstance(o, bytes) else repr(o))


if __name__ == "__main__":
    build() if sys.argv[1] == "build" else parse()
