"""``dashdesk media check`` and ``dashdesk media fix``: output, exit codes 0/1/2, files written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import dashdesk.__main__ as app_cli
from dashdesk.media.cli import main
from dashdesk.media.probe import probe_file

from .makers import make_huge_png, make_still, make_video, stream_facts


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def webm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_video(tmp_path_factory.mktemp("cli") / "clip.webm", "libvpx-vp9", fmt="webm", audio="libopus",
                      seconds=3.2)


def test_check_refused_file_exits_1(webm: Path) -> None:
    code, out, _ = run("check", str(webm), "--platform", "instagram", "--type", "reel")
    assert code == 1
    assert "clip.webm" in out and "Instagram will refuse it" in out and "refused" in out
    assert "dashdesk media fix" in out
    assert ".md" not in out and "guide" not in out.lower()


def test_check_good_file_exits_0(tmp_path: Path) -> None:
    ok = make_video(tmp_path / "ok.mp4", width=108, height=192, seconds=3.5)
    code, out, _ = run("check", str(ok), "--platform", "tiktok")
    assert code == 0 and "takes it as it is" in out


def test_check_counts_the_whole_post(tmp_path: Path) -> None:
    pics = [make_still(tmp_path / f"p{i}.jpg", "JPEG") for i in range(5)]
    code, out, _ = run("check", *map(str, pics), "--platform", "x")
    assert code == 1 and "All files together" in out


def test_check_warnings_alone_exit_0(tmp_path: Path) -> None:
    short = make_video(tmp_path / "short.mp4", width=108, height=192, seconds=1.0)
    code, out, _ = run("check", str(short), "--platform", "instagram", "--type", "REEL")
    assert code == 0 and "warning" in out and "may refuse" in out


@pytest.mark.parametrize("args", [
    ("check", "nothing-here.mp4", "--platform", "tiktok"),
    ("check", "{webm}", "--platform", "myspace"),
    ("check", "{webm}", "--platform", "instagram", "--type", "carousel"),
    ("check", "{webm}", "--platform", "tiktok", "--type", "reel"),
    ("fix", "{webm}", "--platform", "tiktok", "--aspect", "wide"),
    ("fix", "{webm}", "--platform", "tiktok", "--start", "3", "--end", "1"),
    ("fix", "{webm}", "--platform", "tiktok", "--pad", "purple"),
    ("check", "{webm}"),
    ("frobnicate",),
])
def test_bad_arguments_exit_2(webm: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(*(a.format(webm=webm) for a in args))
    assert code == 2 and (err or capsys.readouterr().err)  # argparse's own usage errors go to sys.stderr


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--fit" in text and "--platform" in text and "instagram (FEED/REEL/STORY)" in text


def test_fix_writes_an_mp4_the_platform_takes(webm: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "reel.mp4"
    code, out, _ = run("fix", str(webm), "--platform", "instagram", "--type", "REEL", "--fit", "pad", "-o", str(dest))
    assert code == 0, out
    facts = stream_facts(dest)
    assert facts["video"] == "h264" and facts["audio"] == "aac"
    assert facts["width"] / facts["height"] == pytest.approx(9 / 16, rel=0.02)
    assert "Wrote" in out and "blurred background" in out
    code, out, _ = run("check", str(dest), "--platform", "instagram", "--type", "REEL")
    assert code == 0, out


def test_fix_default_output_beside_the_original(tmp_path: Path) -> None:
    src = make_video(tmp_path / "old.avi", "mpeg4", fmt="avi", seconds=1.0)
    code, _, _ = run("fix", str(src), "--platform", "linkedin")
    assert code == 0
    written = tmp_path / "old-linkedin.mp4"
    assert probe_file(written).codec == "h264"
    code, _, err = run("fix", str(src), "--platform", "linkedin")  # never overwrites without -o
    assert code == 2 and "already exists" in err


def test_fix_trim_and_position(webm: Path, tmp_path: Path) -> None:
    dest = tmp_path / "cut.mp4"
    code, out, _ = run("fix", str(webm), "--platform", "tiktok", "--start", "0.5", "--end", "2.5", "--fit", "crop",
                       "--position", "0", "-o", str(dest))
    assert code == 0, out
    facts = stream_facts(dest)
    assert facts["duration"] == pytest.approx(2.0, abs=0.15)
    assert facts["width"] / facts["height"] == pytest.approx(9 / 16, rel=0.03)


def test_fix_that_cannot_be_done_exits_1(tmp_path: Path) -> None:
    still = make_still(tmp_path / "photo.jpg", "JPEG")
    code, out, _ = run("fix", str(still), "--platform", "tiktok")
    assert code == 1 and "cannot be fixed" in out and "TikTok" in out
    huge = make_huge_png(tmp_path / "huge.png")
    code, out, _ = run("fix", str(huge), "--platform", "instagram")
    assert code == 1 and "smaller" in out


def test_nothing_to_fix_exits_0(tmp_path: Path) -> None:
    ok = make_still(tmp_path / "fine.jpg", "JPEG", size=(200, 200))
    code, out, _ = run("fix", str(ok), "--platform", "instagram")
    assert code == 0 and "nothing to fix" in out
    assert not (tmp_path / "fine-instagram-feed.jpg").exists()


def test_app_entry_point_dispatches_media(webm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert app_cli.find_subcommand(["media", "check"]) == 0
    assert app_cli.main(["media", "check", str(webm), "--platform", "tiktok"]) == 1
    assert "TikTok will refuse it" in capsys.readouterr().out
