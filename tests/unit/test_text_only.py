"""components/text_only.py: Rasa's "/intent{...}" reading of message text is off, and the patched
component still passes Rasa's own graph validation (a fresh `rasa train` checks it)."""

from pathlib import Path

from rasa.engine.recipes.recipe import Recipe
from rasa.engine.validation import _get_parameter_information, _required_args, validate
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.data import TrainingType
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.utils.io import read_config_file

from components import text_only


def test_a_slash_command_stays_text_without_an_intent_or_entities():
    text_only.apply()
    message = Message(data={"text": '/restart{"finding": {"a": 1}}'})
    [processed] = RegexMessageHandler().process([message])
    assert processed.get("text") == '/restart{"finding": {"a": 1}}'
    assert processed.get("intent") is None and not processed.get("entities")


def test_the_patched_component_passes_rasas_graph_validation():
    text_only.apply()
    params, returns = _get_parameter_information(RegexMessageHandler, "process")
    assert _required_args(params) == {"messages"}
    config = read_config_file(Path(__file__).resolve().parents[2] / "config.yml")
    graphs = Recipe.recipe_for_name(config.get("recipe")).graph_config_for_recipe(config, {}, TrainingType.BOTH)
    assert "run_RegexMessageHandler" in graphs.predict_schema.nodes
    validate(graphs)  # what `rasa train` runs on the project's config: raises if anything is off
