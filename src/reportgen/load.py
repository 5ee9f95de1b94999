"""Stage 1, load: read a year's YAML files with ruamel.yaml, keeping every key's position.

The result is plain data (dicts, lists, str, int, Decimal — never binary floats) merged from
all `data/<year>/*.yaml` files, plus a map from key path to (file, line, column), so that
any later stage can point a problem back at the line the clerk typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import re

from ruamel.yaml import YAML
from ruamel.yaml import __version__ as ruamel_version
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import YAMLError

from . import cache
from .errors import Problem, Source
from .files import NotAFile, TooLarge, bounded_bytes

Path_ = tuple[str | int, ...]
UNIT_KEY = "金额单位"
UNITS = ("万元", "百元", "元")

#: Limits that keep a hostile or broken file from exhausting time or memory. A year's data
#: is some tens of KB, a few levels deep, with some thousand values; the limits still admit
#: a table of 40,000 项 rows (some 4 MB and 200,000 values, bench/rows.py).
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 1_000_000
#: Characters of text after aliases are expanded: twice what a file at the size limit holds.
MAX_CHARS = 2 * MAX_FILE_BYTES
#: Characters YAML does not allow in a stream (ruamel's reader's NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
#: The tags plain data may carry (explicitly or as resolved); anything else (!!python/…,
#: !!binary, !!set, custom !tags) is refused rather than constructed.
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}
_FLOAT_SPECIAL = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


class _Refused(ConstructorError):
    """A node reportgen will not construct; `problem` is already the Chinese message."""


class _DecimalConstructor(RoundTripConstructor):
    """Round-trip constructor that reads YAML floats as exact Decimals from their text."""

    def construct_yaml_float(self, node: Any) -> Decimal:  # type: ignore[override]
        text = str(node.value).replace("_", "")
        return Decimal(_FLOAT_SPECIAL.get(text.lower(), text))

    def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
        tag_text = str(tag if tag is not None else node.tag)
        if tag_text not in _ALLOWED_TAGS:
            shown = tag_text.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(None, None, f"不支持 YAML 标签「{shown}」：数据文件只能写数字、文字、true/false、列表和“键: 值”。"
                           "请删除该标签。", node.start_mark)
        try:
            return super().construct_non_recursive_object(node, tag)
        except YAMLError:
            raise
        except Exception:  # noqa: BLE001 - ruamel's constructors raise all sorts on odd input (e.g. "!!int" alone)
            raise _Refused(None, None, f"无法按标签「{tag_text.replace('tag:yaml.org,2002:', '!!')}」读取这个值。"
                           "请删除标签，或改写为正确的值。", node.start_mark) from None


_DecimalConstructor.add_constructor("tag:yaml.org,2002:float", _DecimalConstructor.construct_yaml_float)


def round_trip_yaml() -> YAML:
    """The YAML that commands writing a clerk's files use (new-year, import): comments, key
    order and quoting kept, no line folding, indentation as `init` writes it, Decimals as
    plain numbers."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = format(value.normalize(), "f")
    if "." not in text:
        return representer.represent_scalar("tag:yaml.org,2002:int", text)
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _DecimalConstructor
    yaml.allow_duplicate_keys = False
    yaml.max_depth = MAX_DEPTH
    return yaml


class _SameKey(Exception):
    """Two keys of one mapping that are the same text once read (2010350 and "2010350")."""

    def __init__(self, name: str, first: tuple[int, int], second: tuple[int, ...]):
        super().__init__(name)
        self.name, self.first, self.second = name, first, second


class _TooLarge(Exception):
    """Raised by `_plain` when a file expands beyond MAX_VALUES values or MAX_DEPTH levels."""


@dataclass
class Document:
    """All YAML files of one year, merged, with positions."""

    folder: Path
    root: Path
    data: dict[str, Any] = field(default_factory=dict)
    #: key path -> (file relative to root, line, column), 1-based, of the key (or list item).
    positions: dict[Path_, tuple[str, int, int]] = field(default_factory=dict)
    #: top-level key -> 金额单位 of the file it came from.
    units: dict[str, str] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)

    def source(self, path: Path_) -> Source:
        """The position of `path`, or of its nearest ancestor that has one."""
        key = "．".join(str(p) for p in path)
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                file, line, col = self.positions[probe]
                return Source(file, line, col, key)
            probe = probe[:-1]
        return Source(self.relative(self.folder), 0, 0, key)

    def excerpt(self, source: Source) -> str:
        lines = self.lines.get(source.file, [])
        return lines[source.line - 1] if 0 < source.line <= len(lines) else ""

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def _key_name(key: Any) -> str:
    """A mapping key as text; YAML's unquoted true/false/null keys keep their YAML spelling."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _plain(node: Any, path: Path_, positions: dict[Path_, tuple[int, int]], budget: list[int] | None = None) -> Any:
    """Convert ruamel nodes to plain data, recording each key's (line, column) in `positions`.

    Aliases (`*name`) are expanded here, so `budget` (values and characters left) and the
    depth of `path` bound the work: an alias bomb, a long text repeated by aliases or a
    self-referencing alias raises _TooLarge.
    """
    if budget is None:
        budget = [MAX_VALUES, MAX_CHARS]
    budget[0] -= 1
    if isinstance(node, str):
        budget[1] -= len(node)
    if budget[0] < 0 or budget[1] < 0 or len(path) > MAX_DEPTH:
        raise _TooLarge()
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        lc = getattr(node, "lc", None)
        data = (lc.data if lc is not None else None) or {}
        for key, value in node.items():
            name = _key_name(key)
            sub = path + (name,)
            if name in out:  # 2010350 and "2010350": one key typed twice
                raise _SameKey(name, positions.get(sub, (0, 0)), tuple(x + 1 for x in data.get(key, (-1, -1))[:2]))
            if key in data:
                k_line, k_col, v_line, v_col = data[key]
                positions[sub] = (k_line + 1, k_col + 1)
            out[name] = _plain(value, sub, positions, budget)
        return out
    if isinstance(node, (list, tuple)):
        items = []
        lc = getattr(node, "lc", None)
        data = (lc.data if lc is not None else None) or {}
        for i, value in enumerate(node):
            sub = path + (i,)
            if i in data:
                line, col = data[i][:2]
                positions[sub] = (line + 1, col + 1)
            items.append(_plain(value, sub, positions, budget))
        return items
    if isinstance(node, (datetime, date)):
        return node.isoformat()[:10]
    if isinstance(node, bool) or node is None or isinstance(node, (int, Decimal)):
        return node if isinstance(node, (bool, type(None), Decimal)) else int(node)
    return str(node)


def read_text(path: Path, rel: str) -> tuple[str | None, Problem | None]:
    """A data file's text, or the problem that stops it: not a regular file, larger than
    MAX_FILE_BYTES, not UTF-8, or holding characters YAML forbids. Used by every command that
    reads a clerk's YAML (check, build, new-year, import)."""
    try:
        raw = bounded_bytes(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        return None, Problem(
            f"文件过大（{exc.size / 1024 / 1024:.1f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。"
            "一个年度的数据文件通常只有几十 KB，请检查是否放错了文件。", Source(rel))
    except NotAFile as exc:
        return None, Problem(f"这不是普通文件（而是{exc.kind}），无法作为数据文件读取。请删除它或改名（不以 .yaml 结尾）。", Source(rel))
    except OSError as exc:
        return None, Problem(f"无法读取文件：{exc.strerror}。请检查文件权限。", Source(rel))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, Problem(
            f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码），可能是用 GBK 保存的。"
            "请在编辑器中选择“另存为 UTF-8”后重试。",
            Source(rel),
        )
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        shown = _NON_PRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.split("\n")[line - 1])
        return None, Problem(
            f"此行含有不可见的控制字符 U+{ord(bad.group()):04X}（第 {column} 列），YAML 文件中不允许出现，"
            "可能是从其他软件复制时带入的。请删除该字符后重试。",
            Source(rel, line, column), excerpt=shown)
    return text, None


def _syntax_problem(exc: YAMLError, rel: str, lines: list[str]) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if isinstance(exc, _Refused):
        msg = str(exc.problem)
    elif isinstance(exc, MaxDepthExceededError):
        msg = f"嵌套层数过多（超过 {MAX_DEPTH} 层）。年度数据只有几层“键: 值”，请检查缩进或括号是否多写了。"
    elif isinstance(exc, DuplicateKeyError):
        key = str(getattr(exc, "problem", "")).split('"')[1] if '"' in str(exc.problem) else ""
        msg = f"键「{key}」在同一层级重复出现。请删除或合并重复的键。"
    elif "\t" in text[: max(col, 1)] or "\\t" in str(exc):
        msg = "此行使用了制表符（Tab）缩进，YAML 只允许空格缩进。请把 Tab 换成空格。"
    else:
        problem = str(getattr(exc, "problem", "") or exc)
        said = next((chinese for english, chinese in _SYNTAX if english in problem + str(getattr(exc, "context", ""))), None)
        msg = f"YAML 格式错误：{said or problem}。请检查本行及上一行的缩进、冒号和引号是否成对。"
    return Problem(msg, Source(rel, line, col), excerpt=text)


#: The parser's words for the usual mistakes, said in Chinese (first match wins); any other is shown as it is.
_SYNTAX = (
    ("<stream end>", "文件在此处意外结束，可能只保存了一半"),
    ("unexpected end of stream", "文件在此处意外结束（引号或括号没有成对），可能只保存了一半"),
    ("while scanning a quoted scalar", "引号没有成对"),
    ("could not find expected ':'", "缺少冒号“:”，或冒号后缺少空格"),
    ("mapping values are not allowed here", "此处不能再写“键: 值”（冒号后缺少空格，或文字中含有冒号却未加引号）"),
    ("expected <block end>", "缩进与上文不一致"),
    ("found character that cannot start any token", "此处的字符不能作为值的开头（如 Tab、@、`），请加引号"),
    ("expected ',' or ']'", "方括号 [ ] 中缺少逗号，或方括号没有成对"),
    ("expected ',' or '}'", "花括号 { } 中缺少逗号，或花括号没有成对"),
)


def load_file(path: Path, root: Path) -> tuple[Any, Document, list[Problem]]:
    """Load one YAML file into a fresh Document (used for settings and single files)."""
    doc = Document(path.parent, root)
    problems = _load_into(doc, path, merge=False)
    return doc.data.get("__file__"), doc, problems


def _parse(text: str, rel: str, lines: list[str]) -> tuple[Any, dict[Path_, tuple[int, int]]] | Problem:
    """One file's plain data and key positions, or the problem that stops it.

    Parsing is the slow part of loading (ruamel's round-trip parser is pure Python), so a
    file's result is kept in the user's cache under the digest of its text: `check` after
    editing one file parses only that file.
    """
    name = cache.key(__file__, ruamel_version, text)
    cached = cache.read_plain("parsed", name)
    if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[1], dict):
        return cached
    try:
        tree = _yaml().load(text)
    except YAMLError as exc:
        return _syntax_problem(exc, rel, lines)
    except RecursionError:
        return Problem(f"嵌套层数过多（超过 {MAX_DEPTH} 层）。年度数据只有几层“键: 值”，请检查缩进或括号是否多写了。", Source(rel))
    positions: dict[Path_, tuple[int, int]] = {}
    try:
        plain = _plain(tree, (), positions)
    except (_TooLarge, RecursionError):
        return Problem(f"文件内容展开后过多或嵌套过深（超过 {MAX_VALUES} 项、{MAX_CHARS // 1024 // 1024} M 个字符或 {MAX_DEPTH} 层），"
                       "可能是“&锚点 / *别名”引用过多或引用了自身。请直接写出数据，不要使用别名。", Source(rel))
    except _SameKey as exc:
        line, column = exc.second
        return Problem(f"键「{exc.name}」在同一层级写了两次（第 {exc.first[0]} 行和第 {line} 行；加不加引号都是同一个键），"
                       "后写的会覆盖先写的。请删除或合并其中一行。", Source(rel, line, column),
                       excerpt=lines[line - 1] if 0 < line <= len(lines) else "")
    cache.write_plain("parsed", name, (plain, positions))
    return plain, positions


def refusal(path: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The text of a YAML file that new-year or import is about to rewrite, or the problem
    `check` would give it: the same size, depth, alias and tag limits, so a file that would
    exhaust `check` cannot exhaust them either (their round-trip parser has no such limits)."""
    text, problem = read_text(path, rel)
    if problem is not None:
        return None, problem
    assert text is not None
    parsed = _parse(text, rel, text.splitlines())
    return (None, parsed) if isinstance(parsed, Problem) else (text, None)


def _load_into(doc: Document, path: Path, merge: bool = True) -> list[Problem]:
    rel = doc.relative(path)
    text, problem = read_text(path, rel)
    if problem:
        return [problem]
    assert text is not None
    lines = text.splitlines()
    doc.lines[rel] = lines
    parsed = _parse(text, rel, lines)
    if isinstance(parsed, Problem):
        return [parsed]
    plain, positions = parsed
    if plain is None:
        return [Problem("文件为空，已忽略。如不需要请删除此文件。", Source(rel), "warning")]
    if not merge:
        doc.data["__file__"] = plain
        doc.positions.update({p: (rel, line, col) for p, (line, col) in positions.items()})
        return []
    if not isinstance(plain, dict):
        return [Problem("文件最外层应为“键: 值”的映射（例如 `单位:`），实际是列表或单个值。", Source(rel, 1, 1))]
    problems: list[Problem] = []
    for key in [k for k in plain if k in doc.data]:
        line, column = positions.get((key,), (0, 0))
        problems.append(Problem(f"「{key}」已在 {doc.source((key,))} 写过，一个年度的数据中每一部分"
                                "只能出现一次。请把两处合并到一个文件中。", Source(rel, line, column, key)))
        del plain[key]
    doc.positions.update({p: (rel, line, col) for p, (line, col) in positions.items() if p[0] in plain})
    unit = plain.pop(UNIT_KEY, "万元")
    if unit not in UNITS:
        problems.append(Problem(f"「{UNIT_KEY}」应为 {'、'.join(UNITS)} 之一，实际为 {unit!r}。", doc.source((UNIT_KEY,))))
        unit = "万元"
    for key, value in plain.items():
        doc.data[key] = value
        doc.units[key] = unit
    return problems


def load_year(root: Path, year: int) -> tuple[Document, list[Problem]]:
    """Load and merge every `data/<year>/*.yaml` file of the workspace at `root`."""
    folder = root / "data" / str(year)
    doc = Document(folder, root)
    if not folder.is_dir():
        return doc, [Problem(f"找不到 {year} 年度的数据文件夹。请先创建 data/{year}/ 并放入 YAML 文件（可用 reportgen init 生成示例）。", Source(f"data/{year}"))]
    # Every entry named *.yaml: a folder, FIFO or device so named is refused by read_text.
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        return doc, [Problem(f"data/{year}/ 中没有 .yaml 文件。", Source(f"data/{year}"))]
    problems: list[Problem] = []
    for path in files:
        problems += _load_into(doc, path)
    return doc, problems
