import pytest

from askbio.conversation import smalltalk_reply


def test_smalltalk_gets_a_reply_without_citations(seed_engine):
    assert smalltalk_reply("Hello!") is not None
    answer = seed_engine.ask("thanks")
    assert answer.kind == "smalltalk" and not answer.citations and not answer.abstained


@pytest.mark.parametrize(
    ("followup", "expected"),
    [
        ("and in Flanders?", "how many jobs in biomanufacturing in Flanders"),
        ("what about exports?", "how many exports"),
        ("How many companies are in Belgium?", None),  # a question of its own
    ],
)
def test_follow_ups_are_resolved_against_the_previous_turn(seed_engine, followup, expected):
    history = [{"question": "how many jobs in biomanufacturing", "answer": "over 50,000"}]
    answer = seed_engine.ask(followup, history=history)
    assert answer.question == followup
    assert answer.resolved_question == expected


def test_follow_up_without_history_is_a_plain_question(seed_engine):
    assert seed_engine.ask("what about exports?").resolved_question is None
