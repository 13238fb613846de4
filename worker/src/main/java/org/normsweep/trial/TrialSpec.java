package org.normsweep.trial;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Everything that determines one trial's results: an immutable value that checks itself and is
 * small enough to ship from the driver to an executor. Messages use the sweep-file keys.
 *
 * <p>The {@link #id()} is a content hash of every field that changes a result row. Left out on
 * purpose: the dataset's {@link DatasetSpec#path() path} (a location: the same images under two
 * paths give the same trial), the sweep's name, the run id, output paths and timestamps.
 *
 * <p>Each component is a {@link Setting} declared once below ({@link #SETTINGS}): its key, default, checks, id
 * text, {@code trials} column and README line. A new setting is a component and an entry. Build specs with
 * {@link #builder}: it fills defaults and checks each value by its setting's rule; the compact constructor checks
 * the combinations.
 *
 * @param model           the architecture
 * @param activation      the nonlinearity after each hidden conv/dense layer
 * @param dataset         which images, and how many of them
 * @param batchSize       examples per SGD step
 * @param optimizer       the optimizer's name; only {@code sgd}
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
 * @param momentum        SGD momentum as PyTorch's (dampening 0, no Nesterov), [0, 1); 0 is plain SGD
 */
public record TrialSpec(
        ModelKind model,
        Activation activation,
        DatasetSpec dataset,
        int batchSize,
        String optimizer,
        double lr,
        LrSchedule lrSchedule,
        List<Integer> bnExcluded,
        BnVariant bnVariant,
        BnImpl bnImpl,
        Kernels kernels,
        BiasRemoval biasRemoval,
        WeightInit weightInit,
        double weightDecay,
        double dropout,
        int patience,
        double validationSplit,
        long seed,
        int epochs,
        int probeSize,
        double momentum)
        implements Serializable {

    /** Bump when the meaning of a field changes, so old ids are not confused with new results. */
    static final String ID_SCHEMA = "v3";

    // The settings, in grid order (the last varies fastest) and id order; a setting's id text must never change.
    public static final Setting<ModelKind> MODEL = Setting.of(
                    "model", ModelKind.class, RawValues::model, TrialSpec::model, ModelKind.LENET, "string")
            .text(ModelKind::key)
            .columnValue(ModelKind::key)
            .aliases("network", "arch")
            .readme(
                    "`lenet`: LeNet-5 as in d2l (conv 6@5x5 pad 2, act, avg-pool 2; conv"
                            + " 16@5x5, act, avg-pool 2; dense 120, act; dense 84, act; dense 10, softmax), BN layers 1..4 before"
                            + " the four activations. `mlp`: seed 004's 784-512-256-10, BN layers 1..2 before the two activations");
    public static final Setting<Activation> ACTIVATION = Setting.choice(
                    "activation", Activation.class, TrialSpec::activation, null)
            .readme("the model's (`sigmoid` for lenet, `relu` for mlp)", "`sigmoid` or `relu`");
    public static final Setting<String> DATASET = Setting.text(
                    "dataset", t -> t.dataset().name(), "fashion-mnist")
            .component("dataset")
            .fixedOnly()
            .aliases("data")
            .readme("dataset name (part of the trial id)");
    public static final Setting<String> DATASET_PATH = Setting.text(
                    "dataset_path", t -> t.dataset().path(), null)
            .component("dataset")
            .fixedOnly()
            .notInId()
            .noColumn()
            .aliases("data_dir")
            .readme("see [data/README.md](data/README.md)", "directory of IDX files, readable from every executor");
    public static final Setting<Integer> TRAIN_LIMIT = Setting.count(
                    "train_limit", 0, t -> t.dataset().trainLimit(), 0)
            .component("dataset")
            .fixedOnly()
            .readme("`0` (all)", "use only the first N training images");
    public static final Setting<Integer> TEST_LIMIT = Setting.count(
                    "test_limit", 0, t -> t.dataset().testLimit(), 0)
            .component("dataset")
            .fixedOnly()
            .readme("`0` (all)", "use only the first N test images");
    public static final Setting<Integer> BATCH_SIZE = Setting.count("batch_size", 1, TrialSpec::batchSize, 128)
            .aliases("batch")
            .readme("examples per SGD step; the last, smaller batch of an epoch is kept");
    public static final Setting<String> OPTIMIZER = Setting.text("optimizer", TrialSpec::optimizer, "sgd")
            .fixedOnly()
            .rule("sgd"::equals, "sgd (plain SGD, the seeds' optimizer)")
            .readme("SGD as PyTorch's `torch.optim.SGD` (with `momentum` and `weight_decay`)");
    public static final Setting<Double> LR = Setting.number(
                    "lr", v -> v > 0 && !Double.isInfinite(v), "> 0", TrialSpec::lr, 0.1)
            .aliases("learning_rate")
            .readme("learning rate, > 0");
    public static final Setting<LrSchedule> LR_SCHEDULE = Setting.choice(
                    "lr_schedule", LrSchedule.class, TrialSpec::lrSchedule, LrSchedule.CONSTANT)
            .readme("`constant`, or `cosine`: cosine annealing over the"
                    + " trial's epochs, stepped per epoch (PyTorch's `CosineAnnealingLR`, `T_max = epochs`). A schedule"
                    + " that reads the epoch count is never folded");

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<Integer>> BN_EXCLUDE = Setting.<List<Integer>>of(
                    "bn_exclude", List.class, RawValues::bnLayers, TrialSpec::bnExcluded, List.of(), "array<int>")
            .component("bnExcluded")
            .idName("bn_excluded")
            .column("bn_excluded")
            .text(v -> v.isEmpty() ? "none" : v.toString().replace(" ", ""))
            .idText(v -> v.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")))
            .aliases("bn_exclusion", "exclude_bn")
            .readme("`[]`", "BN layers (network order) removed; `[1, 2, 3, 4]` is the plain LeNet");

    public static final Setting<BnVariant> BN_VARIANT = Setting.choice(
                    "bn_variant", BnVariant.class, TrialSpec::bnVariant, BnVariant.FULL)
            .aliases("affine")
            .readme("`full`; `no_affine` (no gamma/beta:"
                    + " `affine=False`); `freeze_gamma`, `freeze_beta`, `freeze_both` (kept at 1 / 0, as seed 001 Q4's"
                    + " notebook froze them); `mean_only`, `std_only` (\"lite\" BN that only centres or only scales;"
                    + " needs `bn_impl: scratch`)");
    public static final Setting<BnImpl> BN_IMPL = Setting.choice(
                    "bn_impl", BnImpl.class, TrialSpec::bnImpl, BnImpl.DL4J)
            .aliases("bn_implementation")
            .readme("`dl4j`: DL4J's BatchNormalization layer; `scratch`: the"
                    + " layer written here after seed 003's `batch_norm` (batch statistics in training; moving averages,"
                    + " momentum 0.1, eps 1e-5, at inference). Both agree (tested)");
    public static final Setting<Kernels> KERNELS = Setting.choice(
                    "kernels", Kernels.class, TrialSpec::kernels, Kernels.FAST)
            .aliases("layer_kernels")
            .readme("`fast`: Normsweep's CPU code for the convolution and DL4J"
                    + " batch-norm layers; `dl4j`: DL4J's own layer code. The same maths (outputs, gradients and weights"
                    + " after SGD steps agree to float32 rounding, tested); `fast` is 2-4x faster on the CPU"
                    + " (BENCHMARKS.md)");
    public static final Setting<BiasRemoval> BIAS_REMOVAL = Setting.choice(
                    "bias_removal", BiasRemoval.class, TrialSpec::biasRemoval, BiasRemoval.NONE)
            .readme("`conv`, `linear` or `all`: those layers drop their bias"
                    + " where a BN layer follows them (seed 001 Q1, seed 004)");
    public static final Setting<WeightInit> WEIGHT_INIT = Setting.choice(
                    "weight_init", WeightInit.class, TrialSpec::weightInit, WeightInit.GLOROT_UNIFORM)
            .aliases("init")
            .readme("`normal` (N(0,1)), `zeros`,"
                    + " `glorot_normal`, `glorot_uniform`, `he_normal`, `he_uniform`, `torch_default` (U(±1/sqrt(fan_in)),"
                    + " PyTorch's default). Biases start at 0");
    public static final Setting<Double> WEIGHT_DECAY = Setting.number(
                    "weight_decay", v -> v >= 0 && Double.isFinite(v), ">= 0", TrialSpec::weightDecay, 0.0)
            .readme(
                    "`0`",
                    "SGD weight decay on conv/dense weights (not biases or BN parameters), PyTorch's"
                            + " `weight_decay`");
    public static final Setting<Double> DROPOUT = Setting.number(
                    "dropout", v -> v >= 0 && v < 1, "in [0, 1)", TrialSpec::dropout, 0.0)
            .readme("`0`", "drop probability on the inputs of the last two dense layers");
    public static final Setting<Integer> EARLY_STOPPING_PATIENCE = Setting.count(
                    "early_stopping_patience", 0, TrialSpec::patience, 0)
            .component("patience")
            .idName("patience")
            .aliases("patience")
            .readme(
                    "`0` (off)",
                    "stop after this many epochs without a lower validation loss; the best epoch's"
                            + " numbers are reported (the weights are the last epoch's)");
    public static final Setting<Double> VALIDATION_SPLIT = Setting.number(
                    "validation_split", v -> v >= 0 && v < 1, "in [0, 1)", TrialSpec::validationSplit, 0.0)
            .readme("`0`", "fraction of the training images (the last ones) held out for validation");
    public static final Setting<Long> SEED = Setting.whole("seed", TrialSpec::seed, 0L)
            .allowRanges()
            .notALabel()
            .readme("seeds weight initialisation and the data order; a grid axis may be `{from: A, to: B}`");
    public static final Setting<Integer> EPOCHS = Setting.count("epochs", 1, TrialSpec::epochs, 1)
            .allowRanges()
            .aliases("max_epochs", "num_epochs")
            .readme("passes over the training set (the most, with early stopping), > 0");
    public static final Setting<Integer> PROBE_SIZE = Setting.count("probe_size", 1, TrialSpec::probeSize, 128)
            .fixedOnly()
            .readme("the fixed probe batch: the first N training images");
    public static final Setting<Double> MOMENTUM = Setting.number(
                    "momentum", v -> v >= 0 && v < 1, "in [0, 1)", TrialSpec::momentum, 0.0)
            .inIdOnlyWhenSet()
            .readme(
                    "`0`",
                    "SGD momentum, PyTorch's (dampening 0, no"
                            + " Nesterov): `v = momentum * v + g` (g with weight decay), `w -= lr * v`; 0 is plain SGD");

    /** Every setting, in grid and id order. */
    public static final List<Setting<?>> SETTINGS = List.of(
            MODEL,
            ACTIVATION,
            DATASET,
            DATASET_PATH,
            TRAIN_LIMIT,
            TEST_LIMIT,
            BATCH_SIZE,
            OPTIMIZER,
            LR,
            LR_SCHEDULE,
            BN_EXCLUDE,
            BN_VARIANT,
            BN_IMPL,
            KERNELS,
            BIAS_REMOVAL,
            WEIGHT_INIT,
            WEIGHT_DECAY,
            DROPOUT,
            EARLY_STOPPING_PATIENCE,
            VALIDATION_SPLIT,
            SEED,
            EPOCHS,
            PROBE_SIZE,
            MOMENTUM);

    public TrialSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        if (activation == null) {
            activation = model.defaultActivation();
        }
        check(
                patience == 0 || validationSplit > 0,
                "early_stopping_patience " + patience + " needs a validation_split > 0 to watch");
        check(
                !bnVariant.needsScratch() || bnImpl == BnImpl.SCRATCH,
                "bn_variant " + Keyed.key(bnVariant) + " needs bn_impl: scratch (DL4J's layer always divides by the"
                        + " standard deviation and subtracts the mean), found bn_impl " + Keyed.key(bnImpl));
        bnExcluded = List.copyOf(bnExcluded.stream().sorted().distinct().toList());
        for (int layer : bnExcluded) {
            check(
                    layer >= 1 && layer <= model.bnLayerCount(),
                    "BN layer " + layer + " does not exist in " + model.key() + " (its BN layers are 1.."
                            + model.bnLayerCount() + ")");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A spec with every setting at its default, for {@code model} on {@code dataset}. */
    public static Builder builder(ModelKind model, DatasetSpec dataset) {
        return new Builder().model(model).dataset(dataset);
    }

    /** True when BN layer {@code layer} (1-based) is part of the network. */
    public boolean hasBn(int layer) {
        return !bnExcluded.contains(layer);
    }

    /** Number of BN layers left in the network. */
    public int bnLayersPresent() {
        return model.bnLayerCount() - bnExcluded.size();
    }

    /** The canonical text the id hashes: every result-changing setting, in {@link #SETTINGS} order. */
    public String canonicalText() {
        StringJoiner text = new StringJoiner(";");
        text.add("schema=" + ID_SCHEMA);
        for (Setting<?> s : SETTINGS) {
            String part = s.idPart(this);
            if (part != null) {
                text.add(part);
            }
        }
        return text.toString();
    }

    /** Stable 16-hex-digit id: the first 64 bits of SHA-256 over {@link #canonicalText()}. */
    public String id() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonicalText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** This spec with {@code epochs} epochs, everything else the same. */
    public TrialSpec withEpochs(int epochs) {
        return toBuilder().set(EPOCHS, epochs).build();
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Setting<?> s : SETTINGS) {
            b.values.put(s, s.get(this));
        }
        return b;
    }

    /**
     * Whether epoch e of this trial trains exactly as epoch e of the same trial with more epochs: true unless a
     * setting reads the total epoch count (an lr schedule over the epochs). Seeds, data order (seed, epoch) and
     * early stopping (decided from the epochs so far) do not.
     */
    public boolean epochPrefixIsIndependent() {
        return !lrSchedule.readsEpochCount();
    }

    /** A short human label, e.g. {@code lenet lr=0.1 bn_exclude=[1] seed=3 epochs=2}. */
    public String label() {
        return model.key() + " lr=" + lr + " bn_exclude=" + BN_EXCLUDE.text(bnExcluded) + " seed=" + seed + " epochs="
                + epochs;
    }

    /**
     * {@link #label()} followed by {@code key=value} for each of {@code also}, e.g. {@code mlp lr=0.01
     * bn_exclude=none seed=42 epochs=100 weight_init=zeros}.
     */
    public String label(List<Setting<?>> also) {
        StringBuilder b = new StringBuilder(label());
        for (Setting<?> s : also) {
            b.append(' ').append(s.key()).append('=').append(s.textIn(this));
        }
        return b.toString();
    }

    /**
     * The settings besides {@link #label()}'s five whose values differ among {@code specs}, of those that label a
     * configuration ({@link Setting#labelsConfig()}), in {@link #SETTINGS} order: what else tells the trials of one
     * sweep apart, for their labels.
     */
    public static List<Setting<?>> varying(Collection<TrialSpec> specs) {
        Set<Setting<?>> shown = Set.of(MODEL, LR, BN_EXCLUDE, SEED, EPOCHS);
        List<Setting<?>> varying = new ArrayList<>();
        for (Setting<?> s : SETTINGS) {
            if (s.labelsConfig()
                    && !shown.contains(s)
                    && specs.stream().map(s::textIn).distinct().count() > 1) {
                varying.add(s);
            }
        }
        return List.copyOf(varying);
    }

    /** A builder with every setting at its default (a dataset path must still be set). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fluent construction: every setting starts at its default; {@link #build()} checks each value by its setting's
     * rule (message {@code KEY must be ..., found VALUE}), then the record checks the combinations.
     */
    public static final class Builder {
        private static final Constructor<TrialSpec> CANONICAL = canonical();
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

        private Builder() {
            for (Setting<?> s : SETTINGS) {
                values.put(s, s.defaultValue());
            }
        }

        /** Sets {@code setting}; null means its default where that depends on another setting (the activation). */
        public <T> Builder set(Setting<T> setting, T value) {
            values.put(setting, setting.cast(value));
            return this;
        }

        /** Sets a setting from a value of its type given as an Object (as a parsed sweep holds them). */
        public Builder setValue(Setting<?> setting, Object value) {
            values.put(setting, setting.cast(value));
            return this;
        }

        public Builder dataset(DatasetSpec d) {
            return set(DATASET, d.name())
                    .set(DATASET_PATH, d.path())
                    .set(TRAIN_LIMIT, d.trainLimit())
                    .set(TEST_LIMIT, d.testLimit());
        }

        // Shorthands for the settings tests and the benchmark use most; any setting can be given with set(...).
        public Builder model(ModelKind v) {
            return set(MODEL, v);
        }

        public Builder activation(Activation v) {
            return set(ACTIVATION, v);
        }

        public Builder batchSize(int v) {
            return set(BATCH_SIZE, v);
        }

        public Builder lr(double v) {
            return set(LR, v);
        }

        public Builder bnExcluded(List<Integer> v) {
            return set(BN_EXCLUDE, v);
        }

        public Builder bnVariant(BnVariant v) {
            return set(BN_VARIANT, v);
        }

        public Builder bnImpl(BnImpl v) {
            return set(BN_IMPL, v);
        }

        public Builder kernels(Kernels v) {
            return set(KERNELS, v);
        }

        public Builder lrSchedule(LrSchedule v) {
            return set(LR_SCHEDULE, v);
        }

        public Builder biasRemoval(BiasRemoval v) {
            return set(BIAS_REMOVAL, v);
        }

        public Builder weightInit(WeightInit v) {
            return set(WEIGHT_INIT, v);
        }

        public Builder weightDecay(double v) {
            return set(WEIGHT_DECAY, v);
        }

        public Builder dropout(double v) {
            return set(DROPOUT, v);
        }

        public Builder patience(int v) {
            return set(EARLY_STOPPING_PATIENCE, v);
        }

        public Builder validationSplit(double v) {
            return set(VALIDATION_SPLIT, v);
        }

        public Builder seed(long v) {
            return set(SEED, v);
        }

        public Builder epochs(int v) {
            return set(EPOCHS, v);
        }

        public Builder probeSize(int v) {
            return set(PROBE_SIZE, v);
        }

        @SuppressWarnings("unchecked")
        private <T> T value(Setting<T> s) {
            return (T) values.get(s);
        }

        public TrialSpec build() {
            for (Setting<?> s : SETTINGS) {
                check(s);
            }
            DatasetSpec dataset =
                    new DatasetSpec(value(DATASET), value(DATASET_PATH), value(TRAIN_LIMIT), value(TEST_LIMIT));
            RecordComponent[] components = TrialSpec.class.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                args[i] = name.equals("dataset") ? dataset : values.get(byComponent(name));
            }
            try {
                return CANONICAL.newInstance(args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("TrialSpec's canonical constructor", e);
            }
        }

        private <T> void check(Setting<T> s) {
            T v = value(s);
            if (v == null && s.defaultValue() != null) {
                throw new IllegalArgumentException(s.key() + " must be given");
            }
            s.check(s.key(), v, v);
        }

        private static Setting<?> byComponent(String name) {
            for (Setting<?> s : SETTINGS) {
                if (s.component().equals(name)) {
                    return s;
                }
            }
            throw new IllegalStateException("TrialSpec component " + name + " has no entry in SETTINGS");
        }

        private static Constructor<TrialSpec> canonical() {
            try {
                Class<?>[] types = java.util.Arrays.stream(TrialSpec.class.getRecordComponents())
                        .map(RecordComponent::getType)
                        .toArray(Class<?>[]::new);
                return TrialSpec.class.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
