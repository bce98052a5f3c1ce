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
    assert code == 0 and "Time to scale" in out and "1.5 min" in out


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


# ------------------------------------------------------------------ issue 18: SnapStart, runtimes, big inputs, one number form


def test_snapstart_on_a_light_init_explains_the_restore_cost(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, plain, _ = run(capsys, "coldstart", "--runtime", "java21")
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--snapstart")
    assert code == 0
    text = " ".join(out.split())
    # the restore replaces an Init that is shorter than the restore: the output says so and why
    assert "restore" in text.lower() and "slower" in text and "heavy" in text
    assert "Init" in text
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--snapstart", "--json")
    d = json.loads(out)["snapstart"]
    assert d["enabled"] is True and d["helps"] is False
    assert d["restore_p50_ms"] > d["init_p50_ms"] > 0
    assert d["saved_p50_ms"] < 0


def test_snapstart_on_a_heavy_init_says_what_it_saves(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--init", "3s", "--snapstart", "--json")
    d = json.loads(out)
    assert d["snapstart"]["helps"] is True and d["snapstart"]["saved_p50_ms"] > 2000
    code, plain, _ = run(capsys, "coldstart", "--runtime", "java21", "--init", "3s", "--json")
    assert json.loads(plain)["p50_ms"] - d["p50_ms"] == pytest.approx(d["snapstart"]["saved_p50_ms"], abs=0.01)
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--init", "3s", "--snapstart")
    assert "faster" in " ".join(out.split())
    # without --snapstart, a heavy Init on a SnapStart runtime suggests it
    code, out, _ = run(capsys, "coldstart", "--runtime", "java21", "--init", "3s")
    assert "--snapstart" in " ".join(out.split())


def test_runtime_error_lists_each_choice_once(capsys):
    code, _, err = run(capsys, "coldstart", "--runtime", "cobol")
    assert code == 2
    message = " ".join(err.split())
    known = message.split("known:", 1)[1]
    names = [n.strip(" ,)") for n in known.replace(" or ", ", ").split(",")]
    names = [n for n in names if n]
    assert len(names) == len(set(names)), names
    assert message.count("provided.al2023") <= 1 and "rust-provided-al2023" in message


def test_big_inputs_keep_every_table_row_on_one_line(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "price", "--memory", "10GB", "--duration", "900s", "--requests", "100000000M", "--ephemeral", "10GB",
                       "--provisioned", "1000", "--provisioned-hours", "730")
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("Per 1M")) + 1]
    for line in table[1:]:
        if line.strip():
            assert line.count("$") == 2, line  # x86_64 and arm64 on the row's own line
    for argv in (["tune", "--duration", "900s", "--cpu", "1"], ["concurrency", "--rps", "1e9", "--duration", "900s", "--peak", "1000"],
                 ["coldstart", "--rps", "1e6", "--duration", "900s", "--init", "1h", "--peak", "1000", "--deploys", "1000"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and all(len(line) <= 80 for line in out.splitlines()), argv


_BAD_FORMS = [
    (r"\$\d{4,}", "money of $1,000 or more without thousands separators"),
    (r"\b\d+\.0 (ms|s|min|h)\b", "a duration with a useless .0"),
    (r"\b\d{5,}(\.\d+)? ?(ms|MB|KB|GB|s)\b", "a long number without separators next to a unit"),
    (r"(?<![\d.,$])\d{5,}\b(?!-)", "a long bare number without separators"),
    (r"\d\.\d+e[+-]?\d", "scientific notation"),
    (r"\$\d+\.\d{5,}(?!\d)", None),
]


@pytest.mark.parametrize(
    "argv",
    [
        ["price", "--memory", "1536", "--duration", "120ms", "--requests", "3M", "--no-free-tier"],
        ["price", "--memory", "10GB", "--duration", "900s", "--requests", "1000000M", "--ephemeral", "10GB", "--init", "2s",
         "--cold-share", "2%"],
        ["price", "--memory", "1GB", "--duration", "100ms", "--requests", "0", "--no-free-tier", "--snapstart", "--runtime", "python",
         "--snapstart-hours", "744", "--restores", "74400"],
        ["tune", "--duration", "2s", "--cpu", "90%"],
        ["coldstart", "--runtime", "python3.13", "--package-size", "20MB", "--rps", "0.01"],
        ["coldstart", "--runtime", "java21", "--init", "3s", "--snapstart", "--rps", "0.002"],
        ["concurrency", "--rps", "50k", "--duration", "200ms", "--account", "20000", "--sqs-rate", "1000", "--shards", "4",
         "--parallelization", "10", "--stream-rate", "40000"],
    ],
)
def test_calc_output_uses_one_number_form(capsys, monkeypatch, argv):
    import re

    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    body = re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", out)  # dates are not numbers
    for pattern, why in _BAD_FORMS:
        if why is None:
            continue
        found = re.search(pattern, body)
        assert found is None, f"{why}: {found.group(0)!r} in\n{out}"


def test_range_errors_use_the_same_forms(capsys):
    code, _, err = run(capsys, "price", "--ephemeral", "20GB")
    assert code == 2 and "10,240 MB" in err
    code, _, err = run(capsys, "price", "--duration", "20min")
    assert code == 2 and "15 min" in err and "900000" not in err
