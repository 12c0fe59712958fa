"""Japanese search that also finds compound words (誤差逆伝播, 誤差逆伝播法).

Sphinx's Japanese splitter (TinySegmenter) cuts 誤差逆伝播 into 誤差 / 逆伝播, while the search box
looks a whole run of kanji and katakana up as one word, so 誤差逆伝播 found nothing. This splitter
keeps Sphinx's words and adds each run of up to ``MAX_PARTS`` adjacent kanji/katakana words joined
together; the search page matches a query against the words it contains as well.
"""

import re

from sphinx.search.ja import DefaultSplitter

MAX_PARTS = 4
# A word of kanji and katakana only (no kana particles, no Latin letters or digits).
_CONTENT_WORD = re.compile(r"^[一-龠々〆ヵヶァ-ヴー]+$")


class CompoundSplitter(DefaultSplitter):
    """``DefaultSplitter``'s words, plus adjacent kanji/katakana words joined into compounds."""

    def split(self, input):
        words = super().split(input)
        compounds = []
        run = []
        for word in [*words, ""]:
            if _CONTENT_WORD.match(word):
                run.append(word)
                continue
            for start in range(len(run)):
                for end in range(start + 2, min(start + MAX_PARTS, len(run)) + 1):
                    compounds.append("".join(run[start:end]))
            run = []
        return words + compounds
