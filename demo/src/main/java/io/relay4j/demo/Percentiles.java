package io.relay4j.demo;

import java.util.Arrays;

/** Nearest-rank percentiles over a batch of samples. */
final class Percentiles {

    private Percentiles() {
    }

    /** The p-th percentile (0 < p <= 100) of the values, NaN when there are none. Sorts {@code values}. */
    static double of(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
