package org.normsweep.cli;

import org.normsweep.train.BuildInfo;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "normsweep " + BuildInfo.codeVersion() + " (DL4J " + BuildInfo.dl4jVersion() + ", Java "
                    + System.getProperty("java.version") + ")"
        };
    }
}
