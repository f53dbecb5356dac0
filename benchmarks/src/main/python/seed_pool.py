"""The seed workload on Python's multiprocessing.Pool.imap, for the procpool benchmarks.

Stdlib only. Builds the same dicts as the Java side ({"param1": i, "param2": 15}), starts
Pool(workers), lets every worker answer once (pool start is not timed), then times only the
imap loop, `runs` times per chunk size. Prints one JSON object per chunk size on stdout.
"""
import argparse
import json
import multiprocessing
import statistics
import sys
import time


def add(params):
    return {"sum": params["param1"] + params["param2"]}


def timed_run(pool, dicts, chunksize):
    start = time.perf_counter()
    total = 0
    for result in pool.imap(add, dicts, chunksize=chunksize):
        total += result["sum"]
    return time.perf_counter() - start, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunksizes", default="1,100")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    n = args.tasks
    dicts = [{"param1": i, "param2": 15} for i in range(n)]
    expected = n * (n - 1) // 2 + 15 * n
    with multiprocessing.Pool(args.workers) as pool:
        # every worker is up before the clock starts
        list(pool.imap(add, dicts[:1000], chunksize=1))
        for chunksize in (int(c) for c in args.chunksizes.split(",")):
            rates = []
            for _ in range(args.runs):
                seconds, total = timed_run(pool, dicts, chunksize)
                if total != expected:
                    print(f"wrong sum {total}, expected {expected}", file=sys.stderr)
                    sys.exit(2)
                rates.append(n / seconds)
            print(json.dumps({
                "chunksize": chunksize,
                "tasks": n,
                "runs": len(rates),
                "median_tasks_per_s": statistics.median(rates),
                "best_tasks_per_s": max(rates),
                "python": sys.version.split()[0],
            }), flush=True)


if __name__ == "__main__":
    main()
