"""A program without the run() entry point of the worker contract."""

ANSWER = 42
