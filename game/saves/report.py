"""One session's debrief as a self-contained HTML page (inline CSS and SVG, no script, no links out).

Sections: the outcome and grade, the objectives, your BATNA and the zone of agreement (with any
lose-lose term), relationship and stability per turn as charts, the key moments, every offer and reply
with the reasons the country gave, the final deal against the Nash point, a glossary tied to your own
numbers, the scenario's lesson and its questions for discussion, and the full log.
"""

from __future__ import annotations

from html import escape

from ..engine.wording import counted, offer_text
from ..model.common import visible
from .verify import LoadedSave

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid #d8dde5;padding-bottom:4px}
.sub{color:#566070;margin:0 0 14px}.card{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:14px 16px;margin:10px 0}
.grade{display:inline-block;font-size:34px;font-weight:700;width:56px;height:56px;line-height:56px;text-align:center;
border-radius:10px;color:#fff;margin-right:14px;vertical-align:middle}
.kv{display:inline-block;vertical-align:middle}.ok{color:#1d7a3a;font-weight:600}.bad{color:#b3261e;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dde2ea;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:8px}
.legend span{display:inline-block;margin-right:14px;font-size:13px}.legend i{display:inline-block;width:14px;height:4px;
vertical-align:middle;margin-right:5px;border-radius:2px}
.verdict-accept{color:#1d7a3a;font-weight:600}.verdict-counter{color:#a15c00;font-weight:600}.verdict-reject{color:#b3261e;font-weight:600}
.terms{margin:4px 0 0;padding-left:18px;font-size:13px;color:#3a4454}.pos{color:#1d7a3a}.neg{color:#b3261e}
.small{font-size:13px;color:#566070}details{margin-top:8px}summary{cursor:pointer;color:#2b5ea8}
dl.words{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:10px 16px;margin:10px 0}
dl.words dt{font-weight:700;margin-top:8px}dl.words dd{margin:2px 0 0 0}.card p{margin:6px 0}
"""
GRADE_COLORS = {"A": "#1d7a3a", "B": "#4b8f2a", "C": "#a15c00", "D": "#c2410c", "F": "#b3261e"}
PALETTE = ["#2b6cb0", "#c05621", "#2f855a", "#9b2c2c", "#6b46c1", "#b7791f", "#00838f", "#d53f8c", "#4a5568",
           "#38a169", "#dd6b20", "#3182ce", "#805ad5"]


def esc(value) -> str:
    """Any text for a report page: escaped, and without bidi controls or other invisible characters,
    so a name (even one from an old save) cannot reorder the text around it."""
    return escape(visible(str(value)), quote=True)


_e = esc  # the short name the page templates below use


def _signed(value: float) -> str:
    return f"{value * 100:+.0f}"


def line_chart(title: str, turns: list, series: list[tuple[str, str, list[float]]], low: float, high: float,
               width: int = 520, height: int = 260, dashed: tuple[str, ...] = ()) -> str:
    """An inline SVG line chart: one polyline per (name, colour, values), x labels from `turns`;
    series named in `dashed` are drawn first, thin and dashed (averages under the countries)."""
    left, right, top, bottom = 44, 12, 28, 30
    pw, ph = width - left - right, height - top - bottom
    n = max(len(turns), 2)

    def x(i: int) -> float:
        return left + pw * i / (n - 1)

    def y(v: float) -> float:
        return top + ph * (1 - (min(max(v, low), high) - low) / (high - low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{_e(title)}">',
           f'<text x="{left}" y="18" font-size="14" font-weight="600" fill="#1d2430">{_e(title)}</text>']
    for k in range(5):
        v = low + (high - low) * k / 4
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{"#9aa5b5" if v == 0 else "#e3e7ee"}"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end" fill="#566070">{v:g}</text>')
    every = max(1, len(turns) // 12)
    for i, t in enumerate(turns):
        if i % every == 0 or i == len(turns) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{top + ph + 16}" font-size="11" text-anchor="middle" fill="#566070">{t}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 2}" font-size="11" text-anchor="middle" fill="#566070">turn</text>')
    for name, colour, values in sorted(series, key=lambda item: item[0] not in dashed):
        if name in dashed:
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="6 4" '
                       f'points="{points}"><title>{_e(name)}</title></polyline>')
            continue
        if len(values) == 1:
            out.append(f'<circle cx="{x(0):.1f}" cy="{y(values[0]):.1f}" r="3" fill="{colour}"><title>{_e(name)}</title></circle>')
            continue
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.2" points="{points}"><title>{_e(name)}</title></polyline>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.4" fill="{colour}"/>')
    out.append("</svg>")
    return "".join(out)


def _colours(scenario) -> dict[str, str]:
    used, out = set(), {}
    for i, c in enumerate(scenario.countries):
        colour = c.color.lower()
        if colour in used:
            colour = PALETTE[i % len(PALETTE)]
        used.add(colour)
        out[c.id] = colour
    return out


def _position(scenario, issue_id: str, position) -> str:
    from ..engine.space import describe
    return describe(scenario.issue(issue_id), position)


def _offer_text(scenario, offer) -> str:
    return "" if offer is None else _e(offer_text(scenario, offer))


def _decision_html(decision) -> str:
    terms = "".join(
        f'<li><span class="{"pos" if t.value >= 0 else "neg"}">{_signed(t.value)}</span> {_e(t.label)}</li>'
        for t in decision.terms)
    return (f'<span class="verdict-{decision.verdict}">{_e(decision.verdict)}</span> '
            f'<span class="small">worth {_signed(decision.value)}, needed {_signed(decision.needed)}</span>'
            f'<ul class="terms">{terms}</ul>'
            + (f'<div class="small">would flip: {_e(decision.flip)}</div>' if decision.flip else ""))


def _offers_section(loaded: LoadedSave) -> str:
    scenario, state = loaded.scenario, loaded.state
    rows = []
    for step in loaded.steps:
        action = step.action
        if action.kind not in ("propose", "accept_counter"):
            continue
        entries = state.log[step.log_start:step.log_end]
        decisions = [e for e in entries if e.decision is not None]
        to = scenario.country(action.country).name if action.country else "the conference (draft)"
        offer = _offer_text(scenario, step.offer)
        if action.kind == "accept_counter":
            offer = "you took its counteroffer: " + offer
        if not decisions:
            said = "; ".join(_e(e.text) for e in entries) or "(no answer)"
            rows.append(f"<tr><td class=num>{step.turn}</td><td>{_e(to)}</td><td>{offer}</td><td colspan=2>{said}</td></tr>")
            continue
        for d in decisions:
            dec = d.decision
            who = scenario.country(dec.country).name
            reply = _e(dec.text)
            if dec.counter is not None and dec.verdict != "accept":
                reply += f'<div class="small">counteroffer: {_offer_text(scenario, dec.counter)}</div>'
            rows.append(f"<tr><td class=num>{step.turn}</td><td>{_e(to if action.country else who)}</td><td>{offer}</td>"
                        f"<td>{reply}</td><td>{_decision_html(dec)}</td></tr>")
    if not rows:
        return "<p>No offers were made.</p>"
    return ("<table><tr><th>turn</th><th>to</th><th>offer</th><th>reply</th><th>reasons (utility points)</th></tr>"
            + "".join(rows) + "</table>")


def _objectives_section(loaded: LoadedSave) -> str:
    from ..model.positions import objective_met

    scenario, state = loaded.scenario, loaded.state
    rows = []
    for o in scenario.player.objectives:
        issue = scenario.issue(o.issue)
        agreed = state.agreed.get(o.issue)
        met = agreed is not None and objective_met(issue, o, agreed)
        rows.append(
            f"<tr><td>{_e(issue.name)}</td><td>{_e(o.description)}</td><td class=num>{o.weight:.0%}</td>"
            f"<td>{_e(_position(scenario, o.issue, o.ideal))}</td><td>{_e(_position(scenario, o.issue, o.target))}</td>"
            f"<td>{_e(_position(scenario, o.issue, agreed)) if agreed is not None else '(not settled)'}</td>"
            f'<td class="{"ok" if met else "bad"}">{"met" if met else "not met"}</td></tr>')
    return ("<table><tr><th>issue</th><th>objective</th><th>weight</th><th>ideal</th><th>target</th><th>agreed</th><th></th></tr>"
            + "".join(rows) + "</table>")


def _nash_section(loaded: LoadedSave, analysis) -> str:
    from ..engine.debrief import balance_sentence, capture_sentence, figures_sentence

    scenario, state = loaded.scenario, loaded.state
    nash_positions = analysis.nash_deal.positions if analysis.nash_deal is not None else {}
    rows = []
    for issue in scenario.issues:
        agreed = state.agreed.get(issue.id)
        at_nash = nash_positions.get(issue.id)
        shown = _e(_position(scenario, issue.id, agreed)) if agreed is not None else "(not settled)"
        rows.append(f"<tr><td>{_e(issue.name)}</td><td>{shown}</td>"
                    f"<td>{_e(_position(scenario, issue.id, at_nash)) if at_nash is not None else '-'}</td></tr>")

    def points(u):
        return "-" if u is None else f"{u * 100:.0f}"

    util_rows = "".join(
        f"<tr><td>{_e(p.name)}</td><td class=num>{points(p.utility_at_deal)}</td><td class=num>{points(p.utility_at_nash)}</td>"
        f"<td class=num>{points(p.no_deal_value)}</td><td>{'yes' if p.said_yes else ''}</td></tr>" for p in analysis.parties)
    verdict = f"{capture_sentence(analysis)} {figures_sentence(analysis)}. {balance_sentence(analysis) or ''}"
    return (f"<p>{_e(verdict)}</p><div class=charts><div style='flex:1'>"
            "<table><tr><th>issue</th><th>final deal</th><th>Nash point</th></tr>" + "".join(rows) + "</table></div>"
            "<div style='flex:1'><table><tr><th>party</th><th>utility of the deal</th><th>at the Nash point</th>"
            "<th>no-deal value</th><th>said yes</th></tr>" + util_rows + "</table></div></div>")


def _moments_section(loaded: LoadedSave) -> str:
    from ..engine.moments import key_moments

    items = "".join(f"<li><b>T{m.turn}</b> {_e(m.text)}</li>" for m in key_moments(loaded.state, loaded.scenario))
    return f"<ol class=moments>{items}</ol>" if items else "<p>Nothing was tried.</p>"


def _teaching_sections(loaded: LoadedSave, analysis) -> tuple[str, str, str]:
    """(your BATNA and the zone of agreement, the glossary with your numbers, the lesson and the questions):
    the engine's sentences, as the game's debrief shows them."""
    from ..engine.compromise import lose_lose_terms
    from ..engine.debrief import batna_sentence, glossary, lose_lose_sentence, zopa_sentence

    session, scenario = loaded.session, loaded.scenario
    flags = "".join(f'<p class="bad">{_e(lose_lose_sentence(t, scenario))}</p>' for t in lose_lose_terms(session))
    zone = f'<div class="card"><p>{_e(batna_sentence(analysis))}</p><p>{_e(zopa_sentence(analysis, scenario))}</p>{flags}</div>'
    words = "".join(f"<dt>{_e(term)}</dt><dd>{_e(text)}</dd>" for term, text in glossary(session, analysis))
    questions = "".join(f"<li>{_e(q)}</li>" for q in scenario.debrief_questions)
    lesson = (f'<div class="card"><p><b>The lesson.</b> {_e(" ".join(scenario.lesson.split()))}</p>'
              + (f"<p><b>Questions for discussion</b></p><ol>{questions}</ol>" if questions else "") + "</div>")
    return zone, f"<dl class=words>{words}</dl>", lesson


def session_report(loaded: LoadedSave, analysis=None) -> str:
    """The debrief page for a loaded (verified) save (`analysis`: its session_analysis, if already made)."""
    scenario, state, header = loaded.scenario, loaded.state, loaded.header
    history = state.history
    turns = ["start" if i == 0 and len(history) > 1 else s.turn for i, s in enumerate(history)]
    colours = _colours(scenario)
    rel = [(c.name, colours[c.id], [s.relationship[c.id] for s in history]) for c in scenario.countries]
    stab = [(c.name, colours[c.id], [s.stability[c.id] for s in history]) for c in scenario.countries]
    stab.append(("regional index", "#1d2430", [s.regional for s in history]))
    legend = "".join(f'<span><i style="background:{colour}"></i>{_e(name)}</span>' for name, colour, _ in rel)
    legend += '<span><i style="background:repeating-linear-gradient(90deg,#1d2430 0 5px,transparent 5px 8px)"></i>regional stability index</span>'
    out = state.outcome
    if out is not None:
        grade_colour = GRADE_COLORS.get(out.grade, "#4a5568")
        outcome_html = (f'<div class="card"><span class="grade" style="background:{grade_colour}">{_e(out.grade)}</span>'
                        f'<span class="kv"><b>{_e(out.summary)}</b><br>score {out.score:.1f} of 100 '
                        f"&middot; {len(out.objectives_met)} of {len(scenario.player.objectives)} objectives met</span></div>")
    else:
        outcome_html = f'<div class="card">The session was saved at turn {state.turn}, before the end ({_e(state.phase)}).</div>'
    if analysis is None:
        from ..engine.compromise import session_analysis

        analysis = session_analysis(loaded.session)
    zone, words, lesson = _teaching_sections(loaded, analysis)
    notes = "".join(f"<li>{_e(n)}</li>" for n in loaded.notes)
    verified = ('<span class="ok">verified</span>: the action log replays to the recorded snapshots and final state'
                + (f"<ul class=small>{notes}</ul>" if notes else ""))
    log_rows = "".join(f"<tr><td class=num>{e.turn}</td><td>{_e(e.kind)}</td><td>{_e(e.text)}</td></tr>" for e in state.log)
    final_rows = "".join(
        f"<tr><td>{_e(c.name)}</td><td class=num>{state.countries[c.id].relationship:.0f}</td>"
        f"<td class=num>{state.countries[c.id].stability:.0f}</td><td class=num>{state.countries[c.id].support:.0f}</td></tr>"
        for c in scenario.countries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Debrief: {_e(scenario.title)} - {_e(header.player or 'anonymous')}</title>
<style>{CSS}</style></head><body><main>
<h1>Debrief: {_e(scenario.title)}</h1>
<p class="sub"><bdi>{_e(header.player or 'anonymous')}</bdi> &middot; {_e(header.cone.replace('_', ' '))} officer &middot; seed {header.seed}
&middot; {counted(state.turn, "turn")}, {counted(len(loaded.steps), "action")} &middot; saved {_e(header.created)} &middot; {verified}</p>
{outcome_html}
<h2>Objectives</h2>
{_objectives_section(loaded)}
<h2>Your BATNA and the zone of agreement</h2>
{zone}
<h2>Relationship and stability, turn by turn</h2>
<div class="legend">{legend}</div>
<div class="charts"><div class="chart">{line_chart("Relationship with you (-100 to 100)", turns, rel, -100, 100)}</div>
<div class="chart">{line_chart("Stability (0 to 100)", turns, stab, 0, 100, dashed=("regional index",))}</div></div>
<table style="margin-top:10px"><tr><th>country</th><th>final relationship</th><th>final stability</th><th>public support</th></tr>{final_rows}</table>
<h2>Key moments</h2>
{_moments_section(loaded)}
<h2>Offers and replies</h2>
{_offers_section(loaded)}
<h2>The final deal against the Nash point</h2>
{_nash_section(loaded, analysis)}
<h2>What the words mean, with your numbers</h2>
{words}
<h2>The lesson, and questions for discussion</h2>
{lesson}
<h2>Everything that happened</h2>
<details><summary>the full log ({len(state.log)} entries)</summary>
<table><tr><th>turn</th><th>kind</th><th>entry</th></tr>{log_rows}</table></details>
</main></body></html>
"""
