"""Alignment at three levels: stories in a batch, sentences in a story, words in a sentence.

The algorithms are pure functions over numpy arrays and plain data; encoders only supply vectors.
"""
