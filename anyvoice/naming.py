"""A tiny name -> factory registry, shared by engines, base synthesizers and encoders."""
from __future__ import annotations

from typing import Callable, Generic, TypeVar

from anyvoice.errors import InputError

T = TypeVar("T")


class Registry(Generic[T]):
    """Implementations of one interface, chosen by name; unknown names get a message listing the known ones."""

    def __init__(self, kind: str):
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}
        self._docs: dict[str, str] = {}

    def register(self, name: str, doc: str = "") -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator: register a factory (usually a class) under `name`."""
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            self._docs[name] = doc or (factory.__doc__ or "").strip().splitlines()[0]
            return factory
        return deco

    def names(self) -> list[str]:
        return list(self._factories)

    def describe(self) -> dict[str, str]:
        """name -> one-line description."""
        return dict(self._docs)

    def check(self, name: str) -> None:
        """InputError, listing the known names, when nothing is registered as `name`."""
        if name not in self._factories:
            raise InputError(f"unknown {self.kind} '{name}'; choose one of: {', '.join(self._factories)}")

    def create(self, name: str, **kwargs) -> T:
        """Instantiate the implementation registered as `name`."""
        self.check(name)
        return self._factories[name](**kwargs)
