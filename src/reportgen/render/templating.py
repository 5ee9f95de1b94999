"""What both renderers share about templates: where a template is looked up, the Jinja2
environment (autoescape, StrictUndefined, the display filters), and template errors turned
into Chinese problems that name the template file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import BuildError, Problem, Source
from ..settings import Settings
from .formatting import filters

PACKAGE_TEMPLATES = Path(str(resources.files("reportgen") / "templates"))


def template_path(name: str, workspace: Path) -> Path:
    """The workspace's own copy of a template when it has one, else the built-in one."""
    own = workspace / "templates" / name
    return own if own.is_file() else PACKAGE_TEMPLATES / name


def environment(workspace: Path, settings: Settings) -> jinja2.Environment:
    """Overrides in the workspace's templates/ first, then the built-ins. Autoescaping prints
    YAML text literally; StrictUndefined makes a missing field an error, not an empty cell."""
    loaders = [jinja2.FileSystemLoader(str(workspace / "templates")), jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES))]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(filters(settings.style))
    return env


def shown_path(path: Path | str | None, workspace: Path) -> str:
    if not path:
        return "templates"
    path = Path(path)
    try:
        return str(path.resolve().relative_to(workspace.resolve()))
    except ValueError:
        return f"（内置模板）{path.name}"


@contextmanager
def template_errors(path: Path | str, workspace: Path) -> Iterator[None]:
    """Turn Jinja2 errors raised while rendering the template at `path` into a BuildError."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = Source(shown_path(exc.filename or path, workspace), exc.lineno or 0 if exc.filename else 0)
        raise BuildError([Problem(f"模板语法错误：{exc.message}。请检查 {{% %}} 和 {{{{ }}}} 是否成对、拼写是否正确。",
                                  where)]) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_line(exc, path)
        raise BuildError([Problem(f"模板引用了不存在的数据：{exc.message}。请核对模板中的字段名。",
                                  Source(shown_path(file, workspace), line))]) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"找不到模板 {exc.name}。", Source(str(workspace / "templates")))]) from None
    except jinja2.TemplateError as exc:
        raise BuildError([Problem(f"模板出错：{exc}。", Source(shown_path(path, workspace)))]) from None


def _template_line(exc: BaseException, path: Path | str) -> tuple[Path | str, int]:
    """The template file and line an error was raised at: Jinja2 rewrites the traceback so
    that its innermost template frames carry the template's file name and line."""
    file, line = path, 0
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line
