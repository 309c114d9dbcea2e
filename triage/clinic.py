"""The clinic configuration: team name, numbers, opening hours and retention (config/clinic.yml)."""

import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from triage.protocol import EMERGENCY, SAME_DAY
from triage.strict_yaml import load_yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "clinic.yml"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Clinic:
    team_name: str
    daytime_number: str
    after_hours_number: str
    emergency_number: str
    timezone: str = "UTC"
    opening_hours: Dict[str, List[str]] = field(default_factory=dict)
    escalation: Dict[str, Any] = field(default_factory=dict)
    retention: Optional[Dict[str, Any]] = None

    def __post_init__(self) -> None:
        _retention_days(self.retention)  # a wrong setting stops the server at start, not at the first purge

    @property
    def retention_days(self) -> int:
        """Days a conversation and its audit rows are kept after its last message; 0 keeps them forever."""
        return _retention_days(self.retention)

    def local_time(self, when: Optional[datetime] = None) -> datetime:
        """`when` (now when not given) on the clinic's clock."""
        return (when or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(self.timezone))

    def is_open(self, when: Optional[datetime] = None) -> bool:
        local = self.local_time(when)
        hours = self.opening_hours.get(_DAYS[local.weekday()])
        return bool(hours) and hours is not None and hours[0] <= local.strftime("%H:%M") < hours[1]

    def notifies(self, level: Optional[str], when: Optional[datetime] = None) -> bool:
        """Whether a conversation rising to `level` at `when` is sent to the on-call team: a receiver is set,
        and outside opening hours unless `when: always`."""
        if not self.escalation.get("url") or level not in (SAME_DAY, EMERGENCY):
            return False
        return self.escalation.get("when", "outside_hours") == "always" or not self.is_open(when)

    @property
    def calls_back(self) -> bool:
        """Whether the on-call team takes call-back requests (escalation `callback: true`)."""
        return bool(self.escalation.get("url") and self.escalation.get("callback"))

    def placeholders(self) -> Dict[str, str]:
        return {
            "team_name": self.team_name,
            "daytime_number": self.daytime_number,
            "after_hours_number": self.after_hours_number,
            "emergency_number": self.emergency_number,
        }


def _retention_days(setting: Any) -> int:
    setting = {} if setting is None else setting
    days = setting.get("days", 0) if isinstance(setting, dict) and set(setting) <= {"days"} else None
    if type(days) is not int or days < 0:  # not True, "30" or 1.5: a typo must not pass as a period
        raise ValueError(
            f"clinic configuration: retention must be {{days: N}}, N a whole number of days "
            f"(0 or absent: keep everything), not {setting!r}"
        )
    return days


@lru_cache(maxsize=4)
def load_clinic(path: Optional[str] = None) -> Clinic:
    path = path or os.environ.get("ITB_CLINIC_CONFIG") or str(DEFAULT_PATH)
    data: Dict[str, Any] = load_yaml(Path(path))
    settings: Dict[str, Any] = {key: (str(v) if isinstance(v, (int, float)) else v) for key, v in data.items()}
    return Clinic(**settings)
