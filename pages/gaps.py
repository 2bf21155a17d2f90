"""差距: the urban-rural quality gap in depth. 三率一分 per category under a chosen comparison and
weighting, each gap in words with its 95 % interval, the spread of school means, the gap over
terms (county and per alliance), members against their core school, value-added, and activity
against the change in the gap. The page's own filters live in the URL beside the global ones."""

from __future__ import annotations

import streamlit as st

from dashboard import sections, stats, ui
from dashboard.charts import comparisons, distributions, trends
from dashboard.exports.widgets import PageExports, choices_text
from dashboard.labels import gaps as LG
from dashboard.present import alliance_gaps as pa
from dashboard.present import gaps as pg
from dashboard.queries import alliance_results, results, value_added

ALL = "all"
CORE_LIMIT = 25


def url_select(label: str, values: list, key: str, param: str, captions: dict, default=ALL):
    """A selectbox seeded from ?param= on the session's first run and written back to the URL on every
    run, as dashboard/filters.py does for the global filters; URL values are codes."""
    values = [str(v) for v in values]
    if key not in st.session_state or st.session_state[key] not in values:
        from_url = st.query_params.get(param)
        st.session_state[key] = from_url if from_url in values else default
    value = st.selectbox(label, values, key=key, format_func=lambda v: captions.get(v, v))
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return None if value == ALL else value


f = ui.page_start(LG.GAPS_TITLE)
scope = ui.viewer_scope()
# The privacy rule: a school's own figures over fewer examinees are not shown to this viewer (they
# still count in group figures, which cover many schools).
hide_below = scope.params()["min_examinees"]
st.caption(ui.scope_caption(f, LG.GAPS_INTRO))

exams = results.exam_choices(scope, f)
top = st.columns(3)
bottom = st.columns(3)
grades = sorted(set(exams["grade"].to_list()))
subjects = sorted(set(exams["subject"].to_list()))
with top[0]:
    grade = url_select(LG.FILTER_GRADE, [ALL, *grades], "gaps_grade", "grade",
                       {ALL: LG.ALL_GRADES} | {str(g): LG.GRADE.format(grade=g) for g in grades})
with top[1]:
    subject = url_select(LG.FILTER_SUBJECT, [ALL, *subjects], "gaps_subject", "subject", {ALL: LG.ALL_SUBJECTS})
with top[2]:
    term = url_select(LG.FILTER_TERM, [ALL, 1, 2], "gaps_term", "term",
                      {ALL: LG.ALL_TERMS, "1": "第一学期", "2": "第二学期"})
grade = int(grade) if grade else None
term = int(term) if term else None
offered = pg.exams_offered(exams, grade, subject, term)
with bottom[0]:
    exam_id = url_select(LG.FILTER_EXAM, [ALL, *offered["exam_id"].to_list()], "gaps_exam", "exam",
                         {ALL: LG.ALL_EXAMS} | pg.exam_captions(offered))
with bottom[1]:
    comparison = url_select(LG.FILTER_COMPARISON, list(LG.COMPARISONS), "gaps_compare", "compare",
                            LG.COMPARISONS, default="urban_rural")
with bottom[2]:
    weighting = url_select(LG.FILTER_WEIGHTING, list(LG.WEIGHTINGS), "gaps_weight", "weight", LG.WEIGHTINGS,
                           default="student")
st.caption(LG.WEIGHTING_HELP)
if exam_id:
    chosen = offered.filter(offered["exam_id"] == exam_id).row(0, named=True)
    grade, subject, term = chosen["grade"], chosen["subject"], chosen["term"]
higher, lower = LG.GROUP_NAMES[comparison]
exports = PageExports(LG.GAPS_TITLE, f, extra_filters=choices_text({
    LG.FILTER_GRADE: LG.GRADE.format(grade=grade) if grade else LG.ALL_GRADES, LG.FILTER_SUBJECT: subject or LG.ALL_SUBJECTS,
    LG.FILTER_TERM: {1: "第一学期", 2: "第二学期"}.get(term, LG.ALL_TERMS),
    LG.FILTER_EXAM: pg.exam_captions(offered).get(exam_id, exam_id) if exam_id else LG.ALL_EXAMS,
    LG.FILTER_COMPARISON: LG.COMPARISONS[comparison], LG.FILTER_WEIGHTING: LG.WEIGHTINGS[weighting]}))

# -- 三率一分 and the gap in words
rows = results.school_results(scope, f, exam_id=exam_id, grade=grade, subject=subject, term=term)
if rows.is_empty():
    st.info(LG.NO_EXAMS)
    st.stop()
schools = stats.per_school(rows)
st.caption(pg.sources(rows))
st.subheader(LG.SECTION_RATES)
exports.table(pg.category_table(schools, comparison, weighting), "gaps_rates", LG.SECTION_RATES,
              LG.RATES_CAPTION.format(weighting=LG.WEIGHTINGS[weighting]), hide_index=True)
st.caption(LG.RATES_CAPTION.format(weighting=LG.WEIGHTINGS[weighting]))
group_a, group_b, gaps = stats.compare(schools, comparison, weighting)
if group_a.schools_n == 0 or group_b.schools_n == 0:
    st.info(LG.NO_GROUP.format(group=higher if group_a.schools_n == 0 else lower))
else:
    st.markdown("**" + LG.GAP_HEADER.format(a=higher, b=lower, weighting=LG.WEIGHTINGS[weighting]) + "**")
    st.markdown("\n".join(f"- {s}" for s in pg.gap_sentences(gaps, comparison)))
    st.caption(pg.methods_note(gaps))

st.subheader(LG.SECTION_DISTRIBUTION)
exports.chart_or_note(pg.school_means(schools, hide_below), distributions.school_mean_box, "gaps_distribution",
                      LG.NO_EXAMS, LG.DISTRIBUTION_CAPTION, LG.SECTION_DISTRIBUTION)

# -- trend over terms: the county, then one alliance
st.subheader(LG.SECTION_TREND)
trend = pg.trend_frame(results.category_term_sums(scope, f, grade=grade, subject=subject), comparison, weighting)
left, right = st.columns(2)
with left:
    exports.chart_or_note(trend.filter(trend["gap"].is_not_null() & (trend["measure"] == "mean")),
                          lambda d: trends.gap_interval_trend(d, "mean", LG.AXIS_GAP_MEAN), "gaps_trend_mean",
                          LG.TREND_NONE, LG.TREND_CAPTION.format(weighting=LG.WEIGHTINGS[weighting]),
                          f"{LG.SECTION_TREND}：{LG.AXIS_GAP_MEAN}")
with right:
    exports.chart_or_note(trend.filter(trend["gap"].is_not_null() & (trend["measure"] == "pass")),
                          lambda d: trends.gap_interval_trend(d, "pass", LG.AXIS_GAP_PASS), "gaps_trend_pass",
                          LG.TREND_NONE, LG.TREND_CAPTION.format(weighting=LG.WEIGHTINGS[weighting]),
                          f"{LG.SECTION_TREND}：{LG.AXIS_GAP_PASS}")

alliance_rows = alliance_results.alliance_school_results(scope, f, grade=grade, subject=subject, all_years=True)
st.markdown(f"**{LG.TREND_ALLIANCE}**")
with_both = pa.alliances_with_both(alliance_rows)
if with_both.is_empty():
    st.info(LG.NO_ALLIANCES)
else:
    names = dict(zip(with_both["alliance_id"], with_both["alliance_name"], strict=True))
    alliance_id = url_select(LG.TREND_ALLIANCE_PICK, list(names), "gaps_alliance", "gap_alliance", names,
                             default=next(iter(names)))
    exports.chart_or_note(pa.alliance_gap_over_terms(alliance_rows, alliance_id),
                          lambda d: trends.gap_interval_trend(d, "mean", LG.AXIS_GAP_MEAN), "gaps_trend_alliance",
                          LG.NO_ALLIANCES, LG.TREND_ALLIANCE_CAPTION, f"{LG.TREND_ALLIANCE}：{names[alliance_id]}")

# -- members against their core school
st.subheader(LG.SECTION_CORE)
# Without an exam chosen, the year's rows are among every year's (same grade and subject): no second query.
year_rows = (pa.rows_of_year(alliance_rows, f.school_year, term) if exam_id is None else
             alliance_results.alliance_school_results(scope, f, exam_id=exam_id, grade=grade, subject=subject,
                                                      term=term))
sections.core_against_members(exports, pa.core_member_frame(year_rows, alliance_rows), title=LG.SECTION_CORE,
                              empty=LG.CORE_NONE, hide_below=hide_below, school_year=f.school_year,
                              metric_key="gaps_core_metric", chart_id="gaps_core_dumbbell",
                              table_id="gaps_core_table", limit=CORE_LIMIT)

# -- value-added
st.subheader(LG.SECTION_VALUE_ADDED)
groups, va_schools = pa.value_added_groups(value_added.school_value_added(scope, f, grade=grade, subject=subject))
if groups.is_empty():
    st.info(LG.VALUE_ADDED_NONE)
else:
    left, right = st.columns(2)
    with left:
        exports.chart(comparisons.value_added_bars(groups), "gaps_value_added", LG.SECTION_VALUE_ADDED,
                      LG.VALUE_ADDED_CAPTION, show_caption=False)
    with right:
        exports.table(pa.value_added_table(groups), "gaps_value_added_table", LG.SECTION_VALUE_ADDED,
                      LG.VALUE_ADDED_CAPTION, hide_index=True)
        with st.expander(LG.VALUE_ADDED_SCHOOLS):
            exports.table(pa.value_added_schools_table(va_schools, hide_below), "gaps_value_added_schools",
                          LG.VALUE_ADDED_SCHOOLS, LG.VALUE_ADDED_CAPTION, hide_index=True)
    st.caption(LG.VALUE_ADDED_CAPTION)

# -- activity against the change in the gap
st.subheader(LG.SECTION_PAYOFF)
payoff = pa.payoff_frame(alliance_results.alliance_activity(scope, f), alliance_rows, f.school_year)
if payoff.is_empty():
    st.info(LG.PAYOFF_NONE)
else:
    exports.chart(comparisons.payoff_scatter(payoff), "gaps_payoff", LG.SECTION_PAYOFF, LG.PAYOFF_CAPTION,
                  show_caption=False)
    st.markdown(pa.payoff_summary(payoff))
    st.caption(LG.PAYOFF_CAPTION)
