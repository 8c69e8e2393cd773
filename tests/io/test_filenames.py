"""The shared file-name sanitiser: a title becomes a name valid on Windows, macOS and Linux."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnviz.io.filenames import FORBIDDEN, MAX_STEM_BYTES, safe_file_name, safe_file_stem


def _valid_everywhere(stem: str) -> bool:
    """The rules of the three systems, written out independently of the sanitiser."""
    if not stem or stem in {".", ".."} or stem.startswith("."):
        return False
    if any(c in '<>:"/\\|?*' or ord(c) < 32 or ord(c) == 127 for c in stem):
        return False
    if stem[-1] in ". ":
        return False
    reserved = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
    return stem.split(".")[0].upper() not in reserved and len(stem.encode("utf-8")) <= 255


def test_a_lesson_title_gives_a_name_without_a_colon() -> None:
    assert safe_file_stem("Lesson 2: XOR with a 2-3-1 network") == "lesson-2-xor-with-a-2-3-1-network"
    assert safe_file_stem("6. Spiral: features against depth") == "6-spiral-features-against-depth"  # not "6.-"
    assert safe_file_stem("Run 2. v1.5 .hidden") == "run-2-v1.5-.hidden"


@pytest.mark.parametrize("title", [
    'a<b>c:d"e/f\\g|h?i*j', "  spaced   out  ", "...hidden", "ends with dots...", "tab\there\nnew line",
    "CON", "nul.txt", "com1", "LPT9", "", "   ", "::::", "-", "Übung: Gewichte — 重み", "a\u200bb\u202ec",
])
def test_every_result_is_valid_on_every_system(title: str) -> None:
    stem = safe_file_stem(title)
    assert _valid_everywhere(stem), stem
    assert not set(stem) & set(FORBIDDEN)


def test_letters_of_any_script_are_kept_and_case_is_optional() -> None:
    assert safe_file_stem("Übung: Gewichte", lower=False) == "Übung-Gewichte"
    assert safe_file_stem("重み 1") == "重み-1"


def test_empty_and_reserved_names_fall_back() -> None:
    assert safe_file_stem("?*", fallback="session") == "session"
    assert safe_file_stem("CON") == "con-file"


def test_long_titles_are_cut_on_a_character_boundary() -> None:
    stem = safe_file_stem("é" * 500)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem == "é" * (MAX_STEM_BYTES // 2)


def test_the_name_can_be_created(tmp_path: Path) -> None:
    name = safe_file_name("Lesson 7: Too fast? / * diverges.", ".png")
    assert name == "lesson-7-too-fast-diverges.png"
    (tmp_path / name).write_bytes(b"x")
    assert (tmp_path / name).is_file()


@pytest.mark.parametrize(("title", "stem"), [
    ("../../../../../root/.ssh/authorized_keys", "root-.ssh-authorized_keys"),
    ("/root/.config/autostart/week 3", "root-.config-autostart-week-3"),
    ("a..b", "a.b"), ("~/.bashrc", "bashrc"), ("-rf", "rf"), ("..", "untitled"),
])
def test_names_from_a_file_never_make_a_path_step_or_an_option(title: str, stem: str) -> None:
    assert safe_file_stem(title) == stem
