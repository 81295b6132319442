"""Fitting the member's own words into a draft's sentences: a small set of explicit rules.

Every draft (ask, follow-up, second contact, thank-you, the prep pack's introduction) slots
what the member typed through these functions, so "alumni of State U" reads "a fellow
State U alum" everywhere. Each rule only removes words the sentence already says (a label
such as "community:", a leading "I'm", a prefix the template repeats, a final full stop) or
adds "a"/"an" before a description that needs one; none changes the letters of a name.
Every function is idempotent: applying it twice changes nothing more.
"""

import re
from datetime import date

from slackbot.domain.ask_checks import WORD
from slackbot.domain.text import clean_line

_FINAL_PUNCTUATION = re.compile(r"[\s.!?;:,\u2026\u3002\uff01\uff1f]+$")
_OPEN_QUOTES = "\"'\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\"'\u201d\u2019\u00bb"


def _apply(patterns: tuple[re.Pattern[str], ...], text: str) -> str:
    """Strip every matching prefix or suffix, again and again, until none matches."""
    while True:
        before = text
        for pattern in patterns:
            text = pattern.sub("", text).strip(" ,")
        if text == before:
            return text


def _rules(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(source, re.I) for source in sources)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def phrase(text: str | None) -> str:
    """Typed words ready to sit inside a sentence: one line, no final punctuation.

    "UX research." -> "UX research"; "How do you hire?" -> "How do you hire"."""
    return _FINAL_PUNCTUATION.sub("", clean_line(text))


# A label typed before the thing itself: "shared community: PyLadies Berlin".
_LABEL = (
    r"^(?:(?:our|the|a|shared|common|mutual)\s+)*"
    r"(?:community|group|club|network|organi[sz]ation|association|society|meetup|"
    r"school|university|college|program(?:me)?|alma mater|alumni|"
    r"referral|referrer|referred by|introduced by|connection|how we met|via|through)"
    r"(?:\s*:\s*|\s+[\u2013\u2014-]\s+)"
)
# "We're both in ...", "we both studied at ...": the template already says "both".
_BOTH = (
    r"^(?:we\s*(?:'re|\u2019re|\s+are)?\s+)?both(?:\s+of\s+us)?\s+"
    r"(?:(?:in|at|from|part\s+of|members?\s+of|belong\s+to)\s+)?"
)
_ALUMNI_RULES = _rules(
    _LABEL,
    _BOTH,
    r"^(?:an?\s+)?fellow\s+",
    r"^(?:an?\s+)?(?:alumni|alumnus|alumna|alumnae|alums?|graduates?|grads?)\s+(?:of|from)\s+",
    r"^(?:studied|went|graduated|attended)\s+(?:(?:at|to|from|in)\s+)?",
    r"^the\s+",
    r"\s+(?:alumni|alumnus|alumna|alumnae|alums?|graduates?|grads?)$",
    r",?\s+class of\s+'?\d{2,4}$",
)
_COMMUNITY_RULES = _rules(
    _LABEL,
    _BOTH,
    r"^(?:an?\s+)?fellow\s+",
    r"^(?:an?\s+)?(?:members?|part|participants?)\s+(?:of|in)\s+",
    r"^(?:met|meet)\s+(?:at|through|via|in|on)\s+",
    r"^(?:belong|volunteer|go)\s+(?:to|at|with)\s+",
    r"^(?:via|through)\s+",
    r"\s+members?$",
)
_REFERRAL_RULES = _rules(
    _LABEL,
    r"^(?:was\s+)?(?:referred|introduced|recommended|suggested|sent)\s+(?:me\s+)?"
    r"(?:by|from|through|via)\s+",
    r"^(?:an?\s+)?(?:referral|intro|introduction|recommendation)\s+(?:from|by|via|through)\s+",
    r"^(?:via|through|from)\s+",
    r"\s+(?:referred|suggested|recommended|introduced)\b.*$",
)
_CONNECTION_RULES = {
    "alumni": _ALUMNI_RULES,
    "community": _COMMUNITY_RULES,
    "referral": _REFERRAL_RULES,
}


def connection_subject(kind: str, detail: str | None) -> str:
    """The shared thing alone, as the opener needs it, for a connection kind's value.

    alumni: "alumni of State University" -> "State University", "We both studied at
    Azusa Pacific" -> "Azusa Pacific"; community: "shared community: PyLadies Berlin" ->
    "PyLadies Berlin"; referral: "referred by Bob Lee" -> "Bob Lee". What is left when
    nothing but a label was typed is the empty string."""
    return _apply(_CONNECTION_RULES.get(kind, ()), phrase(detail))


# Words after which a description reads without an article ("I'm currently ...").
_NO_ARTICLE_WORDS = _word_set(
    "a an the one my our your his her their this that these those some any every each "
    "all both no not someone somebody anyone here there part from in at on with into of "
    "about between among also now still currently originally formerly recently just "
    "really very quite mostly fully newly soon nearly almost already always self-employed "
    "two three four five six seven eight nine ten twelve twenty over under"
)
# Adjectives read without an article before a preposition ("new to tech") or alone.
_PREDICATIVE = _word_set(
    "new passionate curious keen fresh eager happy open active fluent ready deep back "
    "comfortable good great strong big familiar proud"
)
_PREPOSITIONS = _word_set(
    "in to about on at as from with by for into of out after over through within"
)
# "-ing" words that describe a person before a noun ("an aspiring designer").
_ING_ADJECTIVES = _word_set(
    "aspiring budding rising practicing practising recovering graduating promising "
    "hardworking hard-working outgoing upcoming"
)
_FIRST_PERSON = _word_set("i i've i'd i'll my")
_SELF_INTRO = re.compile(
    r"^(?:(?:hi|hello|hey)\b[\s,!.]*)?(?:i\s+am|i\s*['\u2019]\s*m|im)\b[\s,:]*", re.I
)
# Silent "h" and vowels sounding "you"/"wun": the article follows the sound, not the letter.
_AN_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)
_A_SOUND = re.compile(r"^(?:uni|use|usu|uti|ura|euro?|eu|one|once|ux)", re.I)
_AN_LETTERS = frozenset("AEFHILMNORSX")  # acronyms are read letter by letter: "an MBA"
_AN_NUMBERS = re.compile(r"^(?:8|11|18)(?!\d)|^8\d")


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(",;:") if text.split() else ""


def _needs_article(text: str) -> bool:
    words = text.split()
    first = words[0].strip(",;:").replace("\u2019", "'")
    key = first.casefold()
    after = words[1].strip(",;:").casefold() if len(words) > 1 else ""
    if not (first[0].isascii() and first[0].isalnum()):
        return False  # a word we cannot judge (another script, a symbol): as typed
    if first[0].isdigit():
        return "-" in first  # "a 20-year veteran", but "5 years into data work"
    if key in _NO_ARTICLE_WORDS:
        return False
    if first.isupper() and len(first) > 1:
        return True  # an acronym: "an MBA student", "a UX designer"
    before_comma = text.split(",", 1)[0].split()
    if "," in text and all(w[0].isupper() for w in before_comma):
        return False  # "Maria, a data analyst"
    if key in _PREDICATIVE:
        return after not in _PREPOSITIONS and bool(after)
    if key.endswith("ing"):
        return key in _ING_ADJECTIVES
    if key.endswith("ed"):
        return bool(after) and after not in _PREPOSITIONS  # "a retired teacher", "based in"
    return True


def _article(word: str) -> str:
    if word.isupper() and len(word) > 1 and word.isalpha():
        return "an" if word[0] in _AN_LETTERS else "a"
    if word[0].isdigit():
        return "an" if _AN_NUMBERS.match(word) else "a"
    if _AN_SOUND.match(word):
        return "an"
    if _A_SOUND.match(word):
        return "a"
    return "an" if word[0].lower() in "aeiou" else "a"


def self_introduction(who: str | None) -> str:
    """The member's one line as a clause of their own, without the final full stop.

    "career switcher from teaching" -> "I'm a career switcher from teaching";
    "I'm a nurse." -> "I'm a nurse"; "I work in finance" stays as typed; "" -> ""."""
    text = self_description(who)
    if not text:
        return ""
    if _first_word(text).casefold().replace("\u2019", "'") in _FIRST_PERSON:
        return text[0].upper() + text[1:]  # their own sentence: "I work in finance"
    if _needs_article(text):
        text = f"{_article(_first_word(text))} {text}"
    return f"I'm {text}"


def self_description(who: str | None) -> str:
    """What follows "I'm", as stored from the form: "I'm a nurse." -> "a nurse"."""
    return _SELF_INTRO.sub("", phrase(who)).lstrip(" ,;:")


_LEARNING_RULES = _rules(
    r"^(?:i\s*(?:'d|\u2019d| would)\s+(?:like|love)|i\s+(?:want|hope|wish))\s+to\s+"
    r"(?:learn|know|hear|understand|ask)\s+",
    r"^(?:to\s+)?(?:learn|learning|know|hear|understand)\s+(?:more\s+)?(?:about\s+)?",
    r"^more\s+about\s+",
    r"^about\s+",
    # "what to study from you": the sentence around it already says whose view it is.
    r"\s+from\s+(?:you|them|him|her)$",
)
_FIELD_RULES = _rules(
    r"^(?:i\s*(?:'m|\u2019m| am)\s+)?(?:exploring|interested in|curious about|looking into|"
    r"moving into|switching (?:in)?to|getting into|breaking into)\s+",
    r"^(?:an?\s+)?(?:career|careers|job|work|working)\s+in\s+",
    r"^the\s+(?:field|world|area)\s+of\s+",
)


def learning_goal(text: str | None) -> str:
    """What they want to learn, to follow "your view on": "I'd like to learn about how
    you hire" -> "how you hire"."""
    return _apply(_LEARNING_RULES, phrase(text)) or phrase(text)


_QUESTION_WORD = re.compile(r"^(?:how|what|why|which|where|when|who|whether|if)\b", re.I)


def to_learn(topic: str) -> str:
    """What follows "to learn": "how you hire" as it is, "your path" -> "about your path"."""
    return topic if _QUESTION_WORD.match(topic) else f"about {topic}"


def field_of_interest(text: str | None) -> str:
    """The broad field, to follow "I'm exploring": "a career in UX research" -> "UX research"."""
    return _apply(_FIELD_RULES, phrase(text)) or phrase(text)


_COMMON_START = _word_set("my our a an the one")


def sentence_start(text: str) -> str:
    """Capitalise a phrase that opens a sentence when it starts with a common word
    ("my manager Bob" -> "My manager Bob"); a name is left exactly as typed."""
    if _first_word(text).casefold() in _COMMON_START:
        return text[0].upper() + text[1:]
    return text


# Common words a phrase may open with, lowercased inside a sentence (a name stays as typed).
_CONTINUED_START = _COMMON_START | _word_set(
    "your we're we as through fellow in how what why which where when who whether if"
)


def mid_sentence(text: str) -> str:
    """A phrase that goes on inside a sentence, without the capital it was typed or
    written with: "Hi Jane, your work…", "I'm hoping to learn how you hire"."""
    if _first_word(text).casefold() in _CONTINUED_START:
        return text[0].lower() + text[1:]
    return text


def possessive(name: str) -> str:
    """'Acme's', and 'Acme Robotics'' for a name that ends in s."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def spoken_date(day: date, today: date) -> str:
    """'November 18' as a message says it; with the year when it is not this year."""
    return f"{day:%B} {day.day}" + (f", {day.year}" if day.year != today.year else "")


# What members type in a company field when they do not know it.
_NO_COMPANY = _word_set("n/a na none unknown tbd ? - -- \u2013 ...") | {
    "not sure",
    "your company",
    "their company",
    "don't know",
}


def known_company(text: str | None) -> str:
    """The company as typed, or "" when what was typed says it is unknown ("n/a")."""
    company = phrase(text)
    return "" if company.casefold() in _NO_COMPANY else company


def attributive(company: str) -> str:
    """A company name before a noun ("your New York Times work"); none, "" ("your work")."""
    return re.sub(r"^the\s+", "", company, flags=re.I) if company else ""


_TITLES = _word_set("dr dr. prof prof. professor mr mr. mrs mrs. ms ms. mx mx.")


def greeting_name(contact_name: str, fallback: str = "there") -> str:
    """How to greet them: the first name, or title and surname ("Dr. Okafor")."""
    parts = clean_line(contact_name).split()
    if len(parts) > 1 and parts[0].casefold() in _TITLES:
        return f"{parts[0]} {parts[-1]}"
    return parts[0] if parts else fallback


def quotation(text: str) -> str:
    """Their words quoted once, ending with one mark: 'Ship small.' -> “Ship small.”"""
    inner = clean_line(text)
    while True:
        inner = re.sub(r"[\s.;:,\u2026]+$", "", inner)
        if len(inner) < 2 or inner[0] not in _OPEN_QUOTES or inner[-1] not in _CLOSE_QUOTES:
            break
        inner = inner[1:-1].strip()
    ending = "" if inner.endswith(("?", "!")) else "."
    return f"\u201c{inner}{ending}\u201d"


_CLAUSE_BREAK = re.compile(
    r"\s*[,;:(\u2013\u2014]\s*|\s+-\s+|"
    r"\s+(?:and|but|or|who|which|where|while|with|after|because|since|so|to)\s+",
    re.I,
)
_DANGLING = re.compile(
    r"(?:[\s,;:(\u2013\u2014-]+(?:and|or|but|of|the|a|an|to|in|at|for|with|from|my|your|"
    r"on|by|as|who|which|into|about))+$",
    re.I,
)
_NEAR = 3  # a clause break at most this many words before the cut is the better place


def shortened(text: str, max_words: int) -> str:
    """At most `max_words` of the text: cut at a clause break when one is near, else after
    a whole word, and never ending on "and", "of", "the"..."""
    ends = [match.end() for match in WORD.finditer(text)]
    if len(ends) <= max_words:
        return text
    if max_words <= 0:
        return ""
    limit = ends[max_words - 1]
    breaks = [
        match.start()
        for match in _CLAUSE_BREAK.finditer(text, 0, limit + 1)
        if len(WORD.findall(text[: match.start()])) >= max(1, max_words - _NEAR)
    ]
    cut = text[: breaks[-1] if breaks else limit]
    kept = _FINAL_PUNCTUATION.sub("", _DANGLING.sub("", cut))
    return kept if WORD.search(kept) else _FINAL_PUNCTUATION.sub("", text[:limit])
