"""The menu bar: each action has exactly one place in it (a user looks for it in one menu)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def menu_items(menu: QMenu, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], QAction]]:
    """Every action of a menu and of its submenus, with the menu path that leads to it."""
    items: list[tuple[tuple[str, ...], QAction]] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            items += menu_items(action.menu(), (*path, action.text()))
        else:
            items.append((path, action))
    return items


def test_every_action_appears_once_in_the_menu_bar(make_window):
    window = make_window()  # no pinned runs and no recent files: their submenus repeat per entry by design
    items = [item for top in window.menuBar().actions() if top.menu() is not None
             for item in menu_items(top.menu(), (top.text().replace("&", ""),))]
    assert len(items) > 30  # the whole menu bar was walked, submenus included
    by_action = Counter(id(action) for _, action in items)
    by_text = Counter(action.text().replace("&", "") for _, action in items)
    twice = sorted({f"{' ▸ '.join(path)} ▸ {action.text()}" for path, action in items
                    if by_action[id(action)] > 1 or by_text[action.text().replace("&", "")] > 1})
    assert not twice, f"in the menu bar more than once: {twice}"


def test_copy_as_command_is_in_the_edit_menu(make_window):
    window = make_window()
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    assert "Copy as Command" in {a.text() for a in menus["Edit"].actions()}
    assert "Copy as Command" not in {a.text() for a in menus["File"].actions()}
