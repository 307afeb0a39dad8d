#!/usr/bin/env python3
"""A fake userspace WireGuard endpoint: listens on the cross-platform UAPI
socket /var/run/wireguard/NAME.sock, answers `get=1` with a canned state
read from a file (UAPI key=value lines; the token @NOW-<n> is replaced by the
current time minus n seconds), and appends every `set=1` request it gets to a
log file, answering errno=0 (or the errno given with --set-errno).

Both the stock `wg` and ours speak this protocol to userspace
implementations, so the same canned state can be shown by both and the
outputs compared byte for byte, and the set requests each tool sends can be
compared, all without a kernel module."""
import argparse, os, socket, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("sock")
ap.add_argument("state")
ap.add_argument("log")
ap.add_argument("--set-errno", type=int, default=0)
a = ap.parse_args()

try:
    os.unlink(a.sock)
except FileNotFoundError:
    pass
os.makedirs(os.path.dirname(a.sock), exist_ok=True)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(a.sock)
s.listen(8)
print("ready", flush=True)

def state():
    now = int(time.time())
    out = []
    for line in open(a.state):
        line = line.rstrip("\n")
        if "@NOW-" in line:
            k, v = line.split("=", 1)
            line = "%s=%d" % (k, now - int(v[5:]))
        if line:
            out.append(line)
    return "\n".join(out) + "\n"

while True:
    c, _ = s.accept()
    f = c.makefile("rwb")
    try:
        first = f.readline().decode()
        if first == "get=1\n":
            f.readline()
            f.write((state() + "errno=0\n\n").encode())
        elif first == "set=1\n":
            body = []
            while True:
                l = f.readline().decode()
                if l in ("\n", ""):
                    break
                body.append(l)
            with open(a.log, "a") as lg:
                lg.write("set=1\n" + "".join(body) + "\n")
            f.write(("errno=%d\n\n" % a.set_errno).encode())
        f.flush()
    except Exception as e:
        print(e, file=sys.stderr)
    finally:
        f.close()
        c.close()
