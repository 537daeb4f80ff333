#!/usr/bin/env python3
"""Tickets from a throw-away MIT Kerberos realm (krb_realm.py), and conversations using them.

The realm (EXAMPLE.TEST on a loopback port) has the user alice and the service
exchangeMDB/mail.example.test with random keys (AES256, AES128 and RC4-HMAC) exported to a
keytab. Gets alice's TGT with kinit and a service ticket with kvno (one per encryption type),
then lets krb_build.py build the DCE/RPC conversation from each ticket.

Prints JSON: {"keytab": hex of the keytab file, "keytab_entries": [...as klist -k -e -K
lists them...], "scenarios": [...]}. Needs krb5-kdc, krb5-admin-server and krb5-user.
"""
import json
import os
import shutil
import sys

import krb_realm
from krb_realm import REALM, SERVICE, USER_PASS, run

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    tool = krb_realm.missing_tool()
    if tool:
        print("missing " + tool, file=sys.stderr)
        sys.exit(2)
    with krb_realm.realm() as r:
        d, env = r.dir, r.env
        scenarios = []
        run(["kinit", "alice@" + REALM], env, input=USER_PASS + "\n")
        # MIT krb5 1.20's KDC refuses RC4 session keys ("KDC has no support for encryption
        # type"), so the session keys here are AES; RC4-HMAC is in the service keytab.
        for et in ("aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha1-96"):
            cc = os.path.join(d, "cc-" + et)
            shutil.copy(os.path.join(d, "cc"), cc)
            e2 = dict(env, KRB5CCNAME="FILE:" + cc)
            run(["kvno", "-e", et, SERVICE], e2)
            out = run([sys.executable, os.path.join(HERE, "krb_build.py"), "--kdc", cc], e2)
            scenarios += json.loads(out)["scenarios"]
        entries = run(["klist", "-k", "-t", "-e", "-K", r.keytab], env)
        with open(r.keytab, "rb") as f:
            keytab = f.read()
    json.dump({"keytab": keytab.hex(), "klist": entries, "scenarios": scenarios}, sys.stdout)


if __name__ == "__main__":
    main()
