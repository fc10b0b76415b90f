"""The figures `make bench` prints of single requests: nearest-rank percentiles."""

from assessments.management.commands.bench_pages import percentile


def test_the_95th_of_twenty_requests_leaves_out_the_slowest_one():
    times = [float(n) for n in range(1, 21)]

    assert percentile(times, 95) == 19
    assert percentile(times, 100) == 20


def test_a_percentile_is_one_of_the_values_measured():
    assert percentile([30.0, 10.0, 20.0, 40.0], 50) == 20
    assert percentile([float(n) for n in range(1, 101)], 95) == 95
    assert percentile([7.0], 95) == 7
