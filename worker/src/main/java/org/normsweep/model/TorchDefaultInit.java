package org.normsweep.model;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's default for {@code nn.Linear} and {@code nn.Conv2d} weights, which seed 004 keeps:
 * {@code kaiming_uniform_(a=sqrt(5))}, i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)). DL4J has no such initialiser.
 */
public final class TorchDefaultInit implements IWeightInit {
    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        double bound = 1.0 / Math.sqrt(fanIn);
        Nd4j.rand(paramView, Nd4j.getDistributions().createUniform(-bound, bound));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchDefaultInit;
    }

    @Override
    public int hashCode() {
        return TorchDefaultInit.class.hashCode();
    }
}
