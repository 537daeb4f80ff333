#!/usr/bin/env python3
"""A throw-away MIT Kerberos realm on a loopback port, and a conversation using its tickets.

Creates EXAMPLE.TEST in a temporary directory (kdb5_util, kadmin.local), adds the user
alice and the service exchangeMDB/mail.example.test with random keys (AES256, AES128 and
RC4-HMAC), exports the service keys with `kadmin.local ktadd` to a keytab, starts krb5kdc on
127.0.0.1:<free port>, gets alice's TGT with kinit and a service ticket with kvno (one per
encryption type), then lets krb_build.py build the DCE/RPC conversation from each ticket.

Prints JSON: {"keytab": hex of the keytab file, "keytab_entries": [...as klist -k -e -K
lists them...], "scenarios": [...]}. Needs krb5-kdc, krb5-admin-server and krb5-user.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REALM = "EXAMPLE.TEST"
SERVICE = "exchangeMDB/mail.example.test"
USER_PASS = "Al1ce-Passw0rd!"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def run(cmd, env, **kw):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit("%s failed: %s %s" % (cmd[0], r.stdout, r.stderr))
    return r.stdout


def main():
    for tool in ("kdb5_util", "kadmin.local", "krb5kdc", "kinit", "kvno", "klist"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            print("missing " + tool, file=sys.stderr)
            sys.exit(2)
    d = tempfile.mkdtemp(prefix="oxwire-kdc-")
    port = free_port()
    try:
        with open(os.path.join(d, "krb5.conf"), "w") as f:
            f.write("""[libdefaults]
    default_realm = {r}
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    allow_weak_crypto = true
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 rc4-hmac
[realms]
    {r} = {{
        kdc = 127.0.0.1:{p}
    }}
""".format(r=REALM, p=port))
        with open(os.path.join(d, "kdc.conf"), "w") as f:
            f.write("""[kdcdefaults]
    kdc_listen = 127.0.0.1:{p}
    kdc_tcp_listen = 127.0.0.1:{p}
[realms]
    {r} = {{
        database_name = {d}/principal
        key_stash_file = {d}/stash
        acl_file = {d}/kadm5.acl
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal rc4-hmac:normal
        kdc_listen = 127.0.0.1:{p}
        kdc_tcp_listen = 127.0.0.1:{p}
    }}
[logging]
    kdc = FILE:{d}/kdc.log
""".format(r=REALM, p=port, d=d))
        open(os.path.join(d, "kadm5.acl"), "w").close()
        env = dict(os.environ)
        env.update({
            "KRB5_CONFIG": os.path.join(d, "krb5.conf"),
            "KRB5_KDC_PROFILE": os.path.join(d, "kdc.conf"),
            "KRB5CCNAME": "FILE:" + os.path.join(d, "cc"),
            "PATH": env.get("PATH", "") + ":/usr/sbin:/usr/bin",
        })
        run(["kdb5_util", "create", "-s", "-r", REALM, "-P", "master-Passw0rd"], env)
        kt = os.path.join(d, "service.keytab")
        q = lambda c: run(["kadmin.local", "-r", REALM, "-q", c], env)
        q("addprinc -pw %s alice" % USER_PASS)
        q("addprinc -randkey -e aes256-cts-hmac-sha1-96:normal,aes128-cts-hmac-sha1-96:normal,"
          "rc4-hmac:normal %s" % SERVICE)
        q("ktadd -k %s -norandkey %s" % (kt, SERVICE))
        kdc = subprocess.Popen(["krb5kdc", "-n", "-r", REALM], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            scenarios = []
            for i in range(50):
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
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
            entries = run(["klist", "-k", "-t", "-e", "-K", kt], env)
        finally:
            kdc.send_signal(signal.SIGTERM)
            kdc.wait(10)
        with open(kt, "rb") as f:
            keytab = f.read()
        json.dump({"keytab": keytab.hex(), "klist": entries, "scenarios": scenarios},
                  sys.stdout)
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
