package org.normsweep.model;

import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.normsweep.trial.TrialSpec;

/**
 * PyTorch's {@code torch.optim.SGD(lr, momentum, weight_decay)} (dampening 0, no Nesterov) as DL4J settings:
 * {@code g += wd * w; v = momentum * v + g; w -= lr * v}, weight decay on conv/dense weights only.
 * DL4J's {@code Nesterovs} is a different update (its velocity holds the lr and it looks ahead), so momentum has
 * its own small updater, {@link Momentum}.
 *
 * <p>Momentum 0 keeps the exact configuration of before (DL4J's {@code Sgd}, weight decay as DL4J's
 * {@code WeightDecay} applied after the updater: {@code w -= lr * (g + wd * w)}), so those results stay bit for
 * bit. With momentum the decay must pass through the velocity, as PyTorch adds it to the gradient, so it is DL4J's
 * L2 regularization (added to the gradient before the updater) instead.
 */
final class TorchSgd {
    private TorchSgd() {}

    /** Sets {@code base}'s updater and weight decay for {@code spec}. */
    static void configure(NeuralNetConfiguration.Builder base, TrialSpec spec) {
        if (spec.momentum() == 0) {
            base.updater(new Sgd(spec.lr()));
            if (spec.weightDecay() > 0) {
                // PyTorch's SGD weight_decay: w -= lr * wd * w each step (DL4J applies it to weights, not biases).
                base.weightDecay(spec.weightDecay(), true);
            }
            return;
        }
        base.updater(new Momentum(spec.lr(), spec.momentum()));
        if (spec.weightDecay() > 0) {
            base.l2(spec.weightDecay());
        }
    }

    /**
     * The updater's configuration: a learning rate (DL4J's lr schedule and {@code setLearningRate} change it) and
     * the momentum. A public bean with a no-argument constructor, for DL4J's Jackson and {@code clone()}.
     */
    public static final class Momentum implements IUpdater {
        private double learningRate;
        private double momentum;

        public Momentum() {}

        public Momentum(double learningRate, double momentum) {
            this.learningRate = learningRate;
            this.momentum = momentum;
        }

        public double getLearningRate() {
            return learningRate;
        }

        public void setLearningRate(double learningRate) {
            this.learningRate = learningRate;
        }

        public double getMomentum() {
            return momentum;
        }

        public void setMomentum(double momentum) {
            this.momentum = momentum;
        }

        @Override
        public long stateSize(long numParams) {
            return numParams;
        }

        @Override
        public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
            Updater u = new Updater(this);
            u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
            return u;
        }

        @Override
        public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
            Updater u = new Updater(this);
            u.setState(state, initialize);
            return u;
        }

        @Override
        public Momentum clone() {
            return new Momentum(learningRate, momentum);
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return learningRate;
        }

        @Override
        public boolean hasLearningRate() {
            return true;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule schedule) {
            if (schedule != null) {
                throw new UnsupportedOperationException("lr schedules are applied per epoch by the trainer");
            }
            this.learningRate = lr;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Momentum m && m.learningRate == learningRate && m.momentum == momentum;
        }

        @Override
        public int hashCode() {
            return Objects.hash(learningRate, momentum);
        }

        @Override
        public String toString() {
            return "TorchSgd.Momentum(lr=" + learningRate + ", momentum=" + momentum + ")";
        }
    }

    /** One block of parameters' velocity {@code v}; turns the gradient (L2 already added) into the update. */
    static final class Updater implements GradientUpdater<Momentum> {
        private static final String VELOCITY = "V";
        private final Momentum config;
        private INDArray v;

        Updater(Momentum config) {
            this.config = config;
        }

        @Override
        public Momentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(VELOCITY) || state.size() != 1) {
                throw new IllegalStateException("expected state with key " + VELOCITY + ", found " + state.keySet());
            }
            v = state.get(VELOCITY);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(VELOCITY, v);
        }

        @Override
        public void setStateViewArray(
                INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            v = viewArray.reshape(gradientOrder, gradientShape);
        }

        /** {@code v = momentum * v + g}; the gradient array becomes the update {@code lr * v}, which DL4J subtracts. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (v == null) {
                throw new IllegalStateException("the updater has no state view array");
            }
            v.muli(config.getMomentum()).addi(gradient);
            gradient.assign(v).muli(config.getLearningRate(iteration, epoch));
        }
    }
}
