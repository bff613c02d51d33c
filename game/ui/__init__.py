"""The pygame client: scenes that show the engine's state and turn input into engine actions.

Nothing here decides a game rule; everything below game/ui may import pygame, nothing above may.
"""
