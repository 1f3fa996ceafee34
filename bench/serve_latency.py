#!/usr/bin/env python3
"""Measures `rapporteur serve`'s one-file edit latency.

    serve_latency.py BINARY SITE_ROOT FILE_TO_EDIT [--runs N]

Starts `BINARY serve --port 0 --root SITE_ROOT`, opens the live-reload event
stream, then N times appends a line to FILE_TO_EDIT (relative to the root) and
measures the time from the write to the `reload` event and to the edited
page being served with the new text. Restores the file at the end. Prints
the median and the server's own "rebuilt ... in N ms" lines. A benchmark,
not a test: standard library only.
"""
import argparse, http.client, os, re, socket, statistics, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("binary"); ap.add_argument("root"); ap.add_argument("file")
ap.add_argument("--runs", type=int, default=7)
a = ap.parse_args()

path = os.path.join(a.root, a.file)
original = open(path, encoding="utf-8").read()
proc = subprocess.Popen([a.binary, "serve", "--port", "0", "--root", a.root],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    port = None
    while port is None:
        line = proc.stdout.readline()
        if not line:
            sys.exit("serve exited")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    ev = socket.create_connection(("127.0.0.1", port))
    ev.sendall(b"GET /__rapporteur/events HTTP/1.1\r\nHost: x\r\n\r\n")
    evf = ev.makefile("r", encoding="utf-8")
    while ": connected" not in evf.readline():
        pass
    slug = os.path.splitext(os.path.basename(a.file))[0]
    section = os.path.basename(os.path.dirname(a.file))
    url = f"/{section}/{slug}/" if section != "content" else f"/{slug}/"
    reload_ms, served_ms = [], []
    for i in range(a.runs):
        marker = f"latency-marker-{i}-{time.time_ns()}"
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original + f"\n\n{marker}\n")
        while "event: reload" not in evf.readline():
            pass
        reload_ms.append((time.perf_counter() - t0) * 1000)
        while True:
            c = http.client.HTTPConnection("127.0.0.1", port)
            c.request("GET", url)
            body = c.getresponse().read().decode("utf-8", "replace")
            if marker in body:
                break
        served_ms.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.3)
    print(f"{a.root}: {a.file}: file write -> reload event: median {statistics.median(reload_ms):.0f} ms "
          f"(min {min(reload_ms):.0f}, max {max(reload_ms):.0f}); -> new page served: median "
          f"{statistics.median(served_ms):.0f} ms over {a.runs} edits")
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
    proc.terminate()
    out = proc.communicate(timeout=10)[0]
    rebuilt = re.findall(r"rebuilt \d+ pages in (\d+) ms", out)
    if rebuilt:
        print("server's full rebuild times (ms):", " ".join(rebuilt))
    updated = re.findall(r"updated \S+ in (\d+) ms", out)
    if updated:
        print("server's one-page update times (ms):", " ".join(updated))
