"""The wave: wave.yml, raw readers, validation, quality rules, weighting, cleaning, context data."""

from helpers._lazy import lazy_front

__all__, __getattr__, __dir__ = lazy_front(
    __name__,
    {
        "_analysis": [
            "AnalysisTables",
            "label_ratings",
            "label_respondents",
            "load_analysis",
        ],
        "_cleaning": [
            "CleaningRules",
            "clean_wave",
        ],
        "_cleaning_schema": [
            "OUTPUT_FILES",
            "RATINGS_COLUMNS",
            "respondent_columns",
        ],
        "_context": [
            "COMPLAINTS_FILE",
            "DEFINITION_BREAK",
            "KPIS_FILE",
            "MARKS_FILE",
            "NON_CATEGORY_COLUMNS",
            "break_month",
            "complaint_categories",
            "likely_typos",
            "load_context",
            "read_complaints",
            "read_kpis",
            "read_report_marks",
        ],
        "_readers": [
            "read_raw_file",
        ],
        "_wave": [
            "Design",
            "Population",
            "WAVE_FILE",
            "Wave",
            "WaveConfig",
            "processed_wave_ids",
            "read_wave_config",
        ],
    },
)
