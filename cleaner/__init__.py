"""clean-article: strip ads and boilerplate from scraped news text.

>>> from cleaner import clean
>>> clean("Advertisement\\n\\nThe council approved the budget on Tuesday.")
'The council approved the budget on Tuesday.'
"""

from .api import Cleaner, clean, explain
from .model import CATEGORIES, CleanResult, Removal, Rule, RuleError
from .patterns import RuleTimeout

__all__ = ["CATEGORIES", "CleanResult", "Cleaner", "Removal", "Rule", "RuleError", "RuleTimeout", "clean", "explain"]
__version__ = "0.1.0"
