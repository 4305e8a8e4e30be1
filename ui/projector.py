"""The facilitator's screen on a projector (presentation mode of pages/workshop.py): one 1920×1080 screen that
shows the join code, the room on the axes, the votes and the room's scenario without scrolling, in type that can
be read from the back of a room.

- :data:`PRESENT_CSS`: the fixed style of presentation mode (no menu, no header, tight margins, large type).
- :data:`HEIGHTS`: the chart heights that make the three columns fit under the header on a 1080-pixel screen.
- :func:`for_projector`: a chart's type scaled up (every font of the figure, its annotations and bar labels; a bar's
  label above the bar, level, without the euro sign the axis title gives).
- :func:`wrap_label`: a long label broken into lines at word boundaries (plotly takes ``<br>``), escaped.
- :func:`counts_line`: the room's counts as one line of text.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from ui import theme
from ui.i18n import fmt_number, t

#: Type on the projector: chart text this many pixels (the app's charts use ``theme.FONT_SIZE``).
FONT_PX = 20
#: Chart heights in presentation mode (pixels): the room's axes and the votes fill a column under the header;
#: the decile chart shares its column with who pays (one sentence) and the room's scenario's four figures.
HEIGHTS = {"axes": 640, "votes": 640, "deciles": 290}
#: Votes shown on the projector (the most points first); the full list is on the facilitator's own screen.
VOTES_SHOWN = 7
#: Characters on a vote label's line on the projector.
VOTE_WRAP = 28
#: Room to the right of the longest vote bar for its label, as a multiple of the most points (large type).
VOTE_LABEL_ROOM = 3.0

PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2rem 0.5rem !important; max-width: none !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 1.4rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
[data-testid="stMain"] h1 { font-size: 2.4rem !important; padding: 0 !important; }
[data-testid="stMain"] h3 { font-size: 1.9rem !important; padding: 0.2rem 0 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.8rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
.st-key-ws-present-code h2 { font-size: 4.2rem !important; letter-spacing: .12em; padding: 0 !important; }
.st-key-ws-present-counts p { font-size: 1.6rem !important; font-weight: 600; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.2rem !important; }
.st-key-ws-present-link code { font-size: 1.2rem !important; }
</style>"""


def wrap_label(text: str, width: int) -> str:
    """``text`` escaped and broken into lines of at most ``width`` characters where it can (plotly ``<br>``)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def for_projector(fig: go.Figure, size: int = FONT_PX) -> go.Figure:
    """``fig`` with every font scaled so that its base text is ``size`` pixels (titles, ticks, legend, annotations
    and bar labels keep their proportions)."""
    base = fig.layout.font.size or theme.FONT_SIZE
    scale = size / base
    fig.update_layout(font={"size": size}, hoverlabel={"font": {"size": size}})
    for annotation in fig.layout.annotations:
        annotation.font.size = round((annotation.font.size or base) * scale)
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size:
            textfont.size = round(textfont.size * scale)
        if isinstance(trace, go.Bar) and trace.textposition == "auto":
            # plotly shrinks and turns a label to fit inside its bar: on a projector it goes above the bar, level,
            # without the euro sign that the axis title already gives, so that neighbours do not touch
            text = [str(x).replace("\u00a0€", "").replace("€", "") for x in trace.text or ()]
            trace.update(text=text, textposition="outside", textangle=0, constraintext="none", cliponaxis=False)
    return fig


def counts_line(participants: int, answers: int, voters: int, submissions: int, lang: str) -> str:
    """How many have joined, placed themselves, voted and sent a scenario, as one line."""
    return t(
        "ws.present.counts",
        lang,
        participants=fmt_number(participants, lang),
        answers=fmt_number(answers, lang),
        voters=fmt_number(voters, lang),
        submissions=fmt_number(submissions, lang),
    )
