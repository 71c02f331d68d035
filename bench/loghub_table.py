#!/usr/bin/python3
"""Side-by-side grouping accuracy on Loghub: errorkb gaps (one configuration) vs Drain (published settings).

Drain is logpai's own implementation (github.com/logpai/logparser, logparser/Drain), run with the
per-system settings of its benchmark/benchmark.py, read from that file (not copied). Both are scored by
logparser's own evaluator.get_accuracy (grouping accuracy, as in the Loghub papers). errorkb's groups come
from target/loghub/<System>.groups (one cluster id per log line), written by LoghubAccuracyTest.

Usage: bench/loghub_table.py LOGPARSER_DIR LOGHUB_DIR ERRORKB_GROUPS_DIR
  LOGPARSER_DIR  a checkout (or `git archive`) of logpai/logparser
  LOGHUB_DIR     ../shared/loghub (the eight 2k samples; see its LICENSE)
"""
import ast
import io
import contextlib
import os
import sys
import tempfile

import pandas as pd

SYSTEMS = ["HDFS", "Hadoop", "Spark", "Zookeeper", "OpenSSH", "Apache", "Linux", "Android"]


def drain_settings(logparser):
    src = open(os.path.join(logparser, "logparser/Drain/benchmark.py"), encoding="utf-8").read()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "benchmark_settings":
            return ast.literal_eval(node.value)
    raise SystemExit("benchmark_settings not found in logparser/Drain/benchmark.py")


def main():
    logparser, loghub, groups_dir = sys.argv[1:4]
    sys.path.insert(0, logparser)
    from logparser.Drain import LogParser
    from logparser.utils.evaluator import get_accuracy

    settings = drain_settings(logparser)
    out = tempfile.mkdtemp(prefix="drain-")
    rows = []
    for s in SYSTEMS:
        st = settings[s]
        indir = os.path.join(loghub, s)
        log_file = os.path.basename(st["log_file"])
        with contextlib.redirect_stdout(io.StringIO()):
            LogParser(log_format=st["log_format"], indir=indir, outdir=out, rex=st["regex"],
                      depth=st["depth"], st=st["st"]).parse(log_file)
        truth = pd.read_csv(os.path.join(indir, log_file + "_structured.csv"))
        keep = truth[~truth["EventId"].isnull()].index
        drain = pd.read_csv(os.path.join(out, log_file + "_structured.csv")).loc[keep]
        ours = pd.read_csv(os.path.join(groups_dir, s + ".groups"), header=None, names=["EventId"],
                           dtype=str, keep_default_na=False).loc[keep]
        gt = truth.loc[keep]["EventId"]
        _, _, _, d = get_accuracy(gt, drain["EventId"])
        _, _, _, e = get_accuracy(gt, ours["EventId"])
        rows.append((s, e, d))
    print("| system | errorkb gaps --all | Drain (published settings) | difference |")
    print("|---|---:|---:|---:|")
    for s, e, d in rows:
        print(f"| {s} | {e:.3f} | {d:.3f} | {100 * (e - d):+.1f} |")
    ae = sum(r[1] for r in rows) / len(rows)
    ad = sum(r[2] for r in rows) / len(rows)
    print(f"| **average** | **{ae:.3f}** | **{ad:.3f}** | **{100 * (ae - ad):+.1f}** |")


if __name__ == "__main__":
    main()
