"""A tiny name -> factory registry, shared by engines and base synthesizers."""
from __future__ import annotations

import importlib
from typing import Callable, Generic, Sequence, TypeVar

from anyvoice.errors import InputError

T = TypeVar("T")


class Registry(Generic[T]):
    """Implementations of one interface, chosen by name; unknown names get a message listing the known ones.

    `modules` are the modules whose import registers the implementations: they are imported on first use of the
    registry, so naming a default or building a command line does not load every implementation's libraries.
    """

    def __init__(self, kind: str, modules: Sequence[str] = ()):
        self.kind = kind
        self._modules = tuple(modules)  # also the order names are given in, whichever module is imported first
        self._loaded = False
        self._factories: dict[str, Callable[..., T]] = {}
        self._docs: dict[str, str] = {}

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            for module in self._modules:
                importlib.import_module(module)
            self._loaded = True

    def register(self, name: str, doc: str = "") -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator: register a factory (usually a class) under `name`."""
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            self._docs[name] = doc or (factory.__doc__ or "").strip().splitlines()[0]
            return factory
        return deco

    def names(self) -> list[str]:
        """The registered names: by the order of `modules`, then in registration order."""
        self._ensure_loaded()
        rank = {m: i for i, m in enumerate(self._modules)}
        return sorted(self._factories, key=lambda name: rank.get(self._factories[name].__module__, len(rank)))

    def describe(self) -> dict[str, str]:
        """name -> one-line description, in the order of `names()`."""
        return {name: self._docs[name] for name in self.names()}

    def check(self, name: str) -> None:
        """InputError, listing the known names, when nothing is registered as `name`."""
        names = self.names()
        if name not in names:
            raise InputError(f"unknown {self.kind} '{name}'; choose one of: {', '.join(names)}")

    def factory(self, name: str) -> Callable[..., T]:
        """What is registered as `name` (usually a class)."""
        self.check(name)
        return self._factories[name]

    def create(self, name: str, **kwargs) -> T:
        """Instantiate the implementation registered as `name`."""
        self.check(name)
        return self._factories[name](**kwargs)
