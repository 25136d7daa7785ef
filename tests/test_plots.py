"""Plots: Arabic labels joined and right to left, and every plot saved as PNG.

Set FRAMING_PLOT_DIR to keep the PNGs and look at them.
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")

import arabic_reshaper  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from bidi.algorithm import get_display  # noqa: E402

import framing  # noqa: E402
from framing import plots  # noqa: E402

WORDS = ["الغزو", "للإطاحة", "عملية عسكرية", "الحشد الشعبي", "صدّام"]


@pytest.fixture
def out_dir(tmp_path):
    where = os.environ.get("FRAMING_PLOT_DIR")
    path = pathlib.Path(where) if where else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def render(text):
    fig = plt.figure(figsize=(3, 0.8), dpi=100)
    fig.text(0.05, 0.3, text, fontsize=20, family=plots.FONT)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0].astype(float)
    plt.close(fig)
    return pixels


@pytest.mark.skipif(not plots.has_libraqm(), reason="this matplotlib has no libraqm")
@pytest.mark.parametrize("word", WORDS)
def test_labels_render_joined_and_right_to_left(word):
    # The reference: letters already joined (presentation forms) in visual order,
    # drawn left to right under an explicit override (LRO ... PDF). A label drawn
    # the way the plots draw it must give the same pixels.
    visual = get_display(arabic_reshaper.reshape(word))
    reference = render("\u202d" + visual + "\u202c")
    drawn = render(plots.arabic(word))
    assert np.abs(drawn - reference).mean() < 0.5
    # ... and reshaping by hand on top of libraqm reverses it: the old recipe is wrong here
    assert np.abs(render(visual) - reference).mean() > 2


def test_fallback_reshapes_and_reorders_without_libraqm(monkeypatch):
    monkeypatch.setattr(plots, "has_libraqm", lambda: False)
    label = plots.arabic("الغزو")
    assert label == get_display(arabic_reshaper.reshape("الغزو"))
    assert all("\ufe70" <= ch <= "\ufeff" for ch in label)  # joined (presentation) forms
    assert label != "الغزو" and plots.arabic("Reuters") == "Reuters"


def test_top_terms_plot(out_dir, corpus):
    fig = plots.plot_top_terms(framing.tfidf(corpus, by="outlet"), 8)
    fig.savefig(out_dir / "tfidf_top_terms.png", dpi=90)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["AFP-French", "AFP-Arabic", "Reuters", "unknown", "Al-Monitor"]
    reuters = [t.get_text() for t in fig.axes[2].get_yticklabels()]
    assert "غزو" in reuters  # 5 hits in Reuters, 3 other texts: in its top 8 by score
    assert (out_dir / "tfidf_top_terms.png").stat().st_size > 10_000


def test_similarity_heatmap(out_dir, corpus):
    fig = plots.plot_similarity(framing.similarity(corpus))
    fig.savefig(out_dir / "similarity.png", dpi=90)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == corpus.doc_id.tolist()


def test_plot_errors_name_the_missing_columns(corpus):
    with pytest.raises(framing.FramingError, match="needs a table with the column"):
        plots.plot_top_terms(corpus)


def test_keyness_plot(out_dir, corpus):
    k = framing.keyness(corpus, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic")
    fig = plots.plot_keyness(k, 6)
    fig.savefig(out_dir / "keyness.png", dpi=90)
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert len(bars) == 12 and all(b > 0 for b in bars[:6]) and all(b < 0 for b in bars[6:])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "تحالف"  # 0 in Reuters, 12 in the two AFP texts: the strongest negative
    assert "reuters_2023" in fig.axes[0].get_xlabel()


def test_dispersion_plot(out_dir, corpus):
    fig = plots.plot_dispersion(framing.dispersion(corpus, "غزو"))
    fig.savefig(out_dir / "dispersion.png", dpi=90)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == corpus.doc_id.tolist()
    # outlets with no hit are not in the legend
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["AFP-French", "AFP-Arabic", "Reuters"]


def test_frames_plot(out_dir, corpus):
    fig = plots.plot_frames(framing.frame_counts(corpus, n_boot=200))
    fig.savefig(out_dir / "frames.png", dpi=80)
    titles = [ax.get_title() for ax in fig.axes]
    assert "war_invasion" in titles and "withdrawal" in titles
    with pytest.raises(framing.FramingError, match="no frame 'peace'"):
        plots.plot_frames(framing.frame_counts(corpus, n_boot=10), frames=["peace"])


def test_choices_plot(out_dir, corpus):
    fig = plots.plot_choices(framing.choices(corpus))
    fig.savefig(out_dir / "choices.png", dpi=80)
    war = fig.axes[0]
    assert war.get_title() == "war_2003"
    assert [t.get_text() for t in war.get_legend().get_texts()][:2] == ["غزو", "عملية عسكرية"]
    # group labels carry the number of hits: AFP-Arabic used غزو once and عملية عسكرية once
    assert "AFP-Arabic (n=2)" in [t.get_text() for t in war.get_yticklabels()]


def test_keyness_plot_says_when_ties_are_cut(corpus):
    # Reuters vs AFP: after 5 stronger keywords, many terms with 2 hits against 0 share
    # one G2 (2*2*ln(2/0.563) = 5.07); 6 bars cannot show them all
    k = framing.keyness(corpus, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic")
    target = k[k.key == "target"].g2
    sixth = target.nlargest(6).iloc[-1]
    assert round(sixth, 2) == 5.07
    tied = int((target == sixth).sum()) - int((target.nlargest(6) == sixth).sum())
    title = plots.plot_keyness(k, 6).axes[0].get_title()
    assert tied > 0 and f"{tied} more target terms tie at g2 = 5.07, not shown" in title


def test_plots_leave_the_global_style_alone(corpus):
    before = dict(matplotlib.rcParams)
    plots.plot_similarity(framing.similarity(corpus))
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert not changed, f"a plot changed the student's matplotlib settings: {sorted(changed)[:5]}"
