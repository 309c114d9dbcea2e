"""Evaluation harness shared by tests, `make eval` and benchmarks: scripted families and vignettes played
over REST or offline, and the metrics they are judged by."""
