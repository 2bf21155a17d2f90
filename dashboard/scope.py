"""What a viewer may see. Every query function takes a Scope and applies it in SQL, so that
sign-in and roles (leader: counties, inspector: alliances, school: its own school) can later be
enforced in this one place. None means no restriction on that axis."""

from __future__ import annotations

from dataclasses import dataclass


def _frozen(values) -> tuple[str, ...] | None:
    return None if values is None else tuple(sorted(str(v) for v in values))


@dataclass(frozen=True)
class Scope:
    counties: tuple[str, ...] | None = None
    alliances: tuple[str, ...] | None = None
    schools: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; stored as sorted tuples so a Scope is hashable
        # and two equal scopes share cached results.
        for name in ("counties", "alliances", "schools"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def params(self) -> dict[str, list[str] | None]:
        """SQL parameters $scope_counties, $scope_alliances, $scope_schools (NULL = all)."""
        def as_list(values):
            return None if values is None else list(values)

        return {"scope_counties": as_list(self.counties),
                "scope_alliances": as_list(self.alliances),
                "scope_schools": as_list(self.schools)}


EVERYTHING = Scope()
