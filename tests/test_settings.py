"""The settings table, Config's defaults, and how the environment and overrides are read.
(That the README documents every setting is checked in test_docs.py.)"""

from dataclasses import fields
from pathlib import Path

import pytest

from askbio.errors import AskbioError
from askbio.settings import SETTINGS, Config, RetrievalParams

# For each setting, a value as the environment spells it and the value Config holds for it;
# each differs from the default, so a variable that is not read fails its test.
SAMPLES = {
    "corpus": ("/srv/askbio/corpus", Path("/srv/askbio/corpus")),
    "index_dir": ("~/askbio-index", Path.home() / "askbio-index"),
    "follow_symlinks": ("1", True),
    "title": ("Vaccine reports", "Vaccine reports"),
    "top_k": ("7", 7),
    "max_question_chars": ("500", 500),
    "min_confidence": ("0.7", 0.7),
    "host": ("0.0.0.0", "0.0.0.0"),
    "port": ("8080", 8080),
    "workers": ("4", 4),
    "threads": ("8", 8),
    "cors_origins": ("https://a.example,https://b.example", "https://a.example,https://b.example"),
    "max_body_bytes": ("2048", 2048),
    "rate_limit": ("5/minute", "5/minute"),
    "rate_limit_storage": ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379"),
    "proxies": ("1", 1),
    "unanswered_log": ("/var/lib/askbio/unanswered.sqlite", Path("/var/lib/askbio/unanswered.sqlite")),
    "unanswered_retention_days": ("30", 30),
    "admin_token": ("a-long-curator-token-123", "a-long-curator-token-123"),
}


def test_every_setting_is_a_config_field_and_every_field_a_setting():
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Config)]


def test_settings_table_matches_the_config_defaults():
    config = Config()
    for setting in SETTINGS:
        assert getattr(config, setting.name) == setting.default, setting.name


def test_every_setting_has_help_and_an_askbio_variable():
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name
        assert setting.env_var == "ASKBIO_" + setting.name.upper()


def test_every_setting_has_a_sample_here():
    assert set(SAMPLES) == {s.name for s in SETTINGS}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_each_environment_variable_is_read_with_its_type(setting):
    raw, expected = SAMPLES[setting.name]
    assert expected != setting.default
    config = Config.from_env(environ={setting.env_var: raw})
    assert getattr(config, setting.name) == expected
    assert type(getattr(config, setting.name)) is type(expected)
    others = {s.name for s in SETTINGS} - {setting.name}
    assert all(getattr(config, name) == getattr(Config(), name) for name in others)


def test_unrelated_and_empty_variables_leave_the_defaults():
    environ = {"ASKBIO_TOP_K": "", "TOP_K": "9", "ASKBIO_NOT_A_SETTING": "1"}
    assert Config.from_env(environ=environ) == Config()


def test_environment_overrides_defaults_and_options_override_environment():
    config = Config.from_env({"top_k": 5}, environ={"ASKBIO_TOP_K": "2", "ASKBIO_MIN_CONFIDENCE": "0.7"})
    assert config.top_k == 5 and config.min_confidence == 0.7


def test_an_override_of_none_keeps_the_environment_value():
    """The CLI passes None for an option not given: the environment's value stands."""
    config = Config.from_env({"corpus": None, "top_k": None}, environ={"ASKBIO_TOP_K": "2"})
    assert config.top_k == 2 and config.corpus is None


def test_overrides_are_coerced_like_the_environment():
    config = Config.from_env({"port": "9000", "index_dir": "~/idx"}, environ={})
    assert config.port == 9000 and config.index_dir == Path.home() / "idx"


@pytest.mark.parametrize(
    ("overrides", "environ", "name"),
    [
        ({}, {"ASKBIO_TOP_K": "three"}, "top_k"),
        ({}, {"ASKBIO_PORT": "80.5"}, "port"),
        ({}, {"ASKBIO_MIN_CONFIDENCE": "high"}, "min_confidence"),
        ({"workers": "many"}, {}, "workers"),
        ({"max_body_bytes": None, "proxies": "one"}, {}, "proxies"),
        ({}, {"ASKBIO_FOLLOW_SYMLINKS": "yes"}, "follow_symlinks"),
    ],
)
def test_a_bad_number_is_a_bad_setting_error_naming_it(overrides, environ, name):
    with pytest.raises(AskbioError) as caught:
        Config.from_env(overrides, environ=environ)
    assert caught.value.code == "bad_setting"
    assert repr(name) in caught.value.message


def test_allowed_origins_are_the_comma_separated_list_without_blanks():
    assert Config().allowed_origins == []
    config = Config(cors_origins=" https://a.example, ,https://b.example ")
    assert config.allowed_origins == ["https://a.example", "https://b.example"]


def test_retrieval_parameters_are_parsed_from_name_value_strings():
    params = RetrievalParams.parse(["k1=0.9", "feedback_docs=0", "fields=0"])
    assert (params.k1, params.feedback_docs, params.fields) == (0.9, 0, False)
    assert params.b == RetrievalParams().b  # the others keep their defaults
    for bad, message in [
        ("k9=1", "unknown parameter 'k9'"),
        ("fields=2", "fields must be 0 or 1"),
        ("feedback_docs=2.5", "feedback_docs must be a whole number"),
        ("k1=high", "k1 must be a number"),
    ]:
        with pytest.raises(ValueError, match=message):
            RetrievalParams.parse([bad])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("top_k", 0),
        ("max_question_chars", -1),
        ("min_confidence", 1.5),
        ("host", " "),
        ("port", 70000),
        ("workers", 0),
        ("threads", 0),
        ("max_body_bytes", 0),
        ("proxies", -1),
        ("unanswered_retention_days", 0),
        ("cors_origins", "https://a.example/"),
        ("cors_origins", "a.example"),
    ],
)
def test_a_value_out_of_range_is_a_bad_setting_error_naming_it(name, value):
    """Config refuses what cannot work, whichever way it is made (environment, option, code)."""
    for make in (lambda: Config(**{name: value}), lambda: Config.from_env({name: str(value)}, environ={})):
        with pytest.raises(AskbioError) as caught:
            make()
        assert caught.value.code == "bad_setting" and caught.value.exit_code == 2
        assert repr(name) in caught.value.message
