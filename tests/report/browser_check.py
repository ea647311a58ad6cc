#!/usr/bin/env python3
"""Open civiscore's HTML report in headless Chromium and check it as a reader's browser sees it.

Writes the sanshe report with the CLI, loads it through the DevTools protocol (a minimal RFC 6455
client over a socket: standard library only) and fails unless:
- the page loads with no console error, no uncaught exception and no failed request;
- every request is for the report itself (file:), data: or about: (no network, no external asset);
- the ranking has one row per unit of the data and there is one scorecard per unit;
- every section is there (summary, histogram, ranking, scorecards with radar charts, model, data
  quality, provenance) and the Chinese labels and names are in the page (English with --lang en).
A screenshot of the top of the report is saved in the output directory and its path printed (a CI
artifact, not compared pixel by pixel).

With --plan, --periods and --ratings it also writes the assessment report of the plan's latest
period from long data (`report --plan --data periods.csv --ratings ratings.csv`) and checks: one
ranking row and one scorecard per assessed unit, the final grades, the veto of LH-04 with the rule's
name from the plan, rectification lists, and the change column equal to `civiscore assess`'s change of
the root since the previous annual period.

usage: browser_check.py --cli CIVISCORE --model M --data D --out-dir DIR [--plan P --periods D2 --ratings R]
"""

import argparse
import base64
import csv
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                  "--remote-debugging-port=0", "--remote-allow-origins=*"]


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, client-side masking."""

    def __init__(self, url, timeout=60):
        m = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("websocket: connection closed")
            data += chunk
        return data

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            data = self._exact(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x8:
                raise RuntimeError("websocket: closed by the browser")
            if opcode == 0x9:  # ping: answer, keep reading
                continue
            message += data
            if b0 & 0x80:
                return message.decode()


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method, timeout):
        end = time.time() + timeout
        while time.time() < end:
            for e in self.events:
                if e["method"] == method:
                    return e
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
        raise RuntimeError(f"timed out waiting for {method}")

    def evaluate(self, expression, await_promise=False):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                      awaitPromise=await_promise)
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluating {expression!r}: {r['exceptionDetails']}")
        return r["result"].get("value")


def start_browser(profile):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise SystemExit("browser_check: chromium is not installed (Debian package 'chromium')")
    proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    end = time.time() + 60
    while time.time() < end:
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 1 and lines[0].isdigit():
                return proc, int(lines[0])
        if proc.poll() is not None:
            raise SystemExit(f"browser_check: chromium exited with status {proc.returncode}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("browser_check: chromium did not open its DevTools port in 60 s")


def page_target(port):
    for _ in range(100):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/json/list")
        targets = json.loads(conn.getresponse().read())
        conn.close()
        pages = [t for t in targets if t.get("type") == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise SystemExit("browser_check: no page target")


def check_report(path, units, lang, screenshot, filter_id="JY-001", extra=None):
    failures = []
    profile = tempfile.mkdtemp(prefix="civiscore-chromium-")
    proc, port = start_browser(profile)
    try:
        page = Page(WebSocket(page_target(port)))
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=1500, deviceScaleFactor=1,
                  mobile=False)
        url = "file://" + os.path.abspath(path)
        page.call("Page.navigate", url=url)
        page.wait_for("Page.loadEventFired", 60)
        ready = False
        for _ in range(100):
            if page.evaluate("document.documentElement.getAttribute('data-ready')") == "1":
                ready = True
                break
            time.sleep(0.1)
        if not ready:
            failures.append("the report script did not finish (data-ready never set)")
        q = {
            "ranking_rows": "document.querySelectorAll('#ranking-table tbody tr').length",
            "scorecards": "document.querySelectorAll('article.scorecard').length",
            "radars": "document.querySelectorAll('article.scorecard svg.radar').length",
            "histogram_bars": "document.querySelectorAll('#summary svg.histogram rect').length",
            "grade_chart": "document.querySelectorAll('#summary svg.grades-chart').length",
            "sections": "Array.from(document.querySelectorAll('main section')).map(s => s.id)",
            "title": "document.title",
            "h2": "Array.from(document.querySelectorAll('h2')).map(h => h.textContent)",
            "model_rows": "document.querySelectorAll('#model table.tree tbody tr').length",
            "group_tables": "document.querySelectorAll('#summary table.group-table').length",
            "provenance": "document.querySelector('#provenance').textContent",
            "quality": "document.querySelector('#quality').textContent",
            "first_card": "document.querySelector('article.scorecard').textContent",
            "indicator_bars": "document.querySelector('article.scorecard').querySelectorAll('.bar').length",
        }
        q.update(extra or {})
        got = {k: page.evaluate(v) for k, v in q.items()}
        # Sorting and filtering work: sort by total (descending after two clicks), filter one grade.
        got["filter_shown"] = page.evaluate(
            "(() => { const f = document.getElementById('rank-filter'); f.value = '" + filter_id + "';"
            " f.dispatchEvent(new Event('input')); const n = Array.from(document.querySelectorAll("
            "'#ranking-table tbody tr')).filter(r => r.style.display !== 'none').length;"
            " f.value = ''; f.dispatchEvent(new Event('input')); return n; })()")
        # Wait for fonts before the screenshot so CJK glyphs are drawn.
        page.evaluate("document.fonts.ready.then(() => 1)", await_promise=True)
        if screenshot:
            shot = page.call("Page.captureScreenshot", format="png")
            with open(screenshot, "wb") as out:
                out.write(base64.b64decode(shot["data"]))
            # and the first scorecard (radar chart, indicator bars, rectification list)
            page.evaluate("window.scrollTo(0, document.querySelector('article.scorecard')"
                          ".getBoundingClientRect().top + window.scrollY - 10)")
            time.sleep(0.3)
            shot = page.call("Page.captureScreenshot", format="png")
            with open(screenshot.replace(".png", "-scorecard.png"), "wb") as out:
                out.write(base64.b64decode(shot["data"]))
        time.sleep(0.2)
        try:
            page.call("Browser.close")
        except RuntimeError:
            pass
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)

    # Console errors, exceptions, failed or external requests.
    for e in page.events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            failures.append(f"console error: {p.get('args')}")
        elif m == "Runtime.exceptionThrown":
            failures.append(f"uncaught exception: {p.get('exceptionDetails', {}).get('text')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            failures.append(f"browser log error: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Network.loadingFailed":
            failures.append(f"request failed: {p.get('errorText')}")
        elif m == "Network.requestWillBeSent":
            req_url = p["request"]["url"]
            if not (req_url == url or req_url.startswith(("data:", "about:"))):
                failures.append(f"external request: {req_url}")
    requests = [e["params"]["request"]["url"] for e in page.events if e["method"] == "Network.requestWillBeSent"]

    def expect(cond, what):
        if not cond:
            failures.append(what)

    expect(got["ranking_rows"] == units, f"ranking rows {got['ranking_rows']} != units {units}")
    expect(got["scorecards"] == units, f"scorecards {got['scorecards']} != units {units}")
    expect(got["radars"] == units, f"radar charts {got['radars']} != units {units}")
    expect(got["histogram_bars"] == 20, f"histogram bars {got['histogram_bars']} != 20")
    expect(got["grade_chart"] == 1, "no grade distribution chart")
    for s in ("summary", "ranking", "scorecards", "model", "quality", "provenance"):
        expect(s in got["sections"], f"section #{s} missing (have {got['sections']})")
    expect(got["model_rows"] == 61, f"model tree rows {got['model_rows']} != 61 nodes")
    expect(got["group_tables"] == 2, f"group tables {got['group_tables']} != 2 (district, type)")
    expect(got["indicator_bars"] == 42, f"indicator bars {got['indicator_bars']} != 42")
    expect(got["filter_shown"] == 1, f"filtering '{filter_id}' shows {got['filter_shown']} rows, not 1")
    expect(re.search(r"[0-9a-f]{64}", got["provenance"]) is not None, "no SHA-256 in the provenance")
    if lang == "zh":
        expect("三社联动" in got["title"], f"title {got['title']!r} is not the Chinese model name")
        for label in ("概览", "排名", "单位评分卡", "指标体系", "数据质量", "来源与可追溯性"):
            expect(label in got["h2"], f"heading {label} missing: {got['h2']}")
        expect("整改清单" in got["first_card"], "scorecard has no rectification list")
        expect("一票否决" in got["first_card"], "scorecard has no veto section")
        expect("社区" in got["first_card"], "scorecard shows no Chinese unit name")
    else:
        for label in ("Summary", "Ranking", "Scorecards", "The model", "Data quality", "Provenance"):
            expect(label in got["h2"], f"heading {label} missing: {got['h2']}")
        expect("Rectification list" in got["first_card"], "scorecard has no rectification list")
    return failures, got, requests


# The plan report's own elements, read from the page after its script ran.
PLAN_QUERIES = {
    "lh04_card": "(() => { const c = Array.from(document.querySelectorAll('article.scorecard'))"
                 ".find(a => a.querySelector('h3').textContent.includes('LH-04')); return c ? c.textContent : ''; })()",
    "lh04_vetoes": "(() => { const c = Array.from(document.querySelectorAll('article.scorecard'))"
                   ".find(a => a.querySelector('h3').textContent.includes('LH-04'));"
                   " return c ? Array.from(c.querySelectorAll('li.flag-veto')).map(l => l.textContent) : []; })()",
    "rect_tables": "document.querySelectorAll('article.scorecard table.rect').length",
    "rect_rows": "document.querySelectorAll('article.scorecard table.rect tbody tr').length",
    # id -> [change cell's data-v, final grade text] from the ranking table
    "ranking": "(() => { const h = Array.from(document.querySelectorAll('#ranking-table thead th'))"
               ".map(t => t.textContent); const ci = h.indexOf('较上期'), gi = h.indexOf('最终等级'); const out = {};"
               " document.querySelectorAll('#ranking-table tbody tr').forEach(r => { const td = r.querySelectorAll('td');"
               " out[td[1].textContent] = [ci < 0 ? null : td[ci].getAttribute('data-v'), gi < 0 ? null : td[gi].textContent]; });"
               " return out; })()",
}


def check_plan_report(args):
    """The assessment report of the plan's latest period from long data (periods + ratings)."""
    html = os.path.join(args.out_dir, "sanshe-plan-report-zh.html")
    subprocess.run([args.cli, "report", "--model", args.model, "--plan", args.plan, "--data", args.periods,
                    "--ratings", args.ratings, "--out", html], check=True)
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)
    latest = plan["periods"]["annual"][-1]
    with open(args.periods, encoding="utf-8-sig") as f:
        units = len({row["unit_id"] for row in csv.DictReader(f) if row["period"] == latest})
    # The change column against the assessment itself (civiscore assess --format json).
    assessed = json.loads(subprocess.run(
        [args.cli, "assess", "--model", args.model, "--plan", args.plan, "--data", args.periods,
         "--ratings", args.ratings, "--format", "json"], check=True, capture_output=True, text=True).stdout)
    shot = os.path.join(args.out_dir, "sanshe-plan-report-zh.png")
    failures, got, requests = check_report(html, units, "zh", shot, filter_id="LH-04", extra=PLAN_QUERIES)

    def expect(cond, what):
        if not cond:
            failures.append(what)

    expect(units == 24, f"periods.csv has {units} units in {latest}, the example has 24")
    veto = next(v for v in plan["adjustments"]["vetoes"] if v["id"] == "V2")
    expect(any("V2" in v and veto["name"] in v for v in got["lh04_vetoes"]),
           f"LH-04's scorecard does not show veto V2 with its reason {veto['name']!r}: {got['lh04_vetoes']}")
    expect("不合格" in got["lh04_card"], "LH-04's scorecard does not show its final grade 不合格")
    expect(got["lh04_card"].count("整改清单") == 1, "LH-04's scorecard has no rectification list heading")
    expect(got["rect_tables"] >= 1 and got["rect_rows"] >= 1,
           f"no rectification list in the plan report ({got['rect_tables']} tables, {got['rect_rows']} rows)")
    ranking = got["ranking"]
    expect(len(ranking) == units, f"ranking ids {len(ranking)} != {units}")
    with open(args.model, encoding="utf-8") as f:
        root = json.load(f)["root"]["id"]
    for ct in assessed["change_and_trend"]:
        uid, want = ct["unit_id"], ct["change"][root]
        cell = ranking.get(uid, [None, None])[0]
        if want is None or cell in (None, ""):
            expect(False, f"{uid}: change column empty (cell {cell!r}, assessment {want!r})")
        else:
            expect(abs(float(cell) - want) <= 1e-9 * max(1.0, abs(want)),
                   f"{uid}: change {cell} != assessment's {want}")
    grades = {u["unit_id"]: u["grade"] for u in assessed["units"]}
    for uid, g in grades.items():
        expect(ranking.get(uid, [None, None])[1] == g, f"{uid}: final grade {ranking.get(uid)} != assessment's {g}")
    print(f"plan: {html} ({os.path.getsize(html)} bytes): {got['ranking_rows']} ranking rows, {got['scorecards']} "
          f"scorecards for {units} units, {got['rect_rows']} rectification rows, LH-04 vetoes {got['lh04_vetoes']}, "
          f"{len(requests)} request(s)")
    print(f"screenshot: {shot}")
    for f in failures:
        print(f"FAIL (plan): {f}")
    return len(failures)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--plan")
    ap.add_argument("--periods")
    ap.add_argument("--ratings")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    with open(args.data, encoding="utf-8-sig") as f:
        units = sum(1 for _ in csv.DictReader(f))

    total_failures = 0
    for lang, extra in (("zh", ["--checks"]), ("en", [])):
        html = os.path.join(args.out_dir, f"sanshe-report-{lang}.html")
        subprocess.run([args.cli, "report", "--model", args.model, "--data", args.data, "--lang", lang,
                        "--out", html, *extra], check=True)
        shot = os.path.join(args.out_dir, f"sanshe-report-{lang}.png")
        failures, got, requests = check_report(html, units, lang, shot)
        size = os.path.getsize(html)
        print(f"{lang}: {html} ({size} bytes): {got['ranking_rows']} ranking rows, {got['scorecards']} "
              f"scorecards for {units} units, {len(requests)} request(s): {sorted(set(requests))}")
        print(f"screenshot: {shot}")
        print(f"screenshot: {shot.replace('.png', '-scorecard.png')}")
        if lang == "zh" and "quality" in got and "未进行数据质量检查" in got["quality"]:
            failures.append("--checks was given but the report says no check ran")
        if lang == "en" and "No data-quality check was run" not in got["quality"]:
            failures.append("without --checks the quality section does not say that no check ran")
        for f in failures:
            print(f"FAIL ({lang}): {f}")
        total_failures += len(failures)
    if args.plan:
        total_failures += check_plan_report(args)
    print("browser check: ok" if not total_failures else f"browser check: {total_failures} failure(s)")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
