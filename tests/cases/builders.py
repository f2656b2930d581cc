"""tests.factories.make_case with a narrative the privacy scanner has nothing to say about,
so that tests about submission are not at the mercy of scanner tuning."""
from tests import factories

CLEAN_NARRATIVE = "The patient reports low mood since the spring and poor sleep."


def make_case(program, author, **kw):
    kw.setdefault("narrative", CLEAN_NARRATIVE)
    return factories.make_case(program, author, **kw)
