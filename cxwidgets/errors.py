"""Errors whose message tells the learner, in the active language, what to fix."""

from __future__ import annotations

from .i18n import t


class CXError(ValueError):
    """A user-facing input error.

    It is a :class:`ValueError`, so library callers can catch it as usual;
    widgets show :meth:`message` instead of a traceback.

    Parameters
    ----------
    key : str
        i18n key of the message (see ``cxwidgets/locales``).
    **params
        Values for the message's placeholders.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, **params))

    def message(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the active language)."""
        return t(self.key, language, **self.params)
