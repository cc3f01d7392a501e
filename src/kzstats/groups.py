"""Grouping things linked in pairs (names of one person, tellings of one event), and joining
the values of each group into one text."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def smallest_linked(a: pd.Series, b: pd.Series) -> pd.Series:
    """For every item of the pairs (a, b), the smallest item linked to it through them.

    Union-find for many pairs at once: each item starts as its own label; every pair takes the
    smaller label of its two ends, and labels follow their own labels, until nothing changes.
    """
    items = pd.Index(pd.concat([a, b], ignore_index=True).unique()).sort_values()
    u, v = items.get_indexer(a), items.get_indexer(b)
    label = np.arange(len(items))
    while True:
        smaller = np.minimum(label[u], label[v])
        new = label.copy()
        np.minimum.at(new, u, smaller)
        np.minimum.at(new, v, smaller)
        new = new[new]
        if np.array_equal(new, label):
            return pd.Series(items[label], index=items)
        label = new


def joined(key: pd.Series, value: pd.Series, sep: str = ";") -> pd.Series:
    """Per key (in order of first appearance), its values joined by sep in the order given.

    The lists the clean tables carry as text (an event's reports, a person's spellings, an
    event's articles), joined by Arrow as lists: no Python string per value or per key.
    """
    codes, keys = pd.factorize(key)
    order = np.argsort(codes, kind="stable")  # each key's values gathered, their order kept
    codes = codes[order]
    starts = np.flatnonzero(np.diff(codes, prepend=-1))
    values = pa.array(value.astype(str).iloc[order], type=pa.large_string())
    if isinstance(values, pa.ChunkedArray):  # a column Arrow already holds comes in chunks
        values = values.combine_chunks()
    lists = pa.LargeListArray.from_arrays(np.append(starts, len(values)), values)
    text = pd.array(pc.binary_join(lists, pa.scalar(sep, pa.large_string())), dtype="str")
    return pd.Series(text, index=keys[codes[starts]])
