"""Grouping things linked in pairs: every member ends up with the smallest member of its group."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kzstats.groups import joined, smallest_linked


def test_a_chain_of_pairs_is_one_group_named_by_its_smallest_member():
    a = pd.Series(["d", "c", "b", "x"])
    b = pd.Series(["e", "d", "c", "y"])
    first = smallest_linked(a, b)
    assert first.to_dict() == {"b": "b", "c": "b", "d": "b", "e": "b", "x": "x", "y": "x"}


def test_no_pairs_give_no_groups():
    assert smallest_linked(pd.Series([], dtype=str), pd.Series([], dtype=str)).empty


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_linking_all_pairs_at_once_agrees_with_a_search_of_each_group(pairs):
    names = [(f"id-{a:02d}", f"id-{b:02d}") for a, b in pairs]
    first = smallest_linked(pd.Series([a for a, _ in names], dtype=str),
                            pd.Series([b for _, b in names], dtype=str))
    assert first.to_dict() == _smallest_by_search(names)


def _smallest_by_search(pairs) -> dict[str, str]:
    """The same answer the slow way: each item's group found by a search from it."""
    neighbours: dict[str, set[str]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    answer = {}
    for item in neighbours:
        seen, todo = {item}, [item]
        while todo:
            for n in neighbours[todo.pop()] - seen:
                seen.add(n)
                todo.append(n)
        answer[item] = min(seen)
    return answer


def test_values_are_joined_per_key_in_the_order_given():
    key = pd.Series(["ev-2", "ev-1", "ev-2", "ev-1", "ev-3"])
    value = pd.Series(["b", "x", "a", "y", "z"])
    assert joined(key, value).to_dict() == {"ev-2": "b;a", "ev-1": "x;y", "ev-3": "z"}
    assert list(joined(key, value).index) == ["ev-2", "ev-1", "ev-3"]


def test_nothing_to_join_gives_an_empty_series():
    assert joined(pd.Series([], dtype=str), pd.Series([], dtype=str)).empty
