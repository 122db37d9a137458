"""scripts/locust_table.py turns locust's --csv statistics into the Markdown tables of
docs/benchmarks.md: one row per page, set-up requests left out, the aggregate last."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("locust_table", ROOT / "scripts" / "locust_table.py")
locust_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(locust_table)

HEADER = ("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
          "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
          "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%")


def _row(kind, name, count, failures, p50, p95, rps):
    return f"{kind},{name},{count},{failures},{p50},1,1,1,1,{rps},0,{p50},1,1,1,1,{p95},1,1,1,1,1"


def test_table_has_a_row_per_page_without_set_up_and_the_aggregate_last(tmp_path, capsys):
    stats = tmp_path / "run_stats.csv"
    stats.write_text("\n".join([
        HEADER,
        _row("POST", "login", 10, 0, 900, 1500, 0.2),
        _row("GET", "organization list ?q=&page=", 41, 2, 760, 2100, 0.68),
        _row("GET", "dashboard", 43, 0, 1500, 3200, 0.75),
        _row("", "Aggregated", 94, 2, 1300, 4200, 3.166),
    ]) + "\n", encoding="utf-8")

    assert locust_table.main([f"N=200,000, 10 users={stats}"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "**N=200,000, 10 users**"
    assert lines[4:] == [
        "| dashboard | 43 | 0 | 1500 | 3200 | 0.8 |",
        "| organization list ?q=&page= | 41 | 2 | 760 | 2100 | 0.7 |",
        "| **all requests** | 94 | 2 | 1300 | 4200 | 3.2 |",
        "",
    ]

    locust_table.main(["--all", f"x={stats}"])
    assert "| login | 10 | 0 | 900 | 1500 | 0.2 |" in capsys.readouterr().out
