"""Round-trip safety of the commands that write YAML: comments a clerk adds anywhere in a
year's files survive `new-year`, and what it writes still loads without syntax problems."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.load import load_year
from reportgen.new_year import new_year

from .conftest import ROOT, copy_workspace

FILES = sorted((ROOT / "data" / "2024").glob("*.yaml"))
WORDS = st.text(alphabet="来源财政局批复注意核对项目第一二三甲乙丙 0123456789", min_size=1, max_size=20)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_clerk_comments_survive_new_year(tmp_path_factory, data) -> None:  # noqa: ANN001
    ws = copy_workspace(ROOT, tmp_path_factory.mktemp("rt") / "ws")
    comments: list[str] = []
    for path in FILES:
        lines = (ws / "data" / "2024" / path.name).read_text("utf-8").splitlines()
        # a full-line comment above a random top-level or nested key line, indented like it
        candidates = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(("#", "-"))
                      and line.rstrip().endswith(":")]
        for i in sorted(data.draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True)), reverse=True):
            text = f"批注{len(comments)}：{data.draw(WORDS)}"
            indent = len(lines[i]) - len(lines[i].lstrip())
            lines.insert(i, " " * indent + "# " + text)
            comments.append(text)
        (ws / "data" / "2024" / path.name).write_text("\n".join(lines) + "\n", "utf-8")
    assert not [p for p in load_year(ws, 2024)[1] if p.severity == "error"]
    new_year(ws, 2025)
    written = "".join(p.read_text("utf-8") for p in (ws / "data" / "2025").glob("*.yaml"))
    for text in comments:
        assert text in written
    problems = load_year(ws, 2025)[1]
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
