"""Statistics: codes and numbers, no text, no files, no plotting."""

from helpers.stats._design import SurveyDesign
from helpers.stats._survey import (
    DIFFERENCE_COLUMNS,
    ESTIMATE_COLUMNS,
    INDICATIVE_MIN_N_EFF,
    MEASURES,
    ChangeTest,
    SurveyEstimates,
    change_test,
    holm,
    indicative,
    korn_graubard_interval,
    nps_adjusted_wald_interval,
    survey_estimate,
)

__all__ = [
    "DIFFERENCE_COLUMNS",
    "ESTIMATE_COLUMNS",
    "INDICATIVE_MIN_N_EFF",
    "MEASURES",
    "ChangeTest",
    "SurveyDesign",
    "SurveyEstimates",
    "change_test",
    "holm",
    "indicative",
    "korn_graubard_interval",
    "nps_adjusted_wald_interval",
    "survey_estimate",
]
