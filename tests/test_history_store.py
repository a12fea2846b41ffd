"""The SQLite store keeps to the interface a second engine would implement."""

import inspect

from threshold.history_store import HistoryStore
from threshold.store import Store


def test_the_sqlite_store_is_a_history_store(tmp_path):
    assert isinstance(Store(tmp_path / "t.sqlite3"), HistoryStore)


def public_methods(cls) -> dict:
    return {name: inspect.signature(f) for name, f in vars(cls).items() if callable(f) and not name.startswith("_")}


def test_every_interface_method_has_the_same_parameters_on_the_store():
    store_methods = public_methods(Store)
    for name, signature in public_methods(HistoryStore).items():
        assert name in store_methods, name
        assert list(store_methods[name].parameters) == list(signature.parameters), name
