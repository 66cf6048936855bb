"""The checked plan and data files as plain frozen records: what the check's pydantic models held, without them.

The check (plan.py, data.py) validates with pydantic models; what it hands out, and what the plan cache keeps on
disk (plancache.py), are records: one class per model, of the same name and fields, frozen, compared and hashed
by their fields as the models are. A build whose plan comes from the cache then never imports pydantic (about
55 ms of every such build: the library and the model classes).

A record's class is made on first use (`kind`), and pickle finds it here by its name (the module's __getattr__),
so a record kept on disk reads back as one of the same class in any process.
"""
from __future__ import annotations

from types import MappingProxyType


class Record:
    """Fields by name (`vars(record)`; iterated as (name, value) pairs, as a model is), frozen."""

    __slots__ = ("__dict__",)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is frozen: the plan is checked once and not changed")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is frozen: the plan is checked once and not changed")

    def __eq__(self, other):
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self):
        return hash((type(self).__name__, *self.__dict__.values()))

    def __iter__(self):  # (name, value) of each field, as a pydantic model iterates
        return iter(self.__dict__.items())

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


_CLASSES: dict[str, type] = {}
_SOURCES: dict[str, type] = {}  # record class name -> the model it was made from (in this process)


def kind(name: str) -> type:
    """The record class named `name` (made once per process)."""
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (Record,), {"__slots__": (), "__module__": __name__, "__qualname__": name})
    return cls


def __getattr__(name: str):  # (pickle: a record's class by its name)
    if name[:1].isupper() and name.isidentifier():
        return kind(name)
    raise AttributeError(name)


def record(name: str, fields: dict) -> Record:
    out = object.__new__(kind(name))
    out.__dict__.update(fields)
    return out


def replace(item: Record, **changes) -> Record:
    """A record like `item` with some fields changed (as dataclasses.replace: nothing checks them again)."""
    unknown = set(changes) - set(vars(item))
    if unknown:
        raise TypeError(f"{type(item).__name__} has no field {', '.join(sorted(unknown))}")
    return record(type(item).__name__, {**vars(item), **changes})


def freeze(value):
    """`value` with every pydantic model in it (in tuples, lists, dicts and mapping proxies) made a record."""
    model = type(value)
    if getattr(model, "model_fields", None) is not None and hasattr(value, "__dict__"):
        name = model.__name__
        if _SOURCES.setdefault(name, model) is not model:  # two models of one name would read back as one class
            raise TypeError(f"two models are named {name}: {_SOURCES[name].__module__} and {model.__module__}")
        return record(name, {k: freeze(v) for k, v in value.__dict__.items()})
    if isinstance(value, tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, list):
        return [freeze(v) for v in value]
    if isinstance(value, MappingProxyType):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: freeze(v) for k, v in value.items()}
    return value
