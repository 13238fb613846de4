package org.normsweep.model.fast;

/**
 * im2col straight into the layout the matrix products want: {@code cols[q][i][p]}, q = (channel, ky, kx) of the
 * kernel, i the example, p = (oy, ox) the output position, zero where the kernel hangs over the padding. Written
 * in Java because libnd4j's im2col writes {@code [b, iC, kH, kW, oH, oW]}, needs a transposing copy after it, and
 * together they took about 4x as long for LeNet's first layer.
 */
final class Patches {
    private Patches() {}

    /** Fills {@code out} ({@code iC*kH*kW * batch * oH*oW} floats) from {@code x} ({@code [batch, iC, h, w]}, c order). */
    static void im2col(
            float[] x,
            int batch,
            int channels,
            int h,
            int w,
            int kH,
            int kW,
            int sH,
            int sW,
            int pH,
            int pW,
            int outH,
            int outW,
            float[] out) {
        int positions = outH * outW;
        int row = batch * positions;
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kH; ky++) {
                for (int kx = 0; kx < kW; kx++) {
                    int q = (c * kH + ky) * kW + kx;
                    for (int i = 0; i < batch; i++) {
                        int src = (i * channels + c) * h * w;
                        int dst = q * row + i * positions;
                        for (int oy = 0; oy < outH; oy++) {
                            int y = oy * sH + ky - pH;
                            int d = dst + oy * outW;
                            if (y < 0 || y >= h) {
                                java.util.Arrays.fill(out, d, d + outW, 0f);
                                continue;
                            }
                            int line = src + y * w;
                            for (int ox = 0; ox < outW; ox++) {
                                int xx = ox * sW + kx - pW;
                                out[d + ox] = xx >= 0 && xx < w ? x[line + xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}
