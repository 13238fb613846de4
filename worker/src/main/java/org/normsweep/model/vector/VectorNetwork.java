package org.normsweep.model.vector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.normsweep.data.ImageDataset;
import org.normsweep.model.scratch.ScratchBatchNorm;
import org.normsweep.model.scratch.ScratchBatchNormParams;
import org.normsweep.result.Divergence;
import org.normsweep.trial.BnImpl;
import org.normsweep.trial.BnVariant;
import org.normsweep.trial.ModelKind;
import org.normsweep.trial.TrialSpec;

/**
 * A trial's network (LeNet or the MLP, as {@link org.normsweep.model.Networks} builds them) as the engine's own
 * stages on float arrays allocated once, for batches of up to the trial's {@code batch_size} (or {@code probe_size},
 * when larger: {@link VectorProbe} runs on these buffers). The DL4J network
 * stays the source of truth between epochs: {@link #load} copies its parameters and BN moving statistics in
 * (and, with momentum, the velocities from its updater state), {@link #store} copies them back. Single-threaded and deterministic: the same batches give the same bits.
 *
 * <p>Only {@link VectorPath} decides whether a trial runs here; construct this class only after it said yes (the
 * kernels need the {@code jdk.incubator.vector} module).
 */
public final class VectorNetwork {
    private static final double BN_DECAY = 0.9;
    private static final double BN_EPS = 1e-5;
    /** DL4J's score term for L2 per wd |w|^2 (momentum trials); see {@link #sgdMomentum}. */
    private static final double SCORE_L2 = 0.5;

    private final TrialSpec spec;
    private final int maxBatch;
    private final float[] x;
    private final int[] labels;
    private final List<Stage> stages = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final List<BatchNorm> bnLayers = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final SoftmaxLoss loss;
    private final double[] sums = new double[2];
    private final float[] lanes = new float[2 * 16];
    private boolean weightsFinite = true;
    private boolean activationsFinite = true;
    private long[] stageNanos;
    private int timedSteps;

    private VectorNetwork(TrialSpec spec) {
        this.spec = spec;
        // Room for the probe batch too (VectorProbe): BN normalises it as one batch, so it cannot be cut
        // into training-sized pieces. Steps use only the first batch_size examples of each buffer.
        this.maxBatch = Math.max(spec.batchSize(), spec.probeSize());
        x = Stage.buffer(maxBatch, 784);
        labels = new int[maxBatch];
        if (spec.model() == ModelKind.LENET) {
            Conv1 conv1 = add(new Conv1("conv1", x, maxBatch, hasBias(1, true)));
            params(conv1.weight, conv1.bias);
            Stage s = norm(1, conv1, 1, 6, 784);
            boolean sigmoid = spec.activation() == org.normsweep.trial.Activation.SIGMOID;
            if (s instanceof BatchNorm bn1) {
                bn1.fusedActivation = sigmoid ? 1 : 2; // bn1 writes act1's output; act1+pool1 only pools
            }
            Stage pool1 =
                    add(new ActPool(s == conv1 ? "act1+pool1" : "pool1", s.out, 6, maxBatch, sigmoid, s != conv1));
            Conv2 conv2 = add(new Conv2("conv2", pool1.out, maxBatch, hasBias(2, true)));
            params(conv2.weight, conv2.bias);
            s = normalisedActivation(2, conv2, 100, 16, 1);
            Pool pool2 = add(new Pool("pool2", s.out, 16, 10, maxBatch, true, 0));
            int[] order = new int[400]; // engine feature (y*5+x)*16+c is DL4J's c*25+y*5+x (NCHW flattened)
            for (int p = 0; p < 25; p++) {
                for (int c = 0; c < 16; c++) {
                    order[p * 16 + c] = c * 25 + p;
                }
            }
            s = dense("fc1", pool2, 400, 120, hasBias(3, false), true, order);
            s = normalisedActivation(3, s, 1, 120, 1);
            s = dense("fc2", dropout("fc2", s, 120), 120, 84, hasBias(4, false), true, null);
            s = normalisedActivation(4, s, 1, 84, 1);
            s = dense("out", dropout("out", s, 84), 84, 10, true, true, null);
            loss = add(new SoftmaxLoss("loss", s.out, 10, maxBatch));
        } else {
            Stage s = dense("fc1", null, 784, 512, hasBias(1, false), false, null);
            s = normalisedActivation(1, s, 1, 512, 1);
            s = dense("fc2", dropout("fc2", s, 512), 512, 256, hasBias(2, false), true, null);
            s = normalisedActivation(2, s, 1, 256, 1);
            s = dense("out", dropout("out", s, 256), 256, 10, true, true, null);
            loss = add(new SoftmaxLoss("loss", s.out, 10, maxBatch));
        }
        loss.labels = labels;
        for (int i = 0; i + 1 < stages.size(); i++) {
            stages.get(i).dOut = stages.get(i + 1).dIn;
        }
        if (spec.momentum() != 0) {
            for (Param p : params) {
                if (p.trainable) {
                    p.v = new float[p.w.length]; // frozen BN parameters never move, so need no velocity
                }
            }
        }
        seedDropout(spec.seed());
        stageNanos = new long[2 * stages.size() + 1];
    }

    /** The engine for {@code spec}; {@link VectorPath#runs} must have said yes. */
    public static VectorNetwork create(TrialSpec spec) {
        return new VectorNetwork(spec);
    }

    private boolean hasBias(int bnLayer, boolean conv) {
        return !(spec.hasBn(bnLayer) && spec.biasRemoval().removes(conv));
    }

    private <S extends Stage> S add(S stage) {
        stages.add(stage);
        return stage;
    }

    private void params(Param... ps) {
        for (Param p : ps) {
            if (p != null) {
                params.add(p);
            }
        }
    }

    private Stage dense(String name, Stage prev, int nIn, int nOut, boolean bias, boolean inputGradient, int[] order) {
        Dense d = add(new Dense(name, prev == null ? x : prev.out, nIn, nOut, maxBatch, bias, inputGradient, order));
        params(d.weight, d.bias);
        return d;
    }

    private Stage dropout(String layer, Stage prev, int size) {
        if (spec.dropout() == 0) {
            return prev;
        }
        Dropout d = add(new Dropout(layer + "-dropout", prev.out, size, maxBatch, 1.0 - spec.dropout()));
        dropouts.add(d);
        return d;
    }

    /** BN layer {@code bn} (unless excluded) and the activation after it. */
    private Stage normalisedActivation(int bn, Stage prev, int spatial, int channels, int inner) {
        Stage s = norm(bn, prev, spatial, channels, inner);
        return add(new Activation(
                "act" + bn,
                s.out,
                spatial * channels * inner,
                maxBatch,
                spec.activation() == org.normsweep.trial.Activation.SIGMOID));
    }

    /** BN layer {@code bn} after {@code prev}, unless excluded (then {@code prev}). */
    private Stage norm(int bn, Stage prev, int spatial, int channels, int inner) {
        if (!spec.hasBn(bn)) {
            return prev;
        }
        BnVariant v = spec.bnVariant();
        boolean scratch = spec.bnImpl() == BnImpl.SCRATCH;
        BatchNorm norm = add(new BatchNorm(
                "bn" + bn,
                prev.out,
                spatial,
                channels,
                inner,
                maxBatch,
                scratch ? 1 - ScratchBatchNorm.DEFAULT_MOMENTUM : BN_DECAY,
                BN_EPS,
                v != BnVariant.NO_AFFINE,
                v.freezesGamma(),
                v.freezesBeta(),
                scratch
                        ? new BatchNorm.Kind(v != BnVariant.STD_ONLY, v != BnVariant.MEAN_ONLY, true)
                        : BatchNorm.Kind.DL4J));
        bnLayers.add(norm);
        params(norm.gamma, norm.beta);
        return norm;
    }

    /** Restarts the dropout masks' generator (masks depend only on this seed and the batches since). */
    public void seedDropout(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        for (Dropout d : dropouts) {
            d.random = root.split();
        }
    }

    /**
     * Copies {@code net}'s parameters and BN moving statistics into the engine, and with momentum the velocities
     * from its updater state (zero until the engine stored some: {@link Velocity}).
     */
    public void load(MultiLayerNetwork net) {
        for (Param p : params) {
            p.fromDl4j(floats(net.getLayer(p.layer).getParam(p.key)));
        }
        for (BatchNorm bn : bnLayers) {
            Layer layer = net.getLayer(bn.name);
            if (bn.kind.scratch()) {
                copy(layer.getParam(ScratchBatchNormParams.MEAN), bn.movingMean);
                copy(layer.getParam(ScratchBatchNormParams.VAR), bn.movingVar);
            } else {
                var conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization)
                        layer.conf().getLayer();
                if (!conf.isUseLogStd()) {
                    throw new IllegalStateException(bn.name + ": the engine keeps log10 std moving statistics");
                }
                copy(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), bn.movingMean);
                copy(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), bn.movingLog10Std);
            }
            // Frozen parameters stay at 1 and 0 (train/BnFreezer resets DL4J's after every step).
            if (bn.gamma != null && !bn.gamma.trainable) {
                java.util.Arrays.fill(bn.gamma.w, 1f);
            }
            if (bn.beta != null && !bn.beta.trainable) {
                java.util.Arrays.fill(bn.beta.w, 0f);
            }
        }
        if (spec.momentum() != 0) {
            Velocity.load(net, params);
        }
    }

    /** Copies the engine's parameters and BN moving statistics (and velocities) into {@code net}. */
    public void store(MultiLayerNetwork net) {
        for (Param p : params) {
            assign(net.getLayer(p.layer).getParam(p.key), p.toDl4j(p.w));
        }
        for (BatchNorm bn : bnLayers) {
            Layer layer = net.getLayer(bn.name);
            if (bn.kind.scratch()) {
                assign(layer.getParam(ScratchBatchNormParams.MEAN), bn.movingMean.clone());
                assign(layer.getParam(ScratchBatchNormParams.VAR), bn.movingVar.clone());
            } else {
                assign(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), bn.movingMean.clone());
                assign(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), bn.movingLog10Std.clone());
            }
        }
        if (spec.momentum() != 0) {
            Velocity.store(net, params);
        }
    }

    private static void copy(INDArray from, float[] into) {
        System.arraycopy(floats(from), 0, into, 0, into.length);
    }

    static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    static void assign(INDArray target, float[] values) {
        target.assign(Nd4j.create(values, target.shape(), 'c').castTo(target.dataType()));
    }

    /** Puts examples {@code order[from..to)} of {@code data} into the input; returns the batch size. */
    public int gather(ImageDataset data, int[] order, int from, int to) {
        int b = to - from;
        if (b > maxBatch || data.pixelsPerImage() != 784) {
            throw new IllegalArgumentException("batch of " + b + " images of " + data.pixelsPerImage()
                    + " pixels; the engine takes up to " + maxBatch + " of 784");
        }
        for (int i = 0; i < b; i++) {
            data.copyImage(order[from + i], x, i * 784);
            labels[i] = data.label(order[from + i]);
        }
        return b;
    }

    /** Puts {@code batch} examples into the input: {@code features} {@code [batch][784]}, and their labels. */
    int gather(float[] features, int[] classes, int batch) {
        if (batch > maxBatch || features.length < batch * 784 || classes.length < batch) {
            throw new IllegalArgumentException("batch of " + batch + " images; the engine takes up to " + maxBatch);
        }
        System.arraycopy(features, 0, x, 0, batch * 784);
        System.arraycopy(classes, 0, labels, 0, batch);
        return batch;
    }

    /** A new activation probe on this engine's buffers (see {@link VectorProbe}); keep it: it allocates a few. */
    VectorProbe probe() {
        return new VectorProbe(this, maxBatch);
    }

    /** The stages in network order (for {@link VectorProbe}, which reads their buffers). */
    List<Stage> stages() {
        return java.util.Collections.unmodifiableList(stages);
    }

    /**
     * A training-mode forward pass (batch statistics, dropout) and the backward pass on the gathered batch, with no
     * update: parameters, moving statistics and velocities stay as they are; parameter gradients are overwritten.
     * The first stage's backward pass is skipped when it has no input gradient (conv1's, the MLP's fc1): it would
     * only compute weight gradients, which nobody reads here.
     */
    void forwardBackward(int batch) {
        for (Stage s : stages) {
            s.forward(batch, Stage.Mode.TRAIN_EVAL);
        }
        int last = stages.get(0).dIn == null ? 1 : 0;
        for (int i = stages.size() - 1; i >= last; i--) {
            stages.get(i).backward(batch);
        }
    }

    /**
     * One SGD step at {@code lr} on the gathered batch; returns the score as DL4J's {@code net.score()} reports it
     * (mean loss, plus wd |w|^2 over the conv and dense weights before the step: what DL4J M2.1's score adds for
     * {@code weightDecay(wd, true)}, measured, though its WeightDecay.score says 0.5 wd |w|^2).
     */
    public double step(int batch, double lr) {
        int n = stages.size();
        float probe = 0f;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Stage s = stages.get(i);
            s.forward(batch, Stage.Mode.STEP);
            probe += s.probe;
            stageNanos[2 * i] += System.nanoTime() - t0;
        }
        activationsFinite = !Float.isNaN(probe);
        double data = loss.loss(batch);
        for (int i = n - 1; i >= 0; i--) {
            long t0 = System.nanoTime();
            stages.get(i).backward(batch);
            stageNanos[2 * i + 1] += System.nanoTime() - t0;
        }
        long t0 = System.nanoTime();
        double score = data + sgd(batch, lr);
        stageNanos[2 * n] += System.nanoTime() - t0;
        timedSteps++;
        return score;
    }

    /**
     * Milliseconds per training step spent in each stage's forward and backward pass ({@code {forward, backward}},
     * network order, then "sgd" for the update) over the steps since the last call, which resets the clocks. Unlike
     * {@link #profile} this is measured inside real steps, caches as training leaves them.
     */
    public Map<String, double[]> stepTimes() {
        Map<String, double[]> ms = new LinkedHashMap<>();
        double steps = Math.max(1, timedSteps);
        for (int i = 0; i < stages.size(); i++) {
            ms.put(
                    stages.get(i).name,
                    new double[] {stageNanos[2 * i] / 1e6 / steps, stageNanos[2 * i + 1] / 1e6 / steps});
        }
        ms.put("sgd", new double[] {0, stageNanos[2 * stages.size()] / 1e6 / steps});
        java.util.Arrays.fill(stageNanos, 0);
        timedSteps = 0;
        return ms;
    }

    /**
     * The SGD update of every trainable parameter (the one place it happens), weight decay on conv and dense
     * weights only: without momentum w -= lr (g / batch + 2 wd w); with momentum PyTorch's (TorchSgd's)
     * v = momentum v + g / batch + wd w, w -= lr v. Returns weight decay's score term; records whether all weights
     * and moving statistics are finite.
     */
    private double sgd(int batch, double lr) {
        sums[0] = 0;
        sums[1] = 0;
        if (spec.momentum() != 0) {
            return sgdMomentum(batch, lr);
        }
        // DL4J M2.1 under weightDecay(wd, true) steps w -= lr (g + 2 wd w) (measured against it in the tests; its
        // score adds wd |w|^2 to match): PyTorch's weight_decay 2 wd, not wd. The engine follows DL4J, the reference.
        float decay = (float) (2 * lr * spec.weightDecay());
        for (Param p : params) {
            if (p.trainable) {
                Lanes.sgd(p.w, p.g, p.w.length, batch, (float) lr, p.decays ? decay : 0f, sums, lanes);
            }
        }
        recordFinite();
        return spec.weightDecay() * sums[1];
    }

    /**
     * {@link #sgd} with momentum: the decay is DL4J's L2 (added to the gradient, through the velocity, as PyTorch's
     * weight_decay), whose score term DL4J M2.1 reports as 0.5 wd |w|^2 over the old weights (measured in the tests).
     */
    private double sgdMomentum(int batch, double lr) {
        float l2 = (float) spec.weightDecay();
        float momentum = (float) spec.momentum();
        for (Param p : params) {
            if (p.trainable) {
                Lanes.sgdMomentum(
                        p.w, p.g, p.v, p.w.length, batch, (float) lr, momentum, p.decays ? l2 : 0f, sums, lanes);
            }
        }
        recordFinite();
        return SCORE_L2 * spec.weightDecay() * sums[1];
    }

    private void recordFinite() {
        boolean finite = !Double.isNaN(sums[0]);
        for (BatchNorm bn : bnLayers) {
            finite &= bn.finite;
        }
        weightsFinite = finite;
    }

    /** Whether every weight and moving statistic was finite after the last step. */
    public boolean weightsFinite() {
        return weightsFinite;
    }

    /**
     * Whether the last step's activations were all finite, as far as the loss cannot tell: the activation functions
     * check their inputs as they read them (sigmoid and ReLU can turn infinity into a finite value), and every other
     * non-finite value reaches the loss or, through BN's statistics, a NaN that does.
     */
    public boolean activationsFinite() {
        return activationsFinite;
    }

    /**
     * Turns the activation checks ({@link #activationsFinite}) on (as training runs) or off, for benchmarks that time
     * what they cost; the training arithmetic is the same either way.
     */
    public void checkActivations(boolean on) {
        for (Stage s : stages) {
            s.checkInput = on;
        }
    }

    /**
     * After a step whose loss, activations or weights were not all finite ({@code loss} its score): what became NaN
     * or infinite first and in which layer (see {@link Divergence}), read off the step's buffers, as the divergence
     * of step {@code step} of epoch {@code epoch}; null if nothing is. Walks every buffer: for that path only.
     */
    public Divergence divergence(int batch, double loss, int epoch, int step) {
        FirstNonFinite.Site site = FirstNonFinite.find(stages, params, batch, loss);
        return site == null ? null : new Divergence(epoch, step, site.layer(), site.quantity());
    }

    /**
     * Class probabilities {@code [batch][10]} of the gathered batch (a view into the engine's buffer, valid until
     * the next call): eval mode with the moving statistics, or training mode (batch statistics, dropout; nothing
     * updated).
     */
    public float[] predict(int batch, boolean trainMode) {
        Stage.Mode mode = trainMode ? Stage.Mode.TRAIN_EVAL : Stage.Mode.INFER;
        for (Stage s : stages) {
            s.forward(batch, mode);
        }
        return loss.out;
    }

    /**
     * The gradients of the summed loss over the gathered batch, keyed {@code layer_param} in DL4J's layouts (no
     * step taken, nothing updated); returns the score.
     */
    public double gradients(int batch, Map<String, float[]> out) {
        for (Stage s : stages) {
            s.forward(batch, Stage.Mode.TRAIN_EVAL);
        }
        double data = loss.loss(batch);
        for (int i = stages.size() - 1; i >= 0; i--) {
            stages.get(i).backward(batch);
        }
        double sq = 0;
        for (Param p : params) {
            out.put(p.layer + "_" + p.key, p.toDl4j(p.g));
            if (p.decays) {
                for (float w : p.w) {
                    sq += (double) w * w;
                }
            }
        }
        return data + spec.weightDecay() * sq;
    }

    /**
     * Milliseconds per call of each stage's forward and backward pass on the gathered batch (a training step's
     * passes, mean of {@code reps} after as many warm-up calls), in network order: {@code {forward, backward}}.
     * Runs training steps' forward passes, so BN moving statistics move; no parameter is stepped.
     */
    public Map<String, double[]> profile(int batch, int reps) {
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (Stage s : stages) {
            ms.put(s.name, new double[2]);
        }
        for (int round = 0; round < 2; round++) {
            for (Stage s : stages) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    s.forward(batch, Stage.Mode.STEP);
                }
                ms.get(s.name)[0] = (System.nanoTime() - t0) / 1e6 / reps;
            }
            for (int i = stages.size() - 1; i >= 0; i--) {
                Stage s = stages.get(i);
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    s.backward(batch);
                }
                ms.get(s.name)[1] = (System.nanoTime() - t0) / 1e6 / reps;
            }
        }
        return ms;
    }
}
