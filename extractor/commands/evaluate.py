"""``extractor evaluate``: score the pipeline (or prediction files) against annotated gold.

    extractor evaluate --gold corpora/gold/test.jsonl
    extractor evaluate --gold annotations/ --format brat --report eval.html
    extractor evaluate --gold gold.jsonl --pred run-a.jsonl --baseline run-b.jsonl
    extractor evaluate --gold corpora/gold/qa/ --task qa
    extractor evaluate --gold chia/ --task thresholds --label-map Measurement=threshold,Person=threshold

``--format`` takes an output format (text, markdown, json) or, for convenience, a gold format
(jsonl, spacy, brat, labelstudio, doccano: the same as ``--gold-format``; the output is then text).
"""

from __future__ import annotations

import argparse
import sys

from extractor.commands.common import emit
from extractor.errors import UsageError
from extractor.evaluation.formats import READERS
from extractor.io import write_text

OUTPUT_FORMATS = ("text", "markdown", "json")
GOLD_FORMATS = ("auto", *READERS)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``evaluate`` subcommand."""
    parser = subparsers.add_parser(
        "evaluate", help="score extraction or QA against annotated gold",
        description="Score the current pipeline, or prediction files, against annotated gold (project JSONL, "
                    "spaCy, brat, Label Studio, doccano): SemEval-2013 span scores, attribute and tuple scores, "
                    "bootstrap intervals, error analysis; --baseline compares two runs; --task qa scores QA findings.")
    parser.add_argument("--gold", required=True, metavar="PATH", help="gold file or folder")
    parser.add_argument("--gold-format", choices=GOLD_FORMATS, default=None,
                        help="gold format (default: from the path)")
    parser.add_argument("--format", choices=(*OUTPUT_FORMATS, *READERS), default="text",
                        help="output format (text, markdown, json); a gold format name here sets --gold-format")
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH (whole or not at all) instead of stdout")
    parser.add_argument("--report", metavar="PATH.html", help="also write a self-contained HTML report")
    parser.add_argument("--pred", metavar="PATH", help="predictions to score (extract --format jsonl output or any "
                                                       "gold format; for --task qa: qa --format json output) "
                                                       "instead of running the pipeline")
    parser.add_argument("--pred-format", choices=GOLD_FORMATS, default="auto", help="format of --pred/--baseline")
    parser.add_argument("--baseline", metavar="PATH", help="a second prediction run to compare against")
    parser.add_argument("--task", choices=("extraction", "qa", "thresholds"), default="extraction",
                        help="what to score: extraction spans, QA findings, or threshold tuples read from "
                             "Has_value relations in brat gold")
    parser.add_argument("--label-map", metavar="GOLD=OURS,...|FILE",
                        help="rename gold labels (e.g. Measurement=threshold,Person=threshold), or a JSON/YAML "
                             "mapping file; for --task thresholds the labels mapped to 'threshold' are scored")
    parser.add_argument("--discontinuous", choices=("merge", "split", "skip", "error"), default="merge",
                        help="brat spans in pieces: merge into one span (default), split, skip or reject")
    parser.add_argument("--model", metavar="NAME", default=None, help="pipeline to run when --pred is not given")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="document resamples for F1 intervals (0: none; default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the resampling (default 0)")
    parser.add_argument("--max-errors", type=int, default=None, metavar="N",
                        help="list at most N errors in text/markdown output (default: all)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the tables; write the HTML report when asked."""
    from extractor.evaluation import render
    from extractor.evaluation.reports import extraction_report, qa_report

    output_format = args.format if args.format in OUTPUT_FORMATS else "text"
    gold_format = args.gold_format or (args.format if args.format in READERS else "auto")
    if args.format in READERS and args.gold_format and args.gold_format != args.format:
        raise UsageError(f"--format {args.format} and --gold-format {args.gold_format} disagree")
    if args.bootstrap < 0:
        raise UsageError(f"--bootstrap must be 0 or more, got {args.bootstrap}")
    if args.baseline and args.task == "qa":
        raise UsageError("--baseline is for --task extraction")
    if args.report and not args.report.lower().endswith((".html", ".htm")):
        raise UsageError(f"--report expects an .html path, got {args.report}")

    if args.task == "thresholds":
        report = _thresholds_report(args)
    elif args.task == "qa":
        from extractor.evaluation.qa import (
            evaluate_qa,
            read_qa_gold,
            read_qa_predictions,
        )

        golds = read_qa_gold(args.gold)
        predictions = read_qa_predictions(args.pred) if args.pred else None
        report = qa_report(evaluate_qa(golds, predictions), gold=args.gold,
                           predictions=args.pred or "extractor.qa.check_path")
    else:
        from extractor.evaluation import (
            compare,
            evaluate,
            predict,
            read_annotations,
            read_predictions,
        )

        from extractor.evaluation.tuples import map_labels, parse_label_map

        gold = map_labels(read_annotations(args.gold, gold_format, brat={"discontinuous": args.discontinuous}),
                          parse_label_map(args.label_map))
        _warn_reading(gold)
        if args.pred:
            pred = read_predictions(args.pred, gold, args.pred_format)
        else:
            pred = predict(gold, model=args.model)
        evaluation = evaluate(gold, pred, bootstrap=args.bootstrap, seed=args.seed)
        comparison = None
        if args.baseline:
            baseline = evaluate(gold, read_predictions(args.baseline, gold, args.pred_format),
                                bootstrap=args.bootstrap, seed=args.seed)
            comparison = compare(evaluation, baseline, baseline_name=args.baseline)
        if evaluation.missing:
            print(f"extractor evaluate: {len(evaluation.missing)} gold documents have no predictions "
                  f"(e.g. {evaluation.missing[0]!r}); scored as predicting nothing", file=sys.stderr)
        if evaluation.unmatched:
            print(f"extractor evaluate: {len(evaluation.unmatched)} predicted documents are not in the gold "
                  f"(e.g. {evaluation.unmatched[0]!r}); not scored", file=sys.stderr)
        report = extraction_report(evaluation, gold=args.gold, predictions=args.pred or "current pipeline",
                                   comparison=comparison)

    if output_format == "json":
        text = render.to_json(report)
    else:
        text = render.to_text(report, markdown=output_format == "markdown", max_errors=args.max_errors)
    html = render.to_html(report) if args.report else None
    if html is not None:
        write_text(args.report, html)
    emit(text, args.output)
    return 0


def _warn_reading(documents: list) -> None:  # type: ignore[type-arg]
    """One stderr line per gold span left out (misaligned), and the counts of repaired spans."""
    from collections import Counter

    total: Counter[str] = Counter()
    for document in documents:
        total.update(document.reading)
        for warning in document.warnings:
            print(f"extractor evaluate: warning: {warning} (left out)", file=sys.stderr)
    if total:
        print("extractor evaluate: gold read with " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())),
              file=sys.stderr)


def _thresholds_report(args: argparse.Namespace):  # noqa: ANN202
    """Score threshold tuples against Has_value relations (brat gold)."""
    from extractor.evaluation import read_annotations
    from extractor.evaluation.reports import tuples_report
    from extractor.evaluation.tuples import evaluate_tuples, parse_label_map

    mapping = parse_label_map(args.label_map)
    gold = read_annotations(args.gold, args.gold_format or "auto", brat={"discontinuous": args.discontinuous})
    if not any(document.relations for document in gold):
        raise UsageError(f"--task thresholds needs relations in the gold (brat R lines); {args.gold} has none")
    _warn_reading(gold)
    if args.pred:
        from extractor.evaluation import read_predictions

        predicted = read_predictions(args.pred, gold, args.pred_format)
        predictions = {d.id: [{**s.attributes, "start": s.start, "end": s.end} for s in d.spans
                              if s.label == "threshold"] for d in predicted}
    else:
        from extractor.nlp import extract, load

        nlp = load(args.model)
        predictions = {d.id: extract(d.text or "", nlp=nlp)["thresholds"] for d in gold}
    evaluation = evaluate_tuples(gold, predictions, label_map=mapping)
    return tuples_report(evaluation, gold=args.gold, predictions=args.pred or "current pipeline",
                         label_map=mapping)
