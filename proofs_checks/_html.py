"""The HTML page of a report: one static file that reads offline.

Formulas are typeset by the browser itself: each claim's LaTeX is converted to MathML Core in
Python (``latex2mathml``, from PyPI) when the report is written, so the page needs no script,
font or network to show them, and is the same in every browser that implements MathML Core
(Chromium ≥ 109, Firefox, Safari). The converter passes ``\\text{...}`` through unescaped, so its
output is parsed and rebuilt from a whitelist of MathML elements and attributes: whatever else it
contains (markup in a user's formula) is written out as text.

Every string that comes from a claim (id, title, statement, notes, assumptions, parameters of a
counterexample) is HTML-escaped; plots are linked, not inlined; filters by paper, verdict, method
and kind are a few lines of inline script over ``data-`` attributes (without script the page is
simply unfiltered).
"""

from __future__ import annotations

import html
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._paper import tags_by_paper

if TYPE_CHECKING:
    from ._engine import ClaimResult, RunResult

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# MathML Core's presentation elements (what latex2mathml emits and browsers lay out)
_MATHML_ELEMENTS = frozenset("""
    math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt
    mroot mstyle mpadded mphantom menclose mtable mtr mtd mlabeledtr semantics annotation
    mmultiscripts mprescripts none merror
""".split())
_MATHML_ATTRIBUTES = frozenset("""
    display mathvariant stretchy fence separator accent accentunder movablelimits largeop
    symmetric lspace rspace minsize maxsize form linethickness width height depth columnalign
    rowalign columnspacing rowspacing columnlines rowlines frame displaystyle scriptlevel
    notation encoding
""".split())

e = html.escape


# -- formulas ------------------------------------------------------------------------------------
def latex_to_mathml(tex: str, *, display: str = "block") -> str | None:
    """MathML for ``tex`` with nothing in it but MathML (None when it cannot be converted)."""
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - a core dependency
        return None
    try:
        raw = convert(tex, display=display)
        root = ET.fromstring(raw)
    except Exception:  # the converter raises a variety of errors on TeX it does not know
        return None
    out: list[str] = []
    _write_mathml(root, out)
    text = "".join(out)
    return None if "<merror" in text else text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _as_source(node: ET.Element) -> str:
    """The element as it was written (local names, no namespace), without its tail."""
    attrs = "".join(f' {_local(k)}="{v}"' for k, v in node.attrib.items())
    inner = (node.text or "") + "".join(_as_source(c) + (c.tail or "") for c in node)
    return f"<{_local(node.tag)}{attrs}>{inner}</{_local(node.tag)}>"


def _write_mathml(node: ET.Element, out: list[str]) -> None:
    name = _local(node.tag)
    if (name not in _MATHML_ELEMENTS
            or (node.tag.startswith("{") and not node.tag.startswith("{" + _MATHML_NS))):
        # not MathML: the element's markup itself becomes visible text
        out.append(e(_as_source(node)))
    else:
        attrs = "".join(f' {k}="{e(v)}"' for k, v in sorted(node.attrib.items())
                        if k in _MATHML_ATTRIBUTES)
        ns = f' xmlns="{_MATHML_NS}"' if name == "math" else ""
        out.append(f"<{name}{ns}{attrs}>")
        if node.text:
            out.append(e(node.text))
        for child in node:
            _write_mathml(child, out)
        out.append(f"</{name}>")
    if node.tail:
        out.append(e(node.tail))


def formula_html(tex: str) -> str:
    """The typeset formula, or the TeX source marked as not typeset."""
    mathml = latex_to_mathml(tex)
    if mathml is not None:
        return f"<div class='formula'>{mathml}</div>"
    return (f"<div class='formula tex-fallback' title='not typeset: the converter does not "
            f"know this TeX'><code>{e(tex)}</code></div>")


# -- pieces of the page --------------------------------------------------------------------------
def _breakable(text: str) -> str:
    """Escaped, with break opportunities after the dots and underscores of an id."""
    return "".join(e(ch) + ("<wbr>" if ch in "._~" else "") for ch in text)


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.3g}"


def _kind(r: ClaimResult) -> str:
    return "twin" if r.twin_of else ("finding" if r.finding else "claim")


def _paper_key(run: RunResult, r: ClaimResult) -> str:
    return r.paper or "user"


def acceptance_rule(r: ClaimResult) -> str:
    """How the claim's worst case was judged (its evidence's reason), when recorded."""
    worst = (r.evidence_summary or {}).get("worst") or {}
    return str((worst.get("evidence") or {}).get("reason") or "")


def _level_badge(r: ClaimResult) -> str:
    if r.level != "proved":
        return ""
    text = "proved" if r.verdict == "confirmed" else "certified box"
    return f" <span class='level'>{text}</span>"


def _verdict_cell(r: ClaimResult) -> str:
    return _verdict_text(r) + _level_badge(r)


def _verdict_text(r: ClaimResult) -> str:
    if r.matches:
        note = "as expected" if r.twin_of or r.expected == "refuted" else ""
        return (f"<span class='v {e(r.verdict)}'>{e(r.verdict)}</span>"
                + (f" <span class='expected'>{note}</span>" if note else ""))
    return (f"<span class='v {e(r.verdict)}'>{e(r.verdict)}</span> "
            f"<span class='expected'>expected {e(r.expected)}</span>")


def _data_attrs(run: RunResult, r: ClaimResult) -> str:
    return (f" data-claim='{e(r.id)}' data-paper='{e(_paper_key(run, r))}'"
            f" data-verdict='{e(r.verdict)}' data-method='{e(r.method)}'"
            f" data-kind='{_kind(r)}' data-level='{e(r.level)}'"
            f" data-pass='{'yes' if r.matches else 'no'}'")


def _options(name: str, label: str, values: Iterable[str], extra: Iterable[tuple[str, str]] = ()
             ) -> str:
    opts = ["<option value=''>all</option>"]
    opts += [f"<option value='{e(v)}'>{e(t)}</option>" for v, t in extra]
    opts += [f"<option value='{e(v)}'>{e(v)}</option>" for v in values]
    return f"<label>{label} <select id='f-{name}'>{''.join(opts)}</select></label>"


def _filters(run: RunResult) -> str:
    rows = run.all_results()
    paper_keys = list(dict.fromkeys(_paper_key(run, r) for r in rows))
    return (
        "<nav id='filters' hidden>"
        + _options("paper", "Paper", paper_keys)
        + _options("verdict", "Verdict", sorted({r.verdict for r in rows}),
                   extra=[("mismatch", "not as expected")])
        + _options("method", "Method", sorted({r.method for r in rows}))
        + _options("kind", "Kind", ["claim", "finding", "twin"])
        + _options("level", "Level", ["proved", "sampled"])
        + "<label>Id <input id='f-text' type='search' placeholder='part of an id'></label>"
        + "<output id='f-count'></output></nav>"
    )


def _legend(run: RunResult) -> str:
    """What the colours mean, and the source tags of the papers in this run."""
    parts = [
        "<section id='legend'><h2>How to read this report</h2><ul>",
        "<li><span class='pass-swatch'></span> a verdict <b>as expected</b>: a true claim "
        "confirmed, a paper's false statement (a finding) refuted, or a false twin refuted. "
        "A twin is a deliberately wrong variant of a claim; its refutation shows that the "
        "check can fail.</li>",
        "<li><span class='fail-swatch'></span> a verdict <b>not as expected</b>: a true claim "
        "refuted or left inconclusive, or a twin that was not refuted.</li>",
        "<li><b>margin</b>: how far inside the claim the worst case is, in the claim's own "
        "units (negative: outside); <b>tolerance</b>: the numerical error of the computed value "
        "at that case. A statistical band (Monte Carlo standard errors, a confidence interval) "
        "is part of the claimed bound, and each claim's <i>acceptance rule</i> states it.</li>",
        "</ul><h3>Source tags</h3><p>Each claim's <i>source</i> says where its statement "
        "comes from; the tags are the paper's own.</p>",
    ]
    parts.append("<table class='tags'><tr><th>paper</th><th>tag</th><th>meaning</th></tr>")
    for key, (meanings, tags) in tags_by_paper(run.all_results()).items():
        for tag in tags:
            meaning = meanings.get(tag, "not explained by the claim's paper")
            parts.append(f"<tr><td>{e(key)}</td><td><code>{e(tag)}</code></td>"
                         f"<td>{e(meaning)}</td></tr>")
    parts.append("</table></section>")
    return "".join(parts)


def _summary_table(run: RunResult) -> str:
    head = ("<table id='summary'><thead><tr><th>claim</th><th>verdict</th><th>margin</th>"
            "<th>tolerance</th><th>cases</th><th>method</th><th>source</th><th>strength</th>"
            "<th>s</th></tr></thead><tbody>")
    rows = []
    for r in run.all_results():
        cls = " ".join(filter(None, ["twin" if r.twin_of else "",
                                     "pass" if r.matches else "fail"]))
        rule = acceptance_rule(r)
        rows.append(
            f"<tr class='{cls}'{_data_attrs(run, r)}>"
            f"<td class='id'><a href='#{e(_anchor(r.id))}'>{_breakable(r.id)}</a></td>"
            f"<td>{_verdict_cell(r)}</td><td class='num'>{e(_fmt(r.margin))}</td>"
            f"<td class='num' title='{e(rule)}'>{e(_fmt(r.tolerance))}</td>"
            f"<td class='num'>{r.cases}</td><td>{e(r.method)}</td>"
            f"<td>{e(r.source)}</td><td>{e(r.strength or '–')}</td>"
            f"<td class='num'>{r.seconds:.1f}</td></tr>")
    return head + "".join(rows) + "</tbody></table>"


def _case_records_table(records: list[dict]) -> str:
    """Per-case enclosures of a certified check over cases (interval columns as [low, high])."""
    keys = list(dict.fromkeys(k for rec in records for k in rec))

    def cell(v: Any) -> str:
        if isinstance(v, list) and len(v) == 2 and all(isinstance(x, float) for x in v):
            return f"[{v[0]:.12g}, {v[1]:.12g}]"
        return _fmt(v) if isinstance(v, float) else str(v)

    head = "".join(f"<th>{e(k)}</th>" for k in keys)
    rows = "".join("<tr>" + "".join(f"<td class='num'>{e(cell(rec.get(k, '')))}</td>"
                                    for k in keys) + "</tr>" for rec in records)
    return f"<table class='cases'><tr>{head}</tr>{rows}</table>"


def _anchor(claim_id: str) -> str:
    return "claim-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in claim_id)


def _param_names(r: ClaimResult) -> tuple[str, ...]:
    c = r.claim
    if c is None:
        return ()
    if c.param_names or r.twin_of is None:
        return tuple(c.param_names)
    parent = next((x for x in _all_claims() if x.id == r.twin_of), None)
    return tuple(parent.param_names) if parent is not None else ()


def _all_claims():
    from ._registry import all_claims

    return all_claims()


def _params_html(r: ClaimResult) -> str:
    """The counterexample: parameters by name, computed against claimed, how to replay it."""
    from ._engine import _jsonable

    cx = r.counterexample or {}

    def show(v: Any) -> str:
        return json.dumps(v, default=_jsonable, sort_keys=True)

    items: list[tuple[str, str]] = []
    params = cx.get("params")
    names = _param_names(r)
    if isinstance(params, dict):
        items += [(str(k), show(v)) for k, v in params.items()]
    elif isinstance(params, (list, tuple)) and names and len(names) == len(params):
        items += [(k, show(v)) for k, v in zip(names, params, strict=True)]
    elif params is not None:
        items.append(("parameters", show(params)))
    ev = cx.get("evidence") or {}
    for key in ("computed", "claimed", "margin", "tolerance"):
        if key in ev:
            items.append((key, show(ev[key])))
    if ev.get("reason"):
        items.append(("rule", str(ev["reason"])))
    if ev.get("detail"):
        items.append(("detail", show(ev["detail"])))
    if cx.get("found_by"):
        items.append(("found by", str(cx["found_by"])))
    command = (cx.get("reproduce") or {}).get("command")
    if command:
        items.append(("replay", str(command)))
    body = "".join(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>" for k, v in items)
    return f"<dl class='counterexample'>{body}</dl>"


def _claim_article(run: RunResult, r: ClaimResult, png: Path | None, plot_error: str | None,
                   outdir: Path, corrected: tuple[str, str, str] | None) -> str:
    from ._report import coverage_text

    out = [f"<article class='claim {'pass' if r.matches else 'fail'}' id='{e(_anchor(r.id))}'"
           f"{_data_attrs(run, r)}>",
           f"<h3>{_breakable(r.id)}</h3>",
           f"<p class='title'>{e(r.title)}</p>",
           f"<p class='meta'>{_verdict_cell(r)} · margin {e(_fmt(r.margin))} · tolerance "
           f"{e(_fmt(r.tolerance))} · {r.cases} case(s) · {e(r.method)} · source "
           f"<code>{e(r.source)}</code> · {r.seconds:.2f} s</p>"]
    if r.twin_of:
        out.append(f"<p>A false twin of <a href='#{e(_anchor(r.twin_of))}'>"
                   f"{_breakable(r.twin_of)}</a>: it must be refuted.</p>")
    if r.statement and r.statement != r.title:
        out.append(f"<p class='statement'>{e(r.statement)}</p>")
    if r.latex:
        out.append(formula_html(r.latex))
    if r.assumptions:
        out.append("<ul class='assumptions'>"
                   + "".join(f"<li>{e(a)}</li>" for a in r.assumptions) + "</ul>")
    rule = acceptance_rule(r)
    if rule:
        out.append(f"<p><i>Acceptance rule</i>: {e(rule)}</p>")
    if r.certificate:
        c = r.certificate
        out.append(f"<p class='certificate'><i>Certified check</i>: {e(str(c.get('status')))} "
                   f"— {e(str(c.get('reason', '')))} ({c.get('boxes', 0)} boxes, depth "
                   f"{c.get('depth', 0)}, {float(c.get('seconds', 0.0)):.2f} s)</p>")
        if c.get("case_records"):
            out.append(_case_records_table(c["case_records"]))
    if r.coverage:
        out.append(f"<p><i>Coverage</i>: {e(coverage_text(r.coverage))}; strength "
                   f"{e(r.strength or '–')}.</p>")
    if r.citation:
        out.append(f"<p><i>Citation</i>: {e(r.citation)}</p>")
    if r.notes:
        out.append(f"<p class='notes'><i>Notes</i>: {e(r.notes)}</p>")
    if corrected is not None:
        out.append(f"<p><i>Corrected version</i>: <a href='#{e(_anchor(corrected[0]))}'>"
                   f"{_breakable(corrected[0])}</a> ({e(corrected[2])}): {e(corrected[1])}</p>")
    if r.error:
        out.append(f"<p class='error'>Error: <code>{e(r.error)}</code></p>")
    if r.counterexample:
        out.append("<p><i>Counterexample</i>:</p>" + _params_html(r))
    if png is not None:
        src = png.relative_to(outdir).as_posix()
        out.append(f"<figure><a href='{e(src)}'><img src='{e(src)}' loading='lazy' "
                   f"alt='plot of {e(r.id)}'></a></figure>")
    if plot_error:
        out.append(f"<p class='error'>Plot failed: {e(plot_error)}</p>")
    out.append("</article>")
    return "".join(out)


_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:78em;padding:0 1em;
  color:#222;line-height:1.4}
article h3,.finding-block h3{margin:.2em 0;font-family:monospace;font-size:1.05em;
  overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top;
  overflow-wrap:anywhere}
#summary td,#summary th{white-space:nowrap}
#summary td.id{white-space:normal;width:100%}
th{background:#f0f0f0}
td.num{text-align:right;font-family:monospace;white-space:nowrap}
td.id{font-family:monospace}
tr.pass td:first-child{border-left:4px solid #2e7d32}
tr.fail{background:#fde2e2}tr.fail td:first-child{border-left:4px solid #b71c1c}
tr.twin td:first-child{padding-left:1.6em}
.v.confirmed{color:#17692b}.v.refuted{color:#8a1c1c}.v.inconclusive{color:#a65c00}
tr.pass .v.refuted,article.pass .v.refuted{color:#17692b}
.expected{color:#555;font-size:.85em}
.level{font-size:.8em;border:1px solid #2e7d32;border-radius:.3em;padding:0 .3em;color:#17692b}
.pass-swatch,.fail-swatch{display:inline-block;width:1em;height:1em;vertical-align:middle}
.pass-swatch{background:#2e7d32}.fail-swatch{background:#b71c1c}
nav#filters{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ccc;
  display:flex;flex-wrap:wrap;gap:.3em 1.2em;align-items:center;z-index:1}
nav#filters[hidden]{display:none}
article.claim{border-top:1px solid #ddd;padding:.6em 0}
article.fail{background:#fff4f4}
article[hidden],tr[hidden]{display:none}
.formula{overflow-x:auto;overflow-y:hidden;max-width:100%;padding:.4em 0}
.formula math{font-size:1.15em}
.tex-fallback code{color:#8a1c1c}
dl.counterexample{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.3em 0}
dl.counterexample dd{margin:0;overflow-wrap:anywhere}
code{overflow-wrap:anywhere}
figure{margin:.4em 0}figure img{max-width:100%;height:auto}
.finding{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}
@media (max-width:60em){.finding{grid-template-columns:1fr}}
table.tags,table.cases{width:auto}
"""

_SCRIPT = """
(function () {
  var nav = document.getElementById('filters');
  nav.hidden = false;
  var keys = ['paper', 'verdict', 'method', 'kind', 'level'];
  function apply() {
    var want = {};
    keys.forEach(function (k) { want[k] = document.getElementById('f-' + k).value; });
    var text = document.getElementById('f-text').value.toLowerCase();
    var shown = 0, total = 0;
    document.querySelectorAll('[data-claim]').forEach(function (el) {
      var ok = keys.every(function (k) {
        if (!want[k]) return true;
        if (k === 'verdict' && want[k] === 'mismatch') return el.dataset.pass === 'no';
        return el.dataset[k] === want[k];
      });
      if (text && el.dataset.claim.toLowerCase().indexOf(text) < 0) ok = false;
      el.hidden = !ok;
      if (el.tagName === 'TR') { total += 1; if (ok) shown += 1; }
    });
    document.getElementById('f-count').textContent = shown + ' of ' + total + ' rows shown';
  }
  keys.concat(['text']).forEach(function (k) {
    document.getElementById('f-' + k).addEventListener('input', apply);
  });
  apply();
})();
"""


def render(run: RunResult, pngs: dict[str, Path], plot_errors: dict[str, str],
           note: str | None, outdir: Path) -> str:
    """The page of ``run``; ``pngs`` are plot files inside ``outdir`` (linked)."""
    from ._report import _corrected, reluflow_version

    s = run.summary
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>reluflow report (seed {run.seed}, {e(run.profile)})</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>reluflow report</h1>",
        f"<p>reluflow {e(reluflow_version())} · profile <code>{e(run.profile)}</code> · seed "
        f"<code>{run.seed}</code> · <b>{'all verdicts as expected' if run.ok else 'MISMATCHES'}"
        f"</b></p>",
        f"<p>confirmed {s['confirmed']} · refuted {s['refuted']} · inconclusive "
        f"{s['inconclusive']} · twins refuted as expected {s['twins_refuted']}/"
        f"{s['twins_total']} · not as expected {s['mismatches']} · proved {s['proved']} "
        f"(twins refuted on a certified box: {s['twins_certified']})</p>",
    ]
    if note:
        parts.append(f"<p><em>{e(note)}</em></p>")
    parts.append(_legend(run))
    parts.append(_filters(run))
    parts.append("<h2>Verdicts</h2>" + _summary_table(run))
    findings = [r for r in run.results if r.finding]
    parts.append("<h2>Findings</h2>")
    if not findings:
        parts.append("<p>No claim of this run is marked as a finding (a paper's statement "
                     "that is false as stated).</p>")
    for r in findings:
        corr = _corrected(run, r)
        parts.append(f"<section class='finding-block'{_data_attrs(run, r)}>"
                     f"<h3>{_breakable(r.id)} — {e(r.title)}</h3><div class='finding'><div>"
                     f"<h4>As stated ({e(r.verdict)})</h4><p>{e(r.statement)}</p>")
        if r.counterexample:
            parts.append(_params_html(r))
        parts.append("</div><div>")
        if corr is not None:
            parts.append(f"<h4>Corrected: <a href='#{e(_anchor(corr[0]))}'>"
                         f"{_breakable(corr[0])}</a> ({e(corr[2])})</h4><p>{e(corr[1])}</p>")
        else:
            parts.append("<p>No corrected version registered.</p>")
        parts.append("</div></div></section>")
    parts.append("<h2>Claims</h2>")
    for r in run.all_results():
        corr = _corrected(run, r) if r.finding else None
        parts.append(_claim_article(run, r, pngs.get(r.id), plot_errors.get(r.id), outdir, corr))
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
