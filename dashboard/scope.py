"""What a viewer may see. Every query function takes a Scope and applies it in SQL: sign-in and
roles (dashboard/auth.py: leader -> counties, inspector -> alliances, school -> its own school,
admin -> everything) are enforced in this one place. None means no restriction on that axis.

small_results_hidden: a school's exam result over fewer than 5 examinees is withheld (shown "<5",
left out of exports): every signed-in role but admin. The open demo (no users file, served on
127.0.0.1 only) shows them, as before sign-in existed: it has no roles to tell apart."""

from __future__ import annotations

from dataclasses import dataclass, replace

# The privacy rule (issue 14): a school's result over fewer examinees is not shown but to admins.
MIN_EXAMINEES = 5


def _frozen(values) -> tuple[str, ...] | None:
    return None if values is None else tuple(sorted(str(v) for v in values))


@dataclass(frozen=True)
class Scope:
    counties: tuple[str, ...] | None = None
    alliances: tuple[str, ...] | None = None
    schools: tuple[str, ...] | None = None
    small_results_hidden: bool = False

    @property
    def restricted(self) -> bool:
        """Whether some rows are out of view (a URL value may then be outside the viewer's access)."""
        return any(v is not None for v in (self.counties, self.alliances, self.schools))

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; stored as sorted tuples so a Scope is hashable
        # and two equal scopes share cached results.
        for name in ("counties", "alliances", "schools"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def within_alliance(self, alliance_id: str) -> Scope:
        """This scope narrowed to one alliance: every query function honours a Scope, so the
        alliance detail page reads the coverage, flows, results and rubric queries for one alliance
        alone. An alliance outside this scope's alliances narrows to nothing."""
        allowed = self.alliances is None or alliance_id in self.alliances
        return replace(self, alliances=(alliance_id,) if allowed else ())

    def params(self) -> dict[str, list[str] | None]:
        """SQL parameters $scope_counties, $scope_alliances, $scope_schools (NULL = all), $min_examinees."""
        def as_list(values):
            return None if values is None else list(values)

        return {"scope_counties": as_list(self.counties),
                "scope_alliances": as_list(self.alliances),
                "scope_schools": as_list(self.schools),
                # Results over fewer examinees are withheld ($min_examinees = 0: none withheld).
                "min_examinees": MIN_EXAMINEES if self.small_results_hidden else 0}


EVERYTHING = Scope()
