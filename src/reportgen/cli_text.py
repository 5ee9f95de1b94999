"""Chinese for the command line's boilerplate: help headings, usage lines and usage errors.

Typer (≥ 0.22) ships its own copy of Click in `typer._click`, whose English strings are
literals rather than gettext messages, so a message catalogue cannot reach them. `install()`
therefore patches the few places they are produced, once, at import of cli.py:

- typer.core's `_` (its gettext alias): section headings (参数/选项/命令), "[default: …]",
  "[required]", "Missing command.", "Aborted!";
- the help formatter: "Usage: " → "用法：", "Options:" → "选项：";
- every command's help option: "Show this message and exit." → "显示此帮助并退出。";
- usage lines: "[OPTIONS]", "COMMAND [ARGS]..." → "[选项]", "命令 [参数]...";
- usage errors, at the one `echo` that prints them: "Error: Missing argument 'year'." →
  "错误：缺少参数 'year'。" etc. (`translate`).

With an older Typer that uses the real Click package, the same patches are applied to it.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import importlib
import re
from typing import Any, Callable

#: Exact messages (gettext msgids of typer.core and Click).
MESSAGES = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Missing command.": "缺少命令。请在 reportgen 之后写出命令，如 reportgen check 2024。",
    "No such command {name!r}.": "没有名为 {name!r} 的命令。",
    "No such command '{name}'.": "没有名为 '{name}' 的命令。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Usage:": "用法：",
    "Show this message and exit.": "显示此帮助并退出。",
}
HELP_OPTION = MESSAGES["Show this message and exit."]

#: Patterns for composed messages, applied in order to what is printed.
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.M), r) for p, r in (
    (r"^Usage: ", "用法："),
    (r"^Error: ", "错误："),
    (r"Try '(.+?)' for help\.", r"运行 '\1' 查看帮助。"),
    (r"Missing argument '(.+?)'\.", r"缺少参数 '\1'。"),
    (r"Missing option '(.+?)'\.", r"缺少选项 '\1'。"),
    (r"Missing parameter: (\S+)", r"缺少参数：\1"),
    (r"No such option: (\S+)", r"没有此选项：\1"),
    (r"\(Possible options: (.+?)\)", r"（可能的选项：\1）"),
    (r"。?\. Did you mean (.+?)\?", r"。是不是 \1？"),
    (r"Did you mean (.+?)\?", r"是不是 \1？"),
    (r"Invalid value for '(.+?)': ", r"参数 '\1' 的值无效："),
    (r"Invalid value for (.+?): ", r"参数 \1 的值无效："),
    (r"Invalid value: ", "值无效："),
    (r"Input should be a valid integer, unable to parse string as an integer", "应为整数"),
    (r"Input should be a valid integer", "应为整数"),
    (r"Input should be a valid number", "应为数字"),
    (r"Value '(.*?)' is not a valid (integer|int)\.", r"'\1' 不是有效的整数。"),
    (r"'(.*?)' is not a valid integer\.", r"'\1' 不是有效的整数。"),
    (r"Got unexpected extra arguments? \((.+?)\)", r"多余的参数（\1）"),
    (r"Option '(.+?)' requires an argument\.", r"选项 '\1' 需要一个值。"),
    (r"Option '(.+?)' does not take a value\.", r"选项 '\1' 不接受值。"),
    (r"No such command '(.+?)'\.", r"没有名为 '\1' 的命令。"),
    (r"Missing command\.", "缺少命令。"),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
    (r"\[ARGS\]\.\.\.", "[参数]..."),
)]


def gettext(message: str) -> str:
    """Drop-in for gettext's `_` in typer.core and Click."""
    return MESSAGES.get(message, message)


def translate(text: Any) -> Any:
    """Chinese for a usage line, help page or error message (other values pass through)."""
    if not isinstance(text, str):
        return text
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_installed = False


def install() -> None:
    """Patch typer's Click (or Click) once; harmless when a hook point is absent."""
    global _installed
    if _installed:
        return
    _installed = True
    for prefix in ("typer._click", "click"):
        try:
            core = importlib.import_module(f"{prefix}.core")
            formatting = importlib.import_module(f"{prefix}.formatting")
            exceptions = importlib.import_module(f"{prefix}.exceptions")
        except ImportError:
            continue
        _patch_formatter(formatting.HelpFormatter)
        _patch_command(core.Command)
        if hasattr(exceptions, "echo"):
            exceptions.echo = _translating(exceptions.echo)
        for module in (core, formatting, exceptions):
            if hasattr(module, "_"):
                module._ = gettext
        for name in ("decorators", "parser", "types", "termui"):
            try:
                module = importlib.import_module(f"{prefix}.{name}")
            except ImportError:
                continue
            if hasattr(module, "_"):
                module._ = gettext
    for name in ("typer.core", "typer.main"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
    # typer.rich_utils (with rich's Markdown and Pygments: 40 ms) is imported only to print
    # help or an error; it binds `from gettext import gettext as _` then, so it gets ours.
    # Ours returns every other text unchanged, as gettext does without a catalogue.
    stdlib_gettext.gettext = gettext


def _translating(echo: Callable[..., Any]) -> Callable[..., Any]:
    def echo_chinese(message: Any = None, *args: Any, **kwargs: Any) -> Any:
        return echo(translate(message), *args, **kwargs)

    return echo_chinese


def _patch_formatter(cls: type) -> None:
    write_usage = cls.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, translate(args), "用法：" if prefix in (None, "Usage: ") else prefix)

    def heading(self: Any, text: str) -> None:
        self.write(f"{'':>{self.current_indent}}{gettext(text)}：\n")

    cls.write_usage = usage
    cls.write_heading = heading


def _patch_command(cls: type) -> None:
    get_help_option, get_usage, get_help = cls.get_help_option, cls.get_usage, cls.get_help

    def help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def usage(self: Any, ctx: Any) -> str:
        return translate(get_usage(self, ctx))

    def full_help(self: Any, ctx: Any) -> str:
        return translate(get_help(self, ctx)) + "\n"

    cls.get_help_option = help_option
    cls.get_usage = usage
    cls.get_help = full_help
