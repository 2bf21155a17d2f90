"""考核: one rubric (data/rubrics/) over one period for the alliances in view: the ranking with
grades and change, points by indicator, and for a chosen alliance every indicator's actual,
target and points, the records behind them and the shortest way to the next grade."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.charts import rubric as charts
from dashboard.exports.widgets import PageExports, choices_text
from dashboard.labels import rubric as LR
from dashboard.present import format as fmt
from dashboard.present import rubric as present
from dashboard.queries import rubric as q
from rubric import board as rubric_board
from rubric import engine, path, rules

STACK_LIMIT = 40


def _pick(label: str, options: list[str], default: str, key: str, param: str, captions: dict[str, str]) -> str:
    """A selectbox seeded from the URL on first run and mirrored back into it."""
    if st.session_state.get(key) not in options:
        from_url = st.query_params.get(param)
        st.session_state[key] = from_url if from_url in options else default
    value = st.selectbox(label, options, key=key, format_func=lambda v: captions.get(v, v))
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return value


f = ui.page_start(LR.RUBRIC_TITLE)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, LR.RUBRIC_INTRO))

catalogue = rules.catalogue()
for error in catalogue.errors:
    # A broken file is named with its line and key; the other rubrics keep serving.
    st.error(LR.BROKEN_RUBRIC.format(message=fmt.md_text(str(error))), icon=":material/error:")
if not catalogue.rubrics:
    st.info(LR.NO_RUBRICS)
    st.stop()

ids = sorted(catalogue.rubrics)
main = rubric_board.main_rubric(catalogue, q.rubric_alliances(scope, f)) or ids[0]
left, right = st.columns(2)
with left:
    rubric_id = _pick(LR.PICK_RUBRIC, ids, main, "rubric_pick", "rubric",
                      {r: f"{catalogue.rubrics[r].name}（{LR.KIND_POINTS if catalogue.rubrics[r].kind == 'points' else LR.KIND_DIMENSIONS}）"
                       for r in ids})
rubric = catalogue.rubrics[rubric_id]
periods = rubric_board.offered_periods(scope, f, rubric)
if not periods:
    st.info(LR.NO_PERIODS)
    st.stop()
with right:
    period = _pick(LR.PICK_PERIOD, periods, rubric_board.period_for_school_year(rubric.period, f.school_year, periods),
                   "rubric_period", "period", {p: present.period_label(rubric.period, p) for p in periods})
for line in present.rubric_lines(rubric):
    st.caption(line)
exports = PageExports(LR.RUBRIC_TITLE, f, extra_filters=choices_text(
    {LR.PICK_RUBRIC: rubric.name, LR.PICK_PERIOD: present.period_label(rubric.period, period)}))

board = rubric_board.build(catalogue, rubric, scope, f, period)
if board.unassessed_n:
    st.caption(LR.UNASSESSED.format(n=board.unassessed_n))
if board.ranking.is_empty():
    st.info(LR.NONE_ASSESSED.format(period=present.period_label(rubric.period, period)))
    st.stop()

st.subheader(LR.RANKING_TITLE)
st.caption(LR.RANKING_CAPTION.format(previous=present.period_label(rubric.period, board.previous_period)))
exports.table(present.ranking_table(board.ranking, rubric, f.school_year), "rubric_ranking", LR.RANKING_TITLE,
              LR.RANKING_CAPTION.format(previous=present.period_label(rubric.period, board.previous_period)),
              hide_index=True, column_config={LR.COL_ALLIANCE: st.column_config.LinkColumn(display_text=r"#(.*)$")})

st.subheader(LR.STACK_TITLE)
shown = board.ranking.head(STACK_LIMIT)
exports.chart(charts.points_stack(board.points, shown, rubric.kind == "dimensions"), "rubric_stack", LR.STACK_TITLE,
              LR.STACK_DIMENSIONS_CAPTION if rubric.kind == "dimensions" else LR.STACK_CAPTION)
if board.ranking.height > STACK_LIMIT:
    st.caption(LR.STACK_LIMITED.format(limit=STACK_LIMIT, n=board.ranking.height))

st.subheader(LR.EXPLAIN_TITLE)
names = dict(board.ranking.select("alliance_id", "name").iter_rows())
alliance_id = _pick(LR.PICK_ALLIANCE, list(names), next(iter(names)), "rubric_alliance", "alliance", names)
assessment = board.assessments[alliance_id]
score = (LR.EXPLAIN_SCORE_POINTS.format(score=fmt.number(assessment.score, digits=1),
                                        max=fmt.number(rubric.max_points, digits=0))
         if rubric.kind == "points" else LR.EXPLAIN_SCORE_DIMS.format(met=int(assessment.score), n=len(rubric.dimensions)))
st.markdown(LR.EXPLAIN_HEAD.format(name=fmt.md_text(names[alliance_id]), score=score, grade=assessment.grade))
st.markdown(f"[{LR.TO_DETAIL}]({fmt.alliance_link(alliance_id, school_year=f.school_year)})")
# The veto first: it caps the grade whatever the points say.
if veto := present.veto_text(assessment, rubric):
    st.warning(veto, icon=":material/block:")
core_teachers = rubric_board.core_teachers(board, alliance_id)
st.info(present.path_text(path.next_grade(rubric, assessment, core_teachers)), icon=":material/trending_up:")
exports.table(present.items_table(assessment, rubric), "rubric_items", f"{names[alliance_id]}：{LR.EXPLAIN_TITLE}",
              hide_index=True)
for item in assessment.items:
    if item.checkpoints:
        st.markdown(f"**{LR.CHECKPOINTS_TITLE}**")
        exports.table(present.checkpoints_table(item), "rubric_checkpoints", LR.CHECKPOINTS_TITLE, LR.CHECKPOINTS_CAPTION,
                      hide_index=True)
        st.caption(LR.CHECKPOINTS_CAPTION)

st.markdown(f"**{LR.RECORDS_TITLE}**")
st.caption(LR.RECORDS_CAPTION)
records = q.rubric_records(scope, f, period_kind=rubric.period, period=period, alliance_id=alliance_id)
surveys = q.rubric_surveys(scope, f, period_kind=rubric.period, period=period)
for item in assessment.items:
    ind = item.indicator
    with st.expander(f"{ind.name}（{present.actual_text(item)}）"):
        if ind.counts in ("activities", "exchanges", "mentor_pairs"):
            counted = engine.counted_records(records, ind)
            if counted.is_empty():
                st.caption(LR.RECORDS_NONE)
            else:
                exports.table(present.records_table(counted), f"rubric_records_{ind.id}",
                              f"{names[alliance_id]}：{ind.name}", LR.RECORDS_CAPTION, hide_index=True)
        else:
            detail = present.survey_text(surveys, alliance_id, ind) if ind.counts == "satisfaction" else ""
            st.caption(LR.RECORDS_NOT_RECORD.format(what=LR.WHAT[ind.counts].format(detail=detail)))
