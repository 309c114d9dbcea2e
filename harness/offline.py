"""The policy in process for the offline evaluations: one worker process per core, forked after the
pipeline, the spelling dictionaries and the second opinion are loaded once."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def warmed_pool() -> ProcessPoolExecutor:
    from triage.extractor import warm_up
    from triage.second_opinion import save_trained, suspected_red_flag

    save_trained()  # as make train does for the servers: the policy as it runs
    warm_up()
    suspected_red_flag("warming up", set())
    return ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"))
