#!/usr/bin/env python3
"""A throw-away MIT Kerberos realm on a loopback port.

`realm()` creates EXAMPLE.TEST in a temporary directory (krb5.conf and kdc.conf naming
127.0.0.1:<free port>, kdb5_util create), adds the user alice (pre-authentication required)
and the service exchangeMDB/mail.example.test, exports the service keys with `kadmin.local
ktadd`, starts krb5kdc and waits until it answers; it yields a `Realm` and stops the KDC and
removes the directory afterwards. Used by krb_kdc.py (tickets for impacket) and, run as a
program, by tests whose own Kerberos client needs a KDC for the length of the test:

    krb_realm.py [--service-password PW]

prints one JSON line {"realm", "port", "user", "password", "service", "keytab" (hex),
"klist" (`klist -k -t -e -K` of the keytab)}, keeps the KDC running until its stdin closes,
then cleans up. Exits 2 when the MIT tools (krb5-kdc, krb5-admin-server, krb5-user) are absent.
"""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

REALM = "EXAMPLE.TEST"
SERVICE = "exchangeMDB/mail.example.test"
USER = "alice"
USER_PASS = "Al1ce-Passw0rd!"
TOOLS = ("kdb5_util", "kadmin.local", "krb5kdc", "kinit", "kvno", "klist")
ENCTYPES = "aes256-cts-hmac-sha1-96:normal,aes128-cts-hmac-sha1-96:normal,rc4-hmac:normal"


class Realm:
    """What a running realm offers: its directory, port, environment and service keytab."""

    def __init__(self, d, port, env, keytab):
        self.dir, self.port, self.env, self.keytab = d, port, env, keytab


def missing_tool():
    for tool in TOOLS:
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            return tool
    return None


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


@contextlib.contextmanager
def realm(service_password=None):
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
        # Pre-authentication required, as Active Directory does by default (and as clients
        # that insist on a PREAUTH_REQUIRED error before sending encrypted timestamps expect).
        q("addprinc +requires_preauth -pw %s %s" % (USER_PASS, USER))
        key = "-pw %s" % service_password if service_password else "-randkey"
        q("addprinc %s -e %s %s" % (key, ENCTYPES, SERVICE))
        q("ktadd -k %s -norandkey %s" % (kt, SERVICE))
        kdc = subprocess.Popen(["krb5kdc", "-n", "-r", REALM], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(50):
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield Realm(d, port, env, kt)
        finally:
            kdc.send_signal(signal.SIGTERM)
            kdc.wait(10)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    tool = missing_tool()
    if tool:
        print("missing " + tool, file=sys.stderr)
        sys.exit(2)
    pw = None
    if sys.argv[1:2] == ["--service-password"]:
        pw = sys.argv[2]
    with realm(pw) as r:
        with open(r.keytab, "rb") as f:
            keytab = f.read()
        klist = run(["klist", "-k", "-t", "-e", "-K", r.keytab], r.env)
        print(json.dumps({"realm": REALM, "port": r.port, "user": USER, "password": USER_PASS,
                          "service": SERVICE, "keytab": keytab.hex(), "klist": klist}),
              flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
