"""Sphinx configuration for the derive documentation (MyST Markdown, offline KaTeX math).

Build (offline)::

    python docs/generate.py && python -m sphinx -b html -W --keep-going docs docs/_build/html

Math is typeset in the browser by the KaTeX copy vendored in ``derive/export/assets/katex``
(served from ``_static/katex``): no CDN, no MathJax, no network request when reading the docs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import derive.export  # noqa: E402 - after the path is set; the assets ship with the package

ASSETS = Path(derive.export.__file__).resolve().parent / "assets"

project = "derive"
author = "the derive authors"
copyright = "the derive authors"  # noqa: A001 - Sphinx's name

extensions = ["myst_parser"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "autograder"]  # a course template
root_doc = "index"

# offline: built-in theme, no intersphinx, no remote assets
html_theme = "alabaster"
html_theme_options = {
    "description": "Checked derivations for the information theory of alignment",
    "show_powered_by": False,
}
html_show_sphinx = False
html_static_path = ["_static", str(ASSETS)]  # -> _static/katex/
html_css_files = ["katex/katex.min.css"]
html_js_files = [
    ("katex/katex.min.js", {"defer": "defer"}),
    ("katex/contrib/auto-render.min.js", {"defer": "defer"}),
    ("katex-init.js", {"defer": "defer"}),
]
html_math_renderer = "katex_offline"
html_copy_source = False


def _visit_math(self, node: nodes.Element) -> None:  # noqa: ANN001 - Sphinx translator
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(r"\(" + self.encode(node.astext()) + r"\)</span>")
    raise nodes.SkipNode


def _visit_displaymath(self, node: nodes.Element) -> None:  # noqa: ANN001
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({node["number"]})</span>')
    self.body.append(r"\[" + self.encode(node.astext()) + r"\]</div>" + "\n")
    raise nodes.SkipNode


def setup(app):  # noqa: ANN001, ANN201 - Sphinx entry point
    app.add_html_math_renderer("katex_offline", (_visit_math, None), (_visit_displaymath, None))
