"""Help: the controls and the rules in brief."""

import pygame

from .menu import MenuScene

CONTROLS = """<font size=4><b>Controls</b></font><br>
<b>Mouse:</b> click a button to use it; hover over any control to see what it does and its shortcut key.<br>
<b>Tab</b> / <b>Shift+Tab</b> or the <b>arrow keys</b>: move the highlight from control to control.<br>
<b>Enter</b> or <b>Space</b>: use the highlighted control.<br>
<b>Esc</b>: go back; in a game, open the pause menu (resume, settings, help, quit).<br>
<b>Letters and numbers</b>: shortcuts, shown in each tooltip in brackets, such as [N] for New game; numbers
 pick from lists.<br>
<b>Page Up</b> / <b>Page Down</b>, <b>Home</b> / <b>End</b>: scroll the text panel under the pointer (the
 log, a reply, the debrief); <b>F6</b> picks another panel to scroll without the mouse.<br>
<b>F5</b>: in a game, reload the scenario file after editing it.<br>
<b>Seed</b>: the same scenario, cone, seed and moves always give the same game, so a class can compare play.<br>
<br>
<font size=4><b>Your turn</b></font><br>
Each turn you have a few action points. Proposing an offer, asking a country what it wants and calling a vote
 cost 1; special actions cost what your cone says. End the turn when you are done; the talks end at the
 deadline without a deal, or when you walk away."""

RULES = """<font size=4><b>The rules in brief</b></font><br>
<b>Offers.</b> An offer sets a position on each issue. A country accepts when the offer is worth at least its
 threshold to it; otherwise it counters or rejects. Its threshold falls only as you move toward it: each of
 your concessions is answered with one of its own, slowly for hard bargainers. Waiting does not pay: silence
 or the same offer again try its patience, which you cannot see but can read ("our patience is wearing thin",
 "we will not wait past turn 7"); kept waiting, it hardens, walks out for a turn, and then leaves the talks.<br>
<b>Their initiative.</b> When you are silent a country puts its own proposal on the table (load it or accept
 it); threatened, it answers with a counter-threat or appeals to its allies. Its counteroffers learn from your
 offers: it gives on what you seem to value more than it does, and says so. In a conference, friends strike
 side deals for votes and blocs hold together or break at the vote.<br>
<b>Reasons.</b> Every answer lists what the offer is worth to the country, issue by issue, with your rewards
 and threats, and the smallest change that would flip it. Hidden interests show as "other concerns" until analyzed.<br>
<b>Rewards and threats.</b> Attach a reward to make an offer worth more; you pay when you deliver, and a
 broken promise costs trust. A threat adds pressure by its harm times its credibility; threats you never
 carry out lose credibility, and making one hurts the relationship.<br>
<b>Relationship and stability.</b> Relationship (-100 to 100) makes a country warmer to your offers.
 Stability (0 to 100) is its government's footing: below 25 it collapses and cannot sign. Public support
 moves stability and every valuation.<br>
<b>Cones.</b> Your career track: Political (analysis, persuasion, whipping), Economic (cheaper, stronger
 economic levers), Management (more points and budget, summits), Consular (visa levers, crisis options),
 Public Diplomacy (campaigns, larger relationship gains).<br>
<b>Votes.</b> In a conference you put a draft to a vote: consensus needs every party, majority more than the
 threshold's share, weighted counts each party's weight. Blocs vote together.<br>
<b>Score.</b> 75 % is how close the deal comes to your objectives, by weight; 15 % your relationships; 10 %
 the region's stability. Broken promises cost 5 points each."""


CONTROLS = CONTROLS.replace("\n", "")
RULES = RULES.replace("\n", "").replace("<br><b>", "<br><br><b>")


class HelpScene(MenuScene):
    title = "Help"
    heading = "Help"
    subheading = "Page Up / Page Down or the wheel scroll the text; F6 picks the other column."

    def build_body(self, rect: pygame.Rect) -> None:
        gap = self.px(16)
        half = (rect.w - gap) // 2
        self.text_box(CONTROLS, (rect.x, rect.y, half, rect.h))
        self.text_box(RULES, (rect.x + half + gap, rect.y, rect.w - half - gap, rect.h))

    def bar_buttons(self):
        return ([("Back", self.app.pop, "Close the help", pygame.K_ESCAPE, None)], [])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.move_focus(1)
