"""Named query functions, one module per concept. Each takes the viewer's Scope (and the page
Filters), reads only marts through the gateway (dashboard.db), and returns a polars DataFrame;
each docstring states the grain, the units and the weighting of what it returns. The scoped
views they build on are in _views.py.

The scope contract (tests/dashboard/test_scope_contract.py walks every public module here and
calls every public function whose first parameter is `scope`, with a scope of one alliance, one
school and one county, for every school year of its fixture). So that it can:
- Signature: `(scope, filters, *optional keyword args with defaults)`. A parameter that cannot
  have a default is given a value for the test in a module-level dict
  `CONTRACT_ARGS = {"function_name": {"arg": value}}` (ids of tests/dashboard/fixture_db.py).
  Helpers that take no scope are private (`_name`) or live in _views.py.
- Scope: build on school_view / alliance_view / term_view; never read a mart row outside them.
  The result must not change when data outside the scope is added (aggregates included).
- Ids: return the id columns of the entity a row is about, named by the convention
  (`school_id`, `<role>_school_id`, `alliance_id`, `county_code`; lists `member_school_ids`,
  `alliance_ids`), and `school_year` where a row belongs to one: the test checks that each row
  names at least one school / alliance / county the scope may see.
"""
