"""load_lexicon(): the bundled seeds lexicon, the three ways to write one, and every error."""

import re
import textwrap

import pandas as pd
import pytest

from framing import FramingError
from framing.frames import frame_hits
from framing.lexicon import POLICY_FRAMES, Lexicon, LexiconError, bundled_lexicons, load_lexicon

SEEDS_FRAMES = [
    "war_invasion", "war_operation", "regime_change", "militias", "armed_factions", "terrorism",
    "assassination", "killing", "presence", "partnership", "withdrawal", "sovereignty", "stability",
    "iran_influence", "human_cost", "justification", "governance",
]


@pytest.fixture(scope="module")
def seeds():
    return load_lexicon("seeds")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_lexicon_names():
    assert bundled_lexicons() == ["seeds"]
    assert bundled_lexicons("choices") == ["choices"]


def test_seeds_lexicon_tables(seeds):
    assert isinstance(seeds, Lexicon) and seeds.name == "seeds"
    assert list(seeds.frames.columns) == ["id", "name", "description", "policy_frame", "policy_note", "n_terms"]
    assert list(seeds.terms.columns) == ["frame", "term", "gloss", "translit", "note"]
    assert seeds.frames.id.tolist() == SEEDS_FRAMES
    # n_terms counts the rows of .terms: one per Arabic variant
    assert seeds.frames.set_index("id").n_terms.to_dict() == seeds.terms.groupby("frame").size().to_dict()
    assert seeds.terms.set_index("term").loc["ميليشيا", "frame"] == "militias"  # a variant has its own row


def test_every_term_has_gloss_translit_and_note(seeds):
    for column in ("term", "gloss", "translit", "note"):
        empty = seeds.terms[seeds.terms[column].str.strip() == ""]
        assert empty.empty, f"terms without {column}: {empty.term.tolist()}"
    assert seeds.frames.name.str.strip().ne("").all() and seeds.frames.description.str.strip().ne("").all()


def test_policy_frames_are_codebook_dimensions(seeds):
    assert set(seeds.frames.policy_frame) <= set(POLICY_FRAMES)
    assert len(POLICY_FRAMES) == 15
    frames = seeds.frames.set_index("id")
    # sovereignty is not a codebook dimension: mapped, with a note saying why
    assert frames.loc["sovereignty", "policy_frame"] == "external regulation and reputation"
    assert "no sovereignty dimension" in frames.loc["sovereignty", "policy_note"]
    assert frames.loc["partnership", "policy_frame"] == "external regulation and reputation"
    assert frames.loc["governance", "policy_frame"] == "economic"
    assert frames.loc["human_cost", "policy_frame"] == "quality of life"
    assert frames.loc["assassination", "policy_frame"] == "legality, constitutionality and jurisprudence"
    assert frames.loc["war_invasion", "policy_frame"] == "security and defense"


@pytest.mark.parametrize("frame, words", [
    ("war_invasion", ["غزو", "اجتياح", "احتلال"]),
    ("war_operation", ["عملية عسكرية"]),
    ("regime_change", ["أطاح", "إسقاط نظام", "الإطاحة"]),
    ("militias", ["ميليشيات"]),
    ("armed_factions", ["فصائل مسلحة", "الحشد الشعبي"]),
    ("terrorism", ["إرهاب", "إرهابية", "جهاديين", "متشددين"]),
    ("assassination", ["اغتيال"]),
    ("killing", ["مقتل", "قتل"]),
    ("presence", ["وجود", "البقاء"]),
    ("partnership", ["شراكة استراتيجية", "تعاون"]),
    ("withdrawal", ["انسحاب", "رحيل", "طرد"]),
    ("sovereignty", ["سيادة"]),
    ("stability", ["الأمن والاستقرار", "استقرار"]),
    ("iran_influence", ["النفوذ الإيراني", "الراعي الإيراني", "موالية لإيران", "المدعومة من إيران"]),
    ("human_cost", ["دموية", "اقتتال طائفي", "ضحايا"]),
    ("justification", ["أسلحة دمار شامل", "تبرير"]),
    ("governance", ["فساد", "نفط"]),
])
def test_the_seed_note_contrasts_are_in_the_lexicon(seeds, frame, words):
    assert set(words) <= set(seeds.terms[seeds.terms.frame == frame].term)


def test_every_frame_is_grounded_in_the_seeds(corpus, seeds):
    hits = frame_hits(corpus, seeds)
    assert set(hits.frame) == set(SEEDS_FRAMES)


def test_a_lexicon_passes_through_and_round_trips(seeds):
    checked = load_lexicon(seeds)  # checked again (it may have been edited), an equal new Lexicon
    pd.testing.assert_frame_equal(checked.terms, seeds.terms)
    assert (checked.name, checked.source) == (seeds.name, seeds.source)
    again = load_lexicon(seeds.to_dict())
    pd.testing.assert_frame_equal(again.terms, seeds.terms)
    pd.testing.assert_frame_equal(again.frames, seeds.frames)


def test_repr_names_the_lexicon_and_its_size(seeds):
    text = repr(seeds)
    assert text.startswith("Lexicon 'seeds': 17 frames, 80 terms (one per Arabic variant), from ")
    assert "sovereignty" in text and "external regulation and reputation" in text


# --- a student's own lexicon: a dict in a notebook, or a tidy table ---------------------------

STUDENT = {
    "name": "my war words",
    "frames": [
        {"id": "invasion", "name": "War as invasion", "terms": [{"ar": "غزو", "gloss": "invasion"}, "احتلال"]},
        {"id": "operation", "name": "War as an operation", "policy_frame": "Security and Defense",
         "terms": [{"ar": ["عملية عسكرية", "هجوم*"], "gloss": "military operation, offensive"}]},
    ],
}


def test_student_dict_lexicon(corpus):
    lex = load_lexicon(STUDENT)
    assert lex.name == "my war words" and lex.source == "dict"
    assert lex.frames.policy_frame.tolist() == ["", "security and defense"]  # case and spacing folded
    assert lex.terms.term.tolist() == ["غزو", "احتلال", "عملية عسكرية", "هجوم*"]
    hits = frame_hits(corpus, STUDENT)
    # read in the seeds: غزو 2 + 1 + 5; عملية عسكرية in 001; هجومها in 000 and لهجوم in 004 (wildcard)
    assert hits.groupby("frame").size().to_dict() == {"invasion": 8, "operation": 3}
    assert sorted(hits[hits.frame == "operation"].match) == ["عملية عسكرية", "لهجوم", "هجومها"]


def test_tidy_table_lexicon(corpus):
    table = pd.DataFrame({
        "frame": ["invasion", "invasion", "operation", "operation"],
        "term": ["غزو", "احتلال", "عملية عسكرية", "هجوم*"],
        "gloss": ["invasion", "occupation", "military operation", None],
    })
    lex = load_lexicon(table)
    assert lex.source == "DataFrame"
    assert lex.frames[["id", "name", "n_terms"]].values.tolist() == [
        ["invasion", "invasion", 2], ["operation", "operation", 2]]
    assert lex.terms.gloss.tolist() == ["invasion", "occupation", "military operation", ""]
    pd.testing.assert_frame_equal(frame_hits(corpus, table), frame_hits(corpus, STUDENT))


def test_the_terms_table_loads_back_as_a_lexicon(corpus, seeds):
    again = load_lexicon(seeds.terms)
    pd.testing.assert_frame_equal(again.terms, seeds.terms)
    pd.testing.assert_frame_equal(frame_hits(corpus, again), frame_hits(corpus, seeds))


def test_a_yaml_file_of_your_own(tmp_path, corpus):
    path = write(tmp_path, "mine.yaml", """\
        name: mine
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: غزو
                gloss: invasion
    """)
    lex = load_lexicon(str(path))
    assert lex.source == str(path) and lex.terms.term.tolist() == ["غزو"]
    assert len(frame_hits(corpus, path)) == 8


# --- errors: each names the file (and line), the frame and the term --------------------------


def raises(match):
    return pytest.raises(LexiconError, match=re.escape(match))


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "bad.yaml", """\
        name: bad
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: [غزو, احتلال
                gloss: invasion
    """)
    with raises(f"{path}, line 7: not valid YAML: expected ',' or ']', but got ':'."):
        load_lexicon(path)


def test_terms_at_the_top_level_are_in_no_frame(tmp_path):
    path = write(tmp_path, "loose.yaml", """\
        name: loose
        terms:
          - ar: غزو
        frames:
          - id: invasion
            name: War as invasion
            terms: [احتلال]
    """)
    with raises(f"{path}, line 2: 'terms' at the top level: these terms are in no frame."):
        load_lexicon(path)


def test_a_frame_without_id_leaves_its_terms_in_no_frame(tmp_path):
    path = write(tmp_path, "noid.yaml", """\
        frames:
          - name: War as invasion
            terms:
              - ar: غزو
    """)
    with raises(f"{path}, line 2, frame 1 (name 'War as invasion'): has no 'id', so its terms "
                f"(first: 'غزو') are in no frame."):
        load_lexicon(path)


def test_a_frame_without_name(tmp_path):
    path = write(tmp_path, "noname.yaml", """\
        frames:
          - id: invasion
            terms: [غزو]
    """)
    with raises(f"{path}, line 2, frame 'invasion': has no 'name': give it a name in English"):
        load_lexicon(path)


def test_an_empty_term(tmp_path):
    path = write(tmp_path, "empty.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: غزو
              - ar: ""
                gloss: occupation
    """)
    with raises(f"{path}, line 6, frame 'invasion': term 2 (gloss 'occupation') is empty"):
        load_lexicon(path)


def test_the_same_term_in_two_frames(tmp_path):
    # الغزوَ (with a fatha) normalises to الغزو, and the article is a clitic: the same as غزو
    path = write(tmp_path, "twice.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: غزو
          - id: operation
            name: War as an operation
            terms:
              - ar: عملية عسكرية
              - ar: الغزوَ
    """)
    with raises(f"{path}, line 10, frame 'operation', term 'الغزوَ': the same term as 'غزو' "
                f"(after framing.normalize, and with the article ال taken off, as clitic matching does) "
                f"is already in frame 'invasion' (line 5). A term may be in one frame only"):
        load_lexicon(path)


def test_a_term_with_no_arabic_letter(tmp_path):
    path = write(tmp_path, "latin.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: invasion
    """)
    with raises(f"{path}, line 5, frame 'invasion', term 'invasion': has no Arabic letter. "
                f"Put the Arabic in 'ar' and the English in 'gloss'."):
        load_lexicon(path)


def test_unknown_key_in_a_frame_did_you_mean(tmp_path):
    path = write(tmp_path, "trems.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            trems: [غزو]
    """)
    with raises(f"{path}, line 4, frame 'invasion': unknown key 'trems' in a frame: did you mean 'terms'? "
                f"Allowed keys: id, name, description, policy_frame, policy_note, terms."):
        load_lexicon(path)


def test_unknown_key_in_a_term_did_you_mean(tmp_path):
    path = write(tmp_path, "glos.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            terms:
              - ar: غزو
                glos: invasion
    """)
    with raises(f"{path}, line 6, frame 'invasion', term 'غزو': unknown key 'glos' in a term: "
                f"did you mean 'gloss'?"):
        load_lexicon(path)


def test_a_key_given_twice(tmp_path):
    path = write(tmp_path, "dup.yaml", """\
        frames:
          - id: invasion
            name: War as invasion
            terms: [غزو]
            terms: [احتلال]
    """)
    with raises(f"{path}, line 2, frame 'invasion': the key 'terms' is given twice (again at line 5)"):
        load_lexicon(path)


def test_sovereignty_is_not_a_policy_frame(tmp_path):
    path = write(tmp_path, "sov.yaml", """\
        frames:
          - id: sovereignty
            name: Sovereignty
            policy_frame: sovereignty
            terms: [سيادة]
    """)
    with raises(f"{path}, line 2, frame 'sovereignty': 'policy_frame' must be one of the Policy Frames "
                f"Codebook's dimensions ('economic', "):
        load_lexicon(path)
    with raises("Got 'sovereignty' instead: the codebook has no 'sovereignty' dimension: use "
                "'external regulation and reputation' (sovereignty against other states) or 'political'"):
        load_lexicon(path)


@pytest.mark.parametrize("source, message", [
    ({"frames": [{"id": "a", "name": "A", "terms": ["غزو", "الغزو"]}]},
     "lexicon dict, frame 'a', term 'الغزو': is listed twice in this frame"),
    ({"frames": [{"id": "a", "name": "A", "terms": ["غزو"]}, {"id": "a", "name": "B", "terms": ["احتلال"]}]},
     "lexicon dict, frame 'a': the id 'a' is used by two frames; each frame needs its own id."),
    ({"frames": [{"id": "a", "name": "A", "terms": []}]}, "lexicon dict, frame 'a': has no terms"),
    ({"frames": [{"id": "a", "name": "A", "terms": [{"gloss": "war"}]}]},
     "lexicon dict, frame 'a': term 1 has no 'ar' (the Arabic term)"),
    ({"frames": [{"id": 2003, "name": "A", "terms": ["غزو"]}]},
     "lexicon dict, frame 1: the id must be text, got int 2003: write id: '2003'."),
    ({"frames": {"invasion": ["غزو"]}}, "lexicon dict: 'frames' must be a list, each frame starting with '- id:'"),
    ({"frames": []}, "lexicon dict: 'frames' is empty"),
    ({"frames": [{"id": "a", "name": "A", "policy_frame": "securty", "terms": ["غزو"]}]},
     "Got 'securty' instead: did you mean 'security and defense'?"),
    ({"frames": [{"id": "a", "name": "A", "terms": ["غزو *"]}]},
     "lexicon dict, frame 'a', term 'غزو *': is not a valid query"),
])
def test_dict_errors(source, message):
    with raises(message):
        load_lexicon(source)


@pytest.mark.parametrize("table, message", [
    (pd.DataFrame({"frame": ["a", None], "term": ["غزو", "احتلال"]}),
     "lexicon DataFrame, row 1, term 'احتلال': has no frame; every term needs a frame"),
    (pd.DataFrame({"frames": ["a"], "term": ["غزو"]}),
     "lexicon DataFrame: missing required column 'frame'. Its columns are: frames, term"),
    (pd.DataFrame({"frame": ["a"], "term": ["غزو"], "glos": ["invasion"]}),
     "lexicon DataFrame: unknown column 'glos': did you mean 'gloss'?"),
    (pd.DataFrame({"frame": ["a", "b"], "term": ["غزو", "الغزو"]}),
     "lexicon DataFrame, row 1, frame 'b', term 'الغزو': the same term as 'غزو'"),
    (pd.DataFrame({"frame": ["a", "b"], "term": ["غزو", None]}),
     "lexicon DataFrame, row 1, frame 'b': the term is empty"),
    (pd.DataFrame({"frame": ["a"], "term": ["war"]}),
     "lexicon DataFrame, row 0, frame 'a', term 'war': has no Arabic letter"),
])
def test_table_errors(table, message):
    with raises(message):
        load_lexicon(table)


def test_source_errors(tmp_path):
    with raises("'seed' is neither a bundled frame lexicon (those are: seeds) nor the path of a .yaml file. "
                "Did you mean 'seeds'?"):
        load_lexicon("seed")
    with raises("'choices' is the bundled file of lexical-choice pairs, not a frame lexicon"):
        load_lexicon("choices")
    with raises(f"{tmp_path / 'none.yaml'}: no such file"):
        load_lexicon(tmp_path / "none.yaml")
    with raises("The 'lexicon' parameter must be a bundled lexicon name (seeds), the path of a YAML file, "
                "a dict or a DataFrame with columns frame, term. Got list"):
        load_lexicon(["غزو"])


def test_lexicon_error_is_a_framing_error():
    assert issubclass(LexiconError, FramingError)


@pytest.mark.parametrize("yaml_text, said", [
    ("name: x\nframes:\n  - id: war\n    name: War\n    terms: غزو\n", "'terms' must be a list"),
    ("name: {a: 1}\nframes:\n  - id: war\n    name: War\n    terms: [غزو]\n", "'name' must be text, got dict"),
])
def test_messages_name_what_was_written_not_the_kits_classes(tmp_path, yaml_text, said):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(FramingError) as err:
        load_lexicon(path)
    assert said in str(err.value) and "_Located" not in str(err.value)


def test_an_edited_lexicon_object_is_checked_again_where_it_is_used():
    import framing

    corpus = framing.load_corpus()
    lex = load_lexicon("seeds")
    assert load_lexicon(lex).terms.equals(lex.terms)  # unchanged, it passes as it is
    twice = lex.terms.iloc[[0]].assign(frame="war_operation")  # غزو, in war_invasion, added to war_operation
    lex.terms = pd.concat([lex.terms, twice], ignore_index=True)
    with pytest.raises(LexiconError, match=r"frame 'war_operation', term 'غزو': the same term is already in frame "
                                           r"'war_invasion'"):
        framing.frame_counts(corpus, lex)
    lex = load_lexicon("seeds")
    lex.terms = lex.terms.assign(frame=["nosuch"] + lex.terms["frame"].tolist()[1:])
    with pytest.raises(LexiconError, match=r"the term 'غزو' is in frame 'nosuch', which is not one of its frames"):
        framing.frame_hits(corpus, lex)
