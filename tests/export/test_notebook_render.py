"""Every notebook LaTeX repr renders in a real renderer (KaTeX under node, the copy that the
HTML export vendors), uses nothing MathJax lacks, and the other views are there."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from derive.checker import check_text
from derive.export import notebook
from derive.library import all_derivations

KATEX = Path(notebook.__file__).parent / "assets" / "katex" / "katex.min.js"
#: not in MathJax 2/3 or KaTeX, or shown literally inside \text{} by MathJax 2
FORBIDDEN = (r"\MoveEqLeft", r"\parbox", r"\mbox", r"\textit", r"\emph", r"\@")
RENDER = r"""
const katex = require(process.argv[1]);
const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = items.map(([name, tex]) => {
  try { katex.renderToString(tex, {throwOnError: true, displayMode: true, strict: "error"});
        return [name, null]; }
  catch (e) { return [name, String(e.message)]; }
});
process.stdout.write(JSON.stringify(out));
"""


MATHJAX = r"""
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
require("mathjax-full/js/input/tex/base/BaseConfiguration.js");
require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");
RegisterHTMLHandler(liteAdaptor());
const tex = new TeX({packages: ["base", "ams"], formatError: (jax, err) => { throw err; }});
const doc = mathjax.document("", {InputJax: tex});
const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(items.map(([name, s]) => {
  try { doc.convert(s, {display: true}); return [name, null]; }
  catch (e) { return [name, String(e.message)]; }
})));
"""


def _records() -> list:
    return [d.record() for d in all_derivations()]


def _render(items: list[tuple[str, str]]) -> dict[str, str | None]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    proc = subprocess.run([node, "-e", RENDER, str(KATEX)], input=json.dumps(items),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def test_every_library_derivation_renders_with_mathjax_tex_input() -> None:
    """MathJax 3's TeX input with only base and AMS (undefined macros are errors), from the
    ``mathjax-full`` that .ci/run installs into .ci/.node (or MATHJAX_NODE_MODULES)."""
    modules = os.environ.get("MATHJAX_NODE_MODULES") or str(
        Path(__file__).resolve().parents[2] / ".ci" / ".node" / "node_modules")
    node = shutil.which("node")
    if not node or not (Path(modules) / "mathjax-full").is_dir():
        reason = f"MathJax's node package is not installed ({modules}; see .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)
    items = [(r.name, notebook.latex_repr(r)[1:-1]) for r in _records()]
    items.append(("MoveEqLeft", r"\MoveEqLeft a = b"))  # the renderer does reject
    proc = subprocess.run([node, "-e", MATHJAX], input=json.dumps(items), capture_output=True,
                          text=True, timeout=300, env={**os.environ, "NODE_PATH": modules})
    assert proc.returncode == 0, proc.stderr
    result = dict(json.loads(proc.stdout))
    assert result.pop("MoveEqLeft")
    failures = {k: v for k, v in result.items() if v}
    assert not failures, failures


def _text_bodies(tex: str) -> list[str]:
    return re.findall(r"\\text\{((?:[^{}]|\{[^{}]*\})*)\}", tex)


def test_every_library_derivation_renders_with_katex() -> None:
    records = _records()
    assert len(records) >= 20
    items = [(r.name, notebook.latex_repr(r)[1:-1]) for r in records]
    items.append(("MoveEqLeft", r"\MoveEqLeft a = b"))
    result = _render(items)
    assert result.pop("MoveEqLeft")  # the renderer does reject what it lacks
    failures = {k: v for k, v in result.items() if v}
    assert not failures, failures


def test_no_math_inside_text_and_nothing_mathjax_lacks() -> None:
    for r in _records():
        tex = notebook.latex_repr(r)
        assert tex.startswith("$") and tex.endswith("$") and tex.count("$") == 2, r.name
        for body in _text_bodies(tex):
            assert not re.search(r"[$\\_^%&#~]", body), (r.name, body)
        assert not any(bad in tex for bad in FORBIDDEN), r.name


def test_student_reports_render_and_invalid_ones_say_why() -> None:
    wrong = check_text("$$\\sum_x P(x) \\log \\frac{P(x)}{Q(x)} = "
                       "\\sum_x P(x) \\log Q(x) - \\sum_x P(x) \\log P(x)$$", "md", "hw_1.md")
    invalid = check_text("ok\n$$ D_{KL}(P\\| $$\n", "md", "bad_file.md")
    assert invalid.verdict == "invalid"
    texs = {"wrong": wrong._repr_latex_()[1:-1], "invalid": invalid._repr_latex_()[1:-1]}
    assert not any(_render(list(texs.items())).values())
    assert "line 2:" in texs["invalid"]
    bundle = invalid._repr_mimebundle_()
    assert "line 2:" in bundle["text/plain"] and "line 2:" in bundle["text/markdown"]
    assert "2:" in bundle["text/html"] and "<script" not in bundle["text/html"]
    assert "sign" in wrong._repr_mimebundle_()["text/html"]


def test_bundles_have_markdown_and_plain_html() -> None:
    rec = next(r for r in _records() if r.name == "dpo_from_rlhf")
    bundle = notebook.mimebundle(rec)
    assert set(bundle) == {"text/latex", "text/markdown", "text/html", "text/plain",
                           "application/json"}
    page = bundle["text/html"]
    assert "katex" not in page.lower() and "<script" not in page
    assert page.count("<tr>") == len(rec.steps) + 2  # header, start, one row per step
    md = bundle["text/markdown"]
    assert md.count("$$") == 2 and "\\begin{aligned}" in md
    step = notebook.step_mimebundle(rec.steps[0])
    assert set(step) == {"text/latex", "text/html", "text/plain", "application/json"}
    assert not any(_render([("step", step["text/latex"][1:-1])]).values())


def test_records_display_richly_in_ipython() -> None:
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert notebook.register_formatters(shell)
    rec = _records()[0]
    data, _ = shell.display_formatter.format(rec)
    assert data["text/latex"] == notebook.latex_repr(rec)
    assert "DerivationRecord(" not in data["text/plain"]
    step_data, _ = shell.display_formatter.format(rec.steps[0])
    assert "text/html" in step_data


class _Formatter:
    def __init__(self) -> None:
        self.types: dict = {}

    def for_type(self, cls: type, func) -> None:  # noqa: ANN001
        self.types[cls] = func


class _Shell:
    """The part of an IPython shell that ``register_formatters`` touches."""

    def __init__(self) -> None:
        mimes = ("text/plain", "text/latex", "text/markdown", "text/html")
        self.display_formatter = type("F", (), {"formatters": {m: _Formatter() for m in mimes}})


def test_register_formatters_covers_every_record_type() -> None:
    from derive.records import CheckReport, DerivationRecord, StepRecord

    shell = _Shell()
    assert notebook.register_formatters(shell)
    rec = _records()[0]
    latex = shell.display_formatter.formatters["text/latex"].types
    assert set(latex) == {DerivationRecord, StepRecord, CheckReport}
    assert latex[DerivationRecord](rec) == notebook.latex_repr(rec)
    html = shell.display_formatter.formatters["text/html"].types[StepRecord](rec.steps[0])
    assert html.startswith("<table>")
    printed: list[str] = []
    pretty = type("P", (), {"text": lambda self, s: printed.append(s)})()
    shell.display_formatter.formatters["text/plain"].types[DerivationRecord](rec, pretty, False)
    assert printed == [notebook.plain_text(rec)]
