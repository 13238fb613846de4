package org.normsweep.cli;

import java.nio.file.Path;
import java.util.List;
import org.normsweep.spark.HadoopDatasetFiles;
import org.normsweep.sweep.DatasetLocator;
import org.normsweep.sweep.GridExpander;
import org.normsweep.sweep.Sweep;
import org.normsweep.sweep.SweepParser;
import org.normsweep.trial.TrialSpec;

/** A sweep file read, checked and expanded: everything {@code plan} and {@code run} share. */
record SweepInput(Sweep sweep, DatasetLocator.Located data, List<TrialSpec> trials) {
    static SweepInput read(Path file) {
        Sweep sweep = SweepParser.parse(file);
        HadoopDatasetFiles.install(); // a dataset_path URI is checked with the reader executors use
        DatasetLocator.Located data = DatasetLocator.locate(sweep);
        return new SweepInput(sweep, data, GridExpander.expand(sweep, data.location()));
    }
}
