"""A small conference written for tests: three parties on one issue x, where a and b (friends) want x high
and c wants it low, with a gift that can buy a vote and a slap. Tests vary its deadline, c's weight, the
levers' strength and the conference block."""

MAJORITY = "conference:\n  rule: majority\n  threshold: 0.5\n"


def three_parties(*, deadline: int = 6, c_capability: float = 0.3, gift_value: float = 0.3, slap_harm: float = 0.2,
                  conference: str = MAJORITY) -> str:
    return f"""
schema_version: 1
id: trio
title: "Trio"
kind: multilateral
difficulty: easy
summary: "Three parties, one issue."
briefing: "Test."
lesson: "Test."
player:
  country: Testland
  budget: 100
  deadline: {deadline}
  objectives:
    - {{issue: x, weight: 1.0, ideal: 100, target: 60, description: "High x."}}
issues:
  - {{type: range, id: x, name: "X", description: "The x.", min: 0, max: 100, step: 10}}
countries:
  - {{id: a, name: Aland, color: "#aa1111", capability: 0.3, stability: 60, relationship: 0, relations: {{b: 60}},
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {{x: {{weight: 1.0, ideal: 100}}}}}}
  - {{id: b, name: Bland, color: "#22aa22", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {{x: {{weight: 1.0, ideal: 100}}}}}}
  - {{id: c, name: Cland, color: "#3333aa", capability: {c_capability}, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {{x: {{weight: 1.0, ideal: 0}}}}}}
rewards:
  - {{id: gift, name: "Gift", domain: aid, cost: 10, value: {gift_value}, description: "A gift."}}
threats:
  - {{id: slap, name: "Slap", domain: censure, harm: {slap_harm}, credibility: 0.5, execution_cost: 5,
     relationship_cost: 10, stability_cost: 2, description: "A slap."}}
{conference}"""


def weighty_c(rule: str = "majority", conference: str = "threshold: 0.5") -> str:
    """The variant most conference tests use: four turns, c three times as capable as a or b, weaker levers."""
    return three_parties(deadline=4, c_capability=0.9, gift_value=0.1, slap_harm=0.1,
                         conference=f"conference:\n  rule: {rule}\n  {conference}\n")
