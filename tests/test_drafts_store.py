"""Drafts kept per window: each window's own key, every draft listed, and a draft claimed by one window only."""

from __future__ import annotations

import threading

import pytest

from threshold.store import DEFAULT_DRAFT, Store


@pytest.fixture
def store(store_target) -> Store:
    return Store(store_target)


def test_two_windows_keep_their_answers_apart(store):
    store.save_draft({"a1": 1}, 1, key="window-a", message="From A")
    store.save_draft({"a1": 4}, 2, key="window-b")
    assert store.load_draft(key="window-a").answers == {"a1": 1}
    assert store.load_draft(key="window-b").answers == {"a1": 4}
    assert store.load_draft(key="window-b").message == ""
    assert store.load_draft() is None  # the old shared key is untouched


def test_drafts_are_listed_most_recent_first(store):
    store.save_draft({"a1": 1}, 1, key="older")
    store.save_draft({"a1": 2}, 1, key="newer")
    assert list(store.drafts()) == ["newer", "older"]
    store.save_draft({"a1": 3}, 1, key="older")
    assert list(store.drafts()) == ["older", "newer"]
    assert store.drafts()["older"].answers == {"a1": 3}


def test_a_draft_from_before_drafts_were_per_window_is_still_listed_and_claimable(store):
    store.save_draft({"a1": 3}, 2, message="Hi")  # the one shared key every window used before
    assert list(store.drafts()) == [DEFAULT_DRAFT]
    assert store.claim_draft(DEFAULT_DRAFT, "window-a")
    draft = store.load_draft(key="window-a")
    assert (draft.answers, draft.step, draft.message) == ({"a1": 3}, 2, "Hi")
    assert store.load_draft() is None


def test_claiming_replaces_the_claimers_own_draft(store):
    store.save_draft({"a1": 1}, 1, key="closed-window")
    store.save_draft({"a1": 5}, 3, key="window-a")
    assert store.claim_draft("closed-window", "window-a")
    assert list(store.drafts()) == ["window-a"]
    assert store.load_draft(key="window-a").answers == {"a1": 1}


def test_a_draft_is_claimed_by_one_window_only(store):
    store.save_draft({"a1": 1}, 1, key="closed-window")
    assert store.claim_draft("closed-window", "window-a")
    assert not store.claim_draft("closed-window", "window-b")
    assert store.load_draft(key="window-b") is None


def test_windows_claiming_at_once_get_it_once(database):
    path = database
    Store(path).save_draft({"a1": 1}, 1, key="closed-window")
    results: list[bool] = []
    start = threading.Barrier(6)

    def claim(window: str) -> None:
        start.wait()
        results.append(Store(path).claim_draft("closed-window", window))

    threads = [threading.Thread(target=claim, args=(f"window-{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    assert len(Store(path).drafts()) == 1
