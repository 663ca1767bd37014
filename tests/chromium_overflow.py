"""Headless Chromium as a layout check: does anything on an HTML page overflow it?

The page is loaded with a small script appended after its own scripts; a second after the
page has loaded (KaTeX has typeset every formula, the fonts are in, the page's fit-to-width
code has run) the script measures, writes its
findings as JSON into the DOM, and ``chromium --dump-dom`` hands the DOM back.  Reported:

* ``page``: the document is wider than the window (a horizontal scrollbar on the page);
* ``outside``: elements whose shown box ends right of the window (or starts left of it): the
  box cut to every ancestor that clips it (``overflow: hidden``, as KaTeX clips the 400em rule
  of a square root), and not counted where a ``<pre>`` code block scrolls it on purpose;
* ``spilling``: boxes whose content (a long word, a wide child) runs out of them unclipped;
* ``scrolling_math``: formulas (``.katex-display``, ``.math``) wider than their own box, i.e.
  a scrollbar on or a cut through a formula.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHECK_JS = r"""
<script>
function deriveOverflowCheck() {
  var vw = document.documentElement.clientWidth, out = {width: vw, page: false, outside: [],
      spilling: [], scrolling_math: []};
  out.page = document.documentElement.scrollWidth > vw + 1;
  function clipped(el) {
    for (var a = el; a && a !== document.body; a = a.parentElement) {
      if (a.classList && a.classList.contains("katex-mathml")) return true;  // screen readers
      if (a !== el && a.tagName === "PRE" &&
          /(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  }
  function name(el) {
    return el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ?
      "." + String(el.className).trim().split(/\s+/).join(".") : "");
  }
  // the part of a box that shows: an ancestor that clips (overflow hidden or clip, as KaTeX's
  // 400em-wide square-root rule inside its .hide-tail) cuts the box to its own
  function shown(el) {
    var r = el.getBoundingClientRect(), left = r.left, right = r.right;
    for (var a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(hidden|clip)/.test(getComputedStyle(a).overflowX)) {
        var ar = a.getBoundingClientRect();
        left = Math.max(left, ar.left); right = Math.min(right, ar.right);
      }
    }
    return {left: left, right: right, width: r.width, height: r.height};
  }
  document.querySelectorAll("body *").forEach(function (el) {
    var r = shown(el);
    if (r.width === 0 && r.height === 0) return;
    if (r.right <= r.left) return;
    if ((r.right > vw + 1 || r.left < -1) && !clipped(el)) {
      out.outside.push(name(el) + " " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  });
  // content spilling out of a box that does not scroll it (a long word, a wide child)
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2 && !clipped(el) &&
        getComputedStyle(el).overflowX === "visible" && !el.closest(".katex")) {
      out.spilling.push(name(el) + " " + el.scrollWidth + ">" + el.clientWidth);
    }
  });
  document.querySelectorAll(".katex-display, .math").forEach(function (el) {
    // (KaTeX's empty 2px struts, .vlist-s, do not scale with the font: 2px over is nothing)
    if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).display !== "inline") {
      out.scrolling_math.push(name(el) + " " + el.scrollWidth + ">" + el.clientWidth);
    }
  });
  var pre = document.createElement("pre");
  pre.id = "derive-overflow"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre); pre.style.display = "none";
}
// measure once the page has settled: fonts loaded, the page's own fitting done
window.addEventListener("load", function () { setTimeout(deriveOverflowCheck, 1000); });
</script>
"""


def chromium() -> str:
    """The Chromium binary; skip when missing, but fail when CI=true."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is required in CI but was not found on PATH")
    pytest.skip("chromium not installed")


def run_chromium(page: Path, tmp_path: Path, width: int, *extra: str) -> str:
    """Chromium's stdout for ``page`` in a ``width``-pixel window, offline."""
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
           "--virtual-time-budget=5000", f"--window-size={width},1400", *extra, page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    return proc.stdout


def overflow(page_html: str, tmp_path: Path, width: int = 1000) -> dict:
    """What overflows ``page_html`` in a window ``width`` pixels wide (see the module doc)."""
    checked = page_html.replace("</body>", CHECK_JS + "</body>", 1)
    assert checked != page_html, "the page has no </body>"
    page = tmp_path / f"overflow-{width}.html"
    page.write_text(checked, encoding="utf-8")
    dom = run_chromium(page, tmp_path, width, "--dump-dom")
    m = re.search(r'<pre id="derive-overflow"[^>]*>(.*?)</pre>', dom, re.S)
    assert m, "the overflow check did not run (no result in the DOM)"
    return json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<")
                      .replace("&gt;", ">").replace("&amp;", "&"))


def screenshot(page_html: str, tmp_path: Path, out: Path, width: int = 1000) -> Path:
    """A PNG of the top of the page (to look at)."""
    page = tmp_path / "shot.html"
    page.write_text(page_html, encoding="utf-8")
    run_chromium(page, tmp_path, width, f"--screenshot={out}")
    return out
