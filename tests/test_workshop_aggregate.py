"""The room's view: medians and quartiles, the room's scenario by the value map's rule (docs/AXES.md), the Borda
count, the anonymous CSV (no nicknames, no formulas) and the HTML handout (escaped, complete)."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest

from models.presets import load_presets
from models.scenario import Scenario
from ui.i18n import t
from ui.levers import axis_setting, floor_level, with_axis
from workshop.aggregate import axis_summaries, response_rows, room_scenario, safe_cell, vote_tally
from workshop.store import Snapshot, Submission, Workshop

TODAY = load_presets()["todays_system"].scenario


def _answers(*triples):
    return [
        {"participant_id": f"p{n}", "universality": u, "unconditionality": c, "individuality": i}
        for n, (u, c, i) in enumerate(triples)
    ]


def test_medians_and_quartiles():
    s = axis_summaries(_answers((0.1, 0.0, 1.0), (0.5, 0.2, 1.0), (0.9, 0.4, 0.0), (1.0, 0.6, 0.0)))
    assert s["universality"].median == 0.7 and s["universality"].n == 4
    assert s["unconditionality"].median == 0.3
    assert (s["unconditionality"].q1, s["unconditionality"].q3) == (0.15, 0.45)
    assert s["individuality"].median == 0.5
    one = axis_summaries(_answers((0.33, 0.5, 0.5)))
    assert (one["universality"].median, one["universality"].q1, one["universality"].q3) == (0.33, 0.33, 0.33)
    assert axis_summaries([]) is None


def test_one_outlier_cannot_move_the_median_far():
    calm = axis_summaries(_answers(*[(0.4, 0.5, 0.5)] * 9 + [(0.45, 0.5, 0.5)]))
    loud = axis_summaries(_answers(*[(0.4, 0.5, 0.5)] * 9 + [(1.0, 0.5, 0.5)]))
    assert calm["universality"].median == loud["universality"].median == 0.4


def test_a_room_that_wants_todays_settings_keeps_todays_system():
    medians = {a: axis_setting(TODAY, a) for a in ("universality", "unconditionality", "individuality")}
    assert medians == {"universality": 0.0, "unconditionality": 0.0, "individuality": 1.0}
    scenario, moved = room_scenario(TODAY, medians, with_axis, axis_setting)
    assert scenario == TODAY and moved == ()


def test_the_room_scenario_follows_the_value_map_rule():
    medians = {"universality": 0.5, "unconditionality": 1.0, "individuality": 1.0}
    scenario, moved = room_scenario(TODAY, medians, with_axis, axis_setting, name="Room")
    # Universality 0.5 adds a basic income of half the floor (EUR 10 steps), as the value map's slider does;
    # a basic income is already unconditional and individual, so the other two medians move nothing.
    assert moved == ("universality",)
    assert scenario.basic_income.enabled and scenario.basic_income.amount == round(0.5 * floor_level() / 10) * 10
    assert scenario == with_axis(TODAY, "universality", 0.5).model_copy(update={"name": "Room"})
    # The axes are applied in order: universality first, then the others to the result.
    medians = {"universality": 0.5, "unconditionality": 0.4, "individuality": 1.0}
    scenario, moved = room_scenario(TODAY, medians, with_axis, axis_setting)
    assert moved == ("universality", "unconditionality")
    expected = with_axis(with_axis(TODAY, "universality", 0.5), "unconditionality", 0.4)
    assert scenario == expected
    assert scenario.participation_income.enabled and scenario.participation_income.sanction == pytest.approx(0.6)


def test_family_preference_moves_general_support_to_a_household_test():
    base = load_presets()["yleistuki_2026"].scenario
    scenario, moved = room_scenario(
        base, {"universality": 0.0, "unconditionality": 0.0, "individuality": 0.0}, with_axis, axis_setting
    )
    assert moved == ("individuality",)
    assert scenario.general_support.means_test == "household"


def test_borda_count():
    votes = [
        {"participant_id": "a", "choice_rank": 1, "choice": "preset:x"},
        {"participant_id": "a", "choice_rank": 2, "choice": "preset:y"},
        {"participant_id": "b", "choice_rank": 1, "choice": "preset:y"},
        {"participant_id": "c", "choice_rank": 1, "choice": "preset:y"},
        {"participant_id": "c", "choice_rank": 3, "choice": "sub:0123456789abcdef"},
        {"participant_id": "d", "choice_rank": 1, "choice": "preset:gone"},  # no longer an option
    ]
    tally = vote_tally(votes, ["preset:x", "preset:y", "sub:0123456789abcdef", "preset:z"])
    assert [(x.choice, x.points, x.first, x.voters) for x in tally] == [
        ("preset:y", 8, 2, 3),
        ("preset:x", 3, 1, 1),
        ("sub:0123456789abcdef", 1, 0, 1),
        ("preset:z", 0, 0, 0),
    ]


def _snapshot() -> Snapshot:
    w = Workshop(
        id="w",
        code="ABCDEFGH",
        title="<b>Room</b> & co",
        lang="en",
        presets=("todays_system", "yleistuki_2026"),
        levers=("basic_income",),
        base_preset="todays_system",
        status="open",
        created_at=0.0,
    )
    return Snapshot(
        workshop=w,
        participants=[
            {"id": "p1", "nickname": "Secret Name", "joined_at": 1.0},
            {"id": "p2", "nickname": "", "joined_at": 2.0},
            {"id": "p3", "nickname": "Third", "joined_at": 3.0},
        ],
        answers=[
            {"participant_id": "p1", "universality": 0.6, "unconditionality": 0.2, "individuality": 1.0, "revision": 2},
            {"participant_id": "p2", "universality": 0.2, "unconditionality": 0.4, "individuality": 0.5, "revision": 1},
        ],
        votes=[
            {"participant_id": "p1", "choice_rank": 1, "choice": "sub:00000000000000aa"},
            {"participant_id": "p2", "choice_rank": 1, "choice": "preset:yleistuki_2026"},
            {"participant_id": "p2", "choice_rank": 2, "choice": "preset:todays_system"},
        ],
        submissions=[
            Submission(
                id="00000000000000aa",
                participant_id="p2",
                nickname="",
                title='=HYPERLINK("http://x")',
                comment="<script>alert(1)</script>",
                scenario=Scenario(name="x"),
                updated_at=5.0,
            )
        ],
    )


def test_response_rows_are_anonymous_and_formula_safe():
    columns = {
        k: k
        for k in (
            "number",
            "universality",
            "unconditionality",
            "individuality",
            "choice_1",
            "choice_2",
            "choice_3",
            "title",
            "comment",
            "saved",
        )
    }
    rows = response_rows(_snapshot(), lambda c: c.upper(), columns)
    assert [r["number"] for r in rows] == [1, 2, 3]
    assert rows[0]["universality"] == 0.6 and rows[0]["saved"] == 2 and rows[0]["choice_1"] == "SUB:00000000000000AA"
    assert rows[1]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[2]["universality"] is None and rows[2]["saved"] == 0 and rows[2]["choice_1"] == ""
    assert "Secret Name" not in str(rows) and "Third" not in str(rows)
    assert safe_cell("-1+1") == "'-1+1" and safe_cell("@SUM") == "'@SUM" and safe_cell("fine") == "fine"


def test_responses_csv_in_each_language():
    from ui.workshop import responses_csv

    for lang, sep in (("fi", ";"), ("en", ",")):
        text = responses_csv(_snapshot(), lang).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        assert rows[0][0] == t("ws.csv.number", lang) and len(rows) == 4
        assert "Secret Name" not in text
        assert (
            rows[2][rows[0].index(t("ws.csv.choice", lang, n=1))]
            == load_presets()["yleistuki_2026"].title.model_dump()[lang]
        )
    empty = Snapshot(workshop=_snapshot().workshop)
    header = responses_csv(empty, "en").decode("utf-8-sig").strip()
    assert header.split(",")[0] == t("ws.csv.number", "en")


def test_handout_is_complete_escaped_and_anonymous(small_app_population):
    from models.compare import compare
    from models.parameters import load_parameters
    from models.population.store import load_population
    from ui.workshop import handout_html

    pop, params = load_population(5000, seed=2025), load_parameters()
    results_of = lambda sc: compare(pop, params, sc, traps=False)  # noqa: E731
    text = handout_html(_snapshot(), "en", results_of, charts="none", generated=date(2026, 11, 27))
    assert text.count("<!DOCTYPE html>") == 1
    assert "&lt;b&gt;Room&lt;/b&gt; &amp; co" in text and "<b>Room</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    assert "Secret Name" not in text and "Third" not in text
    for key in ("ws.handout.axes", "ws.handout.votes", "ws.handout.submissions", "ws.handout.room_report"):
        assert html.escape(t(key, "en")) in text
    assert "2026-11-27" in text and "ABCD-EFGH" in text
    assert html.escape(t("ws.room.name", "en", title="<b>Room</b> & co")) in text  # the report's own title


def test_every_refusal_and_field_has_a_translation():
    from pydantic import ValidationError

    from ui.i18n import LANGS
    from ui.workshop import error_text, validation_text
    from workshop import store
    from workshop.schema import AxisAnswer, SubmissionIn, WorkshopCreate

    errors = [
        store.NotFound(),
        store.Unauthorized(),
        store.Closed(),
        store.UnknownParticipant(),
        store.InvalidChoice(),
        store.LockedLevers(["financing", "behaviour"]),
        store.RateLimited(4.2),
        store.WorkshopError(),
    ]
    assert {type(e) for e in errors} >= set(store.WorkshopError.__subclasses__())
    for lang in LANGS:
        texts = [error_text(e, lang) for e in errors]
        assert len(set(texts)) == len(texts) and all(texts)
        assert t("wb.section.financing", lang) in error_text(errors[5], lang)
        assert "4" in error_text(errors[6], lang) or "5" in error_text(errors[6], lang)
    for model, data, field in (
        (WorkshopCreate, {"title": "", "presets": ["todays_system"]}, "title"),
        (AxisAnswer, {"universality": 2, "unconditionality": 0, "individuality": 0}, "universality"),
        (SubmissionIn, {"title": "x" * 81, "scenario": {}}, "submission_title"),
    ):
        with pytest.raises(ValidationError) as info:
            model.model_validate(data)
        for lang in LANGS:
            text = validation_text(
                info.value, lang, {"title": "ws.field.submission_title"} if model is SubmissionIn else None
            )
            assert t(f"ws.field.{field}", lang) in text, text
