package org.normsweep.model.vector;

/**
 * One step of the engine's forward and backward pass over a batch, on arrays allocated once per trial: it reads
 * its predecessor's {@link #out} and writes its own; backward reads {@link #dOut} (its successor's {@link #dIn})
 * and writes {@link #dIn} (null where nobody reads the input gradient).
 */
abstract class Stage {
    /** How a forward pass runs: a training step, a training-mode evaluation (no statistics update), inference. */
    enum Mode {
        STEP,
        TRAIN_EVAL,
        INFER
    }

    final String name;
    float[] out;
    float[] dIn;
    float[] dOut;
    /** Values per example in {@link #out} (set by {@link #outBuffer}). */
    int width;
    /**
     * For stages that check their input as they read it (the activations: sigmoid and ReLU would turn an infinite
     * input into a finite output): NaN when the last forward pass's input held a NaN or infinite value, else 0.
     */
    float probe;
    /** Whether the stages that can ({@link #probe}) check their input: off only to time what checking costs. */
    boolean checkInput = true;

    Stage(String name) {
        this.name = name;
    }

    abstract void forward(int batch, Mode mode);

    abstract void backward(int batch);

    /** {@link #buffer} for {@link #out}, remembering its {@link #width}. */
    final float[] outBuffer(int batch, int perExample) {
        width = perExample;
        return buffer(batch, perExample);
    }

    /** A buffer of {@code perExample * batch} floats, rounded up to whole 16-float vectors plus one spare. */
    static float[] buffer(int batch, int perExample) {
        long n = (long) batch * perExample;
        return new float[Math.toIntExact((n + 31) / 16 * 16)];
    }
}
