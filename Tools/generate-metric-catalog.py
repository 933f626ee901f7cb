#!/usr/bin/env python3
"""Generates obsgen's built-in catalog of well-known metrics from the real /metrics output of
the Prometheus exporters and servers that Debian packages.

Each exporter is installed from its Debian package (with --install, as root), started on
127.0.0.1 at a free port with its state in a temporary folder, scraped, and stopped by its
process id; each run is bounded in time. The text exposition format is parsed (# HELP, # TYPE,
samples and their labels), the metric families of every exporter are merged, and the catalog
is written as Swift data, sorted, byte for byte the same for the same input.

    Tools/generate-metric-catalog.py                  # writes Sources/ObsLint/Catalog/WellKnownMetrics.swift
    Tools/generate-metric-catalog.py --install        # apt-get installs the packages first
    Tools/generate-metric-catalog.py --only node --json -   # one exporter's families, as JSON

Database exporters run without a database: they expose what they always expose (their own
up/scrape metrics, Go and process collectors), not the metrics they read from a server.
"""

import argparse
import contextlib
import http.server
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO, "Sources/ObsLint/Catalog/WellKnownMetrics.swift")

# ---------------------------------------------------------------------------------------------
# Helpers the exporters are run with: free ports, a loopback HTTPS server (for the blackbox
# exporter's TLS metrics) and a loopback DNS server (for its DNS metrics).


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def https_server(workdir):
    """A loopback HTTPS server with a self-signed certificate (made by openssl)."""
    cert, key = os.path.join(workdir, "tls.crt"), os.path.join(workdir, "tls.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def dns_server():
    """A loopback DNS server answering every A question with 127.0.0.1."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                data, addr = sock.recvfrom(512)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) < 12:
                continue
            # The question ends at the zero byte of its name, then type and class.
            end = 12
            while end < len(data) and data[end] != 0:
                end += data[end] + 1
            question = data[12:end + 5]
            header = data[:2] + b"\x81\x80" + b"\x00\x01\x00\x01\x00\x00\x00\x00"
            answer = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01"
            with contextlib.suppress(OSError):
                sock.sendto(header + question + answer, addr)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        t.join(2)
        sock.close()


# ---------------------------------------------------------------------------------------------
# The exporters. Each gives its command line, environment and the URLs to scrape, for a port
# and a working folder; `settle` is how long it runs before the scrape (servers that scrape or
# evaluate rules need a few cycles to register their per-target and per-rule series).


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def node(port, work, aux):
    textfile = os.path.join(work, "textfile")
    os.makedirs(textfile, exist_ok=True)
    extra = ["buddyinfo", "cgroups", "cpu.info", "drm", "ethtool", "interrupts", "ksmd", "lnstat", "logind",
             "meminfo_numa", "mountstats", "network_route", "perf", "processes", "qdisc", "slabinfo", "systemd",
             "tcpstat", "zoneinfo"]
    return dict(cmd=["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{port}",
                     f"--collector.textfile.directory={textfile}"] + [f"--collector.{c}" for c in extra],
                paths=["/metrics"])


def blackbox(port, work, aux):
    https, dns = aux["https"], aux["dns"]
    config = write(os.path.join(work, "blackbox.yml"), f"""modules:
  http_2xx:
    prober: http
    timeout: 5s
  https_2xx:
    prober: http
    timeout: 5s
    http:
      tls_config:
        insecure_skip_verify: true
  tcp_connect:
    prober: tcp
    timeout: 5s
  tls_connect:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        insecure_skip_verify: true
  icmp:
    prober: icmp
    timeout: 5s
  dns_a:
    prober: dns
    timeout: 5s
    dns:
      transport_protocol: udp
      preferred_ip_protocol: ip4
      query_name: example.org
      query_type: A
  grpc:
    prober: grpc
    timeout: 2s
    grpc:
      tls: true
      tls_config:
        insecure_skip_verify: true
""")
    probes = [("http_2xx", f"http://127.0.0.1:{port}/metrics"), ("https_2xx", f"https://127.0.0.1:{https}/"),
              ("tcp_connect", f"127.0.0.1:{port}"), ("tls_connect", f"127.0.0.1:{https}"), ("icmp", "127.0.0.1"),
              ("dns_a", f"127.0.0.1:{dns}"), ("grpc", f"127.0.0.1:{https}")]
    return dict(cmd=["prometheus-blackbox-exporter", f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
                paths=["/metrics"] + [f"/probe?module={m}&target={urllib.request.quote(t, safe='')}" for m, t in probes])


def postgres(port, work, aux):
    return dict(cmd=["prometheus-postgres-exporter", f"--web.listen-address=127.0.0.1:{port}"],
                env={"DATA_SOURCE_NAME": f"postgresql://obsgen:obsgen@127.0.0.1:{aux['closed']}/postgres?sslmode=disable"},
                paths=["/metrics"])


def mysqld(port, work, aux):
    cnf = write(os.path.join(work, "my.cnf"), f"[client]\nuser=obsgen\npassword=obsgen\nhost=127.0.0.1\nport={aux['closed']}\n")
    return dict(cmd=["prometheus-mysqld-exporter", f"--web.listen-address=127.0.0.1:{port}", f"--config.my-cnf={cnf}"],
                paths=["/metrics"])


def redis(port, work, aux):
    return dict(cmd=["prometheus-redis-exporter", f"-web.listen-address=127.0.0.1:{port}", f"-redis.addr=redis://127.0.0.1:{aux['closed']}"],
                paths=["/metrics"])


def process(port, work, aux):
    return dict(cmd=["prometheus-process-exporter", f"-web.listen-address=127.0.0.1:{port}", "-procnames=python3,prometheus-process-exporter"],
                paths=["/metrics"])


def apache(port, work, aux):
    return dict(cmd=["prometheus-apache-exporter", f"--telemetry.address=127.0.0.1:{port}",
                     f"--scrape_uri=http://127.0.0.1:{aux['closed']}/server-status/?auto"], paths=["/metrics"])


def haproxy(port, work, aux):
    return dict(cmd=["prometheus-haproxy-exporter", f"--web.listen-address=127.0.0.1:{port}",
                     f"--haproxy.scrape-uri=http://127.0.0.1:{aux['closed']}/;csv"], paths=["/metrics"])


def bind(port, work, aux):
    return dict(cmd=["prometheus-bind-exporter", f"--web.listen-address=127.0.0.1:{port}",
                     f"--bind.stats-url=http://127.0.0.1:{aux['closed']}/", f"--bind.pid-file={work}/named.pid"], paths=["/metrics"])


def prometheus(port, work, aux):
    rules = write(os.path.join(work, "rules.yml"), """groups:
  - name: catalog
    interval: 1s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: Always
        expr: vector(1)
""")
    config = write(os.path.join(work, "prometheus.yml"), f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [{rules}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:{aux['closed']}']
remote_write:
  - url: http://127.0.0.1:{aux['closed']}/api/v1/write
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:{port}']
""")
    return dict(cmd=["prometheus", f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}",
                     f"--storage.tsdb.path={work}/data"], paths=["/metrics"], settle=5)


def alertmanager(port, work, aux):
    config = write(os.path.join(work, "alertmanager.yml"), "route:\n  receiver: none\nreceivers:\n  - name: none\n")
    return dict(cmd=["prometheus-alertmanager", f"--config.file={config}", f"--storage.path={work}/data",
                     f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="], paths=["/metrics"])


PUSHED = "obsgen_catalog_pushed"


def pushgateway(port, work, aux):
    def push():
        req = urllib.request.Request(f"http://127.0.0.1:{port}/metrics/job/obsgen", data=f"{PUSHED} 1\n".encode(), method="PUT")
        urllib.request.urlopen(req, timeout=5).read()
    return dict(cmd=["prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{port}",
                     f"--persistence.file={work}/pushgateway.data"], paths=["/metrics"], before=push, exclude={PUSHED})


# id, Debian package, how to run it. The order is the catalog's order of sources.
EXPORTERS = [
    ("node", "prometheus-node-exporter", node),
    ("blackbox", "prometheus-blackbox-exporter", blackbox),
    ("prometheus", "prometheus", prometheus),
    ("alertmanager", "prometheus-alertmanager", alertmanager),
    ("pushgateway", "prometheus-pushgateway", pushgateway),
    ("postgres", "prometheus-postgres-exporter", postgres),
    ("mysqld", "prometheus-mysqld-exporter", mysqld),
    ("redis", "prometheus-redis-exporter", redis),
    ("process", "prometheus-process-exporter", process),
    ("apache", "prometheus-apache-exporter", apache),
    ("haproxy", "prometheus-haproxy-exporter", haproxy),
    ("bind", "prometheus-bind-exporter", bind),
]

# ---------------------------------------------------------------------------------------------
# Running and scraping.


def os_name():
    with contextlib.suppress(OSError):
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    return "Debian"


def package_version(package):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, timeout=30)
    return r.stdout.strip() if r.returncode == 0 else None


def fetch(url, timeout=10):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/plain;version=0.0.4"}), timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def run_exporter(eid, spec_fn, aux, bound):
    """Starts one exporter, scrapes it and stops it; returns the texts scraped."""
    work = tempfile.mkdtemp(prefix=f"obsgen-catalog-{eid}-")
    proc = None
    log = None
    try:
        for _ in range(3):  # a port found free may be taken before the exporter binds it
            port = free_port()
            spec = spec_fn(port, work, aux)
            if log:
                log.close()
            log = open(os.path.join(work, "log"), "w")
            env = dict(os.environ, **spec.get("env", {}))
            proc = subprocess.Popen(spec["cmd"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=work, env=env, start_new_session=True)
            deadline = time.monotonic() + bound
            base = f"http://127.0.0.1:{port}"
            up = False
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    fetch(base + spec["paths"][0], timeout=2)
                    up = True
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    time.sleep(0.2)
            if up:
                break
            stop(proc)
            proc = None
        if proc is None:
            with open(os.path.join(work, "log")) as f:
                raise RuntimeError(f"{eid} did not start:\n{f.read()[-2000:]}")
        if "before" in spec:
            spec["before"]()
        time.sleep(spec.get("settle", 1))
        texts = []
        for p in spec["paths"]:
            try:
                texts.append(fetch(base + p, timeout=min(15, bound)))
            except urllib.error.HTTPError as e:
                # A failed probe still answers with its metrics.
                texts.append(e.read().decode("utf-8", "replace"))
        return texts, spec.get("exclude", set())
    finally:
        if proc is not None:
            stop(proc)
        if log:
            log.close()
        shutil.rmtree(work, ignore_errors=True)


def stop(proc):
    """Stops the process started (and anything it started, in its own session) by its id."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


# ---------------------------------------------------------------------------------------------
# The text exposition format.

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?\s*$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?')


def unescape(s):
    return re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def parse(text):
    """Metric families of an exposition: name → {kind, help, labels: {name: set(values)}}."""
    families = {}

    def family(name):
        return families.setdefault(name, {"kind": "untyped", "help": "", "labels": {}})

    for line in text.splitlines():
        if line.startswith("# HELP "):
            parts = line[7:].split(" ", 1)
            family(parts[0])["help"] = unescape(parts[1]) if len(parts) > 1 else ""
        elif line.startswith("# TYPE "):
            parts = line[7:].split()
            f = family(parts[0])
            f["kind"] = parts[1]
        elif line.startswith("#") or not line.strip():
            continue
        else:
            m = SAMPLE.match(line)
            if not m:
                raise ValueError(f"unreadable sample: {line!r}")
            name, labels = m.group(1), m.group(3) or ""
            owner = name
            if owner not in families:
                for suffix in ("_bucket", "_sum", "_count", "_created"):
                    base = name[: -len(suffix)]
                    if name.endswith(suffix) and families.get(base, {}).get("kind") in ("histogram", "summary"):
                        owner = base
                        break
            f = family(owner)
            # A histogram's buckets and a summary's quantiles are its structure, not labels.
            structural = {"histogram": "le", "summary": "quantile"}.get(f["kind"])
            for lm in LABEL.finditer(labels):
                if lm.group(1) == structural:
                    continue
                f["labels"].setdefault(lm.group(1), set()).add(unescape(lm.group(2)))
    return families


# ---------------------------------------------------------------------------------------------
# The catalog.

UNITS = ["seconds", "bytes", "ratio", "percent", "celsius", "volts", "amperes", "joules", "grams", "meters"]

# Labels whose values are a fixed enumeration in the exporter's code, not the host's, the
# traffic's or the configuration's: their values are recorded (the ones seen, when few). Of
# every other label only the name is.
ENUMERATED = {"mode", "phase", "ctxswitchtype", "slice", "integration", "type", "reason", "status"}
MAX_VALUES = 12
VALUE = re.compile(r"^[A-Za-z0-9_.:\-]+$")


def unit_of(name, kind):
    """The base unit a name ends with (`_seconds`, `_bytes_total`), or "" for none."""
    base = name[:-len("_total")] if name.endswith("_total") else name
    for u in UNITS:
        if base.endswith("_" + u):
            return u
    return ""


def merge(results):
    """results: [(exporter id, families)] → name → entry."""
    catalog = {}
    for eid, families in results:
        for name, f in families.items():
            e = catalog.setdefault(name, {"kinds": [], "help": f["help"], "labels": {}, "exporters": []})
            if f["kind"] not in e["kinds"]:
                e["kinds"].append(f["kind"])
            if not e["help"]:
                e["help"] = f["help"]
            if eid not in e["exporters"]:
                e["exporters"].append(eid)
            for label, values in f["labels"].items():
                e["labels"].setdefault(label, set()).update(values)
    return catalog


def label_field(name, labels):
    out = []
    for label in sorted(labels):
        values = sorted(labels[label])
        stable = (label in ENUMERATED and not name.endswith("_info") and 1 < len(values) <= MAX_VALUES
                  and all(VALUE.match(v) for v in values))
        out.append(label + ("=" + "|".join(values) if stable else ""))
    return ",".join(out)


def kind_field(kinds):
    return "|".join(sorted(set(kinds)))


def clean(text):
    """One line of help: whitespace runs as one space (the table is one metric a line, and a raw
    Swift string keeps backslashes as they are, except before the #s that close it)."""
    text = " ".join(text.split())
    if "\\#" in text or '"""#' in text:
        raise ValueError(f"help text the Swift table cannot hold: {text!r}")
    return text


def swift(catalog, versions):
    lines = [
        "// Generated by Tools/generate-metric-catalog.py; do not edit. Regenerate with:",
        "//     Tools/generate-metric-catalog.py --install",
        "//",
        "// Metric families scraped from the /metrics output of these packages, each run on 127.0.0.1",
        "// (metrics: how many families each exposed, Go and process collectors included), on",
        f"// {os_name()}:",
        "//",
    ]
    counts = {eid: sum(1 for e in catalog.values() if eid in e["exporters"]) for eid, _, _ in EXPORTERS}
    for eid, package, _ in EXPORTERS:
        if eid in versions:
            lines.append(f"//     {eid:<13}{package} {versions[eid]} ({counts[eid]} metrics)")
    lines += [
        "//",
        "// Limitations: the database and service exporters (postgres, mysqld, redis, apache, haproxy,",
        "// bind) ran without the server they read, so only what they always expose is here (their up",
        "// and scrape metrics), not the metrics read from a server. The node exporter exposes what the",
        "// generating host has (no hwmon, InfiniBand or NVMe devices, for example). Label values are",
        "// recorded (the ones seen) only for labels whose values are a small set fixed in the exporter's",
        "// code (the modes of node_cpu_seconds_total, for example).",
        "//",
        "// The blackbox exporter probed loopback servers (HTTP, HTTPS with a self-signed certificate,",
        "// TCP, TLS, ICMP, DNS, gRPC); Prometheus scraped itself and evaluated rules, with an Alertmanager",
        "// and a remote-write endpoint that did not answer; the Pushgateway held one pushed group (its",
        "// metric left out).",
        "//",
        "// One metric a line, tab-separated: name, type (untyped: the exporter declares none, and the",
        "// linter guesses none; two types joined by | when exporters disagree),",
        "// unit (from the name's suffix), exporters, labels (name or name=value|value, comma-separated),",
        "// help.",
        "",
        "extension WellKnownMetrics {",
        "    /// Exporter, Debian package, its version, metrics it exposed.",
        "    static let sourceTable = #\"\"\"",
    ]
    for eid, package, _ in EXPORTERS:
        if eid in versions:
            lines.append("\t".join([eid, package, versions[eid], str(counts[eid])]))
    lines += [
        "\"\"\"#",
        "",
        "    /// One metric a line.",
        "    static let table = #\"\"\"",
    ]
    for name in sorted(catalog):
        e = catalog[name]
        kind = kind_field(e["kinds"])
        unit = unit_of(name, kind)
        lines.append("\t".join([name, kind, unit, ",".join(e["exporters"]), label_field(name, e["labels"]), clean(e["help"])]))
    lines += ["\"\"\"#", "}", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="Swift file to write (default: %(default)s)")
    ap.add_argument("--only", default="", help="comma-separated exporter ids (" + ", ".join(e[0] for e in EXPORTERS) + ")")
    ap.add_argument("--json", metavar="PATH", help="write the merged families as JSON instead ('-' for stdout)")
    ap.add_argument("--install", action="store_true", help="apt-get install the packages first")
    ap.add_argument("--timeout", type=float, default=30, help="seconds each exporter may take to start (default: %(default)s)")
    args = ap.parse_args()

    chosen = [e for e in EXPORTERS if not args.only or e[0] in args.only.split(",")]
    if args.install:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + [p for _, p, _ in chosen] + ["openssl"],
                       check=True, env=env, timeout=1800)
    missing = [p for _, p, _ in chosen if package_version(p) is None]
    if missing:
        sys.exit("not installed: " + " ".join(missing) + " (run with --install, as root)")

    # A port nothing listens on, for the servers the database exporters cannot reach.
    closed = free_port()
    results, versions = [], {}
    with tempfile.TemporaryDirectory(prefix="obsgen-catalog-") as tmp, https_server(tmp) as https, dns_server() as dns:
        aux = {"closed": closed, "https": https, "dns": dns}
        for eid, package, spec in chosen:
            texts, exclude = run_exporter(eid, spec, aux, args.timeout)
            families = {}
            for text in texts:
                for name, f in parse(text).items():
                    if name in exclude:
                        continue
                    g = families.setdefault(name, {"kind": f["kind"], "help": f["help"], "labels": {}})
                    if g["kind"] == "untyped":
                        g["kind"] = f["kind"]
                    for label, values in f["labels"].items():
                        g["labels"].setdefault(label, set()).update(values)
            results.append((eid, families))
            versions[eid] = package_version(package)
            print(f"{eid}: {len(families)} metrics ({package} {versions[eid]})", file=sys.stderr)

    catalog = merge(results)
    if args.json:
        data = {"versions": versions,
                "metrics": {n: {"type": kind_field(e["kinds"]), "exporters": e["exporters"]} for n, e in sorted(catalog.items())}}
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            write(args.json, text)
        return
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    write(args.output, swift(catalog, versions))
    print(f"wrote {len(catalog)} metrics to {os.path.relpath(args.output, os.getcwd())}", file=sys.stderr)


if __name__ == "__main__":
    main()
