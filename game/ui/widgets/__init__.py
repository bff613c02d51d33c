"""Reusable drawing for the game scenes: text and symbol surfaces, charts, reasons, the offer builder.

Custom drawing goes into surfaces shown by UIImage widgets (the scene's root panel covers the
screen), and every surface is made again only when what it shows changes.
"""
