"""The floor of the house: the words of the method and the typed, immutable records built from a case.

Nothing here reads a file or computes a figure; every other layer may import it.
"""
