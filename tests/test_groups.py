"""Grouping things linked in pairs: every member ends up with the smallest member of its group."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kzstats.groups import UnionFind, joined, smallest_linked


def test_a_chain_of_pairs_is_one_group_named_by_its_smallest_member():
    a = pd.Series(["d", "c", "b", "x"])
    b = pd.Series(["e", "d", "c", "y"])
    first = smallest_linked(a, b)
    assert first.to_dict() == {"b": "b", "c": "b", "d": "b", "e": "b", "x": "x", "y": "x"}


def test_no_pairs_give_no_groups():
    assert smallest_linked(pd.Series([], dtype=str), pd.Series([], dtype=str)).empty


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_linking_all_pairs_at_once_agrees_with_union_find(pairs):
    names = [(f"id-{a:02d}", f"id-{b:02d}") for a, b in pairs]
    groups = UnionFind({i for pair in names for i in pair})
    for a, b in names:
        groups.union(a, b)
    first = smallest_linked(pd.Series([a for a, _ in names], dtype=str),
                            pd.Series([b for _, b in names], dtype=str))
    assert first.to_dict() == {i: groups.find(i) for i in groups.parent}


def test_values_are_joined_per_key_in_the_order_given():
    key = pd.Series(["ev-2", "ev-1", "ev-2", "ev-1", "ev-3"])
    value = pd.Series(["b", "x", "a", "y", "z"])
    assert joined(key, value).to_dict() == {"ev-2": "b;a", "ev-1": "x;y", "ev-3": "z"}
    assert list(joined(key, value).index) == ["ev-2", "ev-1", "ev-3"]


def test_nothing_to_join_gives_an_empty_series():
    assert joined(pd.Series([], dtype=str), pd.Series([], dtype=str)).empty
