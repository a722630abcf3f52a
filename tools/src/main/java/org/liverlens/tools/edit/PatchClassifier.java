package org.liverlens.tools.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tells edited patches from native ones: L2-regularised logistic regression on standardised texture
 * features ({@link PatchFeatures}), fitted by Newton's method. Cases, not patches, are split: each of
 * {@link #FOLDS} folds holds whole cases, the model is fitted on the other folds and scores the patches
 * of this one, so no case is scored by a model that saw it. The AUC is taken over all out-of-fold scores
 * (Mann-Whitney, ties half), its 95 % interval by resampling cases with replacement ({@link #BOOTSTRAP}
 * times, percentiles). 0.5: indistinguishable; 1: every edited patch scores above every native one.
 */
public final class PatchClassifier {
    static final int FOLDS = 5;
    static final int BOOTSTRAP = 1000;
    static final double RIDGE = 1.0;

    /** The AUC, its 95 % interval, and how many patches (edited, native) and cases were scored. */
    public record Auc(double auc, double lo, double hi, int edited, int nativePatches, int cases) {
    }

    /** One case's patches. */
    public record CasePatches(List<double[]> edited, List<double[]> nativePatches) {
    }

    private PatchClassifier() {
    }

    /** The out-of-fold AUC of {@code cases} (NaN with fewer than two cases: nothing to train on apart). */
    public static Auc evaluate(List<CasePatches> cases, long seed) {
        int n = cases.size();
        if (n < 2) {
            return new Auc(Double.NaN, Double.NaN, Double.NaN, 0, 0, n);
        }
        List<double[][]> scores = new ArrayList<>(); // per case: {edited scores, native scores}
        for (int c = 0; c < n; c++) {
            scores.add(null);
        }
        int folds = Math.min(FOLDS, n);
        for (int fold = 0; fold < folds; fold++) {
            List<double[]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                if (c % folds != fold) {
                    cases.get(c).edited().forEach(f -> { x.add(f); y.add(1); });
                    cases.get(c).nativePatches().forEach(f -> { x.add(f); y.add(0); });
                }
            }
            if (!y.contains(0) || !y.contains(1)) {
                return new Auc(Double.NaN, Double.NaN, Double.NaN, 0, 0, n);
            }
            double[] w = fit(x, y);
            for (int c = fold; c < n; c += folds) {
                scores.set(c, new double[][] {score(w, cases.get(c).edited()), score(w, cases.get(c).nativePatches())});
            }
        }
        int[] all = new int[n];
        Arrays.setAll(all, c -> c);
        double auc = auc(scores, all);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] boot = new double[BOOTSTRAP];
        for (int b = 0; b < BOOTSTRAP; b++) {
            int[] pick = new int[n];
            for (int c = 0; c < n; c++) {
                pick[c] = rnd.nextInt(n);
            }
            boot[b] = auc(scores, pick);
        }
        boot = Arrays.stream(boot).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int e = 0;
        int nat = 0;
        for (CasePatches p : cases) {
            e += p.edited().size();
            nat += p.nativePatches().size();
        }
        return new Auc(auc, percentile(boot, 0.025), percentile(boot, 0.975), e, nat, n);
    }

    /** The value at rank floor(q × n) of sorted values (NaN when none). */
    static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** Mann-Whitney AUC of the edited against the native scores of the cases {@code pick} (repeats count again). */
    static double auc(List<double[][]> scores, int[] pick) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int c : pick) {
            for (double v : scores.get(c)[0]) {
                pos.add(v);
            }
            for (double v : scores.get(c)[1]) {
                neg.add(v);
            }
        }
        if (pos.isEmpty() || neg.isEmpty()) {
            return Double.NaN;
        }
        double[] p = pos.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] q = neg.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double wins = 0;
        int lo = 0;
        int hi = 0;
        for (double v : p) {
            while (lo < q.length && q[lo] < v) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < q.length && q[hi] <= v) {
                hi++;
            }
            wins += lo + 0.5 * (hi - lo);
        }
        return wins / ((double) p.length * q.length);
    }

    private static double[] score(double[] w, List<double[]> xs) {
        double[] out = new double[xs.size()];
        for (int r = 0; r < xs.size(); r++) {
            out[r] = linear(w, xs.get(r));
        }
        return out;
    }

    /** {mean..., sd..., bias, weights...} of the standardised features. */
    private static double linear(double[] w, double[] x) {
        int d = x.length;
        double z = w[2 * d];
        for (int a = 0; a < d; a++) {
            z += w[2 * d + 1 + a] * (x[a] - w[a]) / w[d + a];
        }
        return z;
    }

    /** Standardisation from the training patches, then ridge logistic regression by Newton's method (25 steps). */
    static double[] fit(List<double[]> x, List<Integer> y) {
        int d = x.get(0).length;
        double[] w = new double[3 * d + 1];
        for (int a = 0; a < d; a++) {
            double s = 0;
            double ss = 0;
            for (double[] r : x) {
                s += r[a];
                ss += r[a] * r[a];
            }
            double mean = s / x.size();
            w[a] = mean;
            w[d + a] = Math.max(1e-9, Math.sqrt(Math.max(0, ss / x.size() - mean * mean)));
        }
        int m = d + 1;
        double[] beta = new double[m];
        for (int it = 0; it < 25; it++) {
            double[][] h = new double[m][m];
            double[] gr = new double[m];
            for (int r = 0; r < x.size(); r++) {
                double[] z = new double[m];
                z[0] = 1;
                for (int a = 0; a < d; a++) {
                    z[a + 1] = (x.get(r)[a] - w[a]) / w[d + a];
                }
                double eta = 0;
                for (int a = 0; a < m; a++) {
                    eta += beta[a] * z[a];
                }
                double p = 1 / (1 + Math.exp(-eta));
                double wt = Math.max(1e-9, p * (1 - p));
                for (int a = 0; a < m; a++) {
                    gr[a] += (y.get(r) - p) * z[a];
                    for (int b = 0; b < m; b++) {
                        h[a][b] += wt * z[a] * z[b];
                    }
                }
            }
            for (int a = 1; a < m; a++) {
                gr[a] -= RIDGE * beta[a];
                h[a][a] += RIDGE;
            }
            double[] step = solve(h, gr);
            for (int a = 0; a < m; a++) {
                beta[a] += step[a];
            }
        }
        System.arraycopy(beta, 0, w, 2 * d, m);
        return w;
    }

    /** Solves h · s = g by Gaussian elimination with partial pivoting (h is small and positive definite). */
    static double[] solve(double[][] h, double[] g) {
        int m = g.length;
        double[][] a = new double[m][];
        for (int r = 0; r < m; r++) {
            a[r] = Arrays.copyOf(h[r], m + 1);
            a[r][m] = g[r];
        }
        for (int c = 0; c < m; c++) {
            int piv = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = c + 1; r < m; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= m; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] s = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double v = a[r][m];
            for (int k = r + 1; k < m; k++) {
                v -= a[r][k] * s[k];
            }
            s[r] = v / a[r][r];
        }
        return s;
    }
}
