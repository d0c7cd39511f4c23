#!/usr/bin/env python3
"""Rewrites the TOPICS section of man/headroom.1 from `headroom explain -f json`, so that the man
page lists the topics of the one table in calc/explain (tests/e2e/explain.sh checks it does).
Usage: python3 scripts/man-topics.py build/headroom"""
import json, pathlib, subprocess, sys

binary = sys.argv[1]
topics = json.loads(subprocess.check_output([binary, "explain", "-f", "json"]))["topics"]
roff = lambda s: s.replace("\\", "\\\\").replace("-", "\\-")
section = [".SH TOPICS", "The topics of", '.BR "headroom explain" ,', "one per formula; each line of",
           ".B \\-\\-explain", "ends with one in brackets.", "Run", ".B headroom explain", ".I TOPIC",
           "for the formula, its assumptions, when it is exact, the keys that feed it, a worked",
           "example and the references."]
for t in topics:
    section += [".TP", ".B " + roff(t["id"]), "(" + t["analysis"] + ") " + roff(t["title"])]
page = pathlib.Path(__file__).resolve().parent.parent / "man" / "headroom.1"
text = page.read_text()
start = text.index(".SH TOPICS\n")
end = text.index("\n.SH ", start + 1) + 1
page.write_text(text[:start] + "\n".join(section) + "\n" + text[end:])
