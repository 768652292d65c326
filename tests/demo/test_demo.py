"""The demo generator: determinism, routing, file formats, documented defects, refusal to overwrite.

The calibration against the published pilot figures is in test_demo_calibration.py.
"""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from helpers import paths
from helpers.codebook import (
    APPROVAL_FILE,
    CODED_COLUMNS,
    CODED_SAMPLE_FILE,
    HELDOUT_SAMPLE_FILE,
    load_codebook,
)
from helpers.demo import (
    ADVICE,
    ADVICE_THEMES,
    DEFAULT_WAVES,
    MULTI_THEME_PHRASES,
    PARAPHRASES,
    coded_sample,
    generate_wave,
    plant_defects,
    write_demo,
)
from helpers.demo._writer import LABEL_SCALES, file_names, plan
from helpers.errors import InputError

CB = load_codebook()
TGS = ("asielzoekers", "ketenpartners")


@lru_cache(maxsize=4)
def frames(wave="2017-Q2", n_asylum=1500, n_partners=1500, seed=5):
    return generate_wave(wave, n_asylum=n_asylum, n_partners=n_partners, seed=seed)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The four default waves at the pilot's sizes, with defects."""
    out = tmp_path_factory.mktemp("raw")
    write_demo(out, seed=1)
    return out


def read_back(path: Path) -> pd.DataFrame:
    """A raw file as strings, not through helpers.data: codes "1", empty cells None."""
    if path.suffix == ".sav":
        df, _ = pyreadstat.read_sav(path)
        out = {}
        for c in df.columns:
            s = df[c]
            if pd.api.types.is_float_dtype(s):
                out[c] = [
                    None if np.isnan(v) else (str(int(v)) if float(v).is_integer() else str(v))
                    for v in s
                ]
            else:
                out[c] = [None if v is None or v == "" or v is pd.NaT else str(v) for v in s]
        return pd.DataFrame(out, dtype=object)
    if path.suffix == ".xlsx":
        df = pd.read_excel(path, dtype=object)

        def cell(v):
            if pd.isna(v):
                return None
            if isinstance(v, (int, float)):
                return str(int(v)) if float(v).is_integer() else str(v)
            return str(v.date()) if hasattr(v, "date") else str(v)

        return pd.DataFrame({c: [cell(v) for v in df[c]] for c in df.columns}, dtype=object)
    fmt = next(f for f in plan(path.parent.name).values() if f.kind == "csv")
    df = pd.read_csv(path, sep=fmt.sep, encoding=fmt.encoding, dtype=str, keep_default_na=False)
    return pd.DataFrame({c: [v or None for v in df[c]] for c in df.columns}, dtype=object)


# -- determinism -----------------------------------------------------------------------------------
def test_same_seed_same_data_other_seed_other_data():
    a = generate_wave("2017-Q3", n_asylum=300, n_partners=300, seed=7)
    b = generate_wave("2017-Q3", n_asylum=300, n_partners=300, seed=7)
    c = generate_wave("2017-Q3", n_asylum=300, n_partners=300, seed=8)
    for tg in TGS:
        pd.testing.assert_frame_equal(a[tg], b[tg])
        assert not a[tg].equals(c[tg])
    assert a["asielzoekers"].attrs["personal_data"] == b["asielzoekers"].attrs["personal_data"]


def test_rewrite_gives_identical_bytes(tmp_path, demo_dir):
    """SPSS and Excel carry time stamps; the writer fixes them, so reruns are byte-identical."""
    write_demo(tmp_path, seed=1)
    for wave in DEFAULT_WAVES:
        for f in sorted((demo_dir / wave).iterdir()):
            assert f.read_bytes() == (tmp_path / wave / f.name).read_bytes(), f
    write_demo(tmp_path, seed=2, waves=["2017-Q2"])
    assert (tmp_path / "2017-Q2" / "asielzoekers.csv").read_bytes() != (
        demo_dir / "2017-Q2" / "asielzoekers.csv"
    ).read_bytes()


# -- routing and codes -----------------------------------------------------------------------------
@pytest.mark.parametrize("wave", ["2017-Q2", "2018-Q1"])
def test_routing_follows_the_codebook(wave):
    version = "2018.1" if wave == "2018-Q1" else "2017.1"
    for tg, df in frames(wave).items():
        for var in CB.variables(tg, version):
            if not var.routing:
                continue
            asked = CB.eligible(df, var)
            assert df.loc[~asked, var.name].isna().all(), (tg, var.name)
            if var.table == "ratings":  # the routed do answer (item non-response 2%, dk apart)
                assert df.loc[asked, var.name].notna().mean() > 0.95, (tg, var.name)


def test_routing_rules_in_words():
    a, k = frames()["asielzoekers"], frames()["ketenpartners"]
    # asylum seekers without contact with IND / DT&V rate neither
    for org in ("ind", "dtv"):
        rated = a.filter(regex=f"^{org}_").drop(columns=[], errors="ignore")
        assert rated[a[f"contact_{org}"] == 5].isna().all().all()
    # partners never rate their own organisation; without contact no aspects
    for org in ("IND", "COA", "DTV"):
        o = org.lower()
        own = k["werkgever"] == CB.org_code(org)
        assert own.sum() > 50
        assert k.loc[own].filter(regex=f"^{o}_|^contact_{o}$|^kanaal_{o}_").isna().all().all()
        aspects = [f"{o}_{x}" for x in CB.aspects("ketenpartners", "2017.1", org)]
        assert k.loc[k[f"contact_{o}"] == 3, aspects + [f"{o}_laatste_contact"]].isna().all().all()
        assert k.loc[~own, f"{o}_totaaloordeel"].notna().mean() > 0.95
    # only staff of IND, COA and DT&V answer the mirror questions about their own organisation;
    # every partner, inside the chain or outside it, the one about the chain (as in the pilot)
    staff = k["werkgever"].isin([1, 2, 3])
    mirror = k.filter(regex="^spiegel_").drop(columns="spiegel_oordeel_keten")
    assert mirror[~staff].isna().all().all() and mirror[staff].notna().mean().mean() > 0.95
    assert k["spiegel_oordeel_keten"].notna().mean() > 0.95
    assert k.loc[~staff, "spiegel_oordeel_keten"].notna().mean() > 0.95
    # completion time only for web answers
    assert a.loc[a["modus"] == 1, "duur_minuten"].isna().all()
    assert a.loc[a["modus"] == 2, "duur_minuten"].notna().all()
    assert 0.25 < (a["modus"] == 2).mean() < 0.35


def test_every_code_is_valid_without_defects():
    for tg, df in frames().items():
        for var in CB.variables(tg, "2017.1"):
            if var.scale.kind in ("coded", "range"):
                codes = set(df[var.name].dropna().astype(int))
                assert codes <= set(var.scale.valid_codes), (var.name, codes)
        assert df["respondent_id"].is_unique


def test_versions_and_background():
    a18, k18 = frames("2018-Q1")["asielzoekers"], frames("2018-Q1")["ketenpartners"]
    a17, k17 = frames()["asielzoekers"], frames()["ketenpartners"]
    assert "ind_tolk" in a18 and "ind_tolk" not in a17
    assert not any(c.endswith("_brief") for c in k18 if c.startswith("kanaal_"))
    assert "kanaal_ind_brief" in k17
    # tiny nationalities and AZCs exist (disclosure control), partners' employers as in the pilot
    small = frames(n_asylum=200, n_partners=290, seed=1)
    nat = small["asielzoekers"]["nationaliteit"].value_counts()
    azc = small["asielzoekers"]["azc"].value_counts()
    assert nat.iloc[0] >= 15 and (nat <= 5).sum() >= 5 and (azc <= 5).sum() >= 3
    staff = small["ketenpartners"]["werkgever"].value_counts()
    assert (staff[1], staff[2], staff[3]) == (33, 39, 63)


def test_open_answers_with_fictional_personal_data():
    a = frames()["asielzoekers"]
    found = a.attrs["personal_data"]
    assert len(found) >= 10
    for item in found:
        text = a.loc[a["respondent_id"] == item["respondent_id"], item["column"]].iloc[0]
        assert any(s in text for s in ("naam is", "V-nummer", "06-", "@example.com", "I am "))
    texts = pd.concat([a[c] for c in ("advies_ind", "advies_coa", "advies_dtv")]).dropna()
    assert 0.9 < 1 - len(found) / len(texts) < 0.99  # mostly harmless


# -- the coded sample of open answers --------------------------------------------------------------
def test_every_advice_text_has_its_themes():
    for org, texts in ADVICE.items():
        assert list(ADVICE_THEMES[org]) == texts
        frame = CB.codeframe(f"advies_{org.lower()}")
        for themes in ADVICE_THEMES[org].values():
            assert themes and set(themes) <= set(frame.codes)
            assert frame.residual not in themes or len(themes) == 1


def test_coded_sample_files(demo_dir):
    for w in DEFAULT_WAVES:
        parts = [
            pd.read_csv(demo_dir / w / name, dtype=str, keep_default_na=False, encoding="utf-8")
            for name in (CODED_SAMPLE_FILE, HELDOUT_SAMPLE_FILE)
        ]
        train, heldout = parts
        assert [list(p.columns) for p in parts] == [list(CODED_COLUMNS)] * 2
        assert (len(train), len(heldout)) == (270, 135)
        ids = pd.concat([train["respondent_id"], heldout["respondent_id"]])
        assert ids.is_unique and ids.str.startswith(f"CS{w.replace('-', '')}-").all()
        for part in parts:
            assert part.groupby("question").size().to_dict() == {
                q: len(part) // 3 for q in ("advies_coa", "advies_dtv", "advies_ind")
            }
            for q, theme in zip(part["question"], part["theme"], strict=True):
                codes = theme.split(";")
                frame = CB.codeframe(q)
                assert codes == [c for c in frame.codes if c in codes], theme  # codeframe order
                assert frame.residual not in codes or codes == [frame.residual]
            assert (part["theme"].str.count(";") >= 1).mean() > 0.1  # multi-label answers
        # no phrasing is both trained on and held out; typos make texts vary
        assert not set(train["text"].str.casefold()) & set(heldout["text"].str.casefold())
        # about two thirds of the answers carry a typo, an opener, another case or a second
        # phrasing: they are not a phrasing verbatim
        pool = {t for texts in ADVICE.values() for t in texts}
        pool |= {t for org in PARAPHRASES.values() for texts in org.values() for t in texts}
        pool |= {t for phrases in MULTI_THEME_PHRASES.values() for t, _ in phrases}
        assert (~train["text"].isin(pool)).mean() > 0.5
    other = coded_sample("2017-Q2", seed=2)["train"]
    assert not other.equals(pd.read_csv(demo_dir / "2017-Q2" / CODED_SAMPLE_FILE))


def test_the_committed_demo_is_what_the_generator_writes(demo_dir):
    """Adding the coded sample shifted no random draw: the raw files keep their contents."""
    for w in DEFAULT_WAVES:
        committed = paths.raw_wave_dir(w)
        names = sorted(p.name for p in (demo_dir / w).iterdir())
        assert sorted(p.name for p in committed.iterdir()) == names
        for name in names:
            if name.endswith(".sav"):  # compare values: labels may follow codebook fixes
                pd.testing.assert_frame_equal(
                    read_back(committed / name), read_back(demo_dir / w / name)
                )
            else:
                assert (committed / name).read_bytes() == (demo_dir / w / name).read_bytes(), name


# -- formats ---------------------------------------------------------------------------------------
def test_formats_vary_and_read_back(demo_dir):
    kinds = {(w, tg): plan(w)[tg] for w in DEFAULT_WAVES for tg in TGS}
    assert {f.kind for f in kinds.values()} == {"csv", "sav", "xlsx"}
    encodings = {f.encoding for f in kinds.values() if f.kind == "csv"}
    assert {"cp1252", "utf-8-sig"} <= encodings
    assert sum(f.labels for f in kinds.values()) == 1
    for w in DEFAULT_WAVES:
        for tg in TGS:
            path = demo_dir / w / file_names(w)[tg]
            df = read_back(path)
            assert len(df) >= {"asielzoekers": 200, "ketenpartners": 290}[tg]
            id_col = "resp_id" if w == "2018-Q1" else "respondent_id"
            assert df.columns[0] == id_col


def test_csv_conventions(demo_dir):
    q2 = (demo_dir / "2017-Q2" / "asielzoekers.csv").read_bytes()
    assert q2.startswith(b"\xef\xbb\xbf") and b";" in q2.split(b"\n")[0]
    q3 = (demo_dir / "2017-Q3" / "asielzoekers.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        q3.decode("utf-8")  # cp1252: e.g. the "ë" of Syrië is one byte
    text = q3.decode("cp1252")
    assert "\r\n" in text and "ë" in text
    df = read_back(demo_dir / "2017-Q3" / "asielzoekers.csv")
    web = df["duur_minuten"].dropna()
    assert web.str.fullmatch(r"\d+,\d").all()  # decimal comma
    assert df["veldwerkdatum"].str.fullmatch(r"\d\d-\d\d-2017").all()
    labels = read_back(demo_dir / "2017-Q4" / "asielzoekers.csv")
    assert {"heel goed", "goed"} <= set(labels["coa_totaaloordeel"].dropna())
    assert "weet niet" in set(labels["ind_doorverwijzen"].dropna())
    assert labels["status"].dropna().isin(["1", "2"]).all()  # background stays coded
    comma = read_back(demo_dir / "2018-Q1" / "ketenpartners.csv")
    assert comma["duur_minuten"].dropna().str.fullmatch(r"\d+\.\d").all()


def test_sav_labels_and_xlsx_values(demo_dir):
    _, meta = pyreadstat.read_sav(demo_dir / "2017-Q2" / "ketenpartners.sav", metadataonly=True)
    scale = CB.scale("oordeel5")
    assert meta.variable_value_labels["ind_totaaloordeel"] == {
        float(c): lab["nl"] for c, lab in scale.codes.items()
    }
    assert (
        meta.column_names_to_labels["ind_totaaloordeel"]
        == CB.variable("ketenpartners", "ind_totaaloordeel").label_nl
    )
    assert "SYNTHETIC" in meta.file_label
    # the xlsx holds exactly the generated (and defect-planted) data
    wave = "2017-Q3"
    fr, _ = plant_defects(generate_wave(wave, seed=1), wave, 1, file_names(wave))
    x = read_back(demo_dir / wave / "ketenpartners.xlsx")
    k = fr["ketenpartners"]
    for col in ("werkgever", "ind_totaaloordeel", "coa_nps", "samenwerking_verhoudingen_goed"):
        expected = [None if np.isnan(v) else str(int(v)) for v in k[col]]
        assert x[col].tolist() == expected, col
    assert x["veldwerkdatum"].tolist() == k["veldwerkdatum"].tolist()


def test_label_columns_only_rating_scales(demo_dir):
    labels = read_back(demo_dir / "2017-Q4" / "asielzoekers.csv")
    for var in CB.variables("asielzoekers", "2017.1"):
        vals = labels[var.name].dropna()
        if var.scale.name in LABEL_SCALES:
            allowed = {lab["nl"] for lab in var.scale.codes.values()} | {"7"}  # 7: planted defect
            assert set(vals) <= allowed, var.name


# -- wave.yml, README, defects ---------------------------------------------------------------------
def test_wave_yml_and_readme(demo_dir):
    for w in DEFAULT_WAVES:
        spec = yaml.safe_load((demo_dir / w / "wave.yml").read_text(encoding="utf-8"))
        assert spec["wave"] == w and spec["synthetic"] is True
        assert spec["questionnaire_version"] == ("2018.1" if w == "2018-Q1" else "2017.1")
        assert spec["fieldwork"]["start"] < spec["fieldwork"]["end"]
        assert {f["target_group"] for f in spec["files"]} == set(TGS)
        for f in spec["files"]:
            assert (demo_dir / w / f["path"]).is_file()
        for pop in spec["population"].values():
            assert pop["size"] > 1000 and 0 < pop["response_rate"] < 1
            for shares in pop["margins"].values():
                assert abs(sum(shares.values()) - 1) < 1e-9
        assert {d["item"] for d in spec["truth"]["drifts"]} >= {"reactietermijn", "totaaloordeel"}
        readme = (demo_dir / w / "README.md").read_text(encoding="utf-8")
        assert "Synthetic data" in readme and "python -m helpers demo --seed 1" in readme
        assert "SYNTHETIC" in (demo_dir / w / "wave.yml").read_text().splitlines()[0]


def test_sample_deviates_from_margins(demo_dir):
    spec = yaml.safe_load((demo_dir / "2017-Q2" / "wave.yml").read_text(encoding="utf-8"))
    a = read_back(demo_dir / "2017-Q2" / "asielzoekers.csv").drop_duplicates("respondent_id")
    share = (a["status"] == "1").mean()
    assert abs(share - spec["population"]["asielzoekers"]["margins"]["status"]["afgewezen"]) > 0.03


def test_defects_documented_match_the_files(demo_dir):
    kinds = set()
    for w in DEFAULT_WAVES:
        spec = yaml.safe_load((demo_dir / w / "wave.yml").read_text(encoding="utf-8"))
        id_col = "resp_id" if w == "2018-Q1" else "respondent_id"
        assert len(spec["defects"]) >= 10
        for d in spec["defects"]:
            kinds.add(d["kind"])
            df = read_back(demo_dir / w / d["file"])
            rows = df.iloc[[r - 1 for r in d["rows"]]]
            assert (rows[id_col] == d["respondent_id"]).all(), d
            assert d["rows"] == [i + 1 for i in np.flatnonzero(df[id_col] == d["respondent_id"])]
            row = rows.iloc[0]

            def shown(col, code, d=d, w=w, version=spec["questionnaire_version"]):
                """How the raw code of a defect appears in the file (label, decimal comma)."""
                fmt = plan(w)[d["target_group"]]
                var = CB.variable(d["target_group"], col, version)
                if fmt.labels and var.scale.name in LABEL_SCALES and int(code) in var.scale.codes:
                    return var.scale.codes[int(code)]["nl"]
                return str(code).replace(".", fmt.decimal) if fmt.kind == "csv" else str(code)

            kind = d["kind"]
            if kind == "duplicate_row":
                assert len(rows) == 2 and rows.iloc[0].equals(rows.iloc[1])
            elif kind == "duplicate_id_conflict":
                assert len(rows) == 2 and not rows.iloc[0].equals(rows.iloc[1])
            elif kind == "straightliner":
                assert {row[c] for c in d["columns"]} == {shown(d["columns"][0], d["value"])}
                assert len(d["columns"]) >= 30
            else:
                assert len(rows) == 1 and row[d["column"]] == shown(d["column"], d["value"]), d
            if kind == "out_of_range":
                var = CB.variable(d["target_group"], d["column"], spec["questionnaire_version"])
                assert d["value"] not in var.scale.valid_codes
            if kind == "rated_without_contact":
                assert row["contact_ind"] == "5"
            if kind == "own_organisation_rated":
                org = d["column"].split("_")[0].upper()
                assert row["werkgever"] == str(CB.org_code(org))
            if kind == "implausibly_fast":
                assert row["modus"] == "2" and d["value"] < 3
        # nothing undocumented: ids are unique apart from the documented duplicates
        for tg in TGS:
            df = read_back(demo_dir / w / file_names(w)[tg])
            documented = {
                d["respondent_id"]
                for d in spec["defects"]
                if d["target_group"] == tg and d["kind"].startswith("duplicate")
            }
            assert set(df[id_col][df[id_col].duplicated()]) == documented
    assert kinds == {
        "duplicate_row",
        "duplicate_id_conflict",
        "out_of_range",
        "straightliner",
        "own_organisation_rated",
        "rated_without_contact",
        "implausibly_fast",
    }


def test_no_defects_option(tmp_path):
    write_demo(tmp_path, seed=1, waves=["2017-Q2"], defects=False, n_asylum=200, n_partners=290)
    spec = yaml.safe_load((tmp_path / "2017-Q2" / "wave.yml").read_text(encoding="utf-8"))
    assert spec["defects"] == []
    a = read_back(tmp_path / "2017-Q2" / "asielzoekers.csv")
    assert len(a) == 200 and a["respondent_id"].is_unique
    web = a["duur_minuten"].dropna().str.replace(",", ".").astype(float)
    assert web.min() >= 3


# -- refusing to overwrite, the command line -------------------------------------------------------
def test_refuses_to_overwrite_a_real_wave(tmp_path):
    real = tmp_path / "2017-Q3"
    real.mkdir()
    (real / "wave.yml").write_text("wave: 2017-Q3\nquestionnaire_version: '2017.1'\nfiles: []\n")
    (real / "asielzoekers.csv").write_text("precious")
    with pytest.raises(InputError, match="synthetic"):
        write_demo(tmp_path, seed=1, waves=["2017-Q2", "2017-Q3"])
    assert (real / "asielzoekers.csv").read_text() == "precious"
    assert not (tmp_path / "2017-Q2").exists()  # checked before anything is written
    (tmp_path / "2017-Q4").mkdir()
    (tmp_path / "2017-Q4" / "notes.txt").write_text("x")
    with pytest.raises(InputError):
        write_demo(tmp_path, waves=["2017-Q4"])


def test_rewrites_a_demo_wave_and_removes_its_old_files(tmp_path):
    write_demo(tmp_path, seed=1, waves=["2017-Q2"], n_asylum=30, n_partners=30)
    (tmp_path / "2017-Q2" / "asielzoekers.sav").write_text("stale, listed")
    spec_file = tmp_path / "2017-Q2" / "wave.yml"
    spec = yaml.safe_load(spec_file.read_text())
    spec["files"].append({"path": "asielzoekers.sav", "target_group": "asielzoekers"})
    spec_file.write_text(yaml.safe_dump(spec))
    write_demo(tmp_path, seed=1, waves=["2017-Q2"], n_asylum=30, n_partners=30)
    assert sorted(p.name for p in (tmp_path / "2017-Q2").iterdir()) == [
        "README.md",
        "asielzoekers.csv",
        "ketenpartners.sav",
        CODED_SAMPLE_FILE,
        HELDOUT_SAMPLE_FILE,
        APPROVAL_FILE,
        "wave.yml",
    ]


@pytest.mark.parametrize("wave", paths.list_waves(paths.RAW_DIR))
def test_the_shipped_approvals_hold_after_cleaning_in_every_file_format(wave, tmp_path):
    # an approval is keyed by the hash of the answer as cleaning reads it: csv, sav and xlsx
    # must give the text the demo approved, or the approval would silently lapse
    from helpers.data import Wave, clean_wave
    from helpers.io import text_hash

    clean_wave(paths.RAW_DIR / wave, tmp_path / wave)
    resp = Wave.open(wave, processed_root=tmp_path).respondents.set_index("respondent_id")
    from helpers.privacy import read_approvals

    approvals = read_approvals(paths.RAW_DIR / wave / APPROVAL_FILE)  # a valid approval file
    assert set(approvals["question"]) == {"advies_ind", "advies_coa", "advies_dtv"}
    assert approvals.groupby("question").size().max() <= 3
    for rid, question, digest in approvals[["respondent_id", "question", "text_hash"]].values:
        assert text_hash(resp.loc[rid, question]) == digest, (wave, rid, question)


def test_cli(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "helpers", "demo", *args], capture_output=True, text=True
        )

    ok = run(
        "--out",
        str(tmp_path),
        "--n-asylum",
        "40",
        "--n-partners",
        "30",
        "--waves",
        "2017-Q2,2018-Q1",
        "--seed",
        "3",
    )
    assert ok.returncode == 0, ok.stderr
    assert "2017-Q2" in ok.stdout and "2018-Q1" in ok.stdout and "defects" in ok.stdout
    spec = yaml.safe_load((tmp_path / "2018-Q1" / "wave.yml").read_text())
    assert spec["questionnaire_version"] == "2018.1"
    assert "--seed 3" in (tmp_path / "2018-Q1" / "README.md").read_text()
    bad = run("--out", str(tmp_path), "--waves", "2017Q2")
    assert bad.returncode == 2 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
    (tmp_path / "2017-Q3").mkdir()
    (tmp_path / "2017-Q3" / "wave.yml").write_text("wave: 2017-Q3\n")
    refused = run("--out", str(tmp_path), "--waves", "2017-Q3")
    assert refused.returncode == 2 and "synthetic" in refused.stderr
    usage = run("--n-asylum", "0")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# -- the truth per reception centre ------------------------------------------------------------
def test_expected_by_azc_averages_to_the_population_and_matches_a_large_sample():
    from helpers.demo import AZCS, build_model, expected_by_azc
    from helpers.demo._model import _expected_ordinal

    truth = expected_by_azc()
    assert truth.columns.tolist() == ["azc", "organisation", "item", "mean", "pct_positive"]
    overall = truth[truth["item"] == "totaaloordeel"].set_index("azc").loc[list(AZCS)]
    # over the AZC sizes the centres average to the population value (expected_values' integral)
    p = np.array(list(AZCS.values()), dtype=float)
    p /= p.sum()
    m = build_model().orgs["asielzoekers", "COA"]
    mean, top2 = _expected_ordinal(m, m.overall_thresholds, m.c, 0.0)
    assert float(p @ overall["mean"]) == pytest.approx(mean, abs=1e-9)
    assert float(p @ overall["pct_positive"]) == pytest.approx(100 * top2, abs=1e-7)
    assert overall["mean"].std() > 0.1  # the planted AZC effects

    # the generator's answers: per large AZC the sample mean lies within 4 standard errors
    az = frames()["asielzoekers"]
    var = next(
        v
        for v in CB.rating_variables("asielzoekers", "2017.1")
        if v.organisation == "COA" and v.item == "totaaloordeel"
    )
    codes = az[var.name].to_numpy(float)
    ok = np.isin(codes, var.scale.substantive_codes)
    value = pd.Series(np.where(ok, codes, np.nan)).map(
        lambda c: np.nan if np.isnan(c) else var.scale.analysis_value(int(c))
    )
    stats = value.groupby(az["azc"].to_numpy()).agg(["mean", "std", "count"])
    stats = stats[stats["count"] >= 60]
    se = stats["std"] / np.sqrt(stats["count"])
    z = (stats["mean"] - overall.loc[stats.index, "mean"]) / se
    assert len(stats) >= 5 and (z.abs() < 4).all(), z
