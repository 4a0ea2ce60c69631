"""Clean a text column of a Spark DataFrame, in batches, on the executors::

    articles = spark.read.json("raw/")
    clean_column(articles, "text", output="clean_text", ignore="caption").write.parquet("clean/")
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..api import Cleaner, clean
from ..patterns import RuleTimeout
from . import missing_extra

try:
    import pandas as pd
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.pandas.functions import pandas_udf
    from pyspark.sql.types import StringType
except ImportError as error:
    raise missing_extra("spark", error) from error


def clean_column(df: DataFrame, column: str, output: str | None = None, **options: Any) -> DataFrame:
    """``df`` with ``column`` cleaned as :func:`cleaner.clean` does, into ``output`` (default: ``column``).

    ``options`` are those of :class:`cleaner.Cleaner`; nulls stay null. A text on which a rule runs
    past the ``timeout`` stays as it came, with a warning in the executor's log. Each executor process
    compiles the rules once per set of options and cleans whole Arrow batches. Rule packs given by
    path must be readable on every executor; :class:`cleaner.Rule` objects travel with the job.
    """
    field = df.schema[column]
    if not isinstance(field.dataType, StringType):
        raise TypeError(f"column {column!r} holds {field.dataType.simpleString()}, not strings")
    Cleaner(**options)  # a bad option fails here, on the driver, not in every task
    return df.withColumn(output or column, _cleaned(df[column], options))


def _cleaned(texts: Column, options: dict[str, Any]) -> Column:
    """``texts`` cleaned by a pandas UDF, one Arrow batch at a time."""
    def clean_text(text: str) -> str:
        try:
            return clean(text, **options)
        except RuleTimeout as error:
            logging.getLogger(__name__).warning("a text was kept as it came: %s", error)
            return text

    def clean_batch(batch: pd.Series) -> pd.Series:
        return batch.map(clean_text, na_action="ignore")

    clean_batches: Callable[[Column], Column] = pandas_udf(clean_batch, StringType())
    return clean_batches(texts)
