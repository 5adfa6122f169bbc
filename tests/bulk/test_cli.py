"""``dashdesk import|export`` exit codes and reports (``dashdesk.bulk.cli.main``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashdesk.bulk.cli import EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE, main
from dashdesk.bulk.reader import read_sheet

GOOD = [{"platform": "X", "time": "2030-06-01 10:00", "text": "hello"},
        {"platform": "LinkedIn", "mode": "draft", "text": "draft"}]


def online(sandbox) -> list[str]:
    return ["--api-url", sandbox.url, "--api-key", sandbox.api_key, "--brand", str(sandbox.brand_id)]


def test_dry_run_of_a_good_file_exits_0_and_sends_nothing(sandbox, write_csv: Callable[..., Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(write_csv(GOOD)), "--dry-run", "--timezone", "UTC"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "row 2" in out and "row 3" in out and "Dry run: nothing was sent. 2 of 2 rows ready" in out
    assert sandbox.state.store.count_posts() == 0


def test_dry_run_reports_each_problem_with_row_and_column(write_csv: Callable[..., Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv([*GOOD, {"platform": "Myspace", "text": "x"},
                      {"platform": "youtube", "time": "2030-06-01 10:00", "text": "d", "media": "gone.mp4"}])
    assert main(["import", str(path), "--dry-run"]) == EXIT_ROWS_FAILED
    out = capsys.readouterr().out
    assert "row 4     Myspace" in out and "error: [platform] Unknown platform 'Myspace'" in out
    assert "row 5     YouTube" in out and "error: [media] gone.mp4: no such file" in out
    assert "error: [title] Title is required for YouTube posts." in out


@pytest.mark.parametrize("content", [b"", "platform,text\nx,caf\xe9\n".encode("latin-1"), b"name,body\nx,y\n"])
def test_unreadable_files_exit_2_and_send_nothing(sandbox, tmp_path: Path, content: bytes,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert main(["import", str(path), *online(sandbox)]) == EXIT_USAGE
    assert "dashdesk import:" in capsys.readouterr().err
    assert sandbox.state.store.count_posts() == 0


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_csv: Callable[..., Path],
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import"]) == EXIT_USAGE
    assert main(["import", str(tmp_path / "missing.csv"), "--dry-run"]) == EXIT_USAGE
    monkeypatch.delenv("DASHDESK_API_KEY", raising=False)
    monkeypatch.setenv("DASHDESK_ACCOUNT", "nobody")
    assert main(["import", str(write_csv(GOOD))]) == EXIT_USAGE
    assert "no API key" in capsys.readouterr().err


def test_import_then_again_then_export(sandbox, write_csv: Callable[..., Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv([*GOOD, {"platform": "Myspace", "text": "x"}])
    results = tmp_path / "results.csv"
    assert main(["import", str(path), *online(sandbox), "--results", str(results)]) == EXIT_ROWS_FAILED
    out = capsys.readouterr().out
    assert "Created 2 posts, 0 already on Dash, 1 failed" in out
    assert sandbox.state.store.count_posts() == 2
    saved = results.read_text(encoding="utf-8-sig").splitlines()
    assert saved[0] == "row,platform,result,post_id,message" and saved[1].startswith("2,twitter,created,")

    good = write_csv(GOOD, name="good.csv")
    assert main(["import", str(good), *online(sandbox)]) == EXIT_OK
    assert "Created 0 posts, 2 already on Dash, 0 failed" in capsys.readouterr().out
    assert sandbox.state.store.count_posts() == 2

    exported = tmp_path / "export.csv"
    assert main(["export", "--start", "2030-06-01", "--end", "2030-06-01", str(exported), *online(sandbox),
                 "--timezone", "UTC"]) == EXIT_OK
    sheet = read_sheet(exported)
    assert [r.get("text") for r in sheet.rows] == ["hello"]
    assert sheet.rows[0].get("time") == "2030-06-01T10:00:00+00:00"


def test_export_template_is_importable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "template.csv"
    assert main(["export", "--template", str(target)]) == EXIT_OK
    sheet = read_sheet(target)
    assert {r.get("platform") for r in sheet.rows} >= {"Instagram", "X", "Pinterest", "YouTube"}
    assert main(["import", str(target), "--dry-run"]) in (EXIT_OK, EXIT_ROWS_FAILED)  # media files are absent
    assert "Dry run" in capsys.readouterr().out


def test_python_m_dashdesk_bulk_entry_point(write_csv: Callable[..., Path]) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "dashdesk.bulk", "import", str(write_csv(GOOD)), "--dry-run"],
                          capture_output=True, text=True, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == EXIT_OK, done.stderr
    assert "2 of 2 rows ready" in done.stdout


def test_ten_thousand_malformed_rows_give_row_errors_and_send_nothing(
        sandbox, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"platform": ("Myspace", "x", "linkedin")[i % 3],
             "time": "2030-13-01 10:00" if i % 3 == 1 else "2030-06-01 10:00",
             "text": "" if i % 3 == 2 else f"row {i}", "mode": "schedule"} for i in range(10_000)]
    path = write_csv(rows)
    assert main(["import", str(path), *online(sandbox), "--quiet"]) == EXIT_ROWS_FAILED
    out = capsys.readouterr().out
    assert "Created 0 posts, 0 already on Dash, 10000 failed" in out
    assert "row 10001" in out and "error: [platform] Unknown platform 'Myspace'" in out
    assert "error: [time] Can't read the time '2030-13-01 10:00'" in out
    assert sandbox.state.store.count_posts() == 0


def test_the_app_command_hands_import_to_the_bulk_tool(write_csv: Callable[..., Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from dashdesk.__main__ import main as app_main

    assert app_main(["import", str(write_csv(GOOD)), "--dry-run"]) == EXIT_OK
    assert "2 of 2 rows ready" in capsys.readouterr().out
