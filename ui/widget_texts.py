"""Streamlit's own widget texts in the app's language.

Streamlit 1.67 lets a page set some of them: a multiselect's ``placeholder`` ("Choose options") and whether it
offers "Select all" (``select_all``), and whether typing filters its options (``filter_mode``; with no typing there
is no "No results"). :func:`multiselect_texts` gives those arguments.

The rest are written by Streamlit's browser code in English, with no option: the file uploader's button and limit
("Upload", "1MB per file • JSON"), the hint under a text field ("Press Enter to apply", "… to submit form"), an
empty option list ("No results") and the dialog shown for an unknown address ("Page not found"). For those,
:func:`streamlit_css` writes a style sheet — CSS only, no script, so it works under a strict Content Security
Policy as the app's other fixed styles do — that hides the English text and shows the translation in its place
(``font-size: 0`` on the element, the translation as its ``::after`` content). :func:`uploader_css` does the same
for one uploader, whose limit and file types it states. The selectors are Streamlit's ``data-testid`` attributes;
tests/browser/test_plain_names.py checks in a real browser that no English text is left.

The app uses no ``st.dialog`` of its own (tests/test_plain_names.py checks this), so the one dialog is Streamlit's
"Page not found".
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.i18n import fmt_number, t


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def multiselect_texts(lang: str) -> dict:
    """Keyword arguments of ``st.multiselect`` that leave no English on screen."""
    return {"placeholder": t("st.multiselect.placeholder", lang), "select_all": False, "filter_mode": None}


def _replace(selector: str, text: str, size: str = "0.875rem") -> str:
    """CSS that hides the text of ``selector`` and shows ``text`` instead, at ``size``."""
    return (
        f"{selector} {{ font-size: 0 !important; }}\n"
        f"{selector}::after {{ content: {css_string(text)}; font-size: {size}; }}\n"
    )


def streamlit_css(lang: str) -> str:
    """The app-wide style sheet that puts Streamlit's own English texts into ``lang``."""
    hint = '[data-testid="InputInstructions"] > span:first-child'
    single = '[data-testid="stTextInput"], [data-testid="stNumberInput"]'
    parts = []
    for container, key in (
        (single, "st.hint.apply"),
        ('[data-testid="stTextArea"]', "st.hint.apply_multiline"),
    ):
        for sel in (s.strip() for s in container.split(",")):
            parts.append(_replace(f"{sel} {hint}", t(key, lang), "0.75rem"))
            parts.append(_replace(f'[data-testid="stForm"] {sel} {hint}', t(key + "_form", lang), "0.75rem"))
    parts.append(_replace('[role="listbox"] > [role="option"] > span:only-child', t("st.no_results", lang), "0.875rem"))
    dialog = '[data-testid="stDialog"] section[role="dialog"]'
    parts.append(_replace(f"{dialog} > h2", t("st.page_not_found.title", lang), "1.5rem"))
    parts.append(_replace(f"{dialog} > div:last-child > div", t("st.page_not_found.text", lang), "1rem"))
    return "".join(parts)


def uploader_css(key: str, lang: str, limit_mb: int, types: Sequence[str]) -> str:
    """CSS for the file uploader keyed ``key``: its button and its limit line in ``lang``."""
    scope = f".st-key-{key.replace('.', '-')}"
    kinds = ", ".join(x.upper() for x in types)
    limit = t("st.uploader.limit", lang, mb=fmt_number(limit_mb, lang), types=kinds)
    button = f'{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    instructions = f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] span'
    return _replace(button, t("st.uploader.button", lang), "0.875rem") + _replace(instructions, limit, "0.875rem")


def file_uploader(label: str, *, key: str, lang: str, limit_mb: int, types: Sequence[str], **kwargs):
    """``st.file_uploader`` whose own texts (button, limit) are in ``lang``; other arguments as Streamlit's."""
    st.html(f"<style>{uploader_css(key, lang, limit_mb, types)}</style>")
    return st.file_uploader(label, type=list(types), key=key, max_upload_size=limit_mb, **kwargs)
