import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def pytest_collection_modifyitems(items):
    """A test marked reliability(section, label) is a line of `make reliability`'s report
    (scripts/reliability.py): its JUnit XML record carries the section and the label."""
    for item in items:
        mark = item.get_closest_marker("reliability")
        if mark:
            section, label = mark.args
            item.user_properties += [("reliability_section", section), ("reliability_label", label)]
