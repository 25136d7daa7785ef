"""Arabic orthographic normalisation: one ``str.translate`` pass.

The same function is applied to texts, queries, lexicon terms and the stop
list, so that they always meet in the same spelling.

What it does (each rule is a row of one translation table):

===============================  ==========================================
written                          becomes
===============================  ==========================================
harakat, shadda, sukun, dagger   removed (U+064B-U+065F, U+0670,
alef and Quranic marks           U+06D6-U+06ED)
tatweel ``ـ`` (kashida)          removed
أ إ آ ٱ ٲ ٳ  (alef with hamza,    ا  (bare alef)
madda or wasla)
ى (alef maqsura)                 ي
ی (Farsi yeh, U+06CC)            ي
ک (keheh, U+06A9)                ك
ھ ە ہ (heh doachashmee, ae,      ه  (what Kurdish, Urdu and some Persian
heh goal: U+06BE, U+06D5, U+06C1)   keyboards type for heh)
ۃ (teh marbuta goal, U+06C3)     ة
٠-٩ and ۰-۹ (Arabic-Indic and    0-9
extended digits)
٪ ٫ ٬                            % . ,
zero-width and direction marks   removed (U+200B-U+200F, U+061C, U+2066-
                                 U+2069, U+FEFF)
presentation forms (from PDFs)   the plain letters they stand for
ة (taa marbuta)                  ه, only with ``fold_taa=True``
===============================  ==========================================

Hamza on a carrier (ؤ ئ) and bare hamza ء are kept: folding them merges
different words.

Text is first composed (Unicode NFC): decomposed text, what some macOS
tools and PDFs give, writes ؤ as و + U+0654 (hamza above), and without
composing, removing U+0654 with the harakat would turn ؤ into و and ئ into
ي. Composed, the hamza stays on its carrier, and أ إ آ written as alef +
mark become ا like the others.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "is_arabic", "strip_article", "HARAKAT", "ARTICLE_MIN_LEFT"]

#: Combining marks removed by :func:`normalize` (harakat, shadda, sukun,
#: dagger alef, Quranic annotation marks).
HARAKAT = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))
)
TATWEEL = "\u0640"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u2066\u2067\u2068\u2069\ufeff"


def _build_table(fold_taa: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for ch in HARAKAT + TATWEEL + _INVISIBLE:
        table[ord(ch)] = None
    for ch in "أإآٱٲٳ":
        table[ord(ch)] = "ا"
    table[ord("ى")] = "ي"
    table[0x06CC] = "ي"  # Farsi yeh
    table[0x06A9] = "ك"  # keheh
    for cp in (0x06BE, 0x06D5, 0x06C1):  # heh doachashmee, ae, heh goal
        table[cp] = "ه"
    table[0x06C3] = "ة"  # teh marbuta goal
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic digits
        table[0x06F0 + i] = str(i)  # extended (Persian, Urdu) digits
    table[0x066A] = "%"
    table[0x066B] = "."
    table[0x066C] = ","
    if fold_taa:
        table[ord("ة")] = "ه"
    # Presentation forms (what a PDF copy-paste gives): map each to its
    # compatibility decomposition, then run that through the rules above.
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFD)):
        ch = chr(cp)
        plain = unicodedata.normalize("NFKC", ch)
        if plain != ch and not unicodedata.combining(ch):
            table[cp] = plain.translate(table)
    return table


_TABLE = _build_table(fold_taa=False)
_TABLE_TAA = _build_table(fold_taa=True)


def normalize(text: str, *, fold_taa: bool = False) -> str:
    """Return ``text`` in the kit's normal spelling (see the module table).

    Parameters
    ----------
    text : str
        Any text: a document, a query, a lexicon term, a stopword.
    fold_taa : bool, default False
        Also write taa marbuta ``ة`` as ``ه`` (off by default: it merges
        words such as ``عملية`` and a possessive ``عمليه``).

    Returns
    -------
    str
        The normalised text. Its length may differ from ``text``: use
        :func:`framing.tokenize` to keep offsets into the original.

    Examples
    --------
    >>> normalize("صدّام")                 # shadda removed
    'صدام'
    >>> normalize("الأمريكي") == normalize("الامريكي")
    True
    >>> normalize("بینهما")                # Farsi yeh, as typed in seed 003
    'بينهما'
    >>> normalize("٢٣ مارس، ٦٠٪")
    '23 مارس، 60%'
    >>> normalize("عملية", fold_taa=True)
    'عمليه'
    >>> import unicodedata
    >>> normalize(unicodedata.normalize("NFD", "مسؤول")) == "مسؤول"   # decomposed hamza kept
    True
    """
    if not isinstance(text, str):
        raise TypeError(
            f"normalize() takes a str, got {type(text).__name__}: {text!r:.60}"
        )
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_TABLE_TAA if fold_taa else _TABLE)


# Arabic letters (not marks, digits or punctuation), in the basic and extended blocks.
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def is_arabic(text: str) -> bool:
    """True when ``text`` has at least one Arabic letter.

    >>> is_arabic("غزو"), is_arabic("Camp Adder")
    (True, False)
    """
    return _ARABIC_LETTER.search(text) is not None


#: The article ال is taken off a word only when at least this many letters are
#: left, so that الله ("God") and آلاف ("thousands") keep theirs. One rule for
#: the whole kit: queries (:mod:`framing.match`), lexicon terms and :func:`framing.terms`.
ARTICLE_MIN_LEFT = 3
_ARTICLE = re.compile(rf"^(?:[وف]?[بك]?ال|[وف]?لل)(?=\w{{{ARTICLE_MIN_LEFT}}})")


def strip_article(word: str, *, proclitics: bool = False) -> str:
    """A normalised ``word`` without its article ال (when at least 3 letters are left).

    With ``proclitics=True`` a conjunction (و, ف) and a preposition (ب, ك)
    written before the article go with it, and so does لل (li- + al-). A
    word without the article keeps every letter: ``وانسحاب`` stays as it is.

    >>> strip_article("الغزو"), strip_article("الله"), strip_article("الاف")
    ('غزو', 'الله', 'الاف')
    >>> [strip_article(w, proclitics=True) for w in ["وللغزو", "بالانسحاب", "وانسحاب", "بالغ"]]
    ['غزو', 'انسحاب', 'وانسحاب', 'بالغ']
    """
    if proclitics:
        return _ARTICLE.sub("", word, count=1)
    return word[2:] if word.startswith("ال") and len(word) >= 2 + ARTICLE_MIN_LEFT else word
