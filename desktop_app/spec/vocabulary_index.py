"""Finding a vocabulary's term by what a registrar or a file says, and what to say about a
code that is not (or no longer, or not here) a term to offer.

Plain Python, no Qt. Lookups go through dictionaries built once per vocabulary on first
use, so a long vocabulary (ICD-O-3.2: 1,143 morphology and 330 topography codes) costs
nothing at start-up and little per keystroke.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.spec.model import Condition, RetiredTerm, Term, Vocabulary

# British and American spellings find each other: the published ICD-O tables say "tumor",
# registrars in many countries type "tumour", "haemangioma", "oesophagus", "leukaemia".
_SPELLINGS = (("tumour", "tumor"), ("aem", "em"), ("oesoph", "esoph"), ("oedem", "edem"))


def fold(text: str) -> str:
    """Text as search compares it: case, spacing and British/American spelling ignored."""
    folded = " ".join(text.casefold().split())
    for british, american in _SPELLINGS:
        folded = folded.replace(british, american)
    return folded


def names(vocab: Vocabulary, term: Term) -> tuple[str, ...]:
    """Every text a term is known by: what is shown, its label, its synonyms."""
    return (vocab.display(term), term.label, *term.synonyms)


_EXACT: dict[int, tuple[Vocabulary, list[dict[str, tuple[str, ...]]]]] = {}


def _exact_index(vocab: Vocabulary) -> list[dict[str, tuple[str, ...]]]:
    """Folded text -> the codes it names: first by code, label or "code — label", then by a
    synonym (a label wins over another term's synonym). Built once per vocabulary object."""
    cached = _EXACT.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    tiers: list[dict[str, list[str]]] = [{}, {}]
    for term in vocab.terms:
        for tier, texts in enumerate(((term.code, vocab.display(term), term.label),
                                      term.synonyms)):  # fmt: skip
            for text in texts:
                codes = tiers[tier].setdefault(fold(text), [])
                if term.code not in codes:
                    codes.append(term.code)
    built = [{key: tuple(codes) for key, codes in index.items()} for index in tiers]
    _EXACT[id(vocab)] = (vocab, built)
    return built


def exact_codes(vocab: Vocabulary, text: str) -> tuple[str, ...]:
    """The codes `text` names exactly: a code, a label or "code — label", else a synonym."""
    if vocab.term(text.strip()) is not None:
        return (text.strip(),)
    key = fold(text)
    for index in _exact_index(vocab):
        if key in index:
            return index[key]
    return ()


def retired(vocab: Vocabulary, text: str) -> RetiredTerm | None:
    """The older-edition code `text` is, if it is one (8680/1: ICD-O-3, 2000)."""
    return vocab.retired_term(text.strip())


def retired_message(vocab: Vocabulary, code: str) -> str:
    """What to tell the registrar about a stored or imported older-edition code; "" if the
    code is current."""
    old = vocab.retired_term(code)
    if old is None:
        return ""
    said = f"{old.code} ({old.label}) is an {old.edition} code, not one of {vocab.label}"
    now = vocab.term(old.successor) if old.successor else None
    if now is not None:
        return f"{said}: it is now {now.code} ({now.label}). Kept as entered; recode it."
    return f"{said}. Kept as entered; recode it."


def _met(condition: Condition, value: str) -> bool:
    codes = set(value.split("|")) if value else set()
    if condition.filled is not None:
        return bool(value) == condition.filled
    if condition.equals is not None:
        return condition.equals in codes
    return bool(codes & set(condition.in_ or ()))


def offered(term: Term, scope: Mapping[str, str], case: Mapping[str, str]) -> bool:
    """Whether a term is offered where its field is. A term's own show_if (BI-RADS 4A, 4B,
    4C: mammography and ultrasound only) is judged on the entry's values, then the case's,
    once the field it names has a value: before a modality is given nothing is ruled out,
    and a vocabulary used where no such field exists offers every term."""
    if term.show_if is None:
        return True
    name = term.show_if.field
    value = scope[name] if name in scope else case.get(name, "")
    return not value or _met(term.show_if, value)


def not_offered_message(vocab: Vocabulary, code: str, scope: Mapping[str, str],
                        case: Mapping[str, str]) -> str:  # fmt: skip
    """Why a stored code is not one to offer here ("" when it is)."""
    term = vocab.term(code)
    if term is None or offered(term, scope, case) or term.show_if is None:
        return ""
    name = term.show_if.field
    value = scope[name] if name in scope else case.get(name, "")
    return f"{vocab.display(term)} is not a {vocab.label} for {name} '{value}'"


def stored_code_message(vocab: Vocabulary, code: str, scope: Mapping[str, str],
                        case: Mapping[str, str]) -> str:  # fmt: skip
    """The warning beside a stored code: an older edition's code, or a term not offered
    for this entry; "" when there is nothing to say."""
    return retired_message(vocab, code) or not_offered_message(vocab, code, scope, case)


def search_texts(vocab: Vocabulary) -> list[tuple[str, tuple[str, ...]]]:
    """(code, names) of every term, for typing into a choice."""
    return [(term.code, names(vocab, term)) for term in vocab.terms]
