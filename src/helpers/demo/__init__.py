"""Synthetic demo waves calibrated to the published figures of the 2017 pilot."""

from helpers._lazy import lazy_front

__all__, __getattr__, __dir__ = lazy_front(
    __name__,
    {
        "_answers": [
            "ADVICE",
            "ADVICE_THEMES",
            "MULTI_THEME_PHRASES",
            "PARAPHRASES",
            "coded_sample",
        ],
        "_defects": [
            "plant_defects",
        ],
        "_generator": [
            "generate_wave",
        ],
        "_model": [
            "AZCS",
            "build_model",
            "expected_values",
            "pilot_targets",
        ],
        "_truth": [
            "expected_by_azc",
        ],
        "_wave_folder": [
            "write_demo",
            "write_wave",
        ],
        "_waves": [
            "DEFAULT_N_ASYLUM",
            "DEFAULT_N_PARTNERS",
            "DEFAULT_SEED",
            "DEFAULT_WAVES",
            "questionnaire_version",
        ],
    },
)
