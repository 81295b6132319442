"""What makes a contact valid, and the method's advice about whom to ask (DESIGN §2.1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from slackbot.domain.text import clean_block, clean_line, fold, has_visible_text, parse_id
from slackbot.domain.vocabulary import CompanySize, Seniority, parse_choice

NAME_MAX = 100
COMPANY_MAX = 100
TITLE_MAX = 100
CONNECTION_MAX = 200
LINKEDIN_URL_MAX = 200
EMAIL_MAX = 254
NOTES_MAX = 2000

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")
# After the profile's name, only its sub-pages: /details/experience/ and the like.
_PROFILE_END = re.compile(r"^([\w-]+/?)*$")
_LINKEDIN_PROFILE_PATH = re.compile(r"^/(in|pub)/([\w%-]+)/?")


class ContactField(StrEnum):
    NAME = "name"
    COMPANY = "company"
    TITLE = "title"
    SENIORITY = "seniority"
    COMPANY_SIZE = "company_size"
    CONNECTION = "connection"
    REFERRED_BY = "referred_by"
    LINKEDIN_URL = "linkedin_url"
    EMAIL = "email"
    NOTES = "notes"


def company_key(company: str | None) -> str:
    """How companies compare: case, accents and spacing ignored ("Acmé" is "ACME ")."""
    return fold(company or "")


@dataclass(frozen=True)
class Identity:
    """What tells one person from another: name at company, LinkedIn profile, email."""

    name_key: str
    company_key: str
    linkedin_url: str | None = None
    email: str | None = None

    @classmethod
    def of(
        cls,
        name: str,
        company: str | None,
        linkedin_url: str | None = None,
        email: str | None = None,
    ) -> Identity:
        return cls(fold(name), company_key(company), linkedin_url or None, email or None)

    def matched_by(self, other: Identity, *, name_alone: bool = True) -> ContactField | None:
        """The detail that makes `other` the same person as this one (None: another
        person). The one rule of "the same person", for /contact, imports and the overlap
        guard:

        - the same LinkedIn profile or the same email is the same person;
        - two different profiles, or two different emails, are two people (namesakes);
        - otherwise the same name at the same company (case and accents ignored). With no
          company on either side, a name alone counts only if `name_alone`: it does in a
          member's own list (importing the same file twice adds nobody), not between
          classmates (the overlap guard would name a classmate to a stranger's namesake).
        """
        if self.linkedin_url and self.linkedin_url == other.linkedin_url:
            return ContactField.LINKEDIN_URL
        if self.email and self.email == other.email:
            return ContactField.EMAIL
        if (self.linkedin_url and other.linkedin_url) or (self.email and other.email):
            return None
        same = (
            self.name_key == other.name_key
            and self.company_key == other.company_key
            and (name_alone or bool(self.company_key))
        )
        return ContactField.NAME if same else None


@dataclass(frozen=True)
class ContactForm:
    """What the member typed, untouched."""

    name: str | None = None
    company: str | None = None
    title: str | None = None
    seniority: str | None = None
    company_size: str | None = None
    connection: str | None = None
    referred_by_id: str | None = None
    linkedin_url: str | None = None
    email: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ContactDetails:
    """A contact's details, cleaned and valid."""

    name: str
    company: str | None = None
    title: str | None = None
    seniority: Seniority | None = None
    company_size: CompanySize | None = None
    connection: str | None = None
    referred_by_id: int | None = None
    linkedin_url: str | None = None
    email: str | None = None
    notes: str | None = None


class InvalidLinkedInUrl(ValueError):
    pass


def normalize_linkedin_url(raw: str) -> str:
    """The canonical form of a LinkedIn profile URL, so one person is one URL.

    Accepts what people paste: no scheme, country subdomains, tracking query strings,
    trailing slashes, any case.
    """
    text = raw.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unbalanced "[" is read as a broken IPv6 address
        raise InvalidLinkedInUrl("not an address") from None
    if parts.scheme.lower() not in ("http", "https") or not (
        host == "linkedin.com" or host.endswith(".linkedin.com")
    ):
        raise InvalidLinkedInUrl("not a linkedin.com address")
    match = _LINKEDIN_PROFILE_PATH.match(parts.path)
    if match is None or not _PROFILE_END.match(parts.path[match.end() :]):
        raise InvalidLinkedInUrl("not a profile address")
    kind, slug = match.groups()
    return f"https://www.linkedin.com/{kind}/{slug.lower()}"


def normalize_email(raw: str) -> str | None:
    """The email lower-cased, or None if it is not a well-formed address."""
    text = raw.strip()
    if len(text) > EMAIL_MAX or not _EMAIL.match(text):
        return None
    return text.lower()


def _optional_line(raw: str | None) -> str | None:
    return clean_line(raw) or None


def validate_contact(
    form: ContactForm,
) -> tuple[ContactDetails | None, dict[ContactField, str]]:
    """Clean a contact form; return the details, or the message for each bad field."""
    errors: dict[ContactField, str] = {}
    name = clean_line(form.name)
    if not has_visible_text(name):
        errors[ContactField.NAME] = "Please enter the person's name."
    elif len(name) > NAME_MAX:
        errors[ContactField.NAME] = f"Please keep the name under {NAME_MAX + 1} characters."
    for field, value, limit in (
        (ContactField.COMPANY, form.company, COMPANY_MAX),
        (ContactField.TITLE, form.title, TITLE_MAX),
        (ContactField.CONNECTION, form.connection, CONNECTION_MAX),
    ):
        if len(clean_line(value)) > limit:
            errors[field] = f"Please keep this under {limit + 1} characters."
    notes = clean_block(form.notes)
    if len(notes) > NOTES_MAX:
        errors[ContactField.NOTES] = f"Please keep notes under {NOTES_MAX + 1} characters."

    linkedin_url = None
    if form.linkedin_url and form.linkedin_url.strip():
        try:
            linkedin_url = normalize_linkedin_url(form.linkedin_url)
        except InvalidLinkedInUrl:
            errors[ContactField.LINKEDIN_URL] = (
                "That doesn't look like a LinkedIn profile. Paste an address like "
                "https://www.linkedin.com/in/jane-doe"
            )
        else:
            if len(linkedin_url) > LINKEDIN_URL_MAX:
                errors[ContactField.LINKEDIN_URL] = "That LinkedIn address is too long."
    email = None
    if form.email and form.email.strip():
        email = normalize_email(form.email)
        if email is None:
            errors[ContactField.EMAIL] = "Please check the email address, e.g. jane@example.com"

    seniority = parse_choice(Seniority, form.seniority)
    company_size = parse_choice(CompanySize, form.company_size)
    referred_by_id = parse_id(form.referred_by_id)
    if errors:
        return None, errors
    return (
        ContactDetails(
            name=name,
            company=_optional_line(form.company),
            title=_optional_line(form.title),
            seniority=seniority,
            company_size=company_size,
            connection=_optional_line(form.connection),
            referred_by_id=referred_by_id,
            linkedin_url=linkedin_url,
            email=email,
            notes=notes or None,
        ),
        {},
    )


def seniority_advice(seniority: Seniority | None, company_size: CompanySize | None) -> str | None:
    """The gentle warning of DESIGN §2.1 when the contact is unlikely to have time."""
    if seniority is Seniority.EXECUTIVE and company_size is not None and company_size.is_large:
        return (
            "A senior executive at a large company is often too busy for a 15-minute chat. "
            "Keep them on your list, and consider also asking someone a level or two above "
            "you there, or an alum or a warm connection: they are far more likely to say yes."
        )
    return None
