"""impacket's RPC over HTTP v2 client against an RPC proxy: ept_lookup and ept_map through the
proxy to an endpoint mapper; prints one JSON line per result.

usage: rpch_client.py PROXY_HOST:PROXY_PORT SERVER:PORT USER PASSWORD LOOKUPS MAPS IFUUID VERSION
"""
import json
import sys

from impacket.dcerpc.v5 import epm, transport
from impacket.uuid import bin_to_string, uuidtup_to_bin

proxy, server, user, password, lookups, maps, ifuuid, version = sys.argv[1:9]
host, port = server.rsplit(":", 1)

# The string binding names the server behind the proxy; impacket only accepts proxy ports 80
# and 443 in the binding itself, so the proxy's URL is set directly.
rpc = transport.DCERPCTransportFactory("ncacn_http:%s[%s]" % (host, port))
rpc.set_rpc_proxy_url("http://%s/rpc/rpcproxy.dll" % proxy)
rpc.set_credentials(user, password)
dce = rpc.get_dce_rpc()
dce.connect()

for i in range(int(lookups)):
    entries = epm.hept_lookup(None, dce=dce)
    print(json.dumps({
        "lookup": i,
        "entries": [
            {
                "binding": epm.PrintStringBinding(e["tower"]["Floors"]),
                "interface": "%s %d.%d" % (
                    bin_to_string(e["tower"]["Floors"][0]["InterfaceUUID"]).lower(),
                    e["tower"]["Floors"][0]["MajorVersion"],
                    e["tower"]["Floors"][0]["MinorVersion"],
                ),
                "annotation": e["annotation"].rstrip(b"\0").decode(),
            }
            for e in entries
        ],
    }))

for i in range(int(maps)):
    b = epm.hept_map(host, uuidtup_to_bin((ifuuid, version)), protocol="ncacn_ip_tcp", dce=dce)
    print(json.dumps({"map": i, "binding": b}))

dce.disconnect()
