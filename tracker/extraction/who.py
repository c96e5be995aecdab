"""Who: the perpetrator and the target of each event mention, and who reported it.

Reads a mention's sentence, its trigger and victims, and the article context; writes ``actor1``,
``actor1_side``, ``actor1_text`` (the perpetrator), the same for ``actor2`` (the target or victims),
``reported_by``, ``actor_sure``, and the sub-event type of a change of control (whose forces took the
place). A perpetrator taken from elsewhere in the article is noted.
"""

from __future__ import annotations

from tracker.actors import Actor, ActorMatch, ActorTagger, default_tagger
from tracker.extraction.context import ArticleContext
from tracker.extraction.mention import Mention

__all__ = ["carry_within_article", "identify"]


def identify(ctx: ArticleContext, m: Mention) -> None:
    """Fill the actor columns of ``m`` from its sentence, else from the article's claim, headline or lead."""
    tagger = default_tagger()
    s, ev, c = m.sentence, m.event, m.columns
    victims = (
        ev.killed.victims
        if ev.killed is not None
        else (ev.injured.victims if ev.injured is not None else None)
    )
    roles = tagger.roles(
        s.text, ctx.lang, trigger=ev.trigger, clauses=m.clauses, victims=victims, when=ctx.published
    )
    actor1 = roles.actor1
    # the weakest rule ("the nearest armed actor in the sentence") may yield to the headline's actor
    m.actor_sure = actor1 is not None and "sentence" not in roles.why.split(";")
    head, note = _carried_actor(ctx, tagger, actor1, roles.actor2, c.get("sub_event_type"))
    if head is not None:
        m.notes.append(note)
        coded = tagger.coded(head.actor, ctx.published)
        c["actor1"], c["actor1_side"] = coded.name or None, coded.side
        c["actor1_text"] = head.text
        actor1 = None
    elif (actor1 is None or not actor1.actor.name) and c.get("country") in (None, "Syria"):
        # protesters, defectors, deaths in detention: the state's victims, in Syria the government forces'
        state = tagger.state_victims(s.text, ctx.lang, trigger=ev.trigger, when=ctx.published)
        if state is not None:
            m.notes.append("perpetrator implied by the victims (protesters, would-be defectors, detainees)")
            c["actor1"], c["actor1_side"] = state.name, state.side
    for n, found in (("1", actor1), ("2", roles.actor2)):
        if found is None:
            continue
        actor = tagger.coded(found.actor, ctx.published)
        c[f"actor{n}"] = actor.name or None  # unregistered names keep their words only
        c[f"actor{n}_side"] = actor.side
        c[f"actor{n}_text"] = m.passage.words(found.start, found.end)
    if (
        c.get("sub_event_type") == "Air/drone strike"
        and c.get("actor1")
        and c.get("actor1_side") == "unknown"
    ):
        # "a bombing campaign": an armed group has no aircraft; unnamed warplanes are the guideline's
        air = tagger.unnamed_air(ctx.lang, ctx.published)
        if air is not None:
            c["actor1"], c["actor1_side"] = air.name, air.side
    if (
        c.get("sub_event_type") == "Armed clash"
        and not c.get("actor1")
        and c.get("country") in (None, "Syria")
    ):
        # a clash that names only the side that lost men or held the line: the other side is its usual foe
        foe = tagger.clash_opponent(ctx.lang, c.get("actor2_side"), ctx.published)
        if foe is not None:
            m.notes.append("the unnamed other side of a clash with the government forces")
            c["actor1"], c["actor1_side"] = foe.name, foe.side
    if c["sub_event_type"] == "Territory":
        c["sub_event_type"] = (
            "Government regains territory"
            if c.get("actor1_side") == "government"
            else "Non-state actor overtakes territory"
        )
        c["event_type"] = "Battles"
    c["reported_by"] = tagger.reporter(s.text, ctx.lang) or ctx.reporter
    if c.get("actor1_side") == "unknown":
        rebels = tagger.state_media_rebels(c["reported_by"], c.get("actor1_text"), ctx.lang, ctx.published)
        if rebels is not None:
            m.notes.append("state media's word for the armed opposition")
            c["actor1"], c["actor1_side"] = rebels.name, rebels.side


def _carried_actor(
    ctx: ArticleContext,
    tagger: ActorTagger,
    actor1: ActorMatch | None,
    actor2: ActorMatch | None,
    sub_event: str | None,
) -> tuple[ActorMatch | None, str]:
    """The perpetrator the article names elsewhere, when the event's own sentence names none or only
    describes it ("air strikes", "a suicide bomber"): a claim of responsibility (not for air strikes), else
    the headline or lead; a description yields only to a named actor of its kind, and never to the event's
    own victims ("a roadside bomb killed five SDF fighters" under "SDF fighters ..." stays unidentified)."""
    if actor1 is not None and actor1.actor.name and not tagger.describes(actor1):
        return None, ""
    described = actor1 if actor1 is not None and actor1.actor.name else None  # "warplanes", "gunmen"
    victim = actor2.actor.id if actor2 is not None and actor2.actor.name else None
    if sub_event != "Air/drone strike":
        claimant = ctx.claimant
        if (
            claimant is not None
            and claimant.actor.id != victim
            and (described is None or tagger.may_name(claimant, described))
        ):
            return claimant, "perpetrator from a claim in the article"
    if described is None:
        head = ctx.article_actor
    else:  # the lead's other sentences may report other attacks: a description yields to the headline only
        head = ctx.title_actor
        if head is not None and (tagger.describes(head) or not tagger.may_name(head, described)):
            head = None
    if head is None or head.actor.id == victim:
        return None, ""
    return head, "perpetrator from the headline or lead"


#: Kinds of attack an article's one named perpetrator is carried to; a bomb or a battle may be another
#: side's (a bombing is carried only by a claim, see ``_carried_actor``).
_CARRIED_KINDS = frozenset(
    {"Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon", "Attack"}
)


def carry_within_article(mentions: list[Mention]) -> None:
    """An event whose perpetrator no words name, or only describe ("12 killed in shelling on Douma"), takes
    the perpetrator the article names for its other events of the same kind, when it names exactly one
    (the article's news, not its background): a description only yields to a named actor of its kind,
    and an event's own target is never its perpetrator."""
    by_name: dict[str, Actor] | None = None  # built when first needed: most articles carry nothing
    for m in mentions:
        c = m.columns
        kind = c.get("sub_event_type")
        if m.background or kind not in _CARRIED_KINDS or c.get("actor1_side") not in (None, "unknown"):
            continue
        named = {
            o.columns.get("actor1")
            for o in mentions
            if o is not m
            and not o.background
            and o.columns.get("sub_event_type") == kind
            and o.columns.get("actor1_side") not in (None, "unknown")
        }
        if len(named) != 1:
            continue
        name = next(iter(named))
        if by_name is None:
            by_name = {a.name: a for a in default_tagger().actors.values()}
        actor, described = by_name.get(name or ""), by_name.get(c.get("actor1") or "")
        if actor is None or name == c.get("actor2"):
            continue
        if described is not None and (actor.actor_type in (1, 8)) != (described.actor_type in (1, 8)):
            continue  # "a car bomb" in a report of state shelling: another attacker
        c["actor1"], c["actor1_side"] = actor.name, actor.side
        m.notes.append("perpetrator from the article's other attacks of this kind")
