"""The batch report in a real browser: headless Debian chromium driven by Selenium through its
chromedriver (no browser download). A batch of corpus stories is checked with the hash test
encoder, the report opened from disk, a category filter clicked; the highlighted spans must be the
findings' spans on both sides, the filtered-out findings hidden. A screenshot is saved.

Skips only when chromium or chromedriver is not installed (``apt-get install chromium
chromium-driver``); selenium comes with ``pip install -e '.[browser]'``."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from mtqa.batch import run_batch

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "el-en"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

COLLECT = """
return Array.from(document.querySelectorAll('mark')).map(function (m) {
  return {id: m.dataset.findingId, category: m.dataset.category, side: m.dataset.side,
          start: +m.dataset.start, end: +m.dataset.end, text: m.textContent,
          filtered: m.classList.contains('filtered'), background: getComputedStyle(m).backgroundColor};
});
"""
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: pip install -e '.[browser]'")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "run"
    run_batch(CORPUS, CORPUS, src_lang="el", tgt_lang="en", out_dir=out, model="hash", source_pattern="*.el.txt",
              target_pattern="*.flawed.en.txt")
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_report_highlights_are_the_findings_and_a_filter_hides_a_category(browser, run, tmp_path):
    from selenium.webdriver.common.by import By

    findings = {f["id"]: f for f in map(json.loads, (run / "findings.jsonl").read_text(encoding="utf-8").splitlines())}
    browser.get((run / "report.html").as_uri())
    items = {li.get_attribute("data-finding-id"): li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding")}
    refs = {key: li.get_attribute("data-ref") for key, li in items.items()}
    assert sorted(refs.values()) == sorted(findings)
    category = Counter(f["category"] for f in findings.values()).most_common(1)[0][0]

    browser.find_element(By.CSS_SELECTOR, f'input.filter[data-filter="category"][value="{category}"]').click()
    marks = browser.execute_script(COLLECT)
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000

    pieces: dict[tuple[str, str], list[dict]] = {}
    for mark in marks:
        pieces.setdefault((mark["id"], mark["side"]), []).append(mark)
    checked = 0
    for key, li in items.items():
        finding = findings[refs[key]]
        hidden = finding["category"] == category
        assert li.is_displayed() is not hidden
        for side in ("source", "target"):
            span = finding[f"{side}_span"]
            if not span:
                assert (key, side) not in pieces
                continue
            got = sorted(pieces[(key, side)], key=lambda m: m["start"])
            # The highlight starts and ends where the finding does; split pieces (one per sentence
            # row, or around a crossing finding) skip only the space between rows.
            assert (got[0]["start"], got[-1]["end"]) == (span["start"], span["end"])
            text = "".join(m["text"] for m in got)
            assert text == finding[f"{side}_text"] if len(got) == 1 else _squash(text) == _squash(finding[f"{side}_text"])
            for m in got:
                assert m["filtered"] is hidden
                assert (m["background"] == TRANSPARENT) is hidden
            checked += 1
    assert checked > 20

    # Ticking every category again shows everything.
    browser.find_element(By.CSS_SELECTOR, 'fieldset[data-filter="category"] button.all').click()
    assert all(li.is_displayed() for li in items.values())
    assert not [m for m in browser.execute_script(COLLECT) if m["filtered"]]
