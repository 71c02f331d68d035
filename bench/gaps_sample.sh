#!/usr/bin/env bash
# The mixed CI log behind docs/gaps-report.png (two known errors of content/, three unknown ones),
# its HTML report and the screenshot. Usage: bench/gaps_sample.sh [OUT_DIR]  (default target/gaps-sample)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/gaps-sample}
mkdir -p "$out"
python3 - "$out" <<'PY'
import random, sys
out = sys.argv[1]
random.seed(3)
lines = []
for i in range(400):
    ts = f"2026-12-02 10:{i//60%60:02d}:{i%60:02d},{random.randint(100,999)}"
    r = random.random()
    if r < 0.05: lines.append(f"{ts} ERROR [build-{random.randint(1,9)}] Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")
    elif r < 0.08: lines.append(f"{ts} ERROR [deploy] error: You must be logged in to the server (Unauthorized)")
    elif r < 0.18: lines.append(f"{ts} ERROR [worker-{random.randint(1,9)}] upload of artifact build-{random.randint(100,999)}.tar.gz failed: quota exceeded for bucket ci-cache-{random.choice('abc')} ({random.randint(10,99)} GB used)")
    elif r < 0.24: lines.append(f"{ts} WARN [gc] heap usage {random.randint(80,99)}% after full collection, pause {random.randint(100,900)}ms")
    elif r < 0.27: lines.append(f"{ts} ERROR [db] psql: エラー: ロール\"ci_{random.randint(1,9)}\"は存在しません")
    else: lines.append(f"{ts} INFO [worker-{random.randint(1,9)}] step {random.randint(1,40)} finished in {random.randint(1,900)} ms")
open(f"{out}/ci.log", "w", encoding="utf-8").write("\n".join(lines[:250]) + "\n")
open(f"{out}/ci2.log", "w", encoding="utf-8").write("\n".join(lines[250:]) + "\n")
PY
gzip -f "$out/ci2.log"
root=$PWD
(cd "$out" && "$root/errorkb" gaps --content "$root/content" ci.log ci2.log.gz --format html --out gaps.html)
# Japanese text needs a CJK font (Debian: fonts-ipafont-gothic).
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1250 \
  --screenshot="$out/gaps-report.png" "file://$root/$out/gaps.html" 2>/dev/null
echo "$out/gaps-report.png"
