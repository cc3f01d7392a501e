"""Union-find: grouping things linked in pairs (names of one person, tellings of one event)."""


class UnionFind:
    """Disjoint sets whose representative is always the smallest member, so ids stay stable."""

    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
