"""Survey waves (data/survey.yaml for the baseline; the follow-up named by a `survey` release in the plan):
questions, response options, counts, sample size, fieldwork dates; and the sums the evaluation shows."""

# No `from __future__ import annotations` here: pydantic would compile every string annotation at import.
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from .errors import Problem
from .models import Instant, Slug, Text
from .survey_figures import answered
from .yamlsrc import key_path


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Fieldwork(_Model):
    start: Instant = Field(description="First day of fieldwork, e.g. \"2026-07-06\"")
    end: Instant = Field(description="Last day of fieldwork")


class Question(_Model):
    id: Slug
    text: Text
    options: tuple[Text, ...] = Field(min_length=2, description="Response options, in the order asked")
    counts: tuple[NonNegativeInt, ...] = Field(description="Respondents choosing each option, same order")
    positive: tuple[Text, ...] = Field((), description="Options summed as the headline share, e.g. the two 'agree' options")

    @property
    def answered(self) -> int:
        return answered(self)


class YouSaid(_Model):
    you_said: Text
    we_did: Text


class SurveyWave(_Model):
    sample: bool = Field(description="true while the figures are invented sample figures")
    label: Text = Field(description="How the wave is named on the page, e.g. \"Baseline survey\"")
    fieldwork: Fieldwork
    sample_size: PositiveInt = Field(description="Number of people who took part")
    questions: tuple[Question, ...] = Field(min_length=1)
    you_said_we_did: tuple[YouSaid, ...] = ()

    def check(self, rel: str, doc) -> list[Problem]:
        out: list[Problem] = []

        def problem(loc, message, expected=None, found=None, fix=None):
            out.append(Problem(rel, doc.line(loc), key_path(loc), message, expected, found, fix))

        if self.fieldwork.end < self.fieldwork.start:
            problem(("fieldwork", "end"), "fieldwork ends before it starts", "a date on or after fieldwork.start")
        seen: dict[str, int] = {}
        for i, q in enumerate(self.questions):
            at = ("questions", i)
            if q.id in seen:
                problem(at + ("id",), f"the question id {q.id!r} is used twice (also questions[{seen[q.id]}])",
                        "a unique id", fix="give each question its own id")
            seen.setdefault(q.id, i)
            if len(q.counts) != len(q.options):
                problem(at + ("counts",), "there must be one count per response option",
                        f"{len(q.options)} counts", str(len(q.counts)), "add or remove counts to match 'options'")
            if q.answered > self.sample_size:
                problem(at + ("counts",), "more answers than people who took part",
                        f"counts adding up to at most sample_size ({self.sample_size})", str(q.answered),
                        "check the counts and sample_size")
            if q.answered == 0:
                problem(at + ("counts",), "nobody answered this question", "at least one answer", "0",
                        "check the counts, or remove the question")
            for j, p in enumerate(q.positive):
                if p not in q.options:
                    problem(at + ("positive", j), "not one of this question's options", "one of " + ", ".join(q.options),
                            repr(p), "copy the option's text exactly")
        return out


def check_follow_up(baseline: SurveyWave, wave: SurveyWave, rel: str, doc) -> list[Problem]:
    """The follow-up asks the same questions with the same options, so waves can be compared."""
    out = []
    base = {q.id: q for q in baseline.questions}
    for i, q in enumerate(wave.questions):
        b = base.get(q.id)
        if b is None:
            loc = ("questions", i, "id")
            out.append(Problem(rel, doc.line(loc), key_path(loc), "this question is not in the baseline survey",
                               "one of " + ", ".join(base), repr(q.id), "use the baseline's question id"))
        elif b.options != q.options:
            loc = ("questions", i, "options")
            out.append(Problem(rel, doc.line(loc), key_path(loc), "the options differ from the baseline survey's",
                               ", ".join(b.options), ", ".join(q.options), "ask with the same options so the waves compare"))
    return out
