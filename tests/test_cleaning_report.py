"""The cleaning report's Dutch summaries agree with the log they summarise."""

from helpers import cleaning, cleaning_report
from helpers.paths import RAW_DIR, list_waves


def demo_log(tmp_path):
    wave = list_waves(RAW_DIR)[0]
    return cleaning.clean_wave(RAW_DIR / wave, tmp_path / wave).log


def test_tables_reconcile_with_the_log(tmp_path):
    log = demo_log(tmp_path)
    intake = cleaning_report.intake_table(log)
    assert intake["rijen gelezen"].sum() == log["totals"]["rows_read"]
    assert (intake["verwerkt"] + intake["quarantaine"]).sum() == log["totals"]["rows_read"]
    reasons = cleaning_report.reason_table(log)
    excluded = reasons.loc[reasons["actie"] == "rij uitgesloten", "aantal"].sum()
    assert excluded == log["totals"]["rows_quarantined"]
    assert not reasons["reden"].isin(reasons["code"]).any(), "every reason has a Dutch label"
    weights = cleaning_report.weighting_table(log)
    assert set(weights["doelgroep"]) == {"asielzoekers", "ketenpartners"}
    margins = cleaning_report.margins_table(log)
    assert (margins["populatie (%)"] - margins["gewogen steekproef (%)"]).abs().max() < 0.5
    kf = cleaning_report.key_figures(log)
    assert kf["rows_read"] == kf["rows_kept"] + kf["rows_quarantined"]
