"""Snapshots of New game at the smallest, usual and large sizes; review each SVG by eye."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_game_at(snap_compare, build_app, size: tuple[int, int]):
    async def names(pilot):
        await pilot.press("n")
        await pilot.press(*"Ana")
        await pilot.press("enter")
        await pilot.press(*"Ben")
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=size, run_before=names)
