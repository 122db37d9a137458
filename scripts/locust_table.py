"""Turn locust's --csv statistics into Markdown tables: per page, the requests, failures, p50,
p95 and requests per second (scripts/loadtest.sh; docs/benchmarks.md).

  python scripts/locust_table.py "N=2,000, 10 users=/tmp/load-2000-10_stats.csv" [more LABEL=FILE…]

Each argument is LABEL=FILE (FILE is the *_stats.csv that `locust --csv PREFIX` writes); one
table is printed per argument. The rows of the login and of the set-up requests each user makes
once are left out (--all keeps them); the last row sums every request of the run.
"""
import argparse
import csv
import sys

SETUP_PAGES = {"login form", "login", "organization list", "period overview (redirect)"}


def rows_of(path: str, *, keep_setup: bool = False) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if keep_setup or row["Name"] not in SETUP_PAGES]


def _ms(value: str) -> str:
    return "–" if value in ("", "N/A") else f"{float(value):.0f}"


def table(rows: list[dict[str, str]]) -> str:
    lines = ["| page | requests | failures | p50 ms | p95 ms | req/s |", "|---|---:|---:|---:|---:|---:|"]
    pages = sorted((row for row in rows if row["Name"] != "Aggregated"), key=lambda row: row["Name"])
    total = [row for row in rows if row["Name"] == "Aggregated"]
    for row in pages + total:
        name = "**all requests**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {_ms(row['50%'])} "
                     f"| {_ms(row['95%'])} | {float(row['Requests/s']):.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", metavar="LABEL=FILE")
    parser.add_argument("--all", action="store_true", help="keep the login and set-up requests")
    args = parser.parse_args(argv)
    for run in args.runs:
        label, separator, path = run.rpartition("=")
        if not separator:
            parser.error(f"{run!r} is not LABEL=FILE")
        print(f"**{label}**\n\n{table(rows_of(path, keep_setup=args.all))}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
