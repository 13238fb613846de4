package org.normsweep.model.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine's vector kernels: every {@code jdk.incubator.vector} type of the engine lives here, behind methods
 * that take and return plain arrays, so no other class needs the module to load. 16 float lanes (AVX-512).
 *
 * <p>Only lane-wise IEEE operations (add, mul, fma, div, min, max) and loads/stores are used: their results do not
 * depend on whether the JIT has compiled a method yet. Lane reductions and the Vector API's transcendental
 * functions may round differently in the interpreter and in compiled code, which would break run-to-run
 * determinism, so sums across lanes are done by scalar code and exp is a polynomial of our own. Accumulators
 * stay in local variables and stores are whole, unmasked vectors (both matter on Java 17).
 */
final class Lanes {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;

    private Lanes() {}

    /** Whether the CPU runs 16-float vectors natively (else the Vector API would emulate them, slowly). */
    static boolean native16() {
        return FloatVector.SPECIES_PREFERRED.length() >= L;
    }

    // ---- element-wise -------------------------------------------------------------------------------------

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 12582912f; // 1.5 * 2^23: adding it rounds to an integer

    /** e^x for x in [-87, 88] (Cephes' expf polynomial, within 2 ulp); the caller clamps. */
    private static FloatVector exp(FloatVector x) {
        FloatVector t = x.mul(LOG2E).add(ROUNDER);
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = k.mul(-LN2_HI).add(x);
        r = k.mul(-LN2_LO).add(r);
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = t.reinterpretAsInts()
                .sub(Float.floatToRawIntBits(ROUNDER))
                .add(127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /**
     * out[i] = 1 / (1 + e^-in[i]) for i in [0, n) rounded up to whole vectors (arrays are sized for that). Returns a
     * finiteness probe of in[0, n): NaN exactly when some input there is NaN or infinite (a sum of in[i] * 0, taken
     * from the registers the sigmoid loads anyway: the clamp below would turn an infinite input into 0 or 1, so the
     * output cannot tell); 0 when {@code check} is false (the probe's cost, for the benchmark). The outputs are the
     * same bits either way.
     */
    static float sigmoid(float[] in, float[] out, int n, boolean check) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector probe = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, in, i);
            if (check) {
                probe = v.mul(0f).add(probe);
            }
            FloatVector x = v.max(-87f).min(87f);
            one.div(exp(x.neg()).add(one)).intoArray(out, i);
        }
        float p = check ? tailProbe(in, i, n) : 0f;
        if (i < n) {
            FloatVector x = FloatVector.fromArray(S, in, i).max(-87f).min(87f);
            one.div(exp(x.neg()).add(one)).intoArray(out, i);
        }
        return p + lanes(probe);
    }

    /**
     * out[i] = max(in[i], 0) (Math.max's semantics: NaN stays NaN) for i in [0, n) rounded up to whole vectors;
     * returns a finiteness probe of in[0, n) as {@link #sigmoid} does (ReLU turns -infinity into 0).
     */
    static float relu(float[] in, float[] out, int n, boolean check) {
        FloatVector probe = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, in, i);
            if (check) {
                probe = v.mul(0f).add(probe);
            }
            v.max(0f).intoArray(out, i);
        }
        float p = check ? tailProbe(in, i, n) : 0f;
        if (i < n) {
            FloatVector.fromArray(S, in, i).max(0f).intoArray(out, i);
        }
        return p + lanes(probe);
    }

    /** The sum of in[i] * 0 over [from, n): NaN exactly when a value there is not finite. */
    private static float tailProbe(float[] in, int from, int n) {
        float p = 0f;
        for (int i = from; i < n; i++) {
            p += in[i] * 0f;
        }
        return p;
    }

    /** The sum of a probe vector's lanes (NaN when any lane is): only ever compared with NaN, so order is free. */
    private static float lanes(FloatVector probe) {
        float p = 0f;
        for (int l = 0; l < L; l++) {
            p += probe.lane(l);
        }
        return p;
    }

    /** The input gradient of a sigmoid from its output a: dz = da * a * (1 - a). */
    static void sigmoidBackward(float[] a, float[] da, float[] dz, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector s = FloatVector.fromArray(S, a, i);
            FloatVector.fromArray(S, da, i).mul(s.mul(s.neg().add(1f))).intoArray(dz, i);
        }
    }

    private static final jdk.incubator.vector.VectorShuffle<Float> NEXT_LANE =
            jdk.incubator.vector.VectorShuffle.fromOp(S, i -> Math.min(i + 1, L - 1));
    private static final jdk.incubator.vector.VectorShuffle<Float> EVEN_LANES =
            jdk.incubator.vector.VectorShuffle.fromOp(S, i -> Math.min(2 * i, L - 1));

    /**
     * 2x2 average pooling of 28 x 28 planes into 14 x 14: per output row, the two input rows summed as two
     * overlapping vectors (columns 0-15, 12-27), neighbours paired and even lanes gathered by lane shuffles; each
     * output row is two whole-vector stores (outputs 0-7 and 6-13) whose spare lanes the next row overwrites, so
     * {@code out} needs 8 floats of room past the last plane.
     */
    static void pool28(float[] in, float[] out, int planes) {
        for (int p = 0; p < planes; p++) {
            int base = p * 784;
            int o = p * 196;
            for (int y = 0; y < 14; y++, o += 14) {
                int i = base + 2 * y * 28;
                FloatVector s0 = FloatVector.fromArray(S, in, i).add(FloatVector.fromArray(S, in, i + 28));
                FloatVector s1 = FloatVector.fromArray(S, in, i + 12).add(FloatVector.fromArray(S, in, i + 40));
                s0.add(s0.rearrange(NEXT_LANE)).rearrange(EVEN_LANES).mul(0.25f).intoArray(out, o);
                s1.add(s1.rearrange(NEXT_LANE)).rearrange(EVEN_LANES).mul(0.25f).intoArray(out, o + 6);
            }
        }
    }

    private static final jdk.incubator.vector.VectorShuffle<Float> HALF_LANES =
            jdk.incubator.vector.VectorShuffle.fromOp(S, i -> i / 2);
    private static final jdk.incubator.vector.VectorShuffle<Float> HALF_LANES_FROM_6 =
            jdk.incubator.vector.VectorShuffle.fromOp(S, i -> (i + 12) / 2);

    /**
     * The backward pass of a sigmoid followed by 2x2 average pooling over 28 x 28 planes: dz[y][x] = a (1 - a)
     * g[y/2][x/2] / 4, the pooled gradient g in rows of 16 (14 used), spread by lane shuffles.
     */
    static void sigmoidPoolBackward(float[] a, float[] g, float[] dz, int planes) {
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < 14; y++) {
                FloatVector gv = FloatVector.fromArray(S, g, (p * 14 + y) * L).mul(0.25f);
                FloatVector g0 = gv.rearrange(HALF_LANES);
                FloatVector g1 = gv.rearrange(HALF_LANES_FROM_6);
                for (int i = p * 784 + 2 * y * 28, end = i + 56; i < end; i += 28) {
                    FloatVector s0 = FloatVector.fromArray(S, a, i);
                    FloatVector s1 = FloatVector.fromArray(S, a, i + 12);
                    g0.mul(s0.mul(s0.neg().add(1f))).intoArray(dz, i);
                    g1.mul(s1.mul(s1.neg().add(1f))).intoArray(dz, i + 12);
                }
            }
        }
    }

    // ---- dense: C = A B ---------------------------------------------------------------------------------------

    /**
     * C[m][n] (row-major, row stride ldc) = A(m, k) B[k][n] over k in [0, kk), with A(m, k) = a[m * ars + k * acs]
     * (any strides: A may be read transposed) and B row-major with row stride ldb.
     */
    static void gemm(int mm, int nn, int kk, float[] a, int ars, int acs, float[] b, int ldb, float[] c, int ldc) {
        int m = 0;
        for (; m + 4 <= mm; m += 4) {
            int n = 0;
            for (; n + 3 * L <= nn; n += 3 * L) {
                block4x48(m, n, kk, a, ars, acs, b, ldb, c, ldc);
            }
            for (; n + L <= nn; n += L) {
                block4x16(m, n, kk, a, ars, acs, b, ldb, c, ldc);
            }
            if (n < nn && nn >= L) {
                // The last 16 columns again, overlapping: the same sums in the same order, so the same bits.
                block4x16(m, nn - L, kk, a, ars, acs, b, ldb, c, ldc);
            } else {
                for (int r = m; r < m + 4; r++) {
                    scalarRow(r, n, nn, kk, a, ars, acs, b, ldb, c, ldc);
                }
            }
        }
        for (; m < mm; m++) {
            int n = 0;
            for (; n + L <= nn; n += L) {
                block1x16(m, n, kk, a, ars, acs, b, ldb, c, ldc);
            }
            if (n < nn && nn >= L) {
                block1x16(m, nn - L, kk, a, ars, acs, b, ldb, c, ldc);
            } else {
                scalarRow(m, n, nn, kk, a, ars, acs, b, ldb, c, ldc);
            }
        }
    }

    private static void block1x16(
            int m, int n, int kk, float[] a, int ars, int acs, float[] b, int ldb, float[] c, int ldc) {
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < kk; k++) {
            acc = FloatVector.fromArray(S, b, k * ldb + n).fma(FloatVector.broadcast(S, a[m * ars + k * acs]), acc);
        }
        acc.intoArray(c, m * ldc + n);
    }

    private static void scalarRow(
            int m, int n0, int nn, int kk, float[] a, int ars, int acs, float[] b, int ldb, float[] c, int ldc) {
        for (int n = n0; n < nn; n++) {
            float s = 0;
            for (int k = 0; k < kk; k++) {
                s = Math.fma(a[m * ars + k * acs], b[k * ldb + n], s);
            }
            c[m * ldc + n] = s;
        }
    }

    private static void block4x48(
            int m, int n, int kk, float[] a, int ars, int acs, float[] b, int ldb, float[] c, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int a0 = m * ars;
        for (int k = 0; k < kk; k++) {
            int bi = k * ldb + n;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            int ai = a0 + k * acs;
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[ai + ars]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[ai + 2 * ars]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[ai + 3 * ars]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        int ci = m * ldc + n;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + L);
        c12.intoArray(c, ci + 2 * L);
        ci += ldc;
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + L);
        c22.intoArray(c, ci + 2 * L);
        ci += ldc;
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + L);
        c32.intoArray(c, ci + 2 * L);
    }

    private static void block4x16(
            int m, int n, int kk, float[] a, int ars, int acs, float[] b, int ldb, float[] c, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a0 = m * ars;
        for (int k = 0; k < kk; k++) {
            FloatVector b0 = FloatVector.fromArray(S, b, k * ldb + n);
            int ai = a0 + k * acs;
            c0 = b0.fma(FloatVector.broadcast(S, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ai + ars]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ai + 2 * ars]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ai + 3 * ars]), c3);
        }
        int ci = m * ldc + n;
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
    }

    // ---- LeNet's conv1: 1x28x28, pad 2, 6 filters 5x5 ------------------------------------------------------------

    /** The second vector of a 28-wide row covers columns 12-27; its lanes 0-3 repeat columns 12-15 of the first. */
    private static final FloatVector SECOND_ROW_VECTOR_ONLY =
            FloatVector.fromArray(S, new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0);

    /** Side of conv1's zero-padded input image (28 + 2 + 2). */
    static final int PAD1 = 32;

    /**
     * z[n][c][y][x] (6 x 28 x 28 per image) from the padded images pin[n][32][32] and w[c][ky][kx]; bias per channel
     * or null. Each output row is two overlapping vectors (columns 0-15 and 12-27), both stored whole.
     */
    static void conv1Forward(float[] pin, float[] w, float[] bias, float[] z, int batch) {
        for (int n = 0; n < batch; n++) {
            int pi = n * PAD1 * PAD1;
            int zi = n * 6 * 784;
            for (int y = 0; y < 28; y++) {
                FloatVector a00 = bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[0]), a01 = a00;
                FloatVector a10 = bias == null ? a00 : FloatVector.broadcast(S, bias[1]), a11 = a10;
                FloatVector a20 = bias == null ? a00 : FloatVector.broadcast(S, bias[2]), a21 = a20;
                FloatVector a30 = bias == null ? a00 : FloatVector.broadcast(S, bias[3]), a31 = a30;
                FloatVector a40 = bias == null ? a00 : FloatVector.broadcast(S, bias[4]), a41 = a40;
                FloatVector a50 = bias == null ? a00 : FloatVector.broadcast(S, bias[5]), a51 = a50;
                for (int ky = 0; ky < 5; ky++) {
                    int row = pi + (y + ky) * PAD1;
                    for (int kx = 0; kx < 5; kx++) {
                        FloatVector v0 = FloatVector.fromArray(S, pin, row + kx);
                        FloatVector v1 = FloatVector.fromArray(S, pin, row + kx + 12);
                        int t = ky * 5 + kx;
                        FloatVector k = FloatVector.broadcast(S, w[t]);
                        a00 = v0.fma(k, a00);
                        a01 = v1.fma(k, a01);
                        k = FloatVector.broadcast(S, w[25 + t]);
                        a10 = v0.fma(k, a10);
                        a11 = v1.fma(k, a11);
                        k = FloatVector.broadcast(S, w[50 + t]);
                        a20 = v0.fma(k, a20);
                        a21 = v1.fma(k, a21);
                        k = FloatVector.broadcast(S, w[75 + t]);
                        a30 = v0.fma(k, a30);
                        a31 = v1.fma(k, a31);
                        k = FloatVector.broadcast(S, w[100 + t]);
                        a40 = v0.fma(k, a40);
                        a41 = v1.fma(k, a41);
                        k = FloatVector.broadcast(S, w[125 + t]);
                        a50 = v0.fma(k, a50);
                        a51 = v1.fma(k, a51);
                    }
                }
                int o = zi + y * 28;
                a00.intoArray(z, o);
                a01.intoArray(z, o + 12);
                a10.intoArray(z, o + 784);
                a11.intoArray(z, o + 784 + 12);
                a20.intoArray(z, o + 2 * 784);
                a21.intoArray(z, o + 2 * 784 + 12);
                a30.intoArray(z, o + 3 * 784);
                a31.intoArray(z, o + 3 * 784 + 12);
                a40.intoArray(z, o + 4 * 784);
                a41.intoArray(z, o + 4 * 784 + 12);
                a50.intoArray(z, o + 5 * 784);
                a51.intoArray(z, o + 5 * 784 + 12);
            }
        }
    }

    /**
     * conv1's weight gradient: dw[c][ky][kx] = sum over n, y, x of dz[n][c][y][x] pin[n][y+ky][x+kx]. One pass over
     * the batch per (ky, three channels): 15 accumulators, each input row's 10 loads shared by three channels.
     * lanes is scratch of 6 * 25 * 16 floats (per-lane sums, summed across lanes in a fixed order at the end).
     */
    static void conv1WeightGradient(float[] pin, float[] dz, float[] dw, float[] lanes, int batch) {
        FloatVector tail = SECOND_ROW_VECTOR_ONLY;
        for (int ky = 0; ky < 5; ky++) {
            for (int c0 = 0; c0 < 6; c0 += 3) {
                FloatVector s00 = FloatVector.zero(S),
                        s01 = s00,
                        s02 = s00,
                        s03 = s00,
                        s04 = s00,
                        s10 = s00,
                        s11 = s00,
                        s12 = s00,
                        s13 = s00,
                        s14 = s00,
                        s20 = s00,
                        s21 = s00,
                        s22 = s00,
                        s23 = s00,
                        s24 = s00;
                for (int n = 0; n < batch; n++) {
                    int pi = n * PAD1 * PAD1 + ky * PAD1;
                    int zi = (n * 6 + c0) * 784;
                    for (int y = 0; y < 28; y++) {
                        int row = pi + y * PAD1;
                        int d = zi + y * 28;
                        FloatVector d0a = FloatVector.fromArray(S, dz, d + 0);
                        FloatVector d0b = FloatVector.fromArray(S, dz, d + 12).mul(tail);
                        FloatVector d1a = FloatVector.fromArray(S, dz, d + 784);
                        FloatVector d1b = FloatVector.fromArray(S, dz, d + 796).mul(tail);
                        FloatVector d2a = FloatVector.fromArray(S, dz, d + 1568);
                        FloatVector d2b = FloatVector.fromArray(S, dz, d + 1580).mul(tail);
                        FloatVector p0a = FloatVector.fromArray(S, pin, row + 0);
                        FloatVector p0b = FloatVector.fromArray(S, pin, row + 12);
                        s00 = p0b.fma(d0b, p0a.fma(d0a, s00));
                        s10 = p0b.fma(d1b, p0a.fma(d1a, s10));
                        s20 = p0b.fma(d2b, p0a.fma(d2a, s20));
                        FloatVector p1a = FloatVector.fromArray(S, pin, row + 1);
                        FloatVector p1b = FloatVector.fromArray(S, pin, row + 13);
                        s01 = p1b.fma(d0b, p1a.fma(d0a, s01));
                        s11 = p1b.fma(d1b, p1a.fma(d1a, s11));
                        s21 = p1b.fma(d2b, p1a.fma(d2a, s21));
                        FloatVector p2a = FloatVector.fromArray(S, pin, row + 2);
                        FloatVector p2b = FloatVector.fromArray(S, pin, row + 14);
                        s02 = p2b.fma(d0b, p2a.fma(d0a, s02));
                        s12 = p2b.fma(d1b, p2a.fma(d1a, s12));
                        s22 = p2b.fma(d2b, p2a.fma(d2a, s22));
                        FloatVector p3a = FloatVector.fromArray(S, pin, row + 3);
                        FloatVector p3b = FloatVector.fromArray(S, pin, row + 15);
                        s03 = p3b.fma(d0b, p3a.fma(d0a, s03));
                        s13 = p3b.fma(d1b, p3a.fma(d1a, s13));
                        s23 = p3b.fma(d2b, p3a.fma(d2a, s23));
                        FloatVector p4a = FloatVector.fromArray(S, pin, row + 4);
                        FloatVector p4b = FloatVector.fromArray(S, pin, row + 16);
                        s04 = p4b.fma(d0b, p4a.fma(d0a, s04));
                        s14 = p4b.fma(d1b, p4a.fma(d1a, s14));
                        s24 = p4b.fma(d2b, p4a.fma(d2a, s24));
                    }
                }
                s00.intoArray(lanes, ((c0 + 0) * 25 + ky * 5 + 0) * L);
                s01.intoArray(lanes, ((c0 + 0) * 25 + ky * 5 + 1) * L);
                s02.intoArray(lanes, ((c0 + 0) * 25 + ky * 5 + 2) * L);
                s03.intoArray(lanes, ((c0 + 0) * 25 + ky * 5 + 3) * L);
                s04.intoArray(lanes, ((c0 + 0) * 25 + ky * 5 + 4) * L);
                s10.intoArray(lanes, ((c0 + 1) * 25 + ky * 5 + 0) * L);
                s11.intoArray(lanes, ((c0 + 1) * 25 + ky * 5 + 1) * L);
                s12.intoArray(lanes, ((c0 + 1) * 25 + ky * 5 + 2) * L);
                s13.intoArray(lanes, ((c0 + 1) * 25 + ky * 5 + 3) * L);
                s14.intoArray(lanes, ((c0 + 1) * 25 + ky * 5 + 4) * L);
                s20.intoArray(lanes, ((c0 + 2) * 25 + ky * 5 + 0) * L);
                s21.intoArray(lanes, ((c0 + 2) * 25 + ky * 5 + 1) * L);
                s22.intoArray(lanes, ((c0 + 2) * 25 + ky * 5 + 2) * L);
                s23.intoArray(lanes, ((c0 + 2) * 25 + ky * 5 + 3) * L);
                s24.intoArray(lanes, ((c0 + 2) * 25 + ky * 5 + 4) * L);
            }
        }
        for (int t = 0; t < 150; t++) {
            float s = 0;
            for (int l = 0; l < L; l++) {
                s += lanes[t * L + l];
            }
            dw[t] = s;
        }
    }

    // ---- LeNet's conv2: 6x14x14, 16 filters 5x5, output 16x10x10 with the 16 channels as the lanes ----------------

    /**
     * z[n][y][x][oc] (10 x 10 x 16 per image) from p[n][ic][14][14] and wt[ic][ky][kx][oc]; bias per channel or null.
     * Each output row is ten accumulators, one per x.
     */
    static void conv2Forward(float[] p, float[] wt, float[] bias, float[] z, int batch) {
        FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, 0);
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < 10; y++) {
                FloatVector x0 = b, x1 = b, x2 = b, x3 = b, x4 = b, x5 = b, x6 = b, x7 = b, x8 = b, x9 = b;
                for (int ic = 0; ic < 6; ic++) {
                    for (int ky = 0; ky < 5; ky++) {
                        int row = (n * 6 + ic) * 196 + (y + ky) * 14;
                        for (int kx = 0; kx < 5; kx++) {
                            FloatVector k = FloatVector.fromArray(S, wt, ((ic * 5 + ky) * 5 + kx) * L);
                            int i = row + kx;
                            x0 = k.fma(FloatVector.broadcast(S, p[i]), x0);
                            x1 = k.fma(FloatVector.broadcast(S, p[i + 1]), x1);
                            x2 = k.fma(FloatVector.broadcast(S, p[i + 2]), x2);
                            x3 = k.fma(FloatVector.broadcast(S, p[i + 3]), x3);
                            x4 = k.fma(FloatVector.broadcast(S, p[i + 4]), x4);
                            x5 = k.fma(FloatVector.broadcast(S, p[i + 5]), x5);
                            x6 = k.fma(FloatVector.broadcast(S, p[i + 6]), x6);
                            x7 = k.fma(FloatVector.broadcast(S, p[i + 7]), x7);
                            x8 = k.fma(FloatVector.broadcast(S, p[i + 8]), x8);
                            x9 = k.fma(FloatVector.broadcast(S, p[i + 9]), x9);
                        }
                    }
                }
                int o = (n * 100 + y * 10) * L;
                x0.intoArray(z, o);
                x1.intoArray(z, o + L);
                x2.intoArray(z, o + 2 * L);
                x3.intoArray(z, o + 3 * L);
                x4.intoArray(z, o + 4 * L);
                x5.intoArray(z, o + 5 * L);
                x6.intoArray(z, o + 6 * L);
                x7.intoArray(z, o + 7 * L);
                x8.intoArray(z, o + 8 * L);
                x9.intoArray(z, o + 9 * L);
            }
        }
    }

    /** conv2's weight gradient dwt[ic][ky][kx][oc] = sum over n, y, x of p[n][ic][y+ky][x+kx] dz[n][y][x][oc]. */
    static void conv2WeightGradient(float[] p, float[] dz, float[] dwt, int batch) {
        java.util.Arrays.fill(dwt, 0f);
        for (int n = 0; n < batch; n++) {
            for (int ic = 0; ic < 6; ic++) {
                for (int ky = 0; ky < 5; ky++) {
                    FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0;
                    for (int y = 0; y < 10; y++) {
                        int row = (n * 6 + ic) * 196 + (y + ky) * 14;
                        int di = (n * 100 + y * 10) * L;
                        for (int x = 0; x < 10; x++) {
                            FloatVector d = FloatVector.fromArray(S, dz, di + x * L);
                            int i = row + x;
                            s0 = d.fma(FloatVector.broadcast(S, p[i]), s0);
                            s1 = d.fma(FloatVector.broadcast(S, p[i + 1]), s1);
                            s2 = d.fma(FloatVector.broadcast(S, p[i + 2]), s2);
                            s3 = d.fma(FloatVector.broadcast(S, p[i + 3]), s3);
                            s4 = d.fma(FloatVector.broadcast(S, p[i + 4]), s4);
                        }
                    }
                    int wi = (ic * 5 + ky) * 5 * L;
                    FloatVector.fromArray(S, dwt, wi).add(s0).intoArray(dwt, wi);
                    FloatVector.fromArray(S, dwt, wi + L).add(s1).intoArray(dwt, wi + L);
                    FloatVector.fromArray(S, dwt, wi + 2 * L).add(s2).intoArray(dwt, wi + 2 * L);
                    FloatVector.fromArray(S, dwt, wi + 3 * L).add(s3).intoArray(dwt, wi + 3 * L);
                    FloatVector.fromArray(S, dwt, wi + 4 * L).add(s4).intoArray(dwt, wi + 4 * L);
                }
            }
        }
    }

    /** Row stride of conv2's zero-padded output gradient (10 + 4 + 4, rounded up so 16-wide loads fit). */
    static final int PAD2 = 20;

    /**
     * conv2's input gradient dp[n][ic][14][16] (columns 14 and 15 of each row are scratch) from dz[n][y][x][oc]
     * and wt[ic][ky][kx][oc]. padded is scratch of 16 x 18 x 20 floats whose border must be zero.
     */
    static void conv2InputGradient(float[] dz, float[] wt, float[] dp, float[] padded, int batch) {
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    int di = (n * 100 + y * 10 + x) * L;
                    for (int oc = 0; oc < L; oc++) {
                        padded[(oc * 18 + y + 4) * PAD2 + x + 4] = dz[di + oc];
                    }
                }
            }
            // Two output rows at once: each weight broadcast feeds twelve FMAs.
            for (int yy = 0; yy < 14; yy += 2) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
                FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
                for (int oc = 0; oc < L; oc++) {
                    for (int ky = 0; ky < 5; ky++) {
                        int row = (oc * 18 + yy + 4 - ky) * PAD2 + 4;
                        for (int kx = 0; kx < 5; kx++) {
                            FloatVector v = FloatVector.fromArray(S, padded, row - kx);
                            FloatVector u = FloatVector.fromArray(S, padded, row + PAD2 - kx);
                            int t = (ky * 5 + kx) * L + oc;
                            FloatVector k = FloatVector.broadcast(S, wt[t]);
                            a0 = v.fma(k, a0);
                            b0 = u.fma(k, b0);
                            k = FloatVector.broadcast(S, wt[25 * L + t]);
                            a1 = v.fma(k, a1);
                            b1 = u.fma(k, b1);
                            k = FloatVector.broadcast(S, wt[50 * L + t]);
                            a2 = v.fma(k, a2);
                            b2 = u.fma(k, b2);
                            k = FloatVector.broadcast(S, wt[75 * L + t]);
                            a3 = v.fma(k, a3);
                            b3 = u.fma(k, b3);
                            k = FloatVector.broadcast(S, wt[100 * L + t]);
                            a4 = v.fma(k, a4);
                            b4 = u.fma(k, b4);
                            k = FloatVector.broadcast(S, wt[125 * L + t]);
                            a5 = v.fma(k, a5);
                            b5 = u.fma(k, b5);
                        }
                    }
                }
                int o = (n * 6 * 14 + yy) * L;
                a0.intoArray(dp, o);
                a1.intoArray(dp, o + 14 * L);
                a2.intoArray(dp, o + 2 * 14 * L);
                a3.intoArray(dp, o + 3 * 14 * L);
                a4.intoArray(dp, o + 4 * 14 * L);
                a5.intoArray(dp, o + 5 * 14 * L);
                o += L;
                b0.intoArray(dp, o);
                b1.intoArray(dp, o + 14 * L);
                b2.intoArray(dp, o + 2 * 14 * L);
                b3.intoArray(dp, o + 3 * 14 * L);
                b4.intoArray(dp, o + 4 * 14 * L);
                b5.intoArray(dp, o + 5 * 14 * L);
            }
        }
    }

    // ---- batch norm -------------------------------------------------------------------------------------------

    /** The sum of x[off..off+len) (len a multiple of 16): per-lane float partial sums, then lanes in order. */
    static double sum(float[] x, int off, int len, float[] lanes) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int i = off;
        int end = off + len;
        for (; i + 2 * L <= end; i += 2 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, i));
            s1 = s1.add(FloatVector.fromArray(S, x, i + L));
        }
        for (; i < end; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, x, i));
        }
        s0.add(s1).intoArray(lanes, 0);
        double s = 0;
        for (int l = 0; l < L; l++) {
            s += lanes[l];
        }
        return s;
    }

    /** The sum of (x - m)^2 over x[off..off+len) (len a multiple of 16). */
    static double sumSquaredDeviations(float[] x, int off, int len, float m, float[] lanes) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int i = off;
        int end = off + len;
        for (; i + 2 * L <= end; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, x, i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, x, i + L).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i < end; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, x, i).sub(m);
            s0 = d0.fma(d0, s0);
        }
        s0.add(s1).intoArray(lanes, 0);
        double s = 0;
        for (int l = 0; l < L; l++) {
            s += lanes[l];
        }
        return s;
    }

    /**
     * h = (x - m) iv, y = g h + b over [off, off+len) (len a multiple of 16); with {@code act} 1, y = sigmoid(g h + b)
     * instead, with 2, max(g h + b, 0) (BN and the activation after it in one pass).
     */
    static void normalize(
            float[] x, float[] h, float[] y, int off, int len, float m, float iv, float g, float b, int act) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = off, end = off + len; i < end; i += L) {
            FloatVector hv = FloatVector.fromArray(S, x, i).sub(m).mul(iv);
            hv.intoArray(h, i);
            FloatVector yv = hv.mul(g).add(b);
            if (act == 1) {
                yv = one.div(exp(yv.max(-87f).min(87f).neg()).add(one));
            } else if (act == 2) {
                yv = yv.max(0f);
            }
            yv.intoArray(y, i);
        }
    }

    /** sums[0] += sum dy, sums[1] += sum dy h over [off, off+len) (len a multiple of 16). */
    static void sumAndDot(float[] dy, float[] h, int off, int len, double[] sums, float[] lanes) {
        FloatVector s = FloatVector.zero(S), d = s;
        for (int i = off, end = off + len; i < end; i += L) {
            FloatVector g = FloatVector.fromArray(S, dy, i);
            s = s.add(g);
            d = g.fma(FloatVector.fromArray(S, h, i), d);
        }
        s.intoArray(lanes, 0);
        d.intoArray(lanes, L);
        double a = 0;
        double b = 0;
        for (int l = 0; l < L; l++) {
            a += lanes[l];
            b += lanes[L + l];
        }
        sums[0] += a;
        sums[1] += b;
    }

    /** dx = dy a + h bh + k over [off, off+len) (len a multiple of 16). */
    static void affine2(float[] dy, float[] h, float[] dx, int off, int len, float a, float bh, float k) {
        for (int i = off, end = off + len; i < end; i += L) {
            FloatVector.fromArray(S, dy, i)
                    .mul(a)
                    .add(FloatVector.fromArray(S, h, i).mul(bh))
                    .add(k)
                    .intoArray(dx, i);
        }
    }

    /**
     * Per-channel sums over rows of {@code c} channels (channels last, c a multiple of 16): out[ch] += sum over rows of
     * x[r][ch], or, when m is not null, of (x[r][ch] - m[ch])^2. Rows are summed in float blocks of {@code block}, the
     * blocks in double.
     */
    static void channelSums(float[] x, int rows, int c, int block, float[] m, double[] out, float[] lanes) {
        for (int j = 0; j < c; j += L) {
            FloatVector mv = m == null ? null : FloatVector.fromArray(S, m, j);
            for (int r0 = 0; r0 < rows; r0 += block) {
                FloatVector s = FloatVector.zero(S);
                for (int r = r0, end = Math.min(rows, r0 + block); r < end; r++) {
                    FloatVector v = FloatVector.fromArray(S, x, r * c + j);
                    if (mv == null) {
                        s = s.add(v);
                    } else {
                        v = v.sub(mv);
                        s = v.fma(v, s);
                    }
                }
                s.intoArray(lanes, 0);
                for (int l = 0; l < L; l++) {
                    out[j + l] += lanes[l];
                }
            }
        }
    }

    /** Channels last (c a multiple of 16): h = (x - m) iv, y = g h + b per channel, over {@code rows} rows. */
    static void normalizeRows(
            float[] x, float[] h, float[] y, int rows, int c, float[] m, float[] iv, float[] g, float[] b) {
        for (int j = 0; j < c; j += L) {
            FloatVector mv = FloatVector.fromArray(S, m, j);
            FloatVector ivv = FloatVector.fromArray(S, iv, j);
            FloatVector gv = FloatVector.fromArray(S, g, j);
            FloatVector bv = FloatVector.fromArray(S, b, j);
            for (int r = 0; r < rows; r++) {
                int i = r * c + j;
                FloatVector hv = FloatVector.fromArray(S, x, i).sub(mv).mul(ivv);
                hv.intoArray(h, i);
                hv.mul(gv).add(bv).intoArray(y, i);
            }
        }
    }

    /** Channels last (c a multiple of 16): sums of dy and dy h per channel (float blocks of {@code block} rows). */
    static void channelSumAndDot(
            float[] dy, float[] h, int rows, int c, int block, double[] sum, double[] dot, float[] lanes) {
        for (int j = 0; j < c; j += L) {
            for (int r0 = 0; r0 < rows; r0 += block) {
                FloatVector s = FloatVector.zero(S), d = s;
                for (int r = r0, end = Math.min(rows, r0 + block); r < end; r++) {
                    FloatVector g = FloatVector.fromArray(S, dy, r * c + j);
                    s = s.add(g);
                    d = g.fma(FloatVector.fromArray(S, h, r * c + j), d);
                }
                s.intoArray(lanes, 0);
                d.intoArray(lanes, L);
                for (int l = 0; l < L; l++) {
                    sum[j + l] += lanes[l];
                    dot[j + l] += lanes[L + l];
                }
            }
        }
    }

    /** Channels last (c a multiple of 16): dx = dy a + h bh + k per channel. */
    static void affine2Rows(float[] dy, float[] h, float[] dx, int rows, int c, float[] a, float[] bh, float[] k) {
        for (int j = 0; j < c; j += L) {
            FloatVector av = FloatVector.fromArray(S, a, j);
            FloatVector bv = FloatVector.fromArray(S, bh, j);
            FloatVector kv = FloatVector.fromArray(S, k, j);
            for (int r = 0; r < rows; r++) {
                int i = r * c + j;
                FloatVector.fromArray(S, dy, i)
                        .mul(av)
                        .add(FloatVector.fromArray(S, h, i).mul(bv))
                        .add(kv)
                        .intoArray(dx, i);
            }
        }
    }

    // ---- SGD -----------------------------------------------------------------------------------------------------

    /**
     * w -= (g / batch) * lr + decay * w (DL4J's order: gradient over the minibatch, times lr, plus lr * wd * w)
     * over [0, n) rounded down to whole vectors, the rest by scalar code. Returns, in sums[0], a value that is NaN
     * exactly when some new weight is not finite (a sum of w * 0) and in sums[1] the sum of the old weights'
     * squares (for weight decay's term in the score). lanes: scratch of 32 floats.
     */
    static void sgd(float[] w, float[] g, int n, float batch, float lr, float decay, double[] sums, float[] lanes) {
        FloatVector probe = FloatVector.zero(S);
        FloatVector sq = probe;
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector u = FloatVector.fromArray(S, g, i).div(batch).mul(lr);
            if (decay != 0) {
                u = u.add(wv.mul(decay));
                sq = wv.fma(wv, sq);
            }
            FloatVector next = wv.sub(u);
            next.intoArray(w, i);
            probe = next.mul(0f).add(probe);
        }
        probe.intoArray(lanes, 0);
        sq.intoArray(lanes, L);
        double p = 0;
        double s = 0;
        for (int l = 0; l < L; l++) {
            p += lanes[l];
            s += lanes[L + l];
        }
        for (; i < n; i++) {
            float old = w[i];
            float u = g[i] / batch * lr;
            if (decay != 0) {
                u += decay * old;
                s += (double) old * old;
            }
            w[i] = old - u;
            p += w[i] * 0f;
        }
        sums[0] += p;
        sums[1] += s;
    }

    /**
     * SGD with momentum as PyTorch's (and TorchSgd's DL4J updater, in its order): t = g / batch + l2 * w (the
     * gradient over the minibatch, then L2 into it), v = momentum * v + t, w -= lr * v, over [0, n) rounded down to
     * whole vectors, the rest by scalar code. sums as {@link #sgd}: NaN in sums[0] exactly when some new weight is
     * not finite, the old weights' squares in sums[1] (when l2 is not 0). A separate kernel, so that the
     * momentum-0 update stays the same code and bits.
     */
    static void sgdMomentum(
            float[] w,
            float[] g,
            float[] v,
            int n,
            float batch,
            float lr,
            float momentum,
            float l2,
            double[] sums,
            float[] lanes) {
        FloatVector probe = FloatVector.zero(S);
        FloatVector sq = probe;
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector t = FloatVector.fromArray(S, g, i).div(batch);
            if (l2 != 0) {
                t = t.add(wv.mul(l2));
                sq = wv.fma(wv, sq);
            }
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(momentum).add(t);
            vv.intoArray(v, i);
            FloatVector next = wv.sub(vv.mul(lr));
            next.intoArray(w, i);
            probe = next.mul(0f).add(probe);
        }
        probe.intoArray(lanes, 0);
        sq.intoArray(lanes, L);
        double p = 0;
        double s = 0;
        for (int l = 0; l < L; l++) {
            p += lanes[l];
            s += lanes[L + l];
        }
        for (; i < n; i++) {
            float old = w[i];
            float t = g[i] / batch;
            if (l2 != 0) {
                t += l2 * old;
                s += (double) old * old;
            }
            v[i] = momentum * v[i] + t;
            w[i] = old - lr * v[i];
            p += w[i] * 0f;
        }
        sums[0] += p;
        sums[1] += s;
    }
}
