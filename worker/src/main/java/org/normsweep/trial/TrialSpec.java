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
 * small enough to ship from the driver to an executor.
 *
 * <p>The {@link #id()} is a content hash of every field that changes a result row. Left out on
 * purpose: the dataset's {@link DatasetSpec#path() path} (a location: the same images under two
 * paths give the same trial), the sweep's name, the run id, output paths and timestamps.
 *
 * @param model       the architecture
 * @param dataset     which images, and how many of them
 * @param batchSize   examples per SGD step
 * @param optimizer   the optimizer's name; only {@code sgd} (no momentum, no weight decay) so far
 * @param lr          learning rate, &gt; 0
 * @param bnExcluded  BN layers (1-based, network order) removed from the model; sorted, no repeats
 * @param seed        seeds weight initialisation and the data order
 * @param epochs      passes over the training set, &gt; 0
 * @param probeSize   how many training images make the fixed probe batch
 */
public record TrialSpec(ModelKind model, DatasetSpec dataset, int batchSize, String optimizer, double lr,
                        List<Integer> bnExcluded, long seed, int epochs, int probeSize) implements Serializable {

    /** Bump when the meaning of a field changes, so old ids are not confused with new results. */
    static final String ID_SCHEMA = "v1";

    public TrialSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(optimizer, "optimizer");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch_size must be > 0, found " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be > 0, found " + lr);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, found " + epochs);
        }
        if (probeSize <= 0) {
            throw new IllegalArgumentException("probe_size must be > 0, found " + probeSize);
        }
        if (!optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be sgd, found " + optimizer);
        }
        bnExcluded = List.copyOf(bnExcluded.stream().sorted().distinct().toList());
        for (int layer : bnExcluded) {
            if (layer < 1 || layer > model.bnLayerCount()) {
                throw new IllegalArgumentException("BN layer " + layer + " does not exist in " + model.key()
                        + " (its BN layers are 1.." + model.bnLayerCount() + ")");
            }
        }
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
                "dataset=" + dataset.name(),
                "train_limit=" + dataset.trainLimit(),
                "test_limit=" + dataset.testLimit(),
                "batch_size=" + batchSize,
                "optimizer=" + optimizer,
                "lr=" + Double.toString(lr),
                "bn_excluded=" + bnExcluded.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")),
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

    /** A short human label, e.g. {@code lenet lr=0.1 bn-excl=[1] seed=3 epochs=2}. */
    public String label() {
        return model.key() + " lr=" + lr + " bn-excl=" + bnExcluded + " seed=" + seed + " epochs=" + epochs;
    }
}
