"""Burst load test of the delegates' check-in and poll answers (`make bench-checkin`).

A fresh PostgreSQL database, migrated and loaded with the demo; per run and per target a
fresh live conference with the demo's 827 bridge points (and an open poll); gunicorn on
loopback; wrk (bench/burst.lua) fires exactly N distinct delegates (32,637 by default)
plus one deliberate duplicate per 100, as fast as it can, each wrk thread on its own
connection. Then the rows are counted and checked against what was sent:
lost = distinct delegates sent - rows stored, duplicated = rows stored - distinct sent.

Targets, interleaved in each run so they share the machine's state:
  bare     one INSERT of a check-in row (trienkhai.bench_urls), the ceiling
  checkin  POST /api/v1/checkin/<code>/
  answer   POST /api/v1/polls/<uid>/answer/

wrk plays the intranet's reverse proxy: each point's delegates come from that point's
router address (X-Forwarded-For, TK_PROXY_COUNT=1), about 40 per point, under the
default rate limit (TK_CHECKIN_RATE, 600/minute per address and point or poll).

    .venv/bin/python bench/checkin_load.py --runs 3
"""

import argparse
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "burst.lua"
DUP_EVERY = 100  # as in burst.lua


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/trienkhai_bench")
    p.add_argument("--delegates", type=int, default=32637)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--targets", default="bare,checkin,answer")
    p.add_argument("--connections", type=int, default=32, help="wrk threads, one connection each")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument("--worker-class", default="gthread")
    p.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    p.add_argument("--keep-alive", type=int, default=5, help="gunicorn keep-alive, seconds")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--cap", type=int, default=300, help="wrk's duration cap, seconds")
    p.add_argument("--warmup", type=int, default=2000, help="check-ins before the runs")
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "checkin_load.json")
    return p.parse_args()


def database(url, *, drop_only=False):
    import psycopg

    m = re.match(r"postgres(?:ql)?://([^@/]*)@([^:/]+):?(\d*)/(\w+)$", url)
    if not m:
        sys.exit(f"need postgres://user@host:port/name, got {url}")
    user, host, port, name = m.groups()
    with psycopg.connect(
        host=host, port=port or 5432, user=user, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def environment(args):
    env = {
        "DATABASE_URL": args.db,
        "DJANGO_SETTINGS_MODULE": "trienkhai.settings_bench",
        "TK_DEBUG": "0",
        "TK_SECRET_KEY": "bench-only",
        "TK_ALLOWED_HOSTS": "127.0.0.1",
        "TK_SSL_REDIRECT": "0",
        "TK_PROXY_COUNT": "1",
        "TK_LOG_LEVEL": "ERROR",  # not one warning line per refused duplicate
    }
    os.environ.update(env)
    return os.environ.copy()


def live_conference(tag, with_poll):
    """A conference under way with the demo's 827 points, all counting by check-in."""
    from django.utils import timezone

    from trienkhai.conferences.models import BridgePoint, Conference, Poll, PollChoice

    demo = Conference.objects.get(starts_at__date=datetime.date(2021, 11, 5))
    now = timezone.now()
    conf = Conference.objects.create(
        title=f"Hội nghị thử tải {tag}",
        organiser=demo.organiser,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=3),
    )
    points = BridgePoint.objects.bulk_create(
        BridgePoint(
            conference=conf,
            host_id=p.host_id,
            district_id=p.district_id,
            name=p.name,
            level=p.level,
            is_main=p.is_main,
            uses_check_in=True,
        )
        for p in demo.points.order_by("pk")
    )
    poll = choices = None
    if with_poll:
        poll = Poll.objects.create(
            owner=conf.organiser,
            conference=conf,
            kind="single",
            question="Đồng chí đánh giá thế nào về hiệu quả của hội nghị?",
            opens_at=conf.starts_at,
            closes_at=conf.ends_at,
        )
        choices = PollChoice.objects.bulk_create(
            PollChoice(poll=poll, order=i, text=t)
            for i, t in enumerate(["Rất thiết thực", "Thiết thực", "Bình thường"], start=1)
        )
    return conf, [p.code for p in points], poll, choices


def stored(target, conf, poll):
    from django.db.models import Count

    from trienkhai.conferences.models import CheckIn, PollAnswer

    if target == "answer":
        rows = PollAnswer.objects.filter(poll=poll)
        links = PollAnswer.choices.through.objects.filter(pollanswer__poll=poll).count()
        return rows.count(), rows.values("key").distinct().count(), links
    rows = CheckIn.objects.filter(conference=conf)
    per_point = rows.values("point").annotate(n=Count("pk"))
    return rows.count(), rows.values("key").distinct().count(), per_point.count()


def start_gunicorn(args, env, log):
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "trienkhai.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--keep-alive",
        str(args.keep_alive),
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2).read()
            return proc, " ".join(cmd[1:])
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("gunicorn did not answer; see its log")


def wrk(args, target, codes, poll, choices, delegates, tmp):
    points_file = tmp / "points.txt"
    points_file.write_text("\n".join(codes) + "\n")
    markers = tmp / "markers"
    markers.mkdir(exist_ok=True)
    cmd = [
        "wrk",
        "-t",
        str(args.connections),
        "-c",
        str(args.connections),
        "-d",
        f"{args.cap}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{args.port}",
        "--",
        target,
        str(points_file),
        str(delegates),
        str(args.connections),
        str(poll.uid) if poll else "-",
        ",".join(str(c.pk) for c in choices) if choices else "-",
        str(markers),
    ]
    # wrk sleeps for its whole duration; once every thread has sent its share and had
    # its answers (a marker file each), SIGINT makes it report at once.
    for old in markers.glob("done-*"):
        old.unlink()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    while proc.poll() is None:
        if len(list(markers.glob("done-*"))) >= args.connections:
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    out = proc.communicate()[0]
    if proc.returncode not in (0, -signal.SIGINT):
        sys.exit(f"wrk failed ({proc.returncode})")
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :]), " ".join(cmd)


def planned_duplicates(delegates, threads):
    return sum(
        (((t + 1) * delegates) // threads - (t * delegates) // threads) // DUP_EVERY
        for t in range(threads)
    )


def one_run(args, target, run, tmp):
    conf, codes, poll, choices = live_conference(f"{target} {run}", target == "answer")
    dups = planned_duplicates(args.delegates, args.connections)
    result, cmd = wrk(args, target, codes, poll, choices, args.delegates, tmp)
    rows, distinct, extra = stored(target, conf, poll)
    created = result["statuses"].get("201", 0)
    again = result["statuses"].get({"answer": "409"}.get(target, "200"), 0)
    # From the first request sent to the last answer received, over all threads.
    secs = result["span_us"] / 1e6
    e = result["errors"]
    row = {
        "target": target,
        "run": run,
        "sent": result["sent"],
        "unique": args.delegates,
        "duplicates_sent": dups,
        "completed": result["completed"],
        "seconds": round(secs, 2),
        "rate": round(result["completed"] / secs, 1),
        "p50_ms": result["p50_us"] / 1000,
        "p90_ms": result["p90_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "max_ms": result["max_us"] / 1000,
        "socket_errors": e["connect"] + e["read"] + e["write"] + e["timeout"],
        "statuses": result["statuses"],
        "created_2xx": created,
        "duplicate_answers": again,
        "unexpected": result["completed"] - created - again,
        "stored": rows,
        "stored_distinct": distinct,
        "lost": args.delegates - rows,
        "duplicated": rows - distinct + max(0, rows - args.delegates),
        "fillers": result["fillers"],
        "extra": extra,  # answer: choice links; check-in: points with at least one row
        "wrk": cmd,
    }
    ok = (
        row["sent"] == args.delegates + dups
        and row["completed"] == row["sent"]
        and row["lost"] == 0
        and row["duplicated"] == 0
        and created == args.delegates
        and again == dups
        and (target != "answer" or extra == rows)
    )
    row["exact"] = ok
    return row


def main():
    args = parse()
    targets = args.targets.split(",")
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    sys.path.insert(0, str(ROOT))
    env = environment(args)
    print(f"fresh database {args.db}", flush=True)
    database(args.db)
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    print(f"migrated and loaded the demo in {time.monotonic() - t0:.0f} s", flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    log = open(args.json.with_suffix(".gunicorn.log"), "w")
    proc, gunicorn_cmd = start_gunicorn(args, env, log)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            if args.warmup:
                _c, codes, _p, _ch = live_conference("warm-up", False)
                wrk(args, "checkin", codes, None, None, args.warmup, tmp)
            for run in range(1, args.runs + 1):
                for target in targets:
                    row = one_run(args, target, run, tmp)
                    rows.append(row)
                    print(
                        f"run {run} {target:8} sent {row['sent']:6} in {row['seconds']:6.2f} s "
                        f"= {row['rate']:7.1f}/s  p50 {row['p50_ms']:7.1f} ms  "
                        f"p99 {row['p99_ms']:7.1f} ms  statuses {row['statuses']}  "
                        f"stored {row['stored']} lost {row['lost']} dup {row['duplicated']}  "
                        f"{'exact' if row['exact'] else 'NOT EXACT'}",
                        flush=True,
                    )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            database(args.db, drop_only=True)
    summary = {}
    print(f"\nmedian run of {args.runs} (by rate); gunicorn {gunicorn_cmd}")
    for target in targets:
        runs = sorted((r for r in rows if r["target"] == target), key=lambda r: r["rate"])
        median = runs[len(runs) // 2]
        summary[target] = median
        print(
            f"{target:8} {median['rate']:7.1f}/s  p50 {median['p50_ms']:.1f} ms  "
            f"p99 {median['p99_ms']:.1f} ms  errors {median['socket_errors']} socket, "
            f"{median['unexpected']} unexpected status  sent {median['unique']} + "
            f"{median['duplicates_sent']} dup  stored {median['stored']}  lost "
            f"{median['lost']}  duplicated {median['duplicated']}  "
            f"rates of the runs {[r['rate'] for r in runs]}  "
            f"p99 of the runs {sorted(r['p99_ms'] for r in runs)}"
        )
    args.json.write_text(
        json.dumps(
            {
                "gunicorn": gunicorn_cmd,
                "connections": args.connections,
                "runs": rows,
                "median": summary,
                "medians_of_runs": {
                    t: {
                        k: statistics.median(r[k] for r in rows if r["target"] == t)
                        for k in ("rate", "p50_ms", "p99_ms")
                    }
                    for t in targets
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"details: {args.json}")
    return 0 if all(r["exact"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
