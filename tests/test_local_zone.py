"""The machine's zone for reading dates: the tz database's zone when it has a name, else the C
library's reckoning; either way the same offsets as python-dateutil's ``tzlocal`` gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzlocal

from callmate import dates
from tests.fresh import run_fresh


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Tallinn",
        "Europe/Istanbul",
        "America/New_York",
        "Australia/Lord_Howe",
        "UTC",
        ":Europe/Tallinn",
    ],
)
def test_a_named_zone_is_the_tz_databases_with_the_c_librarys_offsets(local_zone, zone):
    local_zone(zone)
    found = dates.local_tz()
    assert isinstance(found, ZoneInfo) and found.key == zone.removeprefix(":")
    libc = tzlocal()
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    while moment < datetime(2027, 1, 1, tzinfo=UTC):  # every clock change of two years
        assert moment.astimezone(found).utcoffset() == moment.astimezone(libc).utcoffset(), moment
        moment += timedelta(minutes=30)


@pytest.mark.parametrize("zone", ["EST5EDT", "<+03>-3", "Nowhere/Atlantis"])
def test_a_zone_without_such_a_name_is_the_c_librarys(local_zone, zone):
    local_zone(zone)
    found = dates.local_tz()
    assert not isinstance(found, ZoneInfo)
    moment = datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert moment.astimezone(found).utcoffset() == moment.astimezone(tzlocal()).utcoffset()


def test_a_typed_date_is_read_in_the_named_zone(local_zone):
    local_zone("Europe/Tallinn")
    assert dates.to_iso(dates.parse_when("2026-07-01")) == "2026-06-30T21:00:00+00:00"
    assert dates.to_iso(dates.parse_when("2026-12-01")) == "2026-11-30T22:00:00+00:00"


def test_reading_a_date_in_a_named_zone_loads_no_dateutil_zones(tmp_path):
    env = {"TZ": "Europe/Istanbul", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = "from callmate import dates; dates.parse_when('2026-10-24')"
    assert run_fresh(code, "dateutil.tz", env=env)[1] == []
