"""The change under an ``st.metric``: a change that rounds to zero is no change (grey, no arrow), whatever its sign.

Streamlit takes a delta's arrow and colour from its text: a leading ASCII "-" points down, anything else up, so
"0,0 %-yks." would be drawn as a rise (red when higher is worse). :func:`delta_kwargs` looks at the number as it is
shown: when every digit is 0 it returns the text without its sign, grey, without an arrow; otherwise the text with
an ASCII sign and the colour for the direction (``worse="up"``: a rise is bad, red; ``"down"``: a fall is bad;
``None``: neither, grey).
"""

from __future__ import annotations

import re
from typing import Any

MINUS = "\u2212"


def is_zero(shown: str) -> bool:
    """Whether a formatted number shows no change ("+0,0 %-yks.", "−0 €", "±0.0 pp")."""
    digits = re.sub(r"\D", "", shown)
    return not digits or set(digits) == {"0"}


def delta_kwargs(shown: str, worse: str | None = "up") -> dict[str, Any]:
    """``delta``, ``delta_color`` and ``delta_arrow`` for ``st.metric`` from a formatted, signed change."""
    text = shown.strip()
    if is_zero(text):
        return {"delta": text.lstrip("+-±" + MINUS), "delta_color": "gray", "delta_arrow": "off"}
    ascii_text = "-" + text[1:] if text.startswith(MINUS) else text
    if worse is None:
        return {"delta": ascii_text, "delta_color": "off"}
    return {"delta": ascii_text, "delta_color": "inverse" if worse == "up" else "normal"}
