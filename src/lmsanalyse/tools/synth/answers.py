"""Who answered the questionnaire, and what the call round found for everyone else.

Shared by the 2014/15 world (:mod:`.world`) and the 2025 wave (:mod:`.wave2025`): the same
logic with each wave's counts (:class:`AnswerPlan`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import World


@dataclass(frozen=True)
class AnswerPlan:
    """The counts a wave's answers are dealt by.

    Attributes:
        respondents: units that answered the questionnaire (the rest are called).
        radmann_hosts: hosts of interviewed services found through the questionnaire.
        ja_uten_tjeneste: rådmenn answering ``Ja`` where no service was interviewed.
        vet_ikke, blank: further respondents answering ``Vet ikke`` or nothing.
        har_tjeneste_uten_intervju: units the call round says have a service, never
            interviewed.
        uavklart: units the call round left unresolved (besides participants).
    """

    respondents: int
    radmann_hosts: int
    ja_uten_tjeneste: int
    har_tjeneste_uten_intervju: int
    uavklart: int
    vet_ikke: int = 10
    blank: int = 5


def deal(labels: dict[str, int], n: int, rng: random.Random) -> list[str]:
    """A shuffled list of ``n`` labels with exactly the given counts."""
    out = [label for label, k in labels.items() for _ in range(k)]
    assert len(out) == n, (labels, n)
    rng.shuffle(out)
    return out


def assign_answers(world: World, rng: random.Random, plan: AnswerPlan) -> None:
    """Decide each unit's questionnaire answer or call-round outcome."""
    all_units = sorted(world.units["enhet_id"])
    hosts = sorted({s.host for s in world.services})
    included_ids = {id(s) for s in world.services if s.intended == "inkludert"}
    participants = sorted(
        {u for s in world.services for u in s.participants if u != s.host} - set(hosts)
    )
    included_participants = {
        u for s in world.services if id(s) in included_ids for u in s.participants if u != s.host
    }
    rng.shuffle(hosts)
    radmann_hosts = set(hosts[: plan.radmann_hosts])
    call_hosts = set(hosts[plan.radmann_hosts :])
    part_shuffled = participants[:]
    rng.shuffle(part_shuffled)
    half = len(part_shuffled) * 9 // 20
    radmann_parts, call_parts = part_shuffled[:half], part_shuffled[half:]

    for u in radmann_hosts:
        world.radmann_answer[u] = "Ja"
    for k, u in enumerate(radmann_parts):
        # Participants' rådmenn: mostly Ja; some say Nei (a conflict the audit flags).
        world.radmann_answer[u] = (
            "Nei" if k < 4 and u in included_participants else ("Vet ikke" if k < 6 else "Ja")
        )
    others = [
        u
        for u in all_units
        if u not in world.radmann_answer and u not in call_hosts and u not in call_parts
    ]
    rng.shuffle(others)
    n_rest = plan.respondents - len(world.radmann_answer)
    rest = others[:n_rest]
    labels = deal(
        {
            "Ja": plan.ja_uten_tjeneste,
            "Vet ikke": plan.vet_ikke,
            "": plan.blank,
            "Nei": n_rest - plan.ja_uten_tjeneste - plan.vet_ikke - plan.blank,
        },
        n_rest,
        rng,
    )
    world.radmann_answer.update(zip(rest, labels, strict=True))
    callees = sorted(set(all_units) - set(world.radmann_answer))
    for u in call_hosts:
        world.call_outcome[u] = "har tjeneste"
    for k, u in enumerate(sorted(call_parts)):
        world.call_outcome[u] = (
            "har ikke tjeneste" if k < 3 else ("uavklart" if k < 6 else "har tjeneste")
        )
    free = [u for u in callees if u not in world.call_outcome]
    rng.shuffle(free)
    n_free = len(free)
    labels = deal(
        {
            "har tjeneste": plan.har_tjeneste_uten_intervju,
            "uavklart": plan.uavklart,
            "har ikke tjeneste": n_free - plan.har_tjeneste_uten_intervju - plan.uavklart,
        },
        n_free,
        rng,
    )
    world.call_outcome.update(zip(free, labels, strict=True))
    assert len(world.radmann_answer) == plan.respondents
    assert len(world.call_outcome) == len(all_units) - plan.respondents
