package org.normsweep.probe;

import java.util.List;
import org.normsweep.result.ActivationRecord;
import org.normsweep.result.HistogramRecord;

/** What one probe pass over the probe batch measured. */
public record ProbeReading(List<ActivationRecord> activations, List<HistogramRecord> histograms) {}
