"""The analysis-ready loader and the labels that cleaning stores in the parquet files.

Two small valid waves (questionnaire versions 2017.1 and 2018.1) are written by
tests/wavefactory.py and cleaned into tmp_path; expected labels are read from codebook.yml itself
(not through the code under test).
"""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from helpers.codebook import load_codebook
from helpers.data import clean_wave, load_analysis
from helpers.errors import InputError
from helpers.paths import CODEBOOK_FILE
from wavefactory import make_wave

WAVES = {"2017-Q2": "2017.1", "2018-Q1": "2018.1"}
YML = yaml.safe_load(CODEBOOK_FILE.read_text(encoding="utf-8"))


def labels(scale: str, lang: str) -> dict[int, str]:
    """Raw code -> label of a scale, straight from codebook.yml."""
    return {int(c): v[lang] for c, v in YML["scales"][scale]["codes"].items()}


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    for i, (wave, version) in enumerate(WAVES.items()):
        raw = make_wave(root / "raw", wave=wave, version=version, seed=10 * i)
        clean_wave(raw, root / "processed" / wave)
    return root / "processed"


@pytest.fixture(scope="module")
def tidy(processed):
    """The processed tables as cleaning wrote them, with a wave column."""
    return {
        name: pd.concat(
            [pd.read_parquet(processed / w / f"{name}.parquet").assign(wave=w) for w in WAVES],
            ignore_index=True,
        )
        for name in ("respondents", "ratings")
    }


@pytest.fixture(scope="module")
def dutch(processed):
    return load_analysis(list(WAVES), processed_root=processed)


def test_both_waves_with_a_wave_column(dutch, tidy):
    resp, ratings = dutch
    assert list(resp.columns[:2]) == ["wave", "respondent_id"]
    assert len(resp) == len(tidy["respondents"]) and len(ratings) == len(tidy["ratings"])
    assert (
        resp["wave"].value_counts().to_dict()
        == tidy["respondents"]["wave"].value_counts().to_dict()
    )
    assert set(ratings["wave"]) == set(WAVES)
    assert list(resp["wave"].cat.categories) == sorted(WAVES)


def test_background_values_are_ordered_dutch_categoricals(dutch, tidy):
    resp = dutch.respondents
    status = resp["status"]
    assert status.cat.ordered
    # codebook order of the codes: 1 afgewezen, 2 vergunning na beroep
    assert list(status.cat.categories) == [labels("status", "nl")[1], labels("status", "nl")[2]]
    stored = tidy["respondents"]["status"]
    assert (status[stored == "vergunning_na_beroep"] == "vergunning na beroep").all()
    assert status[tidy["respondents"]["target_group"] == "ketenpartners"].isna().all()
    positie = resp["positie"]
    assert positie.cat.ordered and list(positie.cat.categories) == [
        "binnen de Kleine Keten",
        "buiten de Kleine Keten",
    ]
    assert list(resp["target_group"].cat.categories) == ["asielzoekers", "ketenpartners"]
    # free categories have no order and keep their values
    assert not resp["nationaliteit"].cat.ordered
    stored = tidy["respondents"]["nationaliteit"]
    assert resp["nationaliteit"].dropna().astype(str).tolist() == stored.dropna().tolist()


def test_rated_scales_run_from_least_positive_in_english(processed, tidy):
    resp = load_analysis("2017-Q2", processed_root=processed, language="en").respondents
    col = resp["coa_introductie_begrepen"]
    wel_niet = labels("wel_niet5", "en")
    # raw 5 "definitely not" is analysis value 1: first; raw 1 "definitely" last
    assert list(col.cat.categories) == [wel_niet[c] for c in (5, 4, 3, 2, 1)]
    stored = tidy["respondents"].query("wave == '2017-Q2'")["coa_introductie_begrepen"]
    stored = stored.reset_index(drop=True)
    assert (col[stored == 5.0] == "definitely").all() and (
        col[stored == 1.0] == "definitely not"
    ).all()
    assert col.isna().equals(stored.isna())
    assert col[stored == 5.0].size > 0
    assert col.max() == "definitely"  # ordered comparisons work
    assert list(resp["target_group"].cat.categories) == ["asylum seekers", "chain partners"]


def test_a_column_with_a_scale_per_target_group(dutch, tidy):
    resp = dutch.respondents
    stored = tidy["respondents"]["contact_ind"]
    asylum = (tidy["respondents"]["target_group"] == "asielzoekers").to_numpy()
    freq, c12 = labels("contact_freq", "nl"), labels("contact12", "nl")
    assert (resp.loc[asylum & (stored == 5).to_numpy(), "contact_ind"] == freq[5]).all()
    assert (resp.loc[~asylum & (stored == 1).to_numpy(), "contact_ind"] == c12[1]).all()
    assert list(resp["contact_ind"].cat.categories) == [*freq.values(), *c12.values()]


def test_ratings_labelled_with_weights_joined(dutch, tidy):
    resp, ratings = dutch
    assert ratings["value"].equals(tidy["ratings"]["value"])
    orgs = [YML["organisations"][o]["label_nl"] for o in YML["organisations"]]
    assert list(ratings["organisation"].cat.categories) == orgs
    assert ratings["organisation"].cat.ordered
    overall = ratings["item"] == YML["items"]["totaaloordeel"]["label_nl"]
    top = overall & (ratings["value"] == 5)
    assert top.any() and (ratings.loc[top, "answer"] == labels("oordeel5", "nl")[1]).all()
    assert ratings.loc[ratings["value"].isna(), "answer"].isna().all()
    # the weight of each rating is its respondent's
    keys = ["wave", "respondent_id"]
    expected = (
        ratings[keys]
        .astype(str)
        .merge(tidy["respondents"][[*keys, "weight"]], on=keys, how="left")["weight"]
    )
    assert ratings["weight"].to_numpy() == pytest.approx(expected.to_numpy())
    assert ratings["weight"].notna().all()
    assert ratings.attrs["labels"]["weight"].startswith("weegfactor")
    assert (
        resp.attrs["labels"]["flag_speeder"] == YML["processed_columns"]["flag_speeder"]["label_nl"]
    )


def test_options_weights_and_tables(processed):
    only = load_analysis(["2018-Q1"], processed_root=processed, weights=False, tables=["ratings"])
    assert only.respondents is None
    assert "weight" not in only.ratings.columns
    assert set(only.ratings["wave"]) == {"2018-Q1"}
    everything = load_analysis(None, processed_root=processed, tables=["respondents"])
    assert everything.ratings is None and set(everything.respondents["wave"]) == set(WAVES)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"waves": "2016-Q1"},
            "no processed data for wave(s) 2016-Q1 (processed: 2017-Q2, 2018-Q1)",
        ),
        ({"waves": "2017-Q2", "language": "de"}, "unknown language 'de'"),
        ({"waves": "2017-Q2", "tables": ["weights"]}, "unknown table(s) ['weights']"),
    ],
)
def test_bad_input_is_a_clear_error(processed, kwargs, message):
    with pytest.raises(InputError) as err:
        load_analysis(processed_root=processed, **kwargs)
    assert message in str(err.value)


def test_no_processed_folder(tmp_path):
    with pytest.raises(InputError, match="no processed waves"):
        load_analysis(processed_root=tmp_path / "nothing")


def test_parquet_files_carry_the_labels(processed):
    cb = load_codebook()
    schema = pq.read_schema(processed / "2017-Q2" / "respondents.parquet")
    assert schema.metadata[b"description_en"].decode().startswith("One row per respondent")
    status = schema.field("status").metadata
    assert status[b"label_nl"].decode() == "verblijfsstatus"
    values = json.loads(status[b"value_labels"])
    assert values["en"] == {"afgewezen": "rejected", "vergunning_na_beroep": "permit after appeal"}
    contact = schema.field("contact_ind").metadata
    assert json.loads(contact[b"value_labels_asielzoekers"])["nl"]["5"] == "geen contact"
    assert json.loads(contact[b"value_labels_ketenpartners"])["en"]["1"] == "yes, often"
    assert schema.field("flag_speeder").metadata[b"label_en"] == b"completed too fast (web)"

    ratings = pq.read_schema(processed / "2017-Q2" / "ratings.parquet")
    value = ratings.field("value").metadata
    scales = json.loads(value[b"value_scales"])
    assert scales["ketenpartners"]["nps"] == "nps11"
    assert json.loads(value[b"value_labels"])["oordeel5"]["nl"]["5"] == "heel goed"
    item = json.loads(ratings.field("item").metadata[b"value_labels"])
    assert item["en"]["totaaloordeel"] == cb.label("totaaloordeel", "en")
    # the same labels in the file's key-value metadata (what duckdb's parquet_kv_metadata reads)
    kv = pq.read_metadata(processed / "2017-Q2" / "respondents.parquet").metadata
    columns = json.loads(kv[b"columns"])
    assert columns["status"]["value_labels"]["nl"]["vergunning_na_beroep"] == "vergunning na beroep"
    assert columns["flag_speeder"]["label_nl"] == "te snel ingevuld (web)"
    # the pandas round trip is unchanged by the metadata
    assert pd.read_parquet(processed / "2017-Q2" / "ratings.parquet")["value"].dtype == "float64"


def test_every_label_has_an_english_version():
    cb = load_codebook()
    for tg in cb.target_groups:
        for version in cb.versions:
            for var in cb.variables(tg, version):
                assert (
                    var.label_en and var.label_en != var.name or var.name in ("respondent_id",)
                ), var.name
                for lang in ("nl", "en"):
                    assert all(cb.column_categories(var.name, tg, lang).values())
    for column, spec in YML["processed_columns"].items():
        assert spec["label_nl"] and spec["label_en"], column
