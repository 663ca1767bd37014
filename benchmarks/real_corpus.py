"""How ``derive check`` reads the independent real corpus (``tests/corpus/real``).

Run: ``python benchmarks/real_corpus.py [--json | --tables] [--jobs J]``. Prints

* files read without parse errors (no ``file:line:column`` input error at all),
* claim steps judged (``proved``/``numeric_only`` on a line whose step was judged by hand to hold),
* false refutations (a step refuted on a verbatim file where the hand judgement is not ``wrong``),
* mutants caught (the first refuted step is on the line of the planted mistake),

then every failure, file by file: what the reader did wrong, at which line.

The hand judgements live in ``tests/corpus/real/expected.json``. Each step entry names a line
of the file and, in order, the kind of every relation written on it:

``holds``      true as written (an identity or inequality of the field)
``context``    true given what the text states around it (a definition above, "where p is the
               pmf of P", "y is one-hot", the log base of the document)
``optimizer``  true only as "the same optimizer" (``max F = min -F``); a refutation must say so
``loose``      loose notation that is right in spirit (``\\propto`` for "up to a constant",
               ``E_x E_y`` for a double sum); a refutation must say so
``given``      a definition, hypothesis ("if", "let", "suppose"), example or recalled fact:
               context, never refuted
``outside``    outside the vocabulary (derivatives, gradients, integrals): ``unsupported``
``wrong``      a genuine mistake in the source: should be refuted
``disputed``   follows from an earlier mistake of the source: not scored either way

>>> kinds_refutable = sorted(k for k in KINDS if k not in NEVER_REFUTED)
>>> kinds_refutable
['disputed', 'loose', 'optimizer', 'wrong']
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
KINDS = ("holds", "context", "optimizer", "loose", "given", "outside", "wrong", "disputed")
#: kinds whose steps are true: a refutation of one is a false refutation
NEVER_REFUTED = frozenset({"holds", "context", "given", "outside"})
#: kinds that are claims the checker should judge and accept
CLAIMS = frozenset({"holds", "context"})
ACCEPTED = frozenset({"proved", "numeric_only"})


@dataclass
class FileScore:
    """What the reader made of one file, against the hand judgement."""

    file: str
    read_cleanly: bool
    verdict: str
    claims: int = 0
    judged: int = 0
    false_refutations: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def load_expected() -> dict:
    """The hand judgements (``expected.json``)."""
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def check_report(path: str) -> dict:
    """``derive check`` on one corpus file, as its JSON record (runs in a worker process)."""
    from derive.checker import check_file

    try:
        return check_file(CORPUS / path).to_json()
    except Exception as exc:  # noqa: BLE001 - an internal error is a finding, not the end of the run
        return {"file": path, "verdict": "crash", "steps": [], "first_error": None,
                "errors": [{"line": 0, "column": 0,
                            "message": f"INTERNAL ERROR {type(exc).__name__}: {exc}"}]}


def _expected_kinds(entry: dict) -> dict[int, list[str]]:
    return {s["line"]: s["kinds"] for s in entry.get("steps", [])}


def _refutation_says_why(step: dict) -> bool:
    code = (step.get("diagnosis") or {}).get("code", "")
    return "optimizer" in code or "constant" in code


_WHY_FALSE = {
    None: "judged a line that has no claim by hand (prose/inline context)",
    "given": "refuted a definition, hypothesis or example",
    "outside": "refuted a step outside the vocabulary instead of unsupported",
    "optimizer": "refuted a same-optimizer step without saying so",
    "loose": "refuted loose notation without saying so",
}


def score_file(entry: dict, report: dict) -> FileScore:
    """Compare one report with the hand judgement of its file."""
    kinds = _expected_kinds(entry)
    own_header = [e for e in report["errors"] if e["line"] == 1 and entry["file"].endswith(".txt")]
    score = FileScore(entry["file"], read_cleanly=len(report["errors"]) == len(own_header),
                      verdict=report["verdict"])
    score.claims = sum(1 for ks in kinds.values() for k in ks if k in CLAIMS)
    for err in report["errors"]:
        if err["line"] == 1 and entry["file"].endswith(".txt"):
            continue  # our own SOURCE line: plain text has no comment syntax
        score.failures.append(f"line {err['line']}:{err['column']}: not read: {err['message']}")
    per_line = Counter()
    for step in report["steps"]:
        line, verdict = step["line"], step["verdict"]
        listed = kinds.get(line)
        k = listed[min(per_line[line], len(listed) - 1)] if listed else None
        per_line[line] += 1
        where = f"line {line}: {step['lhs']} {step['relation']} {step['rhs']}"
        if verdict == "refuted":
            if k in ("wrong", "disputed") or (k in ("optimizer", "loose")
                                              and _refutation_says_why(step)):
                continue
            diag = (step.get("diagnosis") or {}).get("code", "")
            what = _WHY_FALSE.get(k, "refuted a true step")
            score.false_refutations.append(f"{where} -- {what} [{diag}]")
        elif verdict in ACCEPTED and k in CLAIMS:
            score.judged += 1
        elif verdict in ACCEPTED and k in (None, "given"):
            score.failures.append(f"{where} -- judged as a claim ({verdict}) though it is "
                                  f"{'a given' if k else 'not a claim by hand'}")
        elif verdict in ACCEPTED and k == "wrong":
            score.false_refutations.append(f"{where} -- ACCEPTED a false step ({verdict})")
        elif verdict == "inconclusive" and k in CLAIMS:
            score.failures.append(f"{where} -- inconclusive: {step['reason']}")
    return score


def mutant_caught(entry: dict, report: dict) -> tuple[bool, str]:
    """Whether the mutant is refuted on the planted line (first, for a derivation; anywhere, for
    lecture notes, which keep their own mistakes); and what happened."""
    line = entry["mutant"]["line"]
    refuted = [s for s in report["steps"] if s["verdict"] == "refuted"]
    if not entry["mutant"].get("first", True):
        refuted = [s for s in refuted if s["line"] == line] or refuted
    if refuted and refuted[0]["line"] == line:
        return True, f"refuted on line {line}"
    on_line = [s for s in report["steps"] if s["line"] == line]
    errors = [e for e in report["errors"] if e["line"] == line]
    if refuted:
        what = f"first refutation on line {refuted[0]['line']}, not {line}"
    elif errors:
        what = f"line {line} not read: {errors[0]['message']}"
    elif on_line:
        what = f"line {line} judged {on_line[0]['verdict']}: {on_line[0]['reason']}"
    else:
        what = f"line {line} not read as a step"
    return False, what


def measure(jobs: int = 1) -> dict:
    """Check every verbatim file and every mutant; the figures and the failure list."""
    expected = load_expected()
    entries = expected["derivations"] + expected["notes"]
    paths = [e["file"] for e in entries] + [e["mutant"]["file"] for e in entries if "mutant" in e]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        reports = dict(zip(paths, pool.map(check_report, paths), strict=True))
    scores = [score_file(e, reports[e["file"]]) for e in entries]
    mutants = {e["mutant"]["file"]: mutant_caught(e, reports[e["mutant"]["file"]])
               for e in entries if "mutant" in e}
    return {
        "files": len(scores),
        "read_cleanly": sum(s.read_cleanly for s in scores),
        "invalid": sum(s.verdict == "invalid" for s in scores),
        "claims": sum(s.claims for s in scores),
        "judged": sum(s.judged for s in scores),
        "false_refutations": sum(len(s.false_refutations) for s in scores),
        "mutants": len(mutants),
        "mutants_caught": sum(ok for ok, _ in mutants.values()),
        "per_file": [s.__dict__ for s in scores],
        "per_mutant": {k: {"caught": ok, "what": what} for k, (ok, what) in mutants.items()},
    }


def _print(result: dict) -> None:
    r = result
    print(f"files read without parse errors: {r['read_cleanly']}/{r['files']} "
          f"({r['invalid']} invalid)")
    print(f"claim steps judged (proved/numeric_only): {r['judged']}/{r['claims']}")
    print(f"false refutations on verbatim files: {r['false_refutations']}")
    print(f"mutants caught on their line: {r['mutants_caught']}/{r['mutants']}")
    print("\nfailures, file by file:")
    for s in r["per_file"]:
        lines = [f"  FALSE REFUTATION {x}" for x in s["false_refutations"]]
        lines += [f"  {x}" for x in s["failures"]]
        if lines:
            print(f"{s['file']} ({s['verdict']}, {s['judged']}/{s['claims']} claims judged)")
            print("\n".join(lines))
    print("\nmutants not caught:")
    for f, m in r["per_mutant"].items():
        if not m["caught"]:
            print(f"  {f}: {m['what']}")


def _clip(text: str, width: int = 85) -> str:
    return text if len(text) <= width else text[:width] + "…"


def tables(result: dict) -> dict[str, dict[str, str]]:
    """The strict-xfail tables of ``tests/checker/test_real_corpus.py``, from measurement:
    files with a false refutation (the first one), mutants not caught (what happened), and
    lecture notes that are ``invalid`` (their first input error).

    >>> r = {"per_file": [{"file": "notes/a.md", "verdict": "invalid", "failures": [
    ...     "line 3:1: not read: unexpected '='"], "false_refutations": []}],
    ...     "per_mutant": {"mutants/a.md": {"caught": False, "what": "line 3 not read"}}}
    >>> tables(r)["NOTES_INVALID"], tables(r)["MUTANTS_MISSED"]
    ({'notes/a.md': "line 3:1: unexpected '='"}, {'mutants/a.md': 'line 3 not read'})
    """
    false = {s["file"]: _clip(s["false_refutations"][0].split(" -- ")[0])
             for s in result["per_file"] if s["false_refutations"]}
    missed = {f: _clip(m["what"]) for f, m in sorted(result["per_mutant"].items())
              if not m["caught"]}
    invalid = {s["file"]: _clip(next((x.replace("not read: ", "") for x in s["failures"]),
                                     "nothing read"))
               for s in result["per_file"]
               if s["file"].startswith("notes/") and s["verdict"] in ("invalid", "crash")}
    return {"FALSE_REFUTATIONS": false, "MUTANTS_MISSED": missed, "NOTES_INVALID": invalid}


def _print_tables(result: dict) -> None:
    for name, table in tables(result).items():
        print(f"{name} = {{")
        for key, value in sorted(table.items()):
            print(f"    {key!r}:\n        {value!r},")
        print("}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--tables", action="store_true",
                    help="print the strict-xfail tables of tests/checker/test_real_corpus.py")
    args = ap.parse_args(argv)
    result = measure(args.jobs)
    if args.tables:
        _print_tables(result)
    elif args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
