"""Statistics: codes and numbers, no text, no files, no plotting."""

from helpers.stats._compare import (
    ORGANISATION_PHRASES,
    compare_groups,
    difference_sentences,
    two_proportion_ztest,
)
from helpers.stats._design import SurveyDesign
from helpers.stats._design_effects import (
    kish_deff,
)
from helpers.stats._estimates import (
    kish_neff,
    order_rows,
    summarise_ratings,
)
from helpers.stats._importance import (
    METHOD_NAMES_NL,
)
from helpers.stats._power import (
    minimum_detectable_difference,
    n_per_group,
    planned_deff,
    power_two_means,
)
from helpers.stats._quadrant import (
    INVESTEREN,
    NEGATIEF,
    POSITIEF,
    VASTHOUDEN,
)
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
from helpers.stats._trends import (
    period_of,
    wave_label,
    wave_of,
)

__all__ = [
    "ChangeTest",
    "DIFFERENCE_COLUMNS",
    "ESTIMATE_COLUMNS",
    "INDICATIVE_MIN_N_EFF",
    "INVESTEREN",
    "MEASURES",
    "METHOD_NAMES_NL",
    "NEGATIEF",
    "ORGANISATION_PHRASES",
    "POSITIEF",
    "SurveyDesign",
    "SurveyEstimates",
    "VASTHOUDEN",
    "change_test",
    "compare_groups",
    "difference_sentences",
    "holm",
    "indicative",
    "kish_deff",
    "kish_neff",
    "korn_graubard_interval",
    "minimum_detectable_difference",
    "n_per_group",
    "nps_adjusted_wald_interval",
    "order_rows",
    "period_of",
    "planned_deff",
    "power_two_means",
    "summarise_ratings",
    "survey_estimate",
    "two_proportion_ztest",
    "wave_label",
    "wave_of",
]
