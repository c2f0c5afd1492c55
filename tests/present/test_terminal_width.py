"""The terminal layout of calc on narrow and wide screens: never an amount cut short."""

import pytest
from conftest import SAMPLES

from doorbraak_cli.check.case import check_file


@pytest.mark.parametrize("width", [30, 40, 60, 80, 100, 140])
def test_terminal_never_cuts_a_figure_short(width):
    """On any screen width every amount is shown whole: a table that cannot fit is printed as records."""

    from doorbraak_cli.compute.analysis import analyse
    from doorbraak_cli.present.boxes import Screen
    from doorbraak_cli.present.case import terminal

    for path in sorted(SAMPLES.glob("*.yaml")):
        a = analyse(check_file(str(path)).case, horizon=3, with_sensitivity=True)
        out = terminal.render(a, Screen(width), jaren=True, gevoeligheid=True, horizon=3)
        assert "…" not in out.replace("−50% … +50%", ""), (path.name, width)
        if path.name == "plan-3-lars-en-klaas.yaml":
            text = " ".join(out.split())
            assert "€ +36.134" in text  # cumulative return of year 3: 10.878 + 2 × 12.628
            assert "Jaar" in text
