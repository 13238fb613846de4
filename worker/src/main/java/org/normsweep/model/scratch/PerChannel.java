package org.normsweep.model.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel arithmetic on dense {@code [N,C]} and NCHW {@code [N,C,H,W]} activations: the channel
 * is dimension 1 in both, so one vector of length C broadcasts along dimension 1 and statistics
 * reduce over every other dimension.
 */
final class PerChannel {
    private static final int CHANNEL_DIM = 1;
    private static final int[] DENSE_DIMS = {0};
    private static final int[] CNN_DIMS = {0, 2, 3};

    private PerChannel() {}

    /** The dimensions a channel's statistics are taken over: the batch, and for NCHW also H and W. */
    static int[] statDims(INDArray x) {
        switch (x.rank()) {
            case 2:
                return DENSE_DIMS;
            case 4:
                return CNN_DIMS;
            default:
                throw new IllegalArgumentException("ScratchBatchNorm takes [N,C] or NCHW [N,C,H,W] activations, "
                        + "found rank " + x.rank() + " with shape " + java.util.Arrays.toString(x.shape()));
        }
    }

    /**
     * {@code x} itself, or a copy where its strides are neither C- nor F-style. DL4J's own batch norm
     * makes the same copy because ND4J's broadcast ops have been wrong on such views.
     */
    static INDArray broadcastable(INDArray x) {
        return Shape.strideDescendingCAscendingF(x) ? x : x.dup();
    }

    static INDArray sub(INDArray x, INDArray perChannel, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastSubOp(x, perChannel, out, CHANNEL_DIM));
        return out;
    }

    static INDArray add(INDArray x, INDArray perChannel, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastAddOp(x, perChannel, out, CHANNEL_DIM));
        return out;
    }

    static INDArray mul(INDArray x, INDArray perChannel, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, perChannel, out, CHANNEL_DIM));
        return out;
    }

    static INDArray div(INDArray x, INDArray perChannel, INDArray out) {
        Nd4j.getExecutioner().exec(new BroadcastDivOp(x, perChannel, out, CHANNEL_DIM));
        return out;
    }
}
