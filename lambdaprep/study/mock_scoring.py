"""Honest rubric hints and red flags for typed mock-interview answers. No Textual here.

The candidate grades their own answer; this module only *suggests*. For each rubric
point it reports which of the point's ideas (phrase groups) the answer seems to
mention, and it points out red flags (outdated or wrong claims) the answer contains.

Rules that keep the hints honest:

- A phrasing matches as a run of words, each answer word starting with the phrasing's
  word (``concurren`` matches "concurrency"); case and punctuation are ignored.
- Words of the prompt, and common English stop words, are never evidence: a phrasing
  counts only through a word that no prompt word and no stop word starts with. So an
  answer that repeats the question ("provisioned", "java") proves nothing.
- A red flag is reported whenever one of its phrase groups appears within one sentence,
  whatever else the answer says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["STOP_WORDS", "Hint", "given_words", "point_hint", "red_flags_hit", "words"]

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing done down during each either else even ever few for from further get gets
    got had has have having he her here hers him his how i if in into is it its itself just know let like may maybe me
    might more most much must my no nor not now of off often on once one only or other our ours out over own per
    perhaps probably quite rather really said same say says see she should so some such than that the their theirs
    them then there these they thing things think this those though through to too under until up upon us use used
    using very via want was way we well were what when where whether which while who whom why will with within without
    would yes yet you your yours
    check bad good etc ok okay sure dont don t s
    """.split()
)
"""Words that never count as evidence (with the prompt's own words)."""

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def words(text: str) -> list[str]:
    """Lower-case words and numbers: ``"1,000 GB-s"`` → ``["1", "000", "gb", "s"]``."""
    return _WORD.findall(text.lower())


def given_words(*texts: str) -> frozenset[str]:
    """Words that can never be evidence for a prompt: its own words plus the stop words."""
    out: set[str] = set(STOP_WORDS)
    for t in texts:
        out.update(words(t))
    return frozenset(out)


def _given(word: str, given: frozenset[str]) -> bool:
    """True when ``word`` would match a given word (some given word starts with it)."""
    if word in given:
        return True
    return any(g.startswith(word) for g in given if len(g) > len(word))


def _find(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if not n or n > len(hay):
        return False
    for i in range(len(hay) - n + 1):
        if all(hay[i + j].startswith(needle[j]) for j in range(n)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Hint:
    """What the answer seems to mention for one rubric point."""

    found: tuple[str, ...]
    """The phrasing that matched, one per idea found."""
    ideas: int
    """How many ideas (phrase groups) the point has."""

    @property
    def level(self) -> float:
        """0 (nothing found) to 1 (every idea found)."""
        return len(self.found) / self.ideas if self.ideas else 0.0

    @property
    def label(self) -> str:
        if not self.ideas:
            return ""
        if not self.found:
            return "not found"
        return "mentions " + ", ".join(self.found) if len(self.found) == self.ideas else f"partly: {', '.join(self.found)}"


def point_hint(answer: str | Sequence[str], groups: Iterable[Sequence[str]], given: frozenset[str]) -> Hint:
    """The hint for one rubric point: which of its ``groups`` the answer mentions.

    ``given`` (from :func:`given_words`) holds the prompt's words and the stop words;
    a phrasing made only of them can never match.
    """
    hay = words(answer) if isinstance(answer, str) else list(answer)
    found: list[str] = []
    n = 0
    for group in groups:
        n += 1
        for phrase in group:
            ws = words(phrase)
            if ws and any(not _given(w, given) for w in ws) and _find(hay, ws):
                found.append(phrase)
                break
    return Hint(tuple(found), n)


def red_flags_hit(answer: str, flags: Iterable[Sequence[Sequence[str]]]) -> list[int]:
    """Indices of the red flags (each a list of phrase groups) that ``answer`` contains.

    A group of one phrase matches anywhere; a group of several matches when all of them
    appear in one sentence.
    """
    whole = words(answer)
    sentences = [words(s) for s in _SENTENCE.split(answer) if s.strip()]
    hit: list[int] = []
    for i, groups in enumerate(flags):
        for group in groups:
            needles = [words(p) for p in group]
            needles = [n for n in needles if n]
            if not needles:
                continue
            if len(needles) == 1:
                ok = _find(whole, needles[0])
            else:
                ok = any(all(_find(s, n) for n in needles) for s in sentences)
            if ok:
                hit.append(i)
                break
    return hit
