"""The projector and the phone ballot (issue 15, point 6): vote labels wrap instead of being cut, the projector's
charts are in large type, the room's counts read as one line, and every ballot option has a one-line description
and its cost (the participants' scenarios' from the store, which only a participant of the workshop can read)."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import pytest

from models.presets import load_presets
from ui.ballot import PICKER_CHARS, ballot_options, cost_line, option_label
from ui.i18n import LANGS, t, translations
from ui.projector import FONT_PX, counts_line, for_projector, wrap_label
from ui.workshop import votes_chart
from workshop import store
from workshop.aggregate import Tally
from workshop.db import Database
from workshop.schema import JoinRequest, SubmissionIn, WorkshopCreate

LONG = "Perustulo 700 € ja tasavero, joka rahoittaa sen kokonaan ilman leikkauksia <b>"


def test_a_long_label_wraps_at_word_boundaries_and_is_escaped():
    text = wrap_label(LONG, 20)
    lines = text.split("<br>")
    assert len(lines) >= 4 and all(len(html.unescape(line)) <= 20 for line in lines[:-1])
    assert html.unescape(" ".join(lines)) == LONG, "no word is lost"
    assert "<b>" not in text and "&lt;b&gt;" in text


def test_vote_labels_wrap_whole_and_the_projector_shows_the_first_few():
    tallies = [Tally(choice=f"c{i}", points=10 - i, first=1, voters=3) for i in range(9)]
    labels = {f"c{i}": f"{LONG} {i}" for i in range(9)}
    fig = votes_chart(tallies, labels, "fi", wrap=24, limit=7)
    names = list(fig.data[0].y)
    assert len(names) == 7
    assert all("<br>" in n for n in names) and "leikkauksia" in names[-1], "wrapped, not cut at 60 characters"


def test_the_projector_scales_every_font_and_lifts_bar_labels():
    fig = go.Figure(
        go.Bar(x=[1, 2], y=[3, 4], text=["+132\u00a0€", "+4\u00a0€"], textposition="auto", textfont={"size": 16})
    )
    fig.update_layout(font={"size": 16})
    fig.add_annotation(x=1, y=1, text="pole", font={"size": 14})
    for_projector(fig)
    assert fig.layout.font.size == FONT_PX
    assert fig.layout.annotations[0].font.size == round(14 * FONT_PX / 16)
    bar = fig.data[0]
    assert bar.textfont.size == FONT_PX and bar.textposition == "outside" and bar.textangle == 0
    assert list(bar.text) == ["+132", "+4"], "the axis title gives the unit"


@pytest.mark.parametrize("lang", LANGS)
def test_counts_in_one_line(lang):
    line = counts_line(1234, 12, 9, 1, lang)
    assert "\n" not in line and {"fi": "1\u202f234", "sv": "1\u202f234", "en": "1,234"}[lang] in line


@pytest.mark.parametrize("lang", LANGS)
def test_every_preset_has_a_one_line_description(lang):
    for name in load_presets():
        text = t(f"ws.vote.summary.{name}", lang)
        assert len(text) <= 100 and "\n" not in text, (name, text)


def test_the_ballot_lists_numbers_descriptions_and_costs():
    presets = load_presets()
    results = {
        "todays_system": {"net_cost_eur": 0.0},
        "full_basic_income_1000": {"net_cost_eur": 1e6, "budget_neutral_rate": 0.2774},
    }

    def results_of(scenario):
        return (
            next(results[n] for n in results if presets[n].scenario == scenario)
            if scenario
            in (
                presets["todays_system"].scenario,
                presets["full_basic_income_1000"].scenario,
            )
            else {"net_cost_eur": 2.5e9}
        )

    labels = {
        "preset:todays_system": "Nykyjärjestelmä",
        "preset:full_basic_income_1000": "Täysi perustulo",
        "sub:abc": t("ws.choice.submission", "fi", title=LONG),
    }
    own = presets["yleistuki_2026"].scenario
    options = ballot_options(labels, {"sub:abc": own}, results_of, "fi")
    assert [o.number for o in options] == [1, 2, 3]
    assert options[0].summary == t("ws.vote.summary.todays_system", "fi")
    assert options[0].cost == t("ws.vote.cost", "fi", cost="0\u00a0milj.\u00a0€")
    assert t("wb.pp", "fi", x="27,74") in options[1].cost and t("lever.option.flat_tax", "fi") in options[1].cost
    assert options[2].own and options[2].cost == t("ws.vote.cost", "fi", cost="2\u202f500\u00a0milj.\u00a0€")
    label = option_label(options[2], "fi")
    assert label.startswith("3. ") and len(label) <= PICKER_CHARS + 3 and label.endswith("…")
    assert option_label(None, "fi") == t("ws.join.no_choice", "fi")
    assert (
        cost_line(presets["todays_system"].scenario, {"net_cost_eur": -5e8}, "en")
        == "Net cost \u2212€500\u00a0m a year"
    )


def test_only_a_participant_of_the_workshop_reads_its_scenarios(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    w = store.create_workshop(
        db, WorkshopCreate(title="A", lang="fi", presets=("todays_system",), levers=("general_support",))
    )
    other = store.create_workshop(db, WorkshopCreate(title="B", lang="fi", presets=("todays_system",)))
    me = store.join(db, w.workshop.code, JoinRequest(), client="t")
    stranger = store.join(db, other.workshop.code, JoinRequest(), client="t")
    scenario = load_presets()["yleistuki_2026"].scenario
    sid = store.save_submission(db, w.workshop.code, me.token, SubmissionIn(title="Mine", scenario=scenario))
    assert store.submission_scenarios(db, w.workshop.code, me.token) == {sid: scenario}
    with pytest.raises(store.UnknownParticipant):
        store.submission_scenarios(db, w.workshop.code, stranger.token)
    assert store.submission_scenarios(db, other.workshop.code, stranger.token) == {}


def test_projector_texts_exist_in_every_language():
    assert all(lang in translations()["ws.present.counts"] for lang in LANGS)
