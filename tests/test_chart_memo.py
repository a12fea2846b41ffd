"""Charts drawn through the session's memo: the same element Streamlit draws, built once per session."""

from streamlit.testing.v1 import AppTest

from components import state


def page_drawing_one_chart_both_ways():
    import altair as alt
    import pandas as pd
    import streamlit as st

    from components import loading

    def build():
        st.session_state["builds"] = st.session_state.get("builds", 0) + 1
        frame = pd.DataFrame({"label": ["Curiosity", "Guilt"], "score": [61.0, 42.5]})
        return alt.Chart(frame).mark_bar().encode(x="score:Q", y=alt.Y("label:N", sort=None))

    st.altair_chart(build(), width="stretch")
    loading.altair_chart(("scores", 61.0, 42.5), build)


def charts(at):
    return [element.proto for element in at.get("vega_lite_chart")]


def test_the_memo_draws_exactly_what_st_altair_chart_draws():
    at = AppTest.from_function(page_drawing_one_chart_both_ways).run()
    assert not at.exception
    direct, memo = charts(at)
    assert memo.spec == direct.spec and memo.theme == direct.theme
    assert [(d.name, d.data.data) for d in memo.datasets] == [(d.name, d.data.data) for d in direct.datasets]


def test_a_rerun_sends_the_kept_chart_without_building_it_again():
    at = AppTest.from_function(page_drawing_one_chart_both_ways).run()
    assert at.session_state["builds"] == 2  # st.altair_chart's and the memo's first
    at.run()
    at.run()
    assert not at.exception and len(charts(at)) == 2
    assert at.session_state["builds"] == 4  # only st.altair_chart's, once a run


def page_with_a_chart_and_quick_exit():
    import altair as alt
    import pandas as pd
    import streamlit as st

    from components import loading, state

    st.button("Quick exit", on_click=state.quick_exit)
    if not state.EXITED.get():
        frame = pd.DataFrame({"label": ["Curiosity"], "score": [61.0]})
        loading.altair_chart(("scores", 61.0), lambda: alt.Chart(frame).mark_bar().encode(x="score:Q", y="label:N"))


def test_quick_exit_forgets_the_kept_charts():
    at = AppTest.from_function(page_with_a_chart_and_quick_exit).run()
    assert at.session_state[state.DRAWN_CHARTS.name]
    at.button[0].click().run()
    assert not at.exception and state.DRAWN_CHARTS.name not in at.session_state
