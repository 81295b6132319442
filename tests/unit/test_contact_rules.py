from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slackbot.domain.contacts import (
    NAME_MAX,
    ContactField,
    ContactForm,
    Identity,
    InvalidLinkedInUrl,
    normalize_email,
    normalize_linkedin_url,
    seniority_advice,
    validate_contact,
)
from slackbot.domain.vocabulary import CompanySize, Seniority


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.linkedin.com/in/jane-doe",
        "https://www.linkedin.com/in/Jane-Doe/",
        "http://linkedin.com/in/jane-doe?trk=public_profile",
        "linkedin.com/in/jane-doe",
        "  https://uk.linkedin.com/in/jane-doe#about ",
        "www.linkedin.com/in/jane-doe/details/experience/",
    ],
)
def test_linkedin_profile_urls_are_made_canonical(pasted: str) -> None:
    assert normalize_linkedin_url(pasted) == "https://www.linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/",
        "https://linkedin.com.evil.example/in/jane",
        "https://evil.example/in/jane",
        "ftp://www.linkedin.com/in/jane",
        "jane doe",
    ],
)
def test_other_urls_are_refused(pasted: str) -> None:
    with pytest.raises(InvalidLinkedInUrl):
        normalize_linkedin_url(pasted)


slugs = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=40)


@given(slugs, st.sampled_from(["", "www.", "de."]), st.sampled_from(["", "/", "?x=1"]))
def test_any_profile_url_spelling_gives_the_same_canonical_url(
    slug: str, subdomain: str, suffix: str
) -> None:
    canonical = normalize_linkedin_url(f"https://www.linkedin.com/in/{slug}")
    assert normalize_linkedin_url(f"{subdomain}linkedin.com/in/{slug.upper()}{suffix}") == canonical


def test_emails_are_checked_and_lower_cased() -> None:
    assert normalize_email(" Jane.Doe@Example.COM ") == "jane.doe@example.com"
    for bad in ("jane", "jane@", "@example.com", "jane@example", "jane doe@example.com"):
        assert normalize_email(bad) is None


def test_a_valid_form_is_cleaned() -> None:
    details, errors = validate_contact(
        ContactForm(
            name="  Jane   Doe ",
            company="Acme",
            seniority="director",
            company_size="201-1000",
            linkedin_url="linkedin.com/in/jane-doe",
            email="JANE@ACME.IO",
            notes="\n met at PyCon \n",
            referred_by_id="12",
        )
    )
    assert errors == {}
    assert details is not None
    assert details.name == "Jane Doe"
    assert details.seniority is Seniority.DIRECTOR
    assert details.company_size is CompanySize.MIDSIZE
    assert details.linkedin_url == "https://www.linkedin.com/in/jane-doe"
    assert details.email == "jane@acme.io"
    assert details.notes == "met at PyCon"
    assert details.referred_by_id == 12


def test_every_bad_field_gets_its_own_message() -> None:
    details, errors = validate_contact(
        ContactForm(
            name="\u200b ",
            company="x" * 101,
            linkedin_url="https://example.com/jane",
            email="not-an-email",
        )
    )
    assert details is None
    assert set(errors) == {
        ContactField.NAME,
        ContactField.COMPANY,
        ContactField.LINKEDIN_URL,
        ContactField.EMAIL,
    }
    assert "name" in errors[ContactField.NAME]


form_text = st.one_of(st.none(), st.text(max_size=NAME_MAX + 20))


@given(st.builds(ContactForm, **{field.name: form_text for field in fields(ContactForm)}))
def test_validation_never_raises_and_always_answers(form: ContactForm) -> None:
    details, errors = validate_contact(form)
    assert (details is None) == bool(errors)


@pytest.mark.parametrize("pasted", ["[x", "linkedin.com/in/jane doe", "linkedin.com/in/ja<ne>"])
def test_broken_addresses_are_field_errors(pasted: str) -> None:
    _, errors = validate_contact(ContactForm(name="Jane", linkedin_url=pasted))
    assert ContactField.LINKEDIN_URL in errors


def test_tampered_ids_are_ignored() -> None:
    for forged in ("²", "-1", "0", "99999999999", "1e3", " 7"):
        details, _ = validate_contact(ContactForm(name="Jane", referred_by_id=forged))
        assert details is not None and details.referred_by_id in (None, 7)


def test_a_busy_executive_at_a_large_company_gets_the_gentle_warning() -> None:
    assert seniority_advice(Seniority.EXECUTIVE, CompanySize.ENTERPRISE)
    assert seniority_advice(Seniority.EXECUTIVE, CompanySize.LARGE)
    assert seniority_advice(Seniority.EXECUTIVE, CompanySize.SMALL) is None
    assert seniority_advice(Seniority.MANAGER, CompanySize.ENTERPRISE) is None
    assert seniority_advice(None, None) is None


# -- the one rule of "the same person" ----------------------------------------------------

_words = st.text(alphabet="aAbBéÉ  -", min_size=0, max_size=6)
_identifiers = st.sampled_from(
    [None, "https://www.linkedin.com/in/a", "https://www.linkedin.com/in/b"]
)
_emails = st.sampled_from([None, "a@x.io", "b@x.io"])
_identities = st.builds(Identity.of, _words.filter(str.strip), _words, _identifiers, _emails)


@given(_identities, _identities, st.booleans())
def test_the_same_person_is_a_symmetric_relation(a: Identity, b: Identity, alone: bool) -> None:
    assert (a.matched_by(b, name_alone=alone) is None) == (
        b.matched_by(a, name_alone=alone) is None
    )


@given(_identities, _identities)
def test_a_shared_profile_or_email_is_the_same_person_and_two_different_ones_are_not(
    a: Identity, b: Identity
) -> None:
    shared = (a.linkedin_url and a.linkedin_url == b.linkedin_url) or (
        a.email and a.email == b.email
    )
    differ = (a.linkedin_url and b.linkedin_url and a.linkedin_url != b.linkedin_url) or (
        a.email and b.email and a.email != b.email
    )
    if shared:
        assert a.matched_by(b) in (ContactField.LINKEDIN_URL, ContactField.EMAIL)
    elif differ:
        assert a.matched_by(b) is None  # namesakes, whatever their names and companies


def test_otherwise_the_same_name_at_the_same_company_case_and_accents_aside() -> None:
    jane = Identity.of("Jane Doe", "Acmé", email="jane@acme.io")
    assert jane.matched_by(Identity.of("JANE  doe", " acme ")) is ContactField.NAME
    assert jane.matched_by(Identity.of("Jane Doe", "Globex")) is None
    assert jane.matched_by(Identity.of("Jane Doe", "Acme", email="j.doe@other.io")) is None


def test_a_name_without_a_company_is_the_same_person_in_ones_own_list_only() -> None:
    bare = Identity.of("Jane Doe", None)
    assert bare.matched_by(Identity.of("jane doe", "")) is ContactField.NAME
    assert bare.matched_by(Identity.of("jane doe", ""), name_alone=False) is None
    acme = Identity.of("Jane Doe", "Acme")
    assert acme.matched_by(Identity.of("jane doe", "ACME"), name_alone=False) is ContactField.NAME
