"""Member reports per second: xl-tracker's renderer vs a plain docxtpl + matplotlib loop, same run.

    python benchmarks/bench_reports.py [--members 1000] [--baseline 40] [--workers 2]

Both loops write the same member reports (same template, same context) to
disk, charts included: the baseline opens the template with docxtpl for
every report, draws the chart with matplotlib (Agg, PNG via InlineImage)
and saves; xl-tracker builds the contexts from the run, compiles the
template once and writes a native chart. The run itself (read, check,
compute) is done once beforehand and is not in either figure. Goal: >= 40
reports per second on one core, and >= 2.5x the baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import cached_workbook  # noqa: E402


def baseline_loop(template: Path, contexts: list[dict], out: Path) -> None:
    """The obvious way: docxtpl opens the template per report, matplotlib draws each chart."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    for n, variables in enumerate(contexts):
        chart = variables["chart"]
        fig, ax = plt.subplots(figsize=(6, 2.6), dpi=150)
        xs = range(len(chart.categories))
        base = [v if v is not None else 0 for v in chart.values[0]]
        late = [v if v is not None else 0 for v in chart.values[1]]
        ax.bar([x - 0.2 for x in xs], base, width=0.4, label="Baseline", color="#A5A5A5")
        ax.bar([x + 0.2 for x in xs], late, width=0.4, label="Latest", color="#1F4E79")
        ax.set_xticks(list(xs), chart.categories)
        ax.set_ylim(chart.axis_min, chart.axis_max)
        ax.legend()
        ax.set_title(chart.title)
        png = io.BytesIO()
        fig.savefig(png, format="png")
        plt.close(fig)
        png.seek(0)
        tpl = DocxTemplate(str(template))
        context = dict(variables, chart=InlineImage(tpl, png, width=Cm(15)))
        tpl.render(context, autoescape=True)
        tpl.save(str(out / f"baseline-{n}.docx"))


def ours_loop(run, template: Path, out: Path, count: int) -> None:
    """xl-tracker: contexts from the run, template compiled once, native chart, one process."""
    from xl_tracker.reports.context import RunView, member_report, template_variables
    from xl_tracker.reports.render import compile_template

    compiled = compile_template(template)
    view = RunView(run)
    for n, member in enumerate(view.members[:count]):
        compiled.render(template_variables(member_report(view, member)), out / f"ours-{n}.docx")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000, help="members in the synthetic workbook (all get a report)")
    parser.add_argument("--baseline", type=int, default=40, help="reports made by the slow baseline loop")
    parser.add_argument("--workers", type=int, default=2, help="processes for the whole-batch figure")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("matplotlib") is None:
        print("the baseline draws its charts with matplotlib, which is in the bench extra: pip install -e \".[bench]\"", file=sys.stderr)
        return 2

    from xl_tracker.pipeline import run_tracker
    from xl_tracker.reports.context import RunView, member_report, template_variables
    from xl_tracker.reports.generate import write_reports
    from xl_tracker.resources import shipped_dir

    template = shipped_dir("report_templates") / "member_report.docx"
    book = cached_workbook(args.members)
    started = time.perf_counter()
    run = run_tracker(book)
    print(f"workbook: {args.members} members; read + check + compute once: {time.perf_counter() - started:.2f} s (not in the figures below)")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        view = RunView(run)
        contexts = [template_variables(member_report(view, m)) for m in view.members[: args.baseline]]
        baseline_loop(template, contexts[:2], out)  # warm imports (matplotlib, docxtpl) outside the timing
        ours_loop(run, template, out, 2)

        started = time.perf_counter()
        baseline_loop(template, contexts, out)
        baseline_time = time.perf_counter() - started
        baseline_rate = len(contexts) / baseline_time

        count = len(view.members)
        started = time.perf_counter()
        ours_loop(run, template, out, count)
        ours_time = time.perf_counter() - started
        ours_rate = count / ours_time

        started = time.perf_counter()
        written = write_reports(run, out / "batch", workers=args.workers)
        batch_time = time.perf_counter() - started
        batch_rate = len(written.member_reports) / batch_time

    print(f"baseline docxtpl + matplotlib, 1 process: {len(contexts)} reports in {baseline_time:.2f} s = {baseline_rate:.1f} reports/s")
    print(f"xl-tracker renderer, 1 process:           {count} reports in {ours_time:.2f} s = {ours_rate:.1f} reports/s")
    print(f"ratio xl-tracker / baseline (1 process):  {ours_rate / baseline_rate:.1f}x")
    print(
        f"whole batch via write_reports, {args.workers} workers: {len(written.member_reports)} member reports + team report "
        f"in {batch_time:.2f} s = {batch_rate:.1f} member reports/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
