"""The server-drawn charts: shapes in proportion to the numbers, and every number listed."""

import pytest
from django.template.loader import render_to_string

from forus.charts import HEIGHT, bar_chart, line_chart

PLOT_BOTTOM = 156  # HEIGHT less the room for labels below the axis
PLOT_TOP = 10


def test_bars_are_in_proportion_and_the_axis_tops_at_a_round_number():
    chart = bar_chart(
        chart_id="sample",
        title="Registrations per day",
        points=[("Mon", 0), ("Tue", 30), ("Wed", 17)],
        label_heading="Day",
        value_heading="Registrations",
    )
    assert chart.top_value == 50
    zero, thirty, seventeen = chart.points
    assert zero.height == 0
    assert zero.y == PLOT_BOTTOM
    assert thirty.height == pytest.approx((PLOT_BOTTOM - PLOT_TOP) * 30 / 50, abs=0.01)
    assert seventeen.y + seventeen.height == pytest.approx(PLOT_BOTTOM)
    assert zero.x < thirty.x < seventeen.x
    assert chart.total == 47
    assert chart.axis_y == HEIGHT - 24


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 1), (1, 1), (5, 5), (7, 10), (11, 20), (250, 250), (9001, 10000)]
)
def test_the_top_of_the_axis(largest, top):
    chart = bar_chart(
        chart_id="c", title="t", points=[("a", largest)], label_heading="l", value_heading="v"
    )
    assert chart.top_value == top


def test_a_long_chart_labels_five_points_under_its_axis_and_lists_them_all():
    points = [(f"Day {number}", number) for number in range(60)]
    chart = line_chart(
        chart_id="long", title="Over time", points=points, label_heading="Day", value_heading="N"
    )
    labels = [point.label for point in chart.axis_labels]
    assert labels[0] == "Day 0"
    assert labels[-1] == "Day 59"
    assert len(labels) == 5
    assert chart.line_path.count(",") == 60

    html = render_to_string("admin/dashboard/chart.html", {"chart": chart})
    assert '<svg viewBox="0 0 600 180" role="img" aria-labelledby="long-title"' in html
    assert '<title id="long-title">Over time</title>' in html
    assert "<polyline" in html
    assert html.count('<tr><th scope="row">Day') == 60
    assert '<tr><th scope="row">Day 42</th><td>42</td></tr>' in html
    assert html.count('text-anchor="middle">Day') == 5


def test_a_bar_chart_draws_a_bar_per_point():
    chart = bar_chart(
        chart_id="bars",
        title="Per month",
        points=[("Jan", 1), ("Feb", 2)],
        label_heading="Month",
        value_heading="N",
    )
    html = render_to_string("admin/dashboard/chart.html", {"chart": chart})
    assert html.count('<rect class="bar"') == 2
    assert "<polyline" not in html
