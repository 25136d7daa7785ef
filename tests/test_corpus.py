"""load_corpus(): the bundled seed corpus, an instructor's own corpus in every
accepted shape, and every error a user can meet (each one naming the file,
the line or row, and the problem).

Every expected value below was read off the input written here (or off the
seed files, read by hand), not copied from the loader's output.
"""

import hashlib
import json
import pathlib
import re
import warnings
import zipfile

import pytest

import framing
from framing import CorpusError

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "seeds"

# ---------------------------------------------------------------------------
# The bundled corpus
# ---------------------------------------------------------------------------

SEED_SHA256 = {  # from the project's SEEDS note
    "000_ecbf7f1b1812baf6.txt": "47e3965d4b378da7abc2b2d3ae3d33b7916149f36db43552e1baa3b60bc2a53f",
    "001_96264e39878fb82e.txt": "167049baa170d99f85b26ef1334e1f19926d4080e7555188bb08bfb28c4b91eb",
    "002_544dbaf06cb7e177.txt": "a5f6c03785ef5e083e49e7f6a2adae773162cf13ff0275e26682c565eead46eb",
    "003_8d3c10312645916c.txt": "e0dac079012de7a8f10e0c6ee71026f26b3db6b1b791110e009af5d68d4cf395",
    "004_6f041456d930ca44.txt": "52443db0b3b7f4ad12c3b768c56ff21225d5805fec20633aa321d944fa2cf64a",
}

DOC_IDS = ["afp_fr_2023", "afp_ar_2023", "reuters_2023", "unknown_2021", "almonitor_2024"]

# Furniture lines, read in the seed files (line numbers as `cat -n` shows them).
REUTERS_FURNITURE = {  # 002
    13: "آخر التحديثات",
    41: "(تغطية إدريس علي في بغداد). تحرير أندرو هيفينز وأنجوس ماك سوان",
    43: "إدريس علي",
    45: "طومسون رويترز",
}
CAPTION = (
    "A US Army armored vehicle flies an American flag as it provides security escort for a convoy "
    "of vehicles pulling equipment that is heading to Kuwait from Camp Adder as the Army continues "
    "to send it's soldiers and equipment home and the base is prepared to be handed back to the "
    "Iraqi government later this month on December 2, 2011, at Camp Adder, near Nasiriyah, Iraq."
)
ALMONITOR_FURNITURE = {1: "تجاوز إلى المحتوى الرئيسي", 6: CAPTION}  # 004


def test_seed_files_are_byte_identical_to_the_shared_originals():
    assert sorted(p.name for p in SEEDS.iterdir()) == sorted(SEED_SHA256)
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_bundled_corpus_rows_ids_and_files(corpus):
    assert len(corpus) == 5
    assert corpus.doc_id.tolist() == DOC_IDS
    assert corpus.source_file.tolist() == sorted(SEED_SHA256)
    assert list(corpus.columns[:2]) == ["doc_id", "outlet"]
    assert list(corpus.columns[-3:]) == ["text", "text_clean", "furniture"]


def test_bundled_text_is_the_seed_file_exactly(corpus):
    for row in corpus.itertuples():
        assert row.text == (SEEDS / row.source_file).read_bytes().decode("utf-8"), row.doc_id


def test_unknown_outlet_is_never_invented(corpus):
    outlets = dict(zip(corpus.doc_id, corpus.outlet))
    assert outlets["unknown_2021"] == "unknown"
    assert outlets == {
        "afp_fr_2023": "AFP-French", "afp_ar_2023": "AFP-Arabic", "reuters_2023": "Reuters",
        "unknown_2021": "unknown", "almonitor_2024": "Al-Monitor",
    }


def _doc(corpus, doc_id):
    return corpus.set_index("doc_id").loc[doc_id]


def test_reuters_furniture_is_out_of_text_clean_but_kept_in_text(corpus):
    doc = _doc(corpus, "reuters_2023")
    for line in ("آخر التحديثات", "طومسون رويترز", REUTERS_FURNITURE[41]):
        assert line in doc.text
        assert line not in doc.text_clean
    # the article itself is still there: the headline and the last paragraph
    assert doc.text_clean.startswith("رئيس البنتاغون يقوم برحلة غير معلنة للعراق")
    assert doc.text_clean.endswith("وكان ذلك قرارا كارثيا”.")


def test_almonitor_furniture_is_out_of_text_clean_but_kept_in_text(corpus):
    doc = _doc(corpus, "almonitor_2024")
    for line in ("تجاوز إلى المحتوى الرئيسي", "Camp Adder"):
        assert line in doc.text
        assert line not in doc.text_clean
    assert doc.text_clean.startswith("الولايات المتحدة تستأنف المحادثات مع العراق")


@pytest.mark.parametrize(
    "doc_id, lines", [("reuters_2023", REUTERS_FURNITURE), ("almonitor_2024", ALMONITOR_FURNITURE)]
)
def test_furniture_spans_point_at_exactly_those_lines(corpus, doc_id, lines):
    doc = _doc(corpus, doc_id)
    spans = doc.furniture
    assert len(spans) == len(lines)
    assert [doc.text[a:b].strip() for a, b in spans] == list(lines.values())
    assert [doc.text[:a].count("\n") + 1 for a, b in spans] == list(lines)
    for a, b in spans:  # whole lines: from a line start to the line end (or the end of the text)
        assert a == 0 or doc.text[a - 1] == "\n"
        assert b == len(doc.text) or doc.text[b - 1] == "\n"


def test_other_seed_documents_have_no_furniture(corpus):
    for doc_id in ("afp_fr_2023", "afp_ar_2023", "unknown_2021"):
        doc = _doc(corpus, doc_id)
        assert list(doc.furniture) == []
        assert doc.text_clean == doc.text


# ---------------------------------------------------------------------------
# An instructor's corpus
# ---------------------------------------------------------------------------

A1 = "قام وزير الدفاع الأمريكي بزيارة غير معلنة إلى بغداد."
A2 = "استأنفت الولايات المتحدة المحادثات مع العراق بشأن مستقبل القوات."
A3 = "دعا الوزير إلى تعزيز العلاقة مع بغداد."
UPDATES = "آخر التحديثات"
CREDIT = "(تغطية إدريس علي في بغداد)"

CSV = (
    "doc_id,outlet,event,text\n"
    f'a1,AFP-Arabic,austin_visit,"{A1}\n\n{A3}"\n'
    f"r1,Reuters,austin_visit,{A2}\n"
)


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def load_quietly(*args, **kwargs):
    """load_corpus, failing the test on any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return framing.load_corpus(*args, **kwargs)


def pinned(message):
    return re.escape(message)


def test_csv_with_an_extra_column_kept(tmp_path):
    c = load_quietly(write(tmp_path / "corpus.csv", CSV))
    assert list(c.columns) == ["doc_id", "outlet", "event", "text", "text_clean", "furniture"]
    assert c.doc_id.tolist() == ["a1", "r1"]
    assert c.outlet.tolist() == ["AFP-Arabic", "Reuters"]
    assert c.event.tolist() == ["austin_visit", "austin_visit"]
    assert c.text.tolist() == [f"{A1}\n\n{A3}", A2]
    assert c.text_clean.tolist() == c.text.tolist()
    assert [list(f) for f in c.furniture] == [[], []]


def test_utf8_bom_and_crlf_line_ends_load_the_same(tmp_path):
    plain = load_quietly(write(tmp_path / "plain.csv", CSV))
    windows = write(tmp_path / "windows.csv", "\ufeff" + CSV.replace("\n", "\r\n"))
    assert windows.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in windows.read_bytes()
    c = load_quietly(windows)
    assert list(c.columns) == list(plain.columns)  # the BOM is not glued to "doc_id"
    assert c.text.tolist() == plain.text.tolist() == [f"{A1}\n\n{A3}", A2]
    assert not c.text.str.contains("\r").any() and not c.text.str.contains("\ufeff").any()


def test_bom_and_crlf_in_a_folder_of_txt_files(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "metadata.csv", "\ufeffdoc_id,outlet\r\na1,AFP-Arabic\r\n")
    write(folder / "a1.txt", f"\ufeff{A1}\r\n\r\n{A3}\r\n")
    c = load_quietly(folder)
    assert c.doc_id.tolist() == ["a1"]
    assert c.text[0] == f"{A1}\n\n{A3}\n"


def test_csv_furniture_column_one_line_per_line_of_the_cell(tmp_path):
    text = f"{A1}\n{UPDATES}\n{A3}\n{CREDIT}"
    path = write(tmp_path / "c.csv", f'doc_id,outlet,text,furniture\nr1,Reuters,"{text}","{UPDATES}\n{CREDIT}"\n')
    c = load_quietly(path)
    assert c.text[0] == text
    assert c.text_clean[0] == f"{A1}\n{A3}"
    assert [text[a:b].strip() for a, b in c.furniture[0]] == [UPDATES, CREDIT]


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"doc_id": "a1", "outlet": "AFP-Arabic", "date": "2023-03-07", "text": f"{A1}\n{A3}"},
                   ensure_ascii=False),
        "",  # a blank line is allowed
        json.dumps({"doc_id": "r1", "outlet": "Reuters", "date": "2023-03-07", "text": f"{A2}\r\n{UPDATES}",
                    "furniture": [UPDATES]}),  # \u escapes and a CRLF inside the text
    ]
    c = load_quietly(write(tmp_path / "c.jsonl", "\n".join(lines) + "\n"))
    assert list(c.columns) == ["doc_id", "outlet", "date", "text", "text_clean", "furniture"]
    assert c.doc_id.tolist() == ["a1", "r1"]
    assert c.text.tolist() == [f"{A1}\n{A3}", f"{A2}\n{UPDATES}"]
    assert c.text_clean.tolist() == [f"{A1}\n{A3}", A2]
    assert c.date.tolist() == ["2023-03-07", "2023-03-07"]


def test_tsv(tmp_path):
    c = load_quietly(write(tmp_path / "c.tsv", f"doc_id\toutlet\tdate\ttext\nr1\tReuters\t2023-03-07\t{A2}\n"
                                                f"u1\tunknown\t2021-03\t{A3}\n"))
    assert c.doc_id.tolist() == ["r1", "u1"]
    assert c.outlet.tolist() == ["Reuters", "unknown"]
    assert c.date.tolist() == ["2023-03-07", "2021-03"]
    assert c.text.tolist() == [A2, A3]


def test_folder_with_metadata_csv_naming_the_files(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "metadata.csv",
          "doc_id,outlet,source_file,date\n"
          "a1,AFP-Arabic,000_afp.txt,2023-03-07\n"
          "r1,Reuters,001_reuters.txt,2023-03-07\n")
    write(folder / "000_afp.txt", f"{A1}\n\n{A3}\n")
    write(folder / "001_reuters.txt", A2)
    c = load_quietly(folder)
    assert list(c.columns) == ["doc_id", "outlet", "source_file", "date", "text", "text_clean", "furniture"]
    assert c.doc_id.tolist() == ["a1", "r1"]
    assert c.source_file.tolist() == ["000_afp.txt", "001_reuters.txt"]
    assert c.text.tolist() == [f"{A1}\n\n{A3}\n", A2]


def test_folder_without_source_file_uses_doc_id_dot_txt(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\nu1,unknown\n")
    write(folder / "a1.txt", A1)
    write(folder / "u1.txt", A3)
    c = load_quietly(folder)
    assert list(c.columns) == ["doc_id", "outlet", "source_file", "text", "text_clean", "furniture"]
    assert c.source_file.tolist() == ["a1.txt", "u1.txt"]
    assert c.text.tolist() == [A1, A3]
    assert c.outlet.tolist() == ["AFP-Arabic", "unknown"]


REUTERS_TXT = f"{A1}\n\n{UPDATES}\n\n{A3}\n\n{CREDIT}\n"
META_YAML = f"""\
# metadata of the class corpus
documents:
  - doc_id: r1
    outlet: Reuters
    date: "2023-03-07"
    furniture:
      - text: {UPDATES}
        kind: page furniture
      - "{CREDIT}"
  - doc_id: a1
    outlet: AFP-Arabic
    date: "2023-03-07"
"""


def test_folder_with_metadata_yaml_and_furniture(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "metadata.yaml", META_YAML)
    write(folder / "r1.txt", REUTERS_TXT)
    write(folder / "a1.txt", A2)
    c = load_quietly(folder)
    assert c.doc_id.tolist() == ["r1", "a1"]
    assert list(c.columns) == ["doc_id", "outlet", "date", "source_file", "text", "text_clean", "furniture"]
    r1 = c.iloc[0]
    assert r1.text == REUTERS_TXT
    assert r1.text_clean == f"{A1}\n\n{A3}"
    assert [r1.text[a:b].strip() for a, b in r1.furniture] == [UPDATES, CREDIT]
    assert [r1.text[:a].count("\n") + 1 for a, b in r1.furniture] == [3, 7]
    assert list(c.furniture[1]) == [] and c.text_clean[1] == A2


def test_metadata_given_separately(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    write(folder / "a1.txt", A1)
    write(folder / "r1.txt", A2)
    meta = write(tmp_path / "tables" / "class.tsv", "doc_id\toutlet\tevent\na1\tAFP-Arabic\tvisit\nr1\tReuters\tvisit\n")
    c = load_quietly(folder, metadata=meta)
    assert c.doc_id.tolist() == ["a1", "r1"] and c.text.tolist() == [A1, A2]
    assert c.event.tolist() == ["visit", "visit"]
    # the table may also sit in the folder and be spelled relative to the working folder:
    # it is the table read, not a file left unread (no warning)
    write(folder / "metadata.tsv", meta.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    c = load_quietly(folder, metadata="texts/metadata.tsv")
    assert c.doc_id.tolist() == ["a1", "r1"]


def test_other_column_names_are_renamed(tmp_path):
    path = write(tmp_path / "c.csv", f"id,source,date,body\na1,AFP-Arabic,2023-03-07,{A1}\nr1,Reuters,2023-03-07,{A2}\n")
    c = load_quietly(path, id_column="id", outlet_column="source", text_column="body")
    assert list(c.columns) == ["doc_id", "outlet", "date", "text", "text_clean", "furniture"]
    assert c.doc_id.tolist() == ["a1", "r1"]
    assert c.outlet.tolist() == ["AFP-Arabic", "Reuters"]
    assert c.text.tolist() == [A1, A2]


def test_renamed_folder_metadata(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "meta.jsonl", '{"id": "a1", "source": "AFP-Arabic", "source_file": "x.txt"}\n')
    write(folder / "x.txt", A3)
    c = load_quietly(folder, id_column="id", outlet_column="source")
    assert c.doc_id.tolist() == ["a1"] and c.outlet.tolist() == ["AFP-Arabic"] and c.text.tolist() == [A3]


# ---------------------------------------------------------------------------
# Errors: each names the file, the line or row, and the problem
# ---------------------------------------------------------------------------


def folder_with(tmp_path, meta_name, meta_text, files):
    folder = tmp_path / "corpus"
    write(folder / meta_name, meta_text)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


# -- encodings and binaries


def test_cp1256_text_file_names_line_3_and_windows_1256(tmp_path):
    # lines 1-2 are ASCII (the same bytes in both encodings); line 3 is Arabic in cp1256,
    # starting with ق = 0xDE, then ا = 0xC7 (not a UTF-8 continuation byte)
    data = "2023-03-07\nBaghdad (AFP)\n".encode("ascii") + A1.encode("cp1256")
    assert data.split(b"\n")[2][:2] == b"\xde\xc7"
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n", {"a1.txt": data})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'a1.txt'}, line 3: not UTF-8 (byte 0xde at byte 1 of the line). "
        f"It decodes as Windows-1256 (Arabic Windows): re-save the file as UTF-8."
    )):
        framing.load_corpus(folder)


def test_cp1256_csv_names_line_and_byte(tmp_path):
    # "a1,AFP-Arabic," is 14 bytes: the first Arabic byte is byte 15 of line 3
    text = f"doc_id,outlet,text\nr1,Reuters,Baghdad (Reuters) - unannounced visit\na1,AFP-Arabic,{A1}\n"
    path = write(tmp_path / "c.csv", text, encoding="cp1256")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 3: not UTF-8 (byte 0xde at byte 15 of the line). It decodes as Windows-1256"
    )):
        framing.load_corpus(path)


def test_non_arabic_legacy_encoding_is_not_called_windows_1256(tmp_path):
    # "L'arm" is 5 bytes, then é = 0xE9 in cp1252
    path = write(tmp_path / "c.csv", "doc_id,outlet,text\nf1,AFP-French,L'armée américaine\n", encoding="cp1252")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 2: not UTF-8 (byte 0xe9 at byte 20 of the line). It decodes as Windows-1252 / Latin-1 "
        "(Western European: French, Spanish ...): re-save the file as UTF-8."
    )) as err:
        framing.load_corpus(path)
    assert "1256" not in str(err.value)


def test_nul_byte_names_line_and_byte(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n",
                         {"a1.txt": f"{A1}\n".encode() + b"ab\x00cd"})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'a1.txt'}, line 2: a NUL byte at byte 3 of the line: this looks like a binary file, "
        f"not UTF-8 text."
    )):
        framing.load_corpus(folder)


def test_utf16_file_is_recognised(tmp_path):
    # ff fe | 42 06 (ق) 27 06 (ا) 45 06 (م) 20 00 (space): the first NUL is byte 10
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n",
                         {"a1.txt": b"\xff\xfe" + "قام وزير".encode("utf-16-le")})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'a1.txt'}, line 1: a NUL byte at byte 10 of the line: this looks like a binary file, "
        f"not UTF-8 text. It may be UTF-16: re-save it as UTF-8."
    )):
        framing.load_corpus(folder)


def test_pdf_saved_as_txt(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n",
                         {"a1.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'a1.txt'}: this is a PDF document, not plain text. Save it as UTF-8 text (.txt) first."
    )):
        framing.load_corpus(folder)


def test_spreadsheet_named_csv(tmp_path):
    path = tmp_path / "corpus.csv"
    with zipfile.ZipFile(path, "w") as z:  # an .xlsx is a zip archive
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}: this is a zip archive (a .docx, .xlsx or .zip file), not plain text. "
        f"Save it as UTF-8 text (.csv) first."
    )):
        framing.load_corpus(path)


# -- empty documents, ids, columns, values


def test_whitespace_only_text_in_a_csv_row_names_the_line(tmp_path):
    # the first record spans lines 2-4 (a quoted text with two line ends); the empty one is line 5
    path = write(tmp_path / "c.csv", f'doc_id,outlet,text\na1,AFP-Arabic,"{A1}\n\n{A3}"\nr1,Reuters,   \n')
    with pytest.raises(CorpusError, match=pinned(f"{path}, line 5: document 'r1' is empty.")):
        framing.load_corpus(path)


def test_empty_txt_in_folder_names_the_row_and_the_file(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\nr1,Reuters\n",
                         {"a1.txt": A1, "r1.txt": "\n  \n"})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.csv'}, line 3: document 'r1' (file r1.txt) is empty."
    )):
        framing.load_corpus(folder)


def test_duplicate_doc_id_names_both_places(tmp_path):
    path = write(tmp_path / "c.csv", f"doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,Reuters,{A2}\na1,AFP-French,{A3}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 4: doc_id 'a1' is used twice (first at {path}, line 2); each document needs its own id."
    )):
        framing.load_corpus(path)


def test_duplicate_doc_id_in_yaml_folder_names_both_documents(tmp_path):
    meta = "- doc_id: a1\n  outlet: AFP-Arabic\n  source_file: x.txt\n- doc_id: a1\n  outlet: Reuters\n  source_file: y.txt\n"
    folder = folder_with(tmp_path, "metadata.yaml", meta, {"x.txt": A1, "y.txt": A2})
    m = folder / "metadata.yaml"
    with pytest.raises(CorpusError, match=pinned(
        f"{m}, document 2 (a1): doc_id 'a1' is used twice (first at {m}, document 1 (a1))"
    )):
        framing.load_corpus(folder)


def test_duplicate_doc_id_without_source_file_names_both_rows(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\na1,Reuters\n", {"a1.txt": A1})
    m = folder / "metadata.csv"
    with pytest.raises(CorpusError, match=pinned(
        f"{m}, line 3: the text file 'a1.txt' is named by two metadata rows (first at {m}, line 2)."
    )):
        framing.load_corpus(folder)


def test_missing_column_lists_the_columns_and_suggests_id(tmp_path):
    path = write(tmp_path / "c.csv", f"id,outlet,text\na1,AFP-Arabic,{A1}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}: missing required column 'doc_id'. Its columns are: id, outlet, text. "
        f"Did you mean 'id'? Pass id_column='id'."
    )):
        framing.load_corpus(path)


def test_missing_column_without_a_close_name_has_no_hint(tmp_path):
    path = write(tmp_path / "c.csv", f"doc_id,outlet,article_text\na1,AFP-Arabic,{A1}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}: missing required column 'text'. Its columns are: doc_id, outlet, article_text."
    )) as err:
        framing.load_corpus(path)
    assert "Did you mean" not in str(err.value)


def test_missing_outlet_column_in_folder_metadata(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,source\na1,AFP-Arabic\n", {"a1.txt": A1})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.csv'}: missing required column 'outlet'. Its columns are: doc_id, source. "
        f"Did you mean 'source'? Pass outlet_column='source'."
    )):
        framing.load_corpus(folder)


def test_empty_doc_id_in_yaml_folder(tmp_path):
    folder = folder_with(tmp_path, "metadata.yaml", "- doc_id:\n  outlet: AFP-Arabic\n", {"a1.txt": A1})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.yaml'}, document 1: the 'doc_id' value is empty; every document needs one."
    )):
        framing.load_corpus(folder)


def test_empty_outlet_value(tmp_path):
    path = write(tmp_path / "c.csv", f"doc_id,outlet,text\na1,AFP-Arabic,{A1}\nu1,,{A3}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 3: the 'outlet' value is empty; every document needs one."
    )):
        framing.load_corpus(path)


def test_a_renamed_column_clashing_with_a_standard_one(tmp_path):
    path = write(tmp_path / "c.csv", f"id,doc_id,outlet,text\na1,7,AFP-Arabic,{A1}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 2: has both a 'doc_id' column and the 'id' column read as 'doc_id' "
        f"(id_column='id'); rename or remove one of them."
    )):
        framing.load_corpus(path, id_column="id")


# -- folders: metadata rows and text files


def test_metadata_row_with_no_text_file(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\nr1,Reuters\n", {"a1.txt": A1})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.csv'}, line 3: document 'r1' has no text file: 'r1.txt' is not in {folder}."
    )):
        framing.load_corpus(folder)


def test_text_file_with_no_metadata_row_names_the_file(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n",
                         {"a1.txt": A1, "extra.txt": A2})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder}: 1 text file(s) with no row in metadata.csv: extra.txt. "
        f"Add a row for each (doc_id, outlet, source_file) or move the file out of the folder."
    )):
        framing.load_corpus(folder)


def test_folder_with_no_metadata_table(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "a1.txt", A1)
    with pytest.raises(CorpusError, match=pinned(
        f"{folder}: a folder of .txt files needs exactly one metadata table "
        f"(*.csv, *.tsv, *.jsonl, *.yaml, *.yml) naming each file, and it has no metadata table. "
        f"Add one (e.g. metadata.csv with columns doc_id, outlet, source_file), or pass the table to use as metadata=."
    )):
        framing.load_corpus(folder)


def test_folder_with_two_metadata_tables(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n", {"a1.txt": A1})
    write(folder / "metadata.yaml", "- doc_id: a1\n  outlet: AFP-Arabic\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{folder}: a folder of .txt files needs exactly one metadata table "
        f"(*.csv, *.tsv, *.jsonl, *.yaml, *.yml) naming each file, and it has 2 tables "
        f"(metadata.csv, metadata.yaml). Keep one, or pass the table to use as metadata=."
    )):
        framing.load_corpus(folder)


def test_extra_non_txt_file_is_named_in_a_warning(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n",
                         {"a1.txt": A1, "notes.docx": b"PK\x03\x04", ".hidden": b""})
    with pytest.warns(UserWarning, match=pinned(f"{folder}: not read (not .txt): notes.docx")) as record:
        c = framing.load_corpus(folder)
    assert c.doc_id.tolist() == ["a1"]
    assert [str(w.message) for w in record] == [f"{folder}: not read (not .txt): notes.docx"]


# -- paths


def test_path_that_does_not_exist(tmp_path):
    path = tmp_path / "no_such_corpus.csv"
    with pytest.raises(CorpusError, match=pinned(f"{path}: no such file or folder.")):
        framing.load_corpus(path)


def test_single_txt_file(tmp_path):
    path = write(tmp_path / "article.txt", A1)
    with pytest.raises(CorpusError, match=pinned(
        f"{path}: a single .txt file has no metadata (outlet, date ...). Put the .txt files in a folder "
        f"with a metadata.csv (columns doc_id, outlet, source_file), or use a CSV with a text column."
    )):
        framing.load_corpus(path)


def test_metadata_without_a_folder(tmp_path):
    meta = write(tmp_path / "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n")
    with pytest.raises(CorpusError, match=pinned(
        "metadata= was given without a folder of texts: pass the folder as the first argument."
    )):
        framing.load_corpus(metadata=meta)
    path = write(tmp_path / "c.csv", f"doc_id,outlet,text\na1,AFP-Arabic,{A1}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}: metadata= goes with a folder of .txt files, not with a single file."
    )):
        framing.load_corpus(path, metadata=meta)


# -- file syntax


def test_csv_row_with_too_many_fields(tmp_path):
    # an ASCII comma inside an unquoted Arabic text splits it in two
    path = write(tmp_path / "c.csv", f"doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,Reuters,قال المسؤول, ثم غادر\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 3: 4 fields, but the header has 3 (doc_id, outlet, text). "
        f"A text with a ',' in it must be in double quotes."
    )):
        framing.load_corpus(path)


def test_csv_row_with_too_few_fields(tmp_path):
    path = write(tmp_path / "c.csv", f"doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,{A2}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 3: 2 fields, but the header has 3 (doc_id, outlet, text). Is a field missing?"
    )):
        framing.load_corpus(path)


def test_csv_quote_never_closed_does_not_swallow_the_next_rows(tmp_path):
    path = write(tmp_path / "c.csv",
                 f'doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,Reuters,"{A2}\nu1,unknown,{A3}\n')
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 3: a double quote opened in this row is never closed, so the rest of the file "
        f"would be read as one field. Close the quote."
    )):
        framing.load_corpus(path)


def test_csv_long_multiline_text_loads_and_later_lines_are_counted(tmp_path):
    # a quoted text over 2,100 lines, longer than Python's default csv field limit
    # (131,072 characters): it loads, and a bad row after it is named by its own line:
    # the text opens on line 3, its 2,100 line ends put the closing quote on line 2103
    long_text = f"{A2}\n" * 2100
    assert len(long_text) > 131072
    path = write(tmp_path / "c.csv", f'doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,Reuters,"{long_text}"\nx1,X\n')
    with pytest.raises(CorpusError, match=pinned(f"{path}, line 2104: 2 fields, but the header has 3")):
        framing.load_corpus(path)
    path = write(tmp_path / "ok.csv", f'doc_id,outlet,text\na1,AFP-Arabic,{A1}\nr1,Reuters,"{long_text}"\n')
    assert framing.load_corpus(path).text[1] == long_text


def test_invalid_json_line(tmp_path):
    good = json.dumps({"doc_id": "a1", "outlet": "AFP-Arabic", "text": A1}, ensure_ascii=False)
    bad = "{'doc_id': 'r1', 'outlet': 'Reuters', 'text': 'قال المسؤول'}"  # Python quotes, not JSON
    path = write(tmp_path / "c.jsonl", f"{good}\n{bad}\n")
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 2: not valid JSON: Expecting property name enclosed in double quotes (column 2)."
    )):
        framing.load_corpus(path)


def test_json_line_that_is_not_an_object(tmp_path):
    path = write(tmp_path / "c.jsonl", '["a1", "AFP-Arabic", "غزو"]\n')
    with pytest.raises(CorpusError, match=pinned(
        f"{path}, line 1: each line must be a JSON object {{...}}, got list."
    )):
        framing.load_corpus(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    # line 4: an unquoted title with ": " in it
    meta = "documents:\n  - doc_id: a1\n    outlet: AFP-Arabic\n    title: وزير الدفاع: زيارة بغداد\n"
    folder = folder_with(tmp_path, "metadata.yaml", meta, {"a1.txt": A1})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.yaml'}, line 4: not valid YAML: mapping values are not allowed here."
    )):
        framing.load_corpus(folder)


def test_yaml_quote_never_closed_names_where_it_opens(tmp_path):
    # the quote opens on line 4 and the file ends after line 6: YAML sees the end on line 7
    meta = ('documents:\n  - doc_id: a1\n    outlet: AFP-Arabic\n    title: "زيارة بغداد\n'
            "  - doc_id: r1\n    outlet: Reuters\n")
    folder = folder_with(tmp_path, "metadata.yaml", meta, {"a1.txt": A1, "r1.txt": A2})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.yaml'}, line 7: not valid YAML: found unexpected end of stream "
        f"(while scanning a quoted scalar that starts on line 4)."
    )):
        framing.load_corpus(folder)


def test_furniture_line_not_in_the_text(tmp_path):
    # "إدريس علي" is inside the credit line but is not a whole line of the text
    meta = "documents:\n  - doc_id: r1\n    outlet: Reuters\n    furniture:\n      - إدريس علي\n"
    folder = folder_with(tmp_path, "metadata.yaml", meta, {"r1.txt": REUTERS_TXT})
    with pytest.raises(CorpusError, match=pinned(
        f"{folder / 'metadata.yaml'}, document 1 (r1): furniture line 'إدريس علي' is not a whole line of "
        f"document 'r1'. Copy the line exactly as it is in the text."
    )):
        framing.load_corpus(folder)


def test_long_article_in_csv_loads(tmp_path):
    # longer than the csv module's default field limit of 131,072 characters
    text = "الانسحاب من العراق. " * 8000
    path = tmp_path / "long.csv"
    path.write_text("doc_id,outlet,text\nlong,X," + text + "\n", encoding="utf-8")
    import csv

    before = csv.field_size_limit()
    assert framing.load_corpus(path).text[0] == text
    assert csv.field_size_limit() == before


def test_text_column_beside_a_text_file_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("الغزو", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet,text\na,X,نص آخر\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"metadata\.csv, line 2: this row has a 'text' value and a text file \(a\.txt\)"):
        framing.load_corpus(tmp_path)


# ---------------------------------------------------------------- instructors' corpora, as they come


def test_a_dataframe_with_an_empty_text_cell_names_the_document(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["الغزو الأمريكي", float("nan")]})
    with pytest.raises(framing.FramingError, match=r"The text of document 'b' is float nan, not text"):
        framing.kwic(frame, "غزو")
    frame = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["الغزو الأمريكي", 42]})
    with pytest.raises(framing.FramingError, match=r"The text of document 'b' is int 42"):
        framing.terms(frame)


def test_macos_resource_files_in_a_folder_are_not_texts(tmp_path):
    (tmp_path / "a.txt").write_text("الغزو الأمريكي", encoding="utf-8")
    (tmp_path / "._a.txt").write_bytes(b"\x00\x05\x16\x07Mac OS X        ")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet,source_file\na,X,a.txt\n", encoding="utf-8")
    corpus = framing.load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["a"]


def test_ids_that_differ_only_by_case_are_refused_naming_both_lines(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\nA,X,الغزو\na,Y,الغزو\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"c\.csv, line 3: doc_id 'a' differs from 'A' only by upper "
                                                   r"and lower case.*first at .*c\.csv, line 2"):
        framing.load_corpus(path)


@pytest.mark.parametrize("text", ["ـــ ... !!", "\u200f\u200e", "«»"])
def test_a_document_with_no_word_is_refused_naming_its_line(tmp_path, text):
    path = tmp_path / "c.csv"
    path.write_text(f"doc_id,outlet,text\na,X,الغزو\nb,Y,{text}\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"c\.csv, line 3: document 'b' has no word in it"):
        framing.load_corpus(path)


def test_a_decomposed_file_name_is_found(tmp_path):
    import unicodedata

    (tmp_path / unicodedata.normalize("NFD", "مسؤول.txt")).write_text("قال مسؤول أمريكي", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet,source_file\na,X,مسؤول.txt\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no "not read" warning about the file that was read
        assert framing.load_corpus(tmp_path)["text"].tolist() == ["قال مسؤول أمريكي"]


def test_a_jsonl_value_that_is_a_list_or_mapping_is_refused(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "outlet": ["A", "B"], "text": "الغزو"}) + "\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"c\.jsonl, line 1: the 'outlet' value is a list"):
        framing.load_corpus(path)


def test_a_tab_separated_file_named_csv_is_told_so(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id\toutlet\ttext\na\tX\tالغزو\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"the file is tab-separated\. Rename it c\.tsv"):
        framing.load_corpus(path)


def test_a_french_latin1_file_is_not_called_arabic_windows(tmp_path):
    text = "Le président américain a déclaré: « Êtes-vous prêts? » L'armée reste en Irak. " * 3
    (tmp_path / "a.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,X\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=r"a\.txt, line 1: not UTF-8 .* Windows-1252 / Latin-1") as err:
        framing.load_corpus(tmp_path)
    assert "1256" not in str(err.value)


def test_a_symbolic_link_loop_in_the_folder_is_named_not_a_traceback(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\n", {"a1.txt": A1})
    (folder / "loop1").symlink_to(folder / "loop2")
    (folder / "loop2").symlink_to(folder / "loop1")
    with pytest.warns(UserWarning) as record:
        c = framing.load_corpus(folder)
    assert c.doc_id.tolist() == ["a1"]
    assert [str(w.message) for w in record] == [
        f"{folder}: not read (a symbolic link that leads nowhere): loop1, loop2"]


def test_a_text_file_that_is_a_link_to_nothing_is_named(tmp_path):
    folder = folder_with(tmp_path, "metadata.csv", "doc_id,outlet\na1,AFP-Arabic\na2,Reuters\n", {"a1.txt": A1})
    (folder / "a2.txt").symlink_to(folder / "a2.txt")  # a link to itself: a loop
    with pytest.raises(CorpusError, match=pinned(
            f"metadata.csv, line 3: the text file 'a2.txt' of document 'a2' is a symbolic link that leads nowhere "
            f"(a loop, or its target was moved or deleted): '{folder / 'a2.txt'}'.")):
        framing.load_corpus(folder)


def test_a_yaml_id_that_is_a_list_is_refused_without_naming_the_document_by_it(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("- doc_id: ['a']\n  outlet: X\n  text: غزو العراق\n", encoding="utf-8")
    with pytest.raises(framing.CorpusError, match=pinned(
            f"{path}, document 1: the 'doc_id' value is a list (['a']); it must be one piece of text.")):
        framing.load_corpus(path)
