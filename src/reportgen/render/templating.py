"""Loading templates: bounded reads, compiled code kept for the process, and template errors as
Chinese problems that name the template file and line, whichever folder (the workspace's
templates/ or the profile's) the template came from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError

from .. import files
from ..errors import BuildError, Problem, Source
from ..profile import Profile


class BoundedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads only regular files of at most files.MAX_TEMPLATE_BYTES:
    a huge file, a FIFO or a folder named like a template is a located error, not a hang."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, object]:
        for folder in self.searchpath:
            path = Path(folder) / template
            if path.exists():
                try:
                    size = files.size_of(path)
                except files.NotAFile as exc:
                    raise jinja2.TemplateError(f"模板 {template} 不是普通文件（而是{exc.kind}）") from None
                if size > files.MAX_TEMPLATE_BYTES:
                    raise jinja2.TemplateError(f"模板 {template} 过大（{size // 1024} KB，上限 "
                                               f"{files.MAX_TEMPLATE_BYTES // 1024} KB）") from None
                break
        return super().get_source(environment, template)


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template compiled once per process: the preview words a report on every save and a
    build words two, from the same templates. Jinja compares each entry with the template's
    source, so an edited template is compiled again. Shared only by the environments of
    compose.environment(), which are configured alike (compiled code depends on that)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()
_STRINGS: dict[str, object] = {}  # the profile's short templates (titles, notes) by source
MAX_STRINGS = 2000


def from_string(env: jinja2.Environment, source: str) -> jinja2.Template:
    """env.from_string, compiling each source once per process."""
    code = _STRINGS.get(source)
    if code is None:
        if len(_STRINGS) >= MAX_STRINGS:  # a long preview session of edited titles: start again
            _STRINGS.clear()
        code = _STRINGS[source] = env.compile(source)
    return env.template_class.from_code(env, code, env.make_globals(None))


def shown_path(path: Path | str | None, profile: Profile) -> str:
    """templates/x.j2 for the workspace's own files, （内置模板 湖北）x.j2 for a built-in
    profile's (the profile's own or its base's, named as that profile)."""
    if not path:
        return "templates"
    path = Path(path).resolve()
    own, *builtin = (f.resolve() for f in profile.folders)
    if path.is_relative_to(own):
        return str(Path("templates") / path.relative_to(own))
    for name, folder in zip(profile.names or (profile.name,), builtin):
        if path.is_relative_to(folder):
            return f"（内置模板 {name}）{path.relative_to(folder)}"
    return path.name


@contextmanager
def template_errors(profile: Profile, template: Path | None = None) -> Iterator[None]:
    """Turn Jinja2 errors raised while rendering into a BuildError located in the template
    (`template`, the Word template, when the error is in no .j2 file)."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = Source(shown_path(exc.filename or template, profile), exc.lineno or 0)
        raise BuildError([Problem(f"模板语法错误：{exc.message}。请检查 {{% %}} 和 {{{{ }}}} 是否成对、拼写是否正确。",
                                  where)]) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_line(exc)
        file = file or str(template or "")
        raise BuildError([Problem(f"模板引用了不存在的数据：{exc.message}。请核对模板中的字段名。",
                                  Source(shown_path(file, profile), line))]) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"找不到模板 {exc.name}。", Source("templates"))]) from None
    except SecurityError as exc:
        file, line = _template_line(exc)
        file = file or str(template or "")
        raise BuildError([Problem(f"模板试图使用不允许的功能（{exc}）。模板只能读取报告数据，不能调用 Python 内部对象。",
                                  Source(shown_path(file, profile), line))]) from None
    except jinja2.TemplateError as exc:
        file, line = _template_line(exc)
        file = file or str(template or "")
        raise BuildError([Problem(f"模板出错：{exc}。", Source(shown_path(file, profile), line))]) from None
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        file, line = _template_line(exc)
        if not file:
            raise
        raise BuildError([Problem(f"模板出错：{type(exc).__name__}: {exc}。", Source(shown_path(file, profile), line))]) from None


def _template_line(exc: BaseException) -> tuple[str, int]:
    """The template file and line an error was raised at: Jinja2 rewrites the traceback so
    that its innermost template frames carry the template's file name and line."""
    file, line = "", 0
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line
