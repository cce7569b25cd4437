"""heartline's own themes, registered with Textual: pick them in ctrl+p, Theme (remembered)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = "heartline-high-contrast"

# White on black with pure, bright signal colours: every text colour here is at least 7:1
# against the background (WCAG AAA). Muted text is not dimmed, and each partner keeps a
# hue of their own (rose, sky blue), each 9:1 or more.
THEMES = (
    Theme(
        name=HIGH_CONTRAST,
        dark=True,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1C1C1C",
        boost="#333333",
        warning="#FFD700",
        error="#FF8080",
        success="#00FF7F",
        variables={
            "partner-a": "#FF9EC4",
            "partner-b": "#8FD3FF",
            "text-muted": "#FFFFFF",
            "text-primary": "#FFFF00",
            "text-secondary": "#00FFFF",
            "text-accent": "#FFFF00",
            "text-warning": "#FFD700",
            "text-error": "#FF8080",
            "text-success": "#00FF7F",
            "foreground-muted": "#FFFFFF",
            "border": "#FFFFFF",
            "border-blurred": "#BBBBBB",
            "footer-key-foreground": "#FFFF00",
            "footer-description-foreground": "#FFFFFF",
            "input-cursor-background": "#FFFF00",
            "input-cursor-foreground": "#000000",
            "input-selection-background": "#0000AA",
            "block-cursor-background": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": "#444444",
            "block-cursor-blurred-foreground": "#FFFFFF",
            "scrollbar": "#BBBBBB",
            "scrollbar-hover": "#FFFFFF",
            "scrollbar-background": "#1C1C1C",
        },
    ),
)
