"""normalize(): every orthographic feature the seed note lists, on seed words."""

import pytest

from framing import normalize
from framing.stopwords import is_stopword, stopwords


@pytest.mark.parametrize(
    "written, expected",
    [
        ("صدّام", "صدام"),  # shadda (001)
        ("حالياً", "حاليا"),  # fathatan (001)
        ("استُهدفت", "استهدفت"),  # damma (001)
        ("انسحابًا", "انسحابا"),  # fathatan on alef (004)
        ("بـ", "ب"),  # tatweel (000: أشادت بـ “العلاقة)
        ("الأمريكي", "الامريكي"),  # hamza on alef (000)
        ("إلى", "الي"),  # hamza under alef + alef maqsura
        ("آخر", "اخر"),  # madda (002)
        ("ٱلله", "الله"),  # alef wasla
        ("مستوى", "مستوي"),  # alef maqsura
        ("بینهما", "بينهما"),  # Farsi yeh U+06CC (003)
        ("الامریکیة", "الامريكية"),  # Farsi yeh and keheh U+06A9 (003)
        ("کما", "كما"),  # keheh (003)
        ("٢٣", "23"),  # Arabic-Indic digits (003)
        ("٦٠٪", "60%"),  # Arabic percent sign (003)
        ("۲۰۲۰", "2020"),  # extended (Persian) digits
        ("\u200fغزو\u200c", "غزو"),  # direction mark, zero-width non-joiner
        ("\ufe8e\ufedf\ufecc\ufeae\ufe8d\ufed7", "العراق"),  # presentation forms (PDF copy)
    ],
)
def test_each_orthographic_feature(written, expected):
    assert normalize(written) == expected


def test_punctuation_and_latin_are_kept():
    # Arabic comma, curly quotes, en dash, ellipsis and Latin text stay as they are
    text = "“الشراكة”، – Camp Adder …"
    assert normalize(text) == text


def test_hamza_on_carrier_is_kept():
    # ؤ and ئ are not folded: they separate different words
    assert normalize("مسؤول") == "مسؤول"
    assert normalize("رئيس") == "رئيس"


def test_two_spellings_of_american_meet():
    # AFP Arabic الأميركي versus the machine translation's الأمريكي stay two words
    # (a yeh of difference), but hamza no longer separates either from its bare form
    assert normalize("الأميركي") == normalize("الاميركي") == "الاميركي"
    assert normalize("الأمريكي") == "الامريكي"


def test_taa_marbuta_folding_is_opt_in():
    assert normalize("عملية عسكرية") == "عملية عسكرية"
    assert normalize("عملية عسكرية", fold_taa=True) == "عمليه عسكريه"


def test_seed_003_has_no_persian_letters_or_indic_digits_after_normalising(seed_text):
    raw = seed_text(3)
    assert raw.count("\u06cc") == 6 and raw.count("\u06a9") == 2  # as the seed note says
    norm = normalize(raw)
    for ch in "\u06cc\u06a9٠١٢٣٤٥٦٧٨٩٪":
        assert ch not in norm
    assert "في 23 مارس" in norm and "60%" in norm and "حزيران 2020" in norm


def test_no_harakat_or_hamza_alef_left_in_any_seed(seed_text):
    for n in range(5):
        norm = normalize(seed_text(n))
        assert not any("\u064b" <= ch <= "\u065f" or ch in "أإآـ" for ch in norm)


def test_normalize_rejects_non_text():
    with pytest.raises(TypeError, match="takes a str, got list"):
        normalize(["غزو"])


def test_stopwords_are_normalised_so_they_still_match():
    sw = stopwords()
    # the package stores hamza spellings; the kit's normalised texts have none
    assert "الي" in sw and "ان" in sw and "بان" in sw
    assert not any(ch in w for w in sw for ch in "أإآى")
    assert is_stopword("إلى") and is_stopword("الى") and is_stopword("في")
    assert not is_stopword("الغزو") and not is_stopword("انسحاب")


# ---------------------------------------------------------------- decomposed text, other keyboards


def test_decomposed_hamza_stays_on_its_carrier():
    import unicodedata

    for word, kept in [("مسؤول", "مسؤول"), ("سائل", "سائل"), ("أمريكا", "امريكا"), ("إيران", "ايران"),
                       ("آخر", "اخر")]:
        decomposed = unicodedata.normalize("NFD", word)
        assert decomposed != word  # the mark is a separate code point
        assert normalize(decomposed) == kept


def test_heh_as_kurdish_urdu_and_persian_keyboards_type_it():
    # ھ (U+06BE), ە (U+06D5), ہ (U+06C1) are the heh of those keyboards; ۃ (U+06C3) is a taa marbuta
    assert normalize("\u0627\u0644\u0644\u06be") == "الله"
    assert normalize("\u0645\u062f\u0631\u0633\u06d5") == "مدرسه"
    assert normalize("\u0634\u06c1\u0631") == "شهر"
    assert normalize("\u0645\u062f\u0631\u0633\u06c3") == "مدرسة"
