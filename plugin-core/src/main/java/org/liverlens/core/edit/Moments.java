package org.liverlens.core.edit;

/** Running count, mean and variance of values added one at a time (population variance, never negative). */
final class Moments {
    private long count;
    private double sum;
    private double sumOfSquares;

    void add(double v) {
        count++;
        sum += v;
        sumOfSquares += v * v;
    }

    long count() {
        return count;
    }

    double variance() {
        double m = sum / count;
        return Math.max(0, sumOfSquares / count - m * m);
    }
}
