"""Problems found in a workspace, as values, and the one exception family of reportgen.

Every stage returns the problems it finds instead of raising at the first one, so that
`reportgen check` can list all of them. A problem names where it comes from (file, line,
column, key path) and says, in Chinese, what is wrong and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

#: Characters that a terminal would act on instead of showing: C0 and C1 controls (ESC starts
#: colour and cursor sequences) and the bidirectional overrides that reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control or reordering character shown as <U+XXXX>; newlines and tabs
    are kept (messages use them to list lines)."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Source:
    """Where a value was typed. Line and column are 1-based; 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0
    key: str = ""

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, the templates or the machine."""

    message: str
    source: Source | None = None
    severity: Severity = "error"
    #: The text of the offending YAML line, shown under the message.
    excerpt: str = ""
    #: Something the clerk has still to write: the placeholder the report prints meanwhile
    #: (【待填写：…】), or the key a profile needs (需要的数据).
    gap: str = ""

    def format(self) -> str:
        """The problem as printed: data in it (keys, values, names) can hold any character,
        so controls are escaped (see printable)."""
        head = f"{self.source}: " if self.source else ""
        text = head + self.message
        if self.excerpt:
            text += "\n    " + self.excerpt.strip()
        return printable(text)


@dataclass
class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose; the CLI prints it without traceback."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 1

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    def __reduce__(self):  # noqa: ANN204 - keeps the problems when raised in a worker process
        return _rebuild, (type(self), self.problems, self.exit_code)


def _rebuild(cls: type, problems: list[Problem], exit_code: int) -> ReportgenError:
    error = cls.__new__(cls)
    ReportgenError.__init__(error, problems, exit_code)
    return error


class DataError(ReportgenError):
    """The workspace's data is invalid (exit status 2)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, 2)


class BuildError(ReportgenError):
    """The data is valid but something else stops the build (templates, fonts, output)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, 1)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
