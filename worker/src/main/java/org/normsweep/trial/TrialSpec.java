package org.normsweep.trial;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything that determines one trial's results: an immutable value that checks itself and is
 * small enough to ship from the driver to an executor. Messages use the sweep-file keys.
 *
 * <p>The {@link #id()} is a content hash of every field that changes a result row. Left out on
 * purpose: the dataset's {@link DatasetSpec#path() path} (a location: the same images under two
 * paths give the same trial), the sweep's name, the run id, output paths and timestamps.
 *
 * @param model           the architecture
 * @param activation      the nonlinearity after each hidden conv/dense layer
 * @param dataset         which images, and how many of them
 * @param batchSize       examples per SGD step
 * @param optimizer       the optimizer's name; only {@code sgd} (no momentum)
 * @param lr              learning rate, &gt; 0
 * @param lrSchedule      how the lr changes over the epochs
 * @param bnExcluded      BN layers (1-based, network order) removed from the model; sorted, no repeats
 * @param bnVariant       what each BN layer computes and learns
 * @param bnImpl          DL4J's BN layer or the from-scratch one
 * @param kernels         which code computes the convolution and DL4J batch-norm layers (same maths)
 * @param biasRemoval     which layers in front of a BN layer lose their bias
 * @param weightInit      how conv/dense weights start
 * @param weightDecay     SGD weight decay on conv/dense weights (PyTorch's {@code weight_decay}), &gt;= 0
 * @param dropout         drop probability on the inputs of the dense layers after the first hidden one, [0, 1)
 * @param patience        early stopping: stop after this many epochs without a better validation loss (0 = off)
 * @param validationSplit fraction of the training images held out for validation (the last ones), [0, 1)
 * @param seed            seeds weight initialisation and the data order
 * @param epochs          passes over the training set (the most, with early stopping), &gt; 0
 * @param probeSize       how many training images make the fixed probe batch
 */
public record TrialSpec(ModelKind model, Activation activation, DatasetSpec dataset, int batchSize, String optimizer,
                        double lr, LrSchedule lrSchedule, List<Integer> bnExcluded, BnVariant bnVariant, BnImpl bnImpl,
                        Kernels kernels, BiasRemoval biasRemoval, WeightInit weightInit, double weightDecay,
                        double dropout, int patience, double validationSplit, long seed, int epochs, int probeSize)
        implements Serializable {

    /** Bump when the meaning of a field changes, so old ids are not confused with new results. */
    static final String ID_SCHEMA = "v3";

    public TrialSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(lrSchedule, "lr_schedule");
        Objects.requireNonNull(bnVariant, "bn_variant");
        Objects.requireNonNull(bnImpl, "bn_impl");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(biasRemoval, "bias_removal");
        Objects.requireNonNull(weightInit, "weight_init");
        check(batchSize > 0, "batch_size must be > 0, found " + batchSize);
        check(lr > 0 && !Double.isInfinite(lr), "lr must be > 0, found " + lr);
        check(epochs > 0, "epochs must be > 0, found " + epochs);
        check(probeSize > 0, "probe_size must be > 0, found " + probeSize);
        check(optimizer.equals("sgd"), "optimizer must be sgd, found " + optimizer);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0, found " + weightDecay);
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), found " + dropout);
        check(patience >= 0, "early_stopping_patience must be >= 0, found " + patience);
        check(validationSplit >= 0 && validationSplit < 1, "validation_split must be in [0, 1), found " + validationSplit);
        check(patience == 0 || validationSplit > 0,
                "early_stopping_patience " + patience + " needs a validation_split > 0 to watch");
        check(!bnVariant.needsScratch() || bnImpl == BnImpl.SCRATCH,
                "bn_variant " + Keyed.key(bnVariant) + " needs bn_impl: scratch (DL4J's layer always divides by the"
                        + " standard deviation and subtracts the mean), found bn_impl " + Keyed.key(bnImpl));
        bnExcluded = List.copyOf(bnExcluded.stream().sorted().distinct().toList());
        for (int layer : bnExcluded) {
            check(layer >= 1 && layer <= model.bnLayerCount(), "BN layer " + layer + " does not exist in "
                    + model.key() + " (its BN layers are 1.." + model.bnLayerCount() + ")");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A spec with every setting at its default, for {@code model} on {@code dataset}. */
    public static Builder builder(ModelKind model, DatasetSpec dataset) {
        return new Builder(model, dataset);
    }

    /** True when BN layer {@code layer} (1-based) is part of the network. */
    public boolean hasBn(int layer) {
        return !bnExcluded.contains(layer);
    }

    /** Number of BN layers left in the network. */
    public int bnLayersPresent() {
        return model.bnLayerCount() - bnExcluded.size();
    }

    /** The canonical text the id hashes: every result-changing field, in a fixed order. */
    public String canonicalText() {
        return String.join(";",
                "schema=" + ID_SCHEMA,
                "model=" + model.key(),
                "activation=" + Keyed.key(activation),
                "dataset=" + dataset.name(),
                "train_limit=" + dataset.trainLimit(),
                "test_limit=" + dataset.testLimit(),
                "batch_size=" + batchSize,
                "optimizer=" + optimizer,
                "lr=" + lr,
                "lr_schedule=" + Keyed.key(lrSchedule),
                "bn_excluded=" + bnExcluded.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")),
                "bn_variant=" + Keyed.key(bnVariant),
                "bn_impl=" + Keyed.key(bnImpl),
                "kernels=" + Keyed.key(kernels),
                "bias_removal=" + Keyed.key(biasRemoval),
                "weight_init=" + Keyed.key(weightInit),
                "weight_decay=" + weightDecay,
                "dropout=" + dropout,
                "patience=" + patience,
                "validation_split=" + validationSplit,
                "seed=" + seed,
                "epochs=" + epochs,
                "probe_size=" + probeSize);
    }

    /** Stable 16-hex-digit id: the first 64 bits of SHA-256 over {@link #canonicalText()}. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** This spec with {@code epochs} epochs, everything else the same. */
    public TrialSpec withEpochs(int epochs) {
        return new TrialSpec(model, activation, dataset, batchSize, optimizer, lr, lrSchedule, bnExcluded, bnVariant,
                bnImpl, kernels, biasRemoval, weightInit, weightDecay, dropout, patience, validationSplit, seed, epochs,
                probeSize);
    }

    /**
     * Whether epoch e of this trial trains exactly as epoch e of the same trial with more epochs: true unless a
     * setting reads the total epoch count (an lr schedule over the epochs). Seeds, data order (seed, epoch) and
     * early stopping (decided from the epochs so far) do not.
     */
    public boolean epochPrefixIsIndependent() {
        return !lrSchedule.readsEpochCount();
    }

    /** A short human label, e.g. {@code lenet lr=0.1 bn-excl=[1] seed=3 epochs=2}. */
    public String label() {
        return model.key() + " lr=" + lr + " bn-excl=" + bnExcluded + " seed=" + seed + " epochs=" + epochs;
    }

    /** Fluent construction with defaults: the seeds' LeNet setup (SGD, lr 0.1, batch 128, full BN, Glorot uniform). */
    public static final class Builder {
        private final ModelKind model;
        private final DatasetSpec dataset;
        private Activation activation;
        private int batchSize = 128;
        private double lr = 0.1;
        private List<Integer> bnExcluded = List.of();
        private BnVariant bnVariant = BnVariant.FULL;
        private BnImpl bnImpl = BnImpl.DL4J;
        private Kernels kernels = Kernels.FAST;
        private LrSchedule lrSchedule = LrSchedule.CONSTANT;
        private BiasRemoval biasRemoval = BiasRemoval.NONE;
        private WeightInit weightInit = WeightInit.GLOROT_UNIFORM;
        private double weightDecay;
        private double dropout;
        private int patience;
        private double validationSplit;
        private long seed;
        private int epochs = 1;
        private int probeSize = 128;

        private Builder(ModelKind model, DatasetSpec dataset) {
            this.model = model;
            this.dataset = dataset;
            this.activation = model.defaultActivation();
        }

        public Builder activation(Activation v) { activation = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder bnExcluded(List<Integer> v) { bnExcluded = v; return this; }
        public Builder bnVariant(BnVariant v) { bnVariant = v; return this; }
        public Builder bnImpl(BnImpl v) { bnImpl = v; return this; }
        public Builder kernels(Kernels v) { kernels = v; return this; }
        public Builder lrSchedule(LrSchedule v) { lrSchedule = v; return this; }
        public Builder biasRemoval(BiasRemoval v) { biasRemoval = v; return this; }
        public Builder weightInit(WeightInit v) { weightInit = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder validationSplit(double v) { validationSplit = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder probeSize(int v) { probeSize = v; return this; }

        public TrialSpec build() {
            return new TrialSpec(model, activation, dataset, batchSize, "sgd", lr, lrSchedule, bnExcluded, bnVariant,
                    bnImpl, kernels, biasRemoval, weightInit, weightDecay, dropout, patience, validationSplit, seed, epochs, probeSize);
        }
    }
}
