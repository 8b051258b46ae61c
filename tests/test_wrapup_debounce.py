"""The one-press guard (callmate.ui.debounce.Presses) on its own, by an injected monotonic clock."""

from __future__ import annotations

from callmate.clock import FakeClock
from callmate.ui.debounce import SAME_PRESS_SECONDS, Presses


def test_the_window_is_a_blink():
    assert 0.1 <= SAME_PRESS_SECONDS <= 0.25


def test_the_same_action_twice_within_the_window_is_one_press():
    clock = FakeClock()
    presses = Presses(clock.monotonic)
    assert presses.again("enter") is False
    clock.advance(0.05)
    assert presses.again("enter") is True
    clock.advance(SAME_PRESS_SECONDS + 0.01)
    assert presses.again("enter") is False


def test_a_repeat_is_measured_from_the_press_before_it():
    """A held key repeating every 0.1 s is one press for as long as it is held."""
    clock = FakeClock()
    presses = Presses(clock.monotonic)
    presses.again("enter")
    for _ in range(5):
        clock.advance(0.1)
        assert presses.again("enter") is True


def test_different_actions_do_not_shadow_each_other():
    clock = FakeClock()
    presses = Presses(clock.monotonic)
    assert presses.again("enter") is False
    assert presses.again("notes") is False
    assert presses.again("enter") is True


def test_a_key_in_between_makes_two_presses_when_keys_are_reported():
    clock = FakeClock()
    presses = Presses(clock.monotonic)
    presses.arrived()  # Enter
    assert presses.again("enter") is False
    presses.arrived()  # Enter again, nothing between
    assert presses.again("enter") is True
    presses.arrived()  # "o"
    presses.arrived()  # Enter
    assert presses.again("enter") is False  # no time passed, but a key came between


def test_without_reported_keys_only_time_decides():
    clock = FakeClock()
    presses = Presses(clock.monotonic, window=0.2)
    assert presses.again("next") is False
    clock.advance(0.19)
    assert presses.again("next") is True
