"""Parses endpoint mapper stubs with impacket. Reads JSON lines {"name", "opnum",
"request", "ndr64", "hex"} and prints {"name", "got"} where `got` follows the `expect`
schema of epm_build.py."""
import binascii
import json
import sys

from impacket.dcerpc.v5 import epm
from impacket.uuid import bin_to_string

NIL = "00000000-0000-0000-0000-000000000000"


def uuid(b):
    return bin_to_string(b).lower()


def hexs(b):
    return binascii.hexlify(b).decode()


def handle(h):
    return hexs(h["context_handle_attributes"].to_bytes(4, "little") + h["context_handle_uuid"])


def ref(call, name):
    """A top-level pointer to a UUID: None when null."""
    p = call.fields[name]
    return None if p.fields["ReferentID"] == 0 else uuid(p["Data"])


def tower_bytes(t):
    return b"".join(t["tower_octet_string"])


def binding(data):
    try:
        b = epm.PrintStringBinding(epm.EPMTower(data)["Floors"])
        return None if b.startswith("unknown_proto") else b
    except Exception:
        return None


for line in sys.stdin:
    c = json.loads(line)
    data = binascii.unhexlify(c["hex"])
    ndr64 = c["ndr64"]
    got = {}
    if c["opnum"] == 3 and c["request"]:
        r = epm.ept_map(data, isNDR64=ndr64)
        got["object"] = ref(r, "obj")
        got["tower"] = hexs(tower_bytes(r["map_tower"]))
        got["entry_handle"] = handle(r["entry_handle"])
        got["max_towers"] = r["max_towers"]
    elif c["opnum"] == 3:
        r = epm.ept_mapResponse(data, isNDR64=ndr64)
        got["entry_handle"] = handle(r["entry_handle"])
        got["num_towers"] = r["num_towers"]
        towers = [tower_bytes(t) for t in r["ITowers"]]
        got["towers"] = [hexs(t) for t in towers]
        got["bindings"] = [binding(t) for t in towers]
        got["status"] = r["status"]
    elif c["opnum"] == 2 and c["request"]:
        r = epm.ept_lookup(data, isNDR64=ndr64)
        got["inquiry_type"] = r["inquiry_type"]
        got["object"] = ref(r, "object")
        i = r.fields["Ifid"]
        got["ifid"] = None if i.fields["ReferentID"] == 0 else [
            uuid(i["Uuid"]), i["VersMajor"], i["VersMinor"]]
        got["vers_option"] = r["vers_option"]
        got["entry_handle"] = handle(r["entry_handle"])
        got["max_ents"] = r["max_ents"]
    elif c["opnum"] == 2:
        r = epm.ept_lookupResponse(data, isNDR64=ndr64)
        got["entry_handle"] = handle(r["entry_handle"])
        got["num_ents"] = r["num_ents"]
        ents = []
        for e in r["entries"]:
            t = tower_bytes(e["tower"])
            ann = b"".join(e["annotation"]).split(b"\0")[0].decode()
            ents.append({"object": uuid(e["object"]), "tower": hexs(t), "annotation": ann,
                         "binding": binding(t)})
        got["entries"] = ents
        got["status"] = r["status"]
    print(json.dumps({"name": c["name"], "got": got}))
