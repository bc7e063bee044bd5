"""Alignment at three levels: stories in a batch, sentences in a story, words in a sentence.

The algorithms are pure functions over numpy arrays and plain data; encoders only supply vectors.
"""

from mtqa.align.tokenize import pretokenized_spans, word_spans
from mtqa.align.word import WordAligner, WordAlignmentResult, WordLink, align_subwords, align_words
