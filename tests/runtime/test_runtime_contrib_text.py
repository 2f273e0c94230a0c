"""contrib.learn.preprocessing.VocabularyProcessor port: ids, padding, trimming, reverse, save/restore."""

import numpy as np

from migrate.runtime.contrib_text import CategoricalVocabulary, VocabularyProcessor, tokenizer


def test_tokenizer_uses_contribs_regex():
    assert list(tokenizer(["I'm HTMLParser-ready, OK?"])) == [["I'm", "HTML", "Parser-ready", "OK"]]
    assert list(tokenizer(["CamelCase words"])) == [["Camel", "Case", "words"]]


def test_fit_transform_pads_with_zero_and_truncates():
    vp = VocabularyProcessor(4)
    rows = list(vp.fit_transform(["a b c", "c b a d e f"]))
    np.testing.assert_array_equal(rows[0], [1, 2, 3, 0])
    np.testing.assert_array_equal(rows[1], [3, 2, 1, 4])
    assert rows[0].dtype == np.int64 and len(vp.vocabulary_) == 7  # <UNK> + a..f


def test_frozen_vocabulary_maps_unknown_words_to_zero():
    vp = VocabularyProcessor(3).fit(["x y"])
    np.testing.assert_array_equal(next(vp.transform(["y z x"])), [2, 0, 1])
    assert list(vp.reverse([[2, 0, 1]])) == ["y <UNK> x"]


def test_min_frequency_keeps_words_seen_more_often_ordered_by_count_then_alphabet():
    vp = VocabularyProcessor(5, min_frequency=1).fit(["b a c", "a b", "c d", "a"])
    # counts: a=3, b=2, c=2, d=1 -> d dropped (count <= 1); ties broken alphabetically
    np.testing.assert_array_equal(next(vp.transform(["a b c d"])), [1, 2, 3, 0, 0])


def test_trim_max_frequency_drops_too_common_words():
    vocab = CategoricalVocabulary()
    for word, n in [("the", 5), ("cat", 2), ("sat", 2)]:
        vocab.add(word, n)
    vocab.trim(0, max_frequency=5)
    vocab.freeze()  # an unfrozen vocabulary would hand "the" a new id
    assert vocab.get("the") == 0 and vocab.get("cat") == 1 and vocab.get("sat") == 2


def test_save_and_restore(tmp_path):
    vp = VocabularyProcessor(3).fit(["hello world"])
    vp.save(tmp_path / "vocab")
    again = VocabularyProcessor.restore(tmp_path / "vocab")
    np.testing.assert_array_equal(next(again.transform(["world hello"])), [2, 1, 0])
