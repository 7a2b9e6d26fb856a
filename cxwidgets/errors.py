"""Errors whose message tells the learner, in the active language, what to fix."""

from __future__ import annotations

from .i18n import t


class CXError(ValueError):
    """A user-facing input error.

    It is a :class:`ValueError`, so library callers can catch it as usual;
    widgets show :meth:`message` instead of a traceback.

    A parameter may itself be a CXError (e.g. "row 3: <what is wrong in it>"): it is
    translated together with the outer message, in the language asked for, never
    frozen in the language that was active when it was raised.

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
        super().__init__(self.message())

    def message(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the active language).

        Parameters
        ----------
        language : str, optional
            A language code such as ``"zh-CN"`` or ``"en"``.

        Returns
        -------
        str
            The text, with nested CXError parameters translated in the same language.
        """
        params = {
            name: value.message(language) if isinstance(value, CXError) else value
            for name, value in self.params.items()
        }
        return t(self.key, language, **params)

    def __str__(self) -> str:
        """The message in the active language (so formatting an error follows a switch)."""
        return self.message()
