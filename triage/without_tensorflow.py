"""spaCy's thinc imports TensorFlow whenever it is installed (about 2.5 s and 400 MB), and Rasa needs it
installed; the clinical code never uses it. A process that runs only the clinical code (the action server,
the offline evaluation) calls this before spaCy is first imported."""

import sys


def keep_tensorflow_out() -> None:
    """From now on `import tensorflow` raises ImportError in this process, which thinc takes as not installed."""
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]  # None in sys.modules: not importable
