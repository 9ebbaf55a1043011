"""Registry of models: lazy, load-once, thread-safe, with clear messages when something is missing.

Every model is named; `load(name)` returns the bundled weights, `load(name, path=...)` a user's own checkpoint.
Third-party models are registered in bundled.py (imported with the package). anyvoice's own trained artefacts
register themselves in the module that defines their class (listed in OWN_ARTEFACTS), which the registry imports
by name when one is first asked for, so the model layer does not depend on the layers that use it.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from anyvoice.errors import ModelMissingError

# Nothing in anyvoice may reach a model hub; make that explicit for the libraries that would try.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@dataclass(frozen=True)
class ModelSpec:
    """What anyvoice knows about one model."""

    name: str
    role: str
    modules: tuple[str, ...]  # importable modules that must be present
    install: str  # the pip line that provides them
    loader: Callable[[Path | None], Any] = field(repr=False)
    locate: Callable[[], Path] | None = field(default=None, repr=False)  # where the bundled weights lie


#: anyvoice's own artefacts -> the module that defines and registers each
OWN_ARTEFACTS = {"voice-bank": "anyvoice.voice.bank", "aggregator": "anyvoice.voice.aggregator",
                 "cfm": "anyvoice.engines.cfm.model", "extractor": "anyvoice.cleanup.extractor"}
#: how anyvoice's own artefacts are installed: they ship inside the package
SHIPPED_INSTALL = "pip install -e . (ships in anyvoice/data)"
_SPECS: dict[str, ModelSpec] = {}
_CACHE: dict[tuple[str, str | None], Any] = {}
_LOCK = threading.Lock()


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model to the registry (done once, when the module that knows the model is imported)."""
    _SPECS[spec.name] = spec
    return spec


def specs() -> dict[str, ModelSpec]:
    """All models by name, anyvoice's own artefacts included."""
    for name in OWN_ARTEFACTS:
        _ensure_own(name)
    return dict(_SPECS)


def _ensure_own(name: str) -> None:
    if name in OWN_ARTEFACTS and name not in _SPECS:
        importlib.import_module(OWN_ARTEFACTS[name])


def data_file(name: str) -> Callable[[], Path]:
    """Where one of anyvoice's shipped artefacts lies (a `locate` for its ModelSpec)."""
    def locate() -> Path:
        from anyvoice.data import DATA_DIR

        return DATA_DIR / name
    return locate


def _missing_modules(spec: ModelSpec) -> list[str]:
    return [m for m in spec.modules if importlib.util.find_spec(m) is None]


def load(name: str, path: str | os.PathLike | None = None) -> Any:
    """Return the loaded model `name` (bundled weights, or the user checkpoint at `path`), loading it once."""
    _ensure_own(name)
    spec = _SPECS.get(name)
    if spec is None:
        raise ModelMissingError(f"unknown model '{name}'; known models: {', '.join(sorted(_SPECS))}")
    key = (name, str(Path(path).resolve()) if path else None)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        missing = _missing_modules(spec)
        if missing:
            raise ModelMissingError(f"model '{name}' ({spec.role}) needs {', '.join(missing)}; "
                                    f"install it with: {spec.install}")
        if path is not None and not Path(path).exists():
            raise ModelMissingError(f"model '{name}': checkpoint {path} does not exist")
        _CACHE[key] = spec.loader(Path(path) if path else None)
        return _CACHE[key]


@dataclass(frozen=True)
class ModelStatus:
    """Whether a model can be used here, and where its weights are."""

    name: str
    role: str
    available: bool
    detail: str


def model_status() -> list[ModelStatus]:
    """Check every registered model without loading it."""
    out = []
    for spec in specs().values():
        missing = _missing_modules(spec)
        if missing:
            out.append(ModelStatus(spec.name, spec.role, False, f"missing {', '.join(missing)}: {spec.install}"))
            continue
        try:
            where = str(spec.locate()) if spec.locate else "in package"
            out.append(ModelStatus(spec.name, spec.role, True, where))
        except Exception as exc:  # a package present but its data not: report, do not crash `info`
            out.append(ModelStatus(spec.name, spec.role, False, f"{exc}: {spec.install}"))
    return out
