"""Old names kept working for one release, with a ``DeprecationWarning`` naming the new one.

Two tools, one per kind of rename:

* :func:`renamed_arguments` lets a function still accept a renamed keyword argument
  (``horizon=`` for ``steps=``). Positional calls need nothing: the position is unchanged.
* :func:`renamed_field` gives a frozen dataclass a read-only property under a field's old
  name (``.horizon`` for ``.steps``).

Examples
--------
>>> import warnings
>>> @renamed_arguments(n="steps")
... def twice(steps):
...     return 2 * steps
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     twice(n=3), str(caught[0].message)
(6, "twice(): argument 'n' is deprecated, use 'steps'")
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["renamed_arguments", "renamed_field"]

F = TypeVar("F", bound=Callable[..., Any])


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Decorator: accept each ``old=`` keyword as ``renames[old]=``, with a warning.

    Passing both the old and the new name is a ``TypeError``, as for any argument given
    twice.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(
                        f"{function.__name__}() got both {new!r} and its deprecated alias {old!r}"
                    )
                warnings.warn(
                    f"{function.__name__}(): argument {old!r} is deprecated, use {new!r}",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def renamed_field(old: str, new: str) -> property:
    """A read-only property ``old`` that warns and returns the field ``new``."""

    def getter(self: object) -> Any:
        warnings.warn(
            f"{type(self).__name__}.{old} is deprecated, use .{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(self, new)

    return property(getter, doc=f"Deprecated alias of :attr:`{new}`.")
