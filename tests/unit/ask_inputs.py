"""Varied /ask-draft inputs as new members type them, and a survey of the drafts they get.

Run the survey (the shares reported in issue #18):
    .venv/bin/python -m tests.unit.ask_inputs [count] [seed]
"""

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from slackbot.domain.ask_checks import WORDS_AIM, WORDS_MAX, words
from slackbot.domain.drafting import AskInputs, Channel, ConnectionKind, draft_ask

# Up to this many words of the member's own text, a draft under 75 words always exists
# without shortening them: the shortest form adds at most 19 words of its own.
ROOM_WORDS = 55

CONTACT_NAMES = (
    "Jane Doe",
    "José Álvarez",
    "Siobhán O'Connor",
    "王小明",
    "Nguyễn Thị Minh Khai",
    "D'Angelo Russell",
    "Dr. Ada Okafor",
    "Anne-Marie Dubois",
    "Kim Min-jun",
    "Zoë Saldaña",
    "Priya Raghunathan",
    "Mary-Kate O'Neil-Smith",
    "Björn Ångström",
    "Oluwaseun Adeyemi",
)
COMPANIES = (
    "Acme",
    "AT&T",
    "Ben & Jerry's",
    "L'Oréal",
    "株式会社メルカリ",
    "Procter & Gamble",
    "Deutsche Bahn AG",
    "the New York Times",
    "Médecins Sans Frontières",
    None,
)
MEMBER_NAMES = (
    "Alice Moreau",
    "Zoë",
    "Dương Văn Minh",
    "Seo-yeon Park",
    "Mary O'Brien",
    "Ngozi Okonkwo-Bell",
    "陈静",
)


@dataclass(frozen=True)
class Typed:
    """What a member typed, and how the draft must read it."""

    typed: str
    reads: str


CONNECTIONS: dict[ConnectionKind, tuple[Typed, ...]] = {
    ConnectionKind.ALUMNI: (
        Typed("State University", "State University"),
        Typed("alumni of State University", "State University"),
        Typed("State U alum", "State U"),
        Typed("We both studied at Azusa Pacific", "Azusa Pacific"),
        Typed("Universidade de São Paulo", "Universidade de São Paulo"),
        Typed("Le Wagon bootcamp", "Le Wagon bootcamp"),
        Typed("the University of Michigan, class of 2019", "University of Michigan"),
        Typed("Université de Montréal.", "Université de Montréal"),
        Typed("School: Howard University", "Howard University"),
        Typed("graduate of Georgia Tech", "Georgia Tech"),
        Typed("Tsinghua University graduates", "Tsinghua University"),
        Typed("went to Spelman College", "Spelman College"),
    ),
    ConnectionKind.REFERRAL: (
        Typed("Bob Lee", "Bob Lee"),
        Typed("referred by Bob Lee", "Bob Lee"),
        Typed("Referred by Zoë Saldaña", "Zoë Saldaña"),
        Typed("introduced by Kenji Watanabe", "Kenji Watanabe"),
        Typed("Siobhán O'Connor", "Siobhán O'Connor"),
        Typed("my manager Priya", "my manager Priya"),
        Typed("Referral: Ana Lúcia Ferreira", "Ana Lúcia Ferreira"),
        Typed("李娜", "李娜"),
    ),
    ConnectionKind.COMMUNITY: (
        Typed("PyLadies Berlin", "PyLadies Berlin"),
        Typed("shared community: PyLadies Berlin", "PyLadies Berlin"),
        Typed("Women in Data", "Women in Data"),
        Typed("member of Lesbians Who Tech", "Lesbians Who Tech"),
        Typed("the Rust community", "the Rust community"),
        Typed("We're both in Toastmasters", "Toastmasters"),
        Typed("AT&T Women's Network", "AT&T Women's Network"),
        Typed("Out in Tech", "Out in Tech"),
        Typed("Community: Black Girls Code", "Black Girls Code"),
        Typed("fellow members of Mind the Product", "Mind the Product"),
    ),
    ConnectionKind.NONE: (Typed("", ""),),
}
WHO_I_AM = (
    Typed("career switcher from teaching", "I'm a career switcher from teaching"),
    Typed("I'm a data analyst moving into UX research.", "I'm a data analyst moving into UX"),
    Typed("a nurse exploring health tech", "I'm a nurse exploring health tech"),
    Typed("Im a recent grad", "I'm a recent grad"),
    Typed("MBA student at Wharton", "I'm an MBA student at Wharton"),
    Typed("I work in retail and want to learn product", "I work in retail and want to"),
    Typed("ex-teacher", "I'm an ex-teacher"),
    Typed("based in Lisbon, learning front-end development", "I'm based in Lisbon"),
    Typed("aspiring product designer", "I'm an aspiring product designer"),
    Typed("UX designer with a background in theatre", "I'm a UX designer with"),
    Typed("I am a self-taught developer", "I'm a self-taught developer"),
    Typed("东京大学的研究生", "I'm 东京大学的研究生"),
    Typed("currently a paralegal", "I'm currently a paralegal"),
    Typed("HR generalist turning to people analytics", "I'm an HR generalist"),
    Typed(
        "a former high school chemistry teacher of twelve years who has spent the last "
        "year teaching myself Python and SQL at night",
        "I'm a former high school chemistry teacher",
    ),
    Typed(
        "an accountant at a mid-sized firm in Lagos, now retraining in data engineering "
        "through an evening bootcamp with a capstone on payments",
        "I'm an accountant at a mid-sized firm in Lagos",
    ),
)
INTEREST_NARROW = (
    Typed("how your team runs usability studies", "how your team runs usability studies"),
    Typed("I'd like to learn how you moved from consulting", "how you moved from consulting"),
    Typed("what a typical week looks like for you", "what a typical week looks like for you"),
    Typed("your path from finance into climate tech", "your path from finance into climate"),
    Typed("how AT&T's network teams plan capacity", "how AT&T's network teams plan capacity"),
    Typed("learn about your research ops setup", "your research ops setup"),
    Typed("what skills matter most in your first year", "what skills matter most"),
    Typed(
        "how you decide which experiments to run when traffic is low, which metrics you "
        "trust, and how you explain null results to leadership without losing momentum",
        "how you decide which experiments to run",
    ),
)
INTEREST_BROAD = (
    Typed("UX research", "UX research"),
    Typed("a career in product management", "product management"),
    Typed("climate tech", "climate tech"),
    Typed("health tech.", "health tech"),
    Typed("data engineering", "data engineering"),
    Typed("the field of public health policy", "public health policy"),
    Typed("人工智能", "人工智能"),
    Typed(
        "sustainable supply chains and the logistics software that runs them, "
        "especially in food and agriculture",
        "sustainable supply chains",
    ),
)


@dataclass(frozen=True)
class Example:
    """One generated ask: the inputs, what the member typed, the version asked for."""

    inputs: AskInputs
    connection: Typed
    who: Typed
    narrow: Typed
    broad: Typed
    variant: int

    @property
    def own_words(self) -> int:
        """How many words of the draft are the member's own (names included)."""
        texts = [
            self.inputs.first_name,
            self.inputs.member_name,
            self.connection.typed,
            self.who.typed,
            self.narrow.typed,
            self.broad.typed,
        ]
        if self.inputs.connection is ConnectionKind.NONE:
            texts.append(self.inputs.company or "")
        return sum(len(words(text)) for text in texts)

    @property
    def has_room(self) -> bool:
        return self.own_words <= ROOM_WORDS


def example(rng: random.Random) -> Example:
    kind = rng.choice(list(ConnectionKind))
    connection, who = rng.choice(CONNECTIONS[kind]), rng.choice(WHO_I_AM)
    narrow, broad = rng.choice(INTEREST_NARROW), rng.choice(INTEREST_BROAD)
    inputs = AskInputs(
        contact_name=rng.choice(CONTACT_NAMES),
        company=rng.choice(COMPANIES),
        connection=kind,
        connection_detail=connection.typed,
        who_i_am=who.typed,
        interest_narrow=narrow.typed,
        interest_broad=broad.typed,
        member_name=rng.choice(MEMBER_NAMES),
        channel=rng.choice(list(Channel)),
    )
    return Example(inputs, connection, who, narrow, broad, rng.randrange(6))


def examples(count: int, seed: int = 18) -> list[Example]:
    rng = random.Random(seed)
    return [example(rng) for _ in range(count)]


@dataclass(frozen=True)
class Survey:
    count: int
    under_max: int
    with_room: int
    with_room_under_aim: int
    under_aim: int
    median_words: float

    def report(self) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "none"

        return "\n".join(
            [
                f"asks drafted: {self.count} (versions 0-5)",
                f"under {WORDS_MAX} words: {share(self.under_max, self.count)}",
                f"inputs leaving room (<= {ROOM_WORDS} own words): "
                f"{share(self.with_room, self.count)}",
                f"  of those, under {WORDS_AIM} words: "
                f"{share(self.with_room_under_aim, self.with_room)}",
                f"under {WORDS_AIM} words overall: {share(self.under_aim, self.count)}",
                f"median length: {self.median_words} words",
            ]
        )


def survey(sample: Sequence[Example]) -> Survey:
    lengths = [(len(words(draft_ask(e.inputs, e.variant).body)), e.has_room) for e in sample]
    ordered = sorted(length for length, _ in lengths)
    middle = len(ordered) // 2
    median = (ordered[middle] + ordered[~middle]) / 2 if ordered else 0.0
    return Survey(
        count=len(lengths),
        under_max=sum(length < WORDS_MAX for length, _ in lengths),
        with_room=sum(room for _, room in lengths),
        with_room_under_aim=sum(room and length < WORDS_AIM for length, room in lengths),
        under_aim=sum(length < WORDS_AIM for length, _ in lengths),
        median_words=median,
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 18
    sample = examples(count, seed)
    print(survey(sample).report())
    print("\nEmail asks only:")
    print(survey([e for e in sample if e.inputs.channel is Channel.EMAIL]).report())
