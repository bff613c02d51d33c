"""Theme entries the game scenes add to assets/theme.json at run time (left-aligned text, small
print), loaded once per UI manager."""

MUTED = "#969eac"

EXTRA = {
    "#left": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "4"}},
    "#lmuted": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "4"},
                "colours": {"normal_text": MUTED}},
    "#lbold": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "4"},
               "font": {"name": "noto_sans", "size": "16", "bold": "1"}},
    "#sub": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "2"},
             "font": {"name": "noto_sans", "size": "18", "bold": "1"}},
    "#small": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "4"},
               "font": {"name": "noto_sans", "size": "14"}},
    "#lever": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "6"},
               "font": {"name": "noto_sans", "size": "14"}},
    "#row": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "6"},
             "font": {"name": "noto_sans", "size": "14"}},
    "#guide": {"colours": {"dark_bg": "#1b2230", "normal_border": "#e69f00"}, "misc": {"border_width": "2"}},
    "#notice_error": {"misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "4"},
                      "colours": {"normal_text": "#e69f00"}, "font": {"name": "noto_sans", "size": "16", "bold": "1"}},
}


def ensure(manager, scale: float = 1.0) -> None:
    """Load EXTRA into `manager`'s theme once, its font sizes at the text size `scale`."""
    if getattr(manager, "_demarche_game_theme", False):
        return
    extra = {oid: {**block, "font": {**block["font"], "size": str(round(int(block["font"]["size"]) * scale))}}
             if "font" in block else block for oid, block in EXTRA.items()}
    manager.get_theme().load_theme(extra)
    manager._demarche_game_theme = True
