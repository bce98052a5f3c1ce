"""`lambdaprep calc …` end to end (in-process), on the shipped packs."""

from __future__ import annotations

import json

import pytest
from tests.calc_support import CALC_PACK

from lambdaprep.cli import main


def run(capsys, *argv):
    code = main(["calc", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_price_seed_example_json(capsys):
    code, out, _ = run(capsys, "price", "--memory", "512", "--duration", "500ms", "--requests", "1M", "--no-free-tier", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["total_usd"] == 4.37
    assert {line["key"] for line in d["lines"]} == {"requests", "duration"}
    assert all({"label", "usd", "quantity", "unit", "detail"} <= set(line) for line in d["lines"])
    assert d["region"] == "us-east-1" and d["as_of"]
    assert d["side_by_side"]["arm64"]["total_usd"] < d["side_by_side"]["x86_64"]["total_usd"]


def test_price_default_free_tier_is_on(capsys):
    code, out, _ = run(capsys, "price", "--memory", "512", "--duration", "500ms", "--requests", "1M", "--json")
    assert json.loads(out)["total_usd"] == 0.0


def test_price_table_output(capsys):
    code, out, _ = run(capsys, "price", "--memory", "1.5GB", "--duration", "0.12s", "--requests", "3M", "--no-free-tier")
    assert code == 0
    assert "$9.60" in out and "$7.80" in out  # x86 and Arm side by side
    assert "x86_64" in out and "arm64" in out
    assert "us-east-1" in out and "as of" in out
    assert "Per 1M invocations" in out


def test_price_suffixes_and_everything(capsys):
    code, out, _ = run(capsys, "price", "--memory", "1GB", "--duration", "1.5s", "--requests", "2.5k", "--ephemeral", "10GB",
                       "--provisioned", "10", "--provisioned-hours", "720", "--init", "300ms", "--cold-share", "2%",
                       "--payload", "300KB", "--arch", "arm64", "--json")
    assert code == 0
    d = json.loads(out)
    keys = {line["key"] for line in d["lines"]}
    assert {"provisioned", "provisioned_duration", "requests", "ephemeral"} <= keys
    assert d["architecture"] == "arm64"
    assert d["free_tier_applied"] is False
    assert d["total_usd"] == pytest.approx(sum(line["usd"] for line in d["lines"]))


def test_price_lambda_edge(capsys):
    code, out, _ = run(capsys, "price", "--memory", "128", "--duration", "50ms", "--requests", "10M", "--edge", "--json")
    assert json.loads(out)["total_usd"] == 9.13


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--memory", "64"], "--memory"),
        (["--memory", "lots"], "expected a size"),
        (["--duration", "10GB"], "expected a duration"),
        (["--ephemeral", "11GB"], "--ephemeral"),
        (["--payload", "2MB"], "--payload"),
        (["--cold-share", "150%"], "--cold-share"),
        (["--snapstart", "--provisioned", "1", "--provisioned-hours", "1", "--runtime", "python"], "--snapstart"),
    ],
)
def test_price_bad_input_is_a_usage_error(capsys, argv, fragment):
    code, out, err = run(capsys, "price", *argv)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_tune_table_and_json(capsys):
    code, out, _ = run(capsys, "tune", "--duration", "2s", "--cpu", "90%")
    assert code == 0
    assert "cost" in out and "speed" in out and "balanced" in out
    assert "10,240 MB" in out
    code, out, _ = run(capsys, "tune", "--duration", "2s", "--cpu", "90%", "--memory-sizes", "128,1GB,3008", "--json")
    d = json.loads(out)
    assert [r["memory_mb"] for r in d["rows"]] == [128, 1024, 3008]
    assert d["cheapest_mb"] in (128, 1024, 3008)


def test_coldstart_json(capsys):
    code, out, _ = run(capsys, "coldstart", "--runtime", "python3.13", "--package-size", "20MB", "--rps", "0.01", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["p90_ms"] >= d["p50_ms"] > 0
    assert 0 < d["cold_share"] <= 1
    for f in d["factors"]:
        assert f["source"]


def test_coldstart_table(capsys):
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--init", "3s", "--rps", "0.002")
    assert code == 0
    assert "p50" in out and "p90" in out and "assumption" in out and "measured" in out


def test_coldstart_unknown_runtime(capsys):
    code, _, err = run(capsys, "coldstart", "--runtime", "cobol")
    assert code == 2 and "--runtime" in err and "python3.13" in err


def test_coldstart_snapstart_with_extra_parameters(capsys):
    code = main(["--pack", str(CALC_PACK), "calc", "coldstart", "--runtime", "java21", "--snapstart", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert any(f["key"] == "snapstart" for f in json.loads(out)["factors"])


def test_concurrency(capsys):
    code, out, _ = run(capsys, "concurrency", "--rps", "5000", "--duration", "200ms", "--peak", "3", "--sqs-rate", "1000",
                       "--shards", "4", "--parallelization", "10", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["mean_concurrency"] == 1000 and d["peak_concurrency"] == 3000
    assert d["steady_throttle_share"] == pytest.approx(2 / 3)
    assert set(d["sections"]) == {"function", "sqs", "stream"}
    code, out, _ = run(capsys, "concurrency", "--rps", "50k", "--duration", "200ms", "--account", "20000")
    assert code == 0 and "Time to scale" in out and "90.0 s" in out


def test_calc_without_subcommand_needs_a_terminal(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "terminal" in err


def test_help_lists_calculators(capsys):
    with pytest.raises(SystemExit):
        main(["calc", "--help"])
    out, _ = capsys.readouterr()
    for name in ("price", "tune", "coldstart", "concurrency"):
        assert name in out


def test_calc_commands_do_not_import_textual(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\nfrom lambdaprep.cli import main\n"
        "for argv in (['calc','price','--json'], ['calc','tune','--json'], ['calc','coldstart','--json'], ['calc','concurrency','--json']):\n"
        "    assert main(argv) == 0\n"
        "print('TEXTUAL' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"LAMBDAPREP_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("CLEAN")


def test_coldstart_uses_the_shipped_parameters(capsys):
    code, out, _ = run(capsys, "coldstart", "--runtime", "nodejs22.x", "--imported", "2MB", "--vpc", "--snapstart", "--json")
    assert code == 2  # Node.js has no SnapStart
    code, out, _ = run(capsys, "coldstart", "--runtime", "nodejs22.x", "--imported", "2MB", "--vpc", "--init", "200ms",
                       "--memory", "512", "--json")
    assert code == 0
    factors = {f["key"]: f for f in json.loads(out)["factors"]}
    assert factors["imports"]["basis"] == "assumption" and factors["imports"]["p50_ms"] > 0
    assert factors["vpc"]["basis"] == "documented"
    assert factors["user_init"]["p50_ms"] > 200  # below one vCPU
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--snapstart", "--json")
    assert code == 0 and any(f["key"] == "snapstart" for f in json.loads(out)["factors"])
