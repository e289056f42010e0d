"""Tests for exhibition.persian.english: English search keys and stop words."""

from hypothesis import given
from hypothesis import strategies as st

from exhibition import persian
from exhibition.persian import english
from tests.exhibition.test_persian import MODEST


def test_english_words_get_their_stem_as_key():
    assert persian.search_key("Mayors") == persian.search_key("mayor") == "mayor"
    assert persian.search_key("cities") == persian.search_key("City")
    assert persian.search_key("visited visiting visits") == "visit visit visit"


def test_persian_digits_and_mixed_tokens_keep_their_keys():
    assert persian.search_tokens("شهرداری‌ها ۱۲ covid19") == ["شهرداری", "12", "covid19"]


def test_stemming_runs_to_a_fixed_point_so_a_key_is_its_own_key():
    # Snowball alone: «else» -> «els», «els» -> «el».
    assert persian.search_key("else") == persian.search_key("els") == "el"


@MODEST
@given(st.text(alphabet="abceilnosuy yés", max_size=40))
def test_english_keys_are_idempotent_and_alphanumeric(text):
    key = persian.search_key(text)
    assert persian.search_key(key) == key
    assert all(token.isalnum() for token in key.split())


def test_stop_words_are_dropped_from_the_query_terms():
    query = english.without_stop_words(persian.parse_query("the Mayor of Tehran"))
    assert query.terms == ("mayor", "tehran")


def test_a_query_of_stop_words_alone_is_kept_whole():
    query = english.without_stop_words(persian.parse_query("The Who"))
    assert query.terms == ("the", "who")


def test_phrases_and_persian_terms_keep_every_word():
    query = english.without_stop_words(persian.parse_query('"the mayor" of دانش بنیان'))
    assert query.phrases == (("the", "mayor"),)
    assert query.terms == ("دانش", "بنیان")
    # (no joined alternative: hazm's lexicon does not know «دانشبنیان» as one word)
    assert query.alternatives == ()
