"""数据管理 (admin only): upload and load files, the validation report, load history, data quality
(reporting completeness, 催报, coordinates, evidence) and the audit log."""

from __future__ import annotations

import streamlit as st

from dashboard import audit, auth, db, filters, loading, ui
from dashboard.labels import admin as LA
from dashboard.present import admin as present
from dashboard.present import format as fmt
from dashboard.queries import admin

ui.require_admin()
st.title(LA.ADMIN_TITLE)
st.caption(LA.ADMIN_INTRO)
scope = ui.viewer_scope()
state = db.state()
ready = state.ready
not_ready_note = LA.STALE_NOTE if state.kind == "stale" else LA.NO_DATA_YET

tab_import, tab_history, tab_quality, tab_audit, tab_users = st.tabs(
    [LA.TAB_IMPORT, LA.TAB_HISTORY, LA.TAB_QUALITY, LA.TAB_AUDIT, LA.TAB_USERS])

with tab_import:
    if state.kind == "stale":
        # After an upgrade the summary tables need rebuilding from the stored rows: no upload needed.
        st.warning(LA.STALE_NOTE)
        if st.button(LA.REBUILD_BUTTON, key="admin_rebuild", icon=":material/refresh:"):
            with st.spinner(LA.REBUILDING):
                rebuilt = loading.rebuild(ui.viewer_name())
            st.cache_data.clear()
            st.success(LA.REBUILT.format(load_id=rebuilt.load_id))
            st.rerun()
    # One form: an upload finishing does not rerun the page by itself, so a press of 检查 / 导入
    # right after it can never land in that rerun and be lost; the press sends files and choices.
    with st.form("admin_import", border=False):
        # Any file: the importer reads .xlsx/.xls/.csv/.txt (and web tables saved as .xls) and names
        # in Chinese what it cannot read (WPS .et, .ods, ...); a type list here would refuse those
        # in the browser with Streamlit's English message instead.
        files = st.file_uploader(LA.UPLOAD, accept_multiple_files=True,
                                 help=LA.UPLOAD_HELP, key="admin_upload")
        strict = st.radio(LA.MODE, [True, False], format_func=lambda s: LA.MODE_STRICT if s else LA.MODE_ALLOW,
                          key="admin_mode") is True
        hidden = st.radio(LA.HIDDEN, [None, "include", "skip"], horizontal=True, key="admin_hidden",
                          format_func=lambda h: {None: LA.HIDDEN_REFUSE, "include": LA.HIDDEN_INCLUDE,
                                                 "skip": LA.HIDDEN_SKIP}[h])
        left, right = st.columns(2)
        check_clicked = left.form_submit_button(LA.CHECK_BUTTON, key="admin_check", icon=":material/fact_check:")
        load_clicked = right.form_submit_button(LA.LOAD_BUTTON, key="admin_load", type="primary",
                                                icon=":material/upload:")
    if check_clicked or load_clicked:
        if not files:
            st.warning(LA.NO_FILES)
        else:
            mode = "load" if load_clicked else "check"
            uploads = [loading.Upload(f.name, f.getvalue()) for f in files]
            with st.status(LA.STATUS_RUNNING.format(n=len(uploads)), expanded=True) as status:
                bar = st.progress(0, text=LA.STEP_SAVE)
                bar.progress(30, text=LA.STEP_LOAD if mode == "load" else LA.STEP_CHECK)
                outcome = loading.run(uploads, mode, allow_rejects=not strict, hidden=hidden,
                                      user_name=ui.viewer_name())
                bar.progress(100)
                ok = outcome.report is not None and outcome.report.ok
                label = (LA.STATUS_FAILED if outcome.report is None else
                         LA.STATUS_CHECKED if mode == "check" else LA.STATUS_LOADED if ok else LA.STATUS_REFUSED)
                status.update(label=label, state="complete" if ok else "error", expanded=False)
            st.session_state["admin_outcome"] = outcome
            if mode == "load" and ok:
                # The gateway keys its caches on the new file; Streamlit's own caches are cleared
                # so that nothing built from the old version is served, then every widget redraws.
                st.cache_data.clear()
                st.rerun()

    outcome = st.session_state.get("admin_outcome")
    if outcome is not None:
        report = outcome.report
        if report is None:
            st.error(LA.RESULT_UNREADABLE.format(message=outcome.message))
        else:
            errors = report.errors.height
            if report.mode == "load" and report.ok:
                st.success(LA.RESULT_LOADED.format(load_id=report.load_id,
                                                   loaded=loading.rows(report, "rows_loaded"),
                                                   rejected=loading.rows(report, "rows_rejected")))
            elif report.mode == "load":
                st.error(LA.RESULT_REFUSED.format(errors=errors))
            elif report.ok:
                st.success(LA.RESULT_CHECK_OK.format(files=len(outcome.files)))
            else:
                st.error(LA.RESULT_CHECK_BAD.format(errors=errors))
            st.subheader(LA.COUNTS_TITLE)
            st.dataframe(loading.counts_table(report), hide_index=True, key="admin_counts")
            problems = loading.problems_table(report)
            if not problems.is_empty():
                st.subheader(LA.PROBLEMS_TITLE)
                st.caption(LA.PROBLEMS_CAPTION.format(n=problems.height))
                st.dataframe(problems, hide_index=True, key="admin_problems")
                # on_click="ignore": a press that also reran the page could end that rerun before the
                # file is asked for, and the rerun drops the button's file: the press would do nothing.
                st.download_button(LA.PROBLEMS_DOWNLOAD, data=lambda p=problems: loading.problems_xlsx(p),
                                   file_name=LA.PROBLEMS_FILE, icon=":material/download:", key="admin_problems_xlsx",
                                   on_click="ignore",
                                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    st.subheader(LA.TEMPLATE_TITLE)
    st.caption(LA.TEMPLATE_CAPTION)
    st.download_button(LA.TEMPLATE_DOWNLOAD, data=loading.template_xlsx, file_name=LA.TEMPLATE_FILE,
                       icon=":material/download:", key="admin_template", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with tab_history:
    if not ready:
        st.info(not_ready_note)
    else:
        history = loading.with_loaders(admin.load_history(scope, filters.current()))
        if history.is_empty():
            st.info(LA.HISTORY_EMPTY)
        else:
            st.dataframe(present.history_table(history), hide_index=True, key="admin_history")
            st.caption(LA.HISTORY_CAPTION)

with tab_quality:
    if not ready:
        st.info(not_ready_note)
    else:
        f = filters.current()
        st.caption(ui.scope_caption(f, LA.QUALITY_INTRO))
        st.subheader(LA.COMPLETENESS_TITLE)
        months = admin.reporting_months(scope, f)
        if months.is_empty():
            st.info(LA.COMPLETENESS_EMPTY)
        else:
            st.metric(LA.COMPLETENESS_METRIC, fmt.percent(present.completeness_pct(months)),
                      help=LA.COMPLETENESS_HELP)
            st.dataframe(present.completeness_grid(months), hide_index=True, key="admin_completeness")
            st.caption(LA.COMPLETENESS_CAPTION)
        if not months.is_empty():
            # The last complete month by default; an earlier one of the year to look back.
            choices = sorted(months["month_date"].unique(), reverse=True)
            chosen = st.selectbox(LA.CHASE_MONTH, choices, index=choices.index(admin.chase_month(months, f.school_year)),
                                  format_func=fmt.month, key="admin_chase_month")
            month = fmt.month(chosen)
            st.subheader(LA.CHASE_TITLE.format(month=month))
            chase = admin.missing_reports(scope, f, month=chosen)
            if chase.is_empty():
                st.success(LA.CHASE_EMPTY.format(month=month))
            else:
                st.dataframe(present.chase_table(chase), hide_index=True, key="admin_chase")
                st.caption(LA.CHASE_CAPTION.format(month=month, alliances=(chase["kind"] == "alliance").sum(),
                                                   schools=(chase["kind"] == "school").sum()))
        st.subheader(LA.NO_COORDS_TITLE)
        schools = admin.school_coordinates(scope, f)
        no_coords = schools.filter(~schools["has_coordinates"])
        if no_coords.is_empty():
            st.success(LA.NO_COORDS_EMPTY)
        else:
            st.dataframe(present.renamed(no_coords, LA.NO_COORDS_COLUMNS), hide_index=True, key="admin_no_coords")
            st.caption(LA.NO_COORDS_CAPTION.format(n=no_coords.height))
        st.subheader(LA.NO_EVIDENCE_TITLE)
        no_evidence = admin.activities_without_evidence(scope, f)
        if no_evidence.is_empty():
            st.success(LA.NO_EVIDENCE_EMPTY)
        else:
            st.dataframe(present.renamed(no_evidence, LA.NO_EVIDENCE_COLUMNS), hide_index=True,
                         key="admin_no_evidence")
            st.caption(LA.NO_EVIDENCE_CAPTION)

with tab_users:
    st.dataframe(present.accounts_table(auth.accounts()), hide_index=True, key="admin_accounts")
    st.caption(LA.USERS_CAPTION)

with tab_audit:
    log = audit.entries()
    if log.is_empty():
        st.info(LA.AUDIT_EMPTY)
    else:
        st.dataframe(present.audit_table(log), hide_index=True, key="admin_audit")
        st.caption(LA.AUDIT_CAPTION)
