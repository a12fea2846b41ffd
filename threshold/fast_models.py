"""Faster ways to build the small models scoring and the reader make by the thousand.

- `trusted` builds a pydantic model from values the code itself produced, without checking them
  again: what `model_construct` does (every field given is set, as validation would), minus its
  per-field loop. Tests compare what it builds with validated models field for field.
- `tuple_model_schema` lets a NamedTuple stand in for a model: it validates (errors naming the field)
  and serialises (`{"field": value, ...}`) exactly as a model with the same fields would, and
  building one costs a tuple.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import core_schema

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


def trusted(model: type[M], fields: dict) -> M:
    """`model(**fields)` for a model without private attributes, given every field it has."""
    instance = model.__new__(model)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", set(fields))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


def tuple_model_schema(
    cls: type,
    fields: dict[str, core_schema.CoreSchema],
    values: Callable[[Any], tuple] = tuple,
    serialised_fields: dict[str, core_schema.CoreSchema] | None = None,
) -> core_schema.CoreSchema:
    """The core schema of `cls` (built as `cls(*field values)`) as a model with `fields` would have.

    `values(instance)` gives an instance's field values in order, for serialising; where those are in
    another form than validation gives (plain dicts for nested tuple models, which serialise faster),
    `serialised_fields` describes them.
    """
    typed = _typed_dict(fields)
    serialised = typed if serialised_fields is None else _typed_dict(serialised_fields)
    names = tuple(fields)

    def from_fields(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
        if isinstance(value, cls):
            return value
        checked = validate(value)  # errors name the field, as a model's do
        return cls(*(checked[name] for name in names))

    return core_schema.no_info_wrap_validator_function(
        from_fields,
        typed,
        # A wrap serializer hands the dict to the typed dict's own, which honours include and exclude.
        serialization=core_schema.wrap_serializer_function_ser_schema(
            lambda instance, serialise: serialise(dict(zip(names, values(instance), strict=True))), schema=serialised
        ),
    )


def _typed_dict(fields: dict[str, core_schema.CoreSchema]) -> core_schema.TypedDictSchema:
    return core_schema.typed_dict_schema({name: core_schema.typed_dict_field(s) for name, s in fields.items()})
