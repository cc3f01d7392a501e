"""kzstats: coded incidents of political persecution in Kazakhstan, cleaned and counted."""
__version__ = "0.1.0"


def held_on(date, kinds=None, folder=None):
    """Who data/clean's custody register shows as held on `date` (YYYY-MM-DD), in the given
    kinds of custody (default: all): one row per person and kind. See kzstats.custody."""
    from kzstats import custody, dataset

    return custody.held_on(dataset.load(folder).custody_spells, date, kinds)


def load(folder=None):
    """Every event of data/clean (or `folder`) as a selection to filter and count, each answer
    with its caveats: kzstats.load().event_types("sentence").articles("405").count(by="year").
    See kzstats.query."""
    from kzstats import query

    return query.load(folder)
