"""The class report as one self-contained HTML page (inline CSS and SVG, no script): per group the averages
and where the deals landed, then every save with its teaching figures and a link to its debrief, then the
saves that failed or were copied and the files not read, each with the reason."""

from __future__ import annotations

from .class_charts import issue_chart, plane_chart
from .class_report import GRADES, RESULTS, ClassReport, Group, Row
from .report import esc

CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9;margin:0}
main{max-width:1320px;margin:0 auto;padding:20px 24px 40px}h1{font-size:24px;margin:0 0 6px}
h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #d8dde5;padding-bottom:3px}h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dde2ea;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b3261e}.small{font-size:12px;color:#566070}
.bar{display:inline-block;height:10px;background:#2b6cb0;vertical-align:middle;margin:0 4px;border-radius:2px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.card{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:8px 12px;flex:1 1 0;min-width:110px}
.card b{display:block;font-size:20px}.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.chart{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:6px}
.yes{color:#1d7a3a;font-weight:700}.no{color:#b3261e;font-weight:700}.key span{margin-right:16px}
a{color:#2b5ea8}td.terms{min-width:330px}td.nowrap{white-space:nowrap}
"""


_e = esc


def _pct(x) -> str:
    return "–" if x is None else f"{x * 100:.0f} %"


def _fixed(x, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _bars(counts: list[tuple[str, int]]) -> str:
    total = sum(n for _, n in counts) or 1
    return "<br>".join(f'{_e(k)}<span class="bar" style="width:{70 * n / total:.0f}px"></span>{n}' for k, n in counts if n)


def _group_section(g: Group, link_base: str) -> str:
    scenario = g.scenario
    n = g.counted
    cards = [
        ("saves verified", f"{len(n)} of {len(g.rows)}"),
        ("mean score", _fixed(g.mean(r.score for r in n))),
        ("median score", _fixed(g.median_score())),
        ("mean Nash ratio", _pct(g.mean(r.nash_ratio for r in n))),
        ("mean value left", "–" if g.mean(r.value_left for r in n) is None else f"{g.mean(r.value_left for r in n) * 100:.0f} points"),
    ]
    objectives = "".join(
        f"<tr><td>{_e(scenario.issue(o.issue).name)}</td><td>{_e(o.description)}</td><td class=num>{_pct(g.met_share(o.issue))}</td></tr>"
        for o in scenario.player.objectives)
    grades = _bars([(k, g.count("grade", k)) for k in GRADES])
    outcomes = _bars([(k.replace("_", " "), g.count("outcome", k)) for k in RESULTS])
    nash = g.start.get("nash_positions", {})
    issues = "".join(
        f'<div class="chart">{issue_chart(scenario, i, [r.positions[i.id] for r in n if i.id in r.positions], nash.get(i.id))}</div>'
        for i in scenario.issues)
    them = scenario.countries[0].name if scenario.kind == "bilateral" else "the delegations (vote-weighted mean)"
    plane = plane_chart(g.start, [(r.you, r.them) for r in n if r.you is not None], ("you", them))
    questions = "".join(f"<li>{_e(q)}</li>" for q in scenario.debrief_questions)
    return f"""<h2>{_e(g.label)}</h2>
<div class="cards">{"".join(f'<div class="card"><span class="small">{_e(k)}</span><b>{_e(v)}</b></div>' for k, v in cards)}
<div class="card"><span class="small">grades</span><br>{grades or '–'}</div>
<div class="card"><span class="small">outcomes</span><br>{outcomes or '–'}</div></div>
<table><tr><th>issue</th><th>objective</th><th>saves that met it</th></tr>{objectives}</table>
<h3>Where the deals landed</h3>
<p class="key small"><span><b style="color:#2b6cb0">■</b> the class's deals (bars: how many settled each term; dots: one
per deal, larger where several coincide)</span> <span><b style="color:#c05621">◆</b> the Nash point at the start of the talks</span>
<span><b>■</b> your ideal</span> <span><b style="color:#6b46c1">▲</b> what each delegation wants</span>
<span><b style="color:#3a8a55">■</b> terms that meet your objective</span> <span>black line: the Pareto frontier (no deal
above it is possible); dashed lines: each side's no-deal value; grey: every deal in reach.</span></p>
<div class="charts"><div class="chart">{plane}</div>{issues}</div>
<h3>The lesson, and questions for the discussion</h3>
<p>{_e(scenario.lesson)}</p>{f'<ol>{questions}</ol>' if questions else ''}"""


def _save_row(r: Row, report: ClassReport, link_base: str) -> str:
    name = _e(r.name or "anonymous")
    if r.debrief:
        name = f'<a href="{_e(link_base + r.debrief)}">{name}</a>'
    group = report.groups.get(r.group)
    objectives = ""
    if group is not None:
        objectives = " ".join(
            f'<span class="{"yes" if r.objectives.get(o.issue) else "no"}" title="{_e(group.scenario.issue(o.issue).name)}">'
            f'{"✓" if r.objectives.get(o.issue) else "✗"}</span>' for o in group.scenario.player.objectives)
        terms = "<br>".join(f"{_e(group.scenario.issue(i).name)}: {_e(t)}" for i, t in r.terms.items()) or "–"
    else:
        terms = "–"
    value_left = "–" if r.value_left is None else f"{r.value_left * 100:.0f}"
    notes = "; ".join([r.notes] + [m.text() for m in r.copies if not m.decisive]).strip("; ")
    return (f"<tr><td>{name}</td><td class=num>{_fixed(r.score)}</td><td>{_e(r.grade)}</td>"
            f"<td class=nowrap>{sum(r.objectives.values())} of {len(r.objectives)} {objectives}</td><td>{_e(r.outcome.replace('_', ' '))}</td>"
            f"<td class='small terms'>{terms}</td><td class=num>{_pct(r.nash_ratio)}</td><td class=num>{value_left}</td>"
            f"<td class=num>{r.threats_made} / {r.threats_carried_out}</td><td class=num>{r.promises_kept} / {r.promises_broken}"
            f"</td><td class=small>{_e(r.cone.replace('_', ' '))}, seed {r.seed}<br>{_e(r.file)}"
            f"{'<br>' + _e(notes) if notes else ''}</td></tr>")


def to_html(report: ClassReport, title: str = "Class report", link_base: str = "") -> str:
    """The page; debrief links are `link_base` + each save's debrief file name."""
    assignment = report.assignment
    set_ = f"<p>Assignment <b>{_e(assignment.title)}</b>: {_e(assignment.describe())}.</p>" if assignment else ""
    counts = (f"{len(report.verified)} save(s) verified, {sum(1 for r in report.rows if r.status == 'failed')} failed, "
              f"{sum(1 for r in report.rows if r.status == 'copy')} flagged as copies, "
              f"{sum(1 for r in report.rows if r.status == 'not read')} file(s) not read.")
    groups = "".join(_group_section(g, link_base) for g in report.groups.values())
    saves = "".join(_save_row(r, report, link_base) for r in report.verified) or "<tr><td colspan=11>none</td></tr>"
    apart = "".join(
        f"<tr><td>{_e(r.file)}</td><td>{_e(r.name or '?')}</td><td>{_e(r.status)}</td><td class=bad>{_e(r.problem)}</td></tr>"
        for r in report.failed) or "<tr><td colspan=4>none</td></tr>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{CSS}</style></head><body><main>
<h1>{_e(title)}</h1>{set_}<p class="small">{_e(counts)} Names link to each student's debrief where one was written
(<code>python main.py report FOLDER -o DEBRIEFS</code>).</p>
{groups}
<h2>Every save</h2>
<table><tr><th>name</th><th>score</th><th>grade</th><th>objectives met</th><th>outcome</th><th>agreed terms</th>
<th title="the deal's product of gains over the Nash point's">Nash ratio</th>
<th title="how much more you could have had without any signatory losing">value left</th>
<th>threats: made / carried out</th><th>promises: kept / broken</th><th>game and file</th></tr>{saves}</table>
<h2>Saves that failed verification, copies, and files not read</h2>
<table><tr><th>file</th><th>name</th><th>status</th><th>reason</th></tr>{apart}</table>
</main></body></html>
"""
