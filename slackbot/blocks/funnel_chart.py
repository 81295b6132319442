"""The weekly digest's picture: the cohort's funnel (asks → replies → meetings →
referrals) as a PNG, drawn server-side.

matplotlib draws it: the maintained standard for static charts in Python, with an
Agg (raster) backend that needs no display, renders PNG directly, and whose
object-oriented Figure API keeps no global state, so the dispatcher's thread can draw
while the app serves requests."""

from io import BytesIO

from slackbot.domain.digest import Digest, Funnel

WIDTH_PX, HEIGHT_PX, DPI = 800, 450, 100
COLOURS = ("#4a6fa5", "#5b8fb9", "#6fb3b8", "#88c9a1")


def funnel_png(digest: Digest) -> bytes:
    """A horizontal bar per step, widest first, each with its count and the share of the
    step before it; WIDTH_PX x HEIGHT_PX."""
    # Imported here, once a week: matplotlib costs every process that never draws
    # (`slackbot serve` answering Slack, a cron `slackbot nudge`) half a second and 40 MB.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    steps = list(Funnel)
    counts = [digest.total(step) for step in steps]
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(steps)))[::-1]  # the first step on top
    axes.barh(positions, counts, color=COLOURS, height=0.6)
    axes.set_yticks(positions, [step.label for step in steps], fontsize=12)
    axes.set_xlim(0, max(max(counts), 1) * 1.25)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    for index, (position, count) in enumerate(zip(positions, counts, strict=True)):
        label = str(count)
        if index and counts[index - 1]:
            label += f"  ({count / counts[index - 1]:.0%} of {steps[index - 1].label.lower()})"
        axes.text(count, position, "  " + label, va="center", fontsize=11)
    days = f"{digest.start:%b} {digest.start.day} to {digest.end:%b} {digest.end.day}"
    axes.set_title(f"The cohort's funnel, {days}", fontsize=14, loc="left")
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
