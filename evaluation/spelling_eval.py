"""Spelling on real text written by others: false alarms per 1,000 words, and recall on real misspellings.

Two measurements, neither on text this project wrote:

- ``prose``: the ``spelling`` rule over real clinical prose — the eligibility criteria of the Chia
  corpus's dev split (ClinicalTrials.gov text, read from ``../shared/external/chia``; CC BY 4.0:
  Kury F et al., "Chia, a large annotated corpus of clinical trial eligibility criteria",
  Scientific Data 7, 281, 2020). Every alarm is looked up in
  ``corpora/gold/spelling/chia_adjudication.json`` (``{"<file>": {"<word>": "typo" | "word"}}``,
  written by reading each flagged word in its sentence): an alarm on a ``typo`` is a true alarm,
  one on a ``word`` a false alarm, and one not yet adjudicated is counted as false (unknown is not
  clean). The text is kept in ../shared; only the verdicts are in the repository.
- ``misspellings``: recall on codespell's dictionary of real-world misspellings (collected from
  Wikipedia's list of common misspellings and code review; ``codespell_lib/data/dictionary.txt``).
  A seeded sample of entries whose correction the rule's dictionary knows is put, one per
  sentence, in neutral prose; an entry is found when the rule flags the word, and corrected when
  its suggestion is one of codespell's corrections.

Run: ``python evaluation/spelling_eval.py [--suite prose|misspellings|all] [--sample N] [--alarms]``
(``--alarms`` lists every alarm of the prose suite with its verdict, for adjudication).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
from wordfreq import zipf_frequency

from extractor.qa.rules import spelling

ROOT = Path(__file__).resolve().parent.parent
CHIA = ROOT.parent / "shared" / "external" / "chia"
SPLIT = ROOT / "corpora" / "gold" / "chia_split.json"
ADJUDICATION = ROOT / "corpora" / "gold" / "spelling" / "chia_adjudication.json"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_FRAME = "The notes from the clinic say that {word} was discussed with the team."


def prose_alarms(folder: Path, stems: list[str]) -> tuple[int, list[dict[str, str]]]:
    """Run the spelling rule over each file's text; return the word count and the alarms."""
    speller = spelling.default_speller()
    count, alarms = 0, []
    for stem in stems:
        path = folder / f"{stem}.txt"
        text = path.read_text(encoding="utf-8", errors="replace")
        count += len(_WORD.findall(text))
        for finding in spelling.check(text, speller=speller, frequent=list(spelling.vocabulary([text]))):
            start = max(0, (finding.start or 0) - 50)
            context = " ".join(text[start:(finding.end or 0) + 50].split())
            alarms.append({"file": stem, "word": finding.text or "", "suggestion": finding.suggestion or "",
                           "context": context})
    return count, alarms


def score_prose(folder: Path, *, list_alarms: bool) -> dict[str, object]:
    """False alarms per 1,000 words on the Chia dev split."""
    stems = json.loads(SPLIT.read_text(encoding="utf-8"))["dev"]
    verdicts = json.loads(ADJUDICATION.read_text(encoding="utf-8")) if ADJUDICATION.exists() else {}
    words, alarms = prose_alarms(folder, stems)
    for alarm in alarms:
        alarm["verdict"] = verdicts.get(alarm["file"], {}).get(alarm["word"], "unadjudicated")
    if list_alarms:
        frame = pd.DataFrame(alarms, columns=["file", "word", "suggestion", "verdict", "context"])
        print(frame.to_string(index=False))
    typos = sum(a["verdict"] == "typo" for a in alarms)
    false = sum(a["verdict"] == "word" for a in alarms)
    open_ = sum(a["verdict"] == "unadjudicated" for a in alarms)
    return {"suite": "prose (Chia dev)", "words": words, "alarms": len(alarms), "true alarms": typos,
            "false alarms": false, "unadjudicated": open_,
            "false per 1,000 words": round(1000 * (false + open_) / max(words, 1), 3)}


def codespell_entries() -> list[tuple[str, list[str]]]:
    """codespell's dictionary: (misspelling, corrections) pairs."""
    data = resources.files("codespell_lib").joinpath("data/dictionary.txt").read_text(encoding="utf-8")
    entries = []
    for line in data.splitlines():
        wrong, _, right = line.partition("->")
        corrections = [c.strip() for c in right.split(",") if c.strip()]
        entries.append((wrong.strip(), corrections))
    return entries


def score_misspellings(sample: int, seed: int = 13) -> dict[str, object]:
    """Recall (flagged) and correction rate on a sample of codespell's real-world misspellings.

    Entries are sampled among those whose correction is a word in common use (wordfreq zipf 2 or
    more), so that the sample does not depend on the rule being measured.
    """
    speller = spelling.default_speller()
    usable = [(wrong, rights) for wrong, rights in codespell_entries()
              if len(wrong) >= 4 and wrong.isalpha() and wrong.islower()
              and any(r.isalpha() and zipf_frequency(r, "en") >= 2.0 for r in rights)]
    picked = random.Random(seed).sample(usable, min(sample, len(usable)))
    found = corrected = 0
    missed = []
    for wrong, rights in picked:
        text = _FRAME.format(word=wrong)
        hits = [f for f in spelling.check(text, speller=speller) if f.text == wrong]
        if hits:
            found += 1
            corrected += (hits[0].suggestion or "").lower() in {r.lower() for r in rights}
        else:
            missed.append(wrong)
    print(f"misspellings missed ({len(missed)}): {', '.join(missed)}", file=sys.stderr)
    return {"suite": "misspellings (codespell)", "entries": len(picked), "found": found,
            "recall": round(found / max(len(picked), 1), 3),
            "corrected": round(corrected / max(found, 1), 3)}


def main(argv: list[str] | None = None) -> int:
    """Print both measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=("prose", "misspellings", "all"), default="all")
    parser.add_argument("--sample", type=int, default=1000, help="codespell entries to sample")
    parser.add_argument("--alarms", action="store_true", help="list every prose alarm with its verdict")
    parser.add_argument("--chia", default=str(CHIA), help="the Chia brat folder")
    args = parser.parse_args(argv)
    if args.suite in ("prose", "all"):
        folder = Path(args.chia)
        if not folder.is_dir():
            raise SystemExit(f"{folder}: the Chia folder is missing (expected ../shared/external/chia)")
        print(pd.DataFrame([score_prose(folder, list_alarms=args.alarms)]).to_string(index=False))
    if args.suite in ("misspellings", "all"):
        print(pd.DataFrame([score_misspellings(args.sample)]).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
