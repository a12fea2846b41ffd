"""Pages by name: every page constant names a page file, every page file has one, and no other module
spells a page's path."""

from __future__ import annotations

import re

from components import navigation
from tests.conftest import ROOT

PAGE_PATH = re.compile(r"pages/[0-9]")


def page_constants() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(navigation).items()
        if name.isupper() and isinstance(value, str) and value.endswith(".py")
    }


def test_every_page_constant_names_a_page_file_and_every_page_file_has_one():
    on_disk = {"app.py", *(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))}
    assert set(page_constants().values()) == on_disk
    assert all((ROOT / page).is_file() for page in page_constants().values())


def test_the_room_server_names_exactly_its_own_page_files():
    room_app = ROOT / "room_app"
    on_disk = {"app.py", *(p.relative_to(room_app).as_posix() for p in (room_app / "pages").glob("*.py"))}
    assert set(navigation.RoomPages.ALL) == on_disk


def test_the_list_of_pages_holds_each_constant_once():
    assert sorted(navigation.PAGES) == sorted(page_constants().values())


def test_the_sidebar_links_only_named_pages():
    linked = [page for page, _ in navigation.NAVIGATION]
    assert set(linked) <= set(navigation.PAGES) and len(linked) == len(set(linked))
    assert set(linked) >= navigation.CLOSED_IN_A_WORKSHOP


def test_no_module_but_the_page_constants_spells_a_page_path():
    spelled = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and PAGE_PATH.search(path.read_text(encoding="utf-8"))
    ]
    assert spelled == ["components/navigation.py"]
