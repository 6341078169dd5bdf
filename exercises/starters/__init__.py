"""Starter files for the coding tasks: the functions a learner implements, each
raising NotImplementedError that names what is missing (see solutions/)."""
