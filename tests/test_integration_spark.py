"""clean_column on a real local Spark session (two executor threads, Python workers, Arrow batches)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from test_timeout import BOUND, RUNAWAY, TRAP

from cleaner import Rule, clean

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# Texts written for these tests, in several layouts; None stands for a missing text.
TEXTS = [
    "Advertisement\n\nThe ferry to the outer islands will run twice a day from June.\n\n"
    "Sign up for our weekly politics newsletter\n\nTickets go on sale next week.",
    "Rain closed the mountain pass overnight, police said. Story continues below advertisement "
    "Drivers were told to use the valley road. Crews expect to reopen it by noon.",
    "A cyclist rides past the new bridge on April 9, 2022. Lena Park/Reuters\n"
    "The bridge cut the trip to the market by twenty minutes.\n"
    "Follow us on Twitter\n",
    None,
    "",
    "The bakery on Mill Street has sold bread since 1952. Its owner plans to retire next year.",
    "Sponsored content\r\n\r\nThe museum doubled its opening hours.\r\n\r\nShare this article",
]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    pytest.importorskip("pyspark", reason="the 'spark' extra is not installed")
    if shutil.which("java") is None:
        pytest.fail("Spark needs Java 17 or newer on PATH: install default-jre-headless")
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYSPARK_PYTHON", sys.executable)  # workers must see the packages this test sees
        session = (
            SparkSession.builder.master("local[2]")
            .appName("clean-article-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        yield session
        session.stop()


@pytest.fixture
def articles(spark: SparkSession) -> DataFrame:
    """TEXTS with their position, spread over two partitions."""
    return spark.createDataFrame(list(enumerate(TEXTS)), "id int, text string").repartition(2)


def _column(df: DataFrame, name: str) -> list[Any]:
    return [row[name] for row in df.orderBy("id").collect()]


def _cleaned(**options: Any) -> list[str | None]:
    return [None if text is None else clean(text, **options) for text in TEXTS]


def test_every_output_equals_clean_and_nulls_stay_null(articles: DataFrame) -> None:
    from cleaner.integrations.spark import clean_column

    result = clean_column(articles, "text")
    assert result.columns == ["id", "text"]
    assert _column(result, "text") == _cleaned()
    assert _cleaned() != TEXTS, "the texts must contain boilerplate that the rules remove"


def test_output_column_keeps_the_input_and_options_are_those_of_clean(articles: DataFrame) -> None:
    from cleaner.integrations.spark import clean_column

    result = clean_column(articles, "text", output="article", ignore=["caption", "social"])
    assert _column(result, "text") == TEXTS
    assert _column(result, "article") == _cleaned(ignore=["caption", "social"])


def test_bad_input_fails_on_the_driver_with_a_clear_error(articles: DataFrame) -> None:
    from cleaner.integrations.spark import clean_column

    with pytest.raises(TypeError, match="'id' holds int, not strings"):
        clean_column(articles, "id")
    with pytest.raises(ValueError, match="unknown rule code"):
        clean_column(articles, "text", select="NO_SUCH_RULE")


def test_a_text_that_times_out_is_kept_as_it_came(spark: SparkSession, make_rule: Callable[..., Rule]) -> None:
    from cleaner.integrations.spark import clean_column

    runaway = make_rule(pattern=RUNAWAY, removes=("aabb",), keeps=("b",))
    texts = [TEXTS[0], "The council met on Tuesday.\n\n" + TRAP]
    df = spark.createDataFrame(list(enumerate(texts)), "id int, text string")
    result = clean_column(df, "text", rules=[runaway], timeout=BOUND)
    assert _column(result, "text") == [clean(texts[0], rules=[runaway], timeout=BOUND), texts[1]]
