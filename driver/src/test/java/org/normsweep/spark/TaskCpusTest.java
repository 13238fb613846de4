package org.normsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TaskCpusTest {
    @Test
    void threadsTimesConcurrentRunsIsTheCores() {
        assertEquals(1, TaskCpus.auto(2, 8), "more runs than cores: one thread each, one run per core");
        assertEquals(1, TaskCpus.auto(2, 2));
        assertEquals(2, TaskCpus.auto(2, 1), "a single run gets every core");
        assertEquals(4, TaskCpus.auto(16, 4));
        assertEquals(5, TaskCpus.auto(16, 3), "cores left over stay idle rather than oversubscribe");
        assertEquals(1, TaskCpus.auto(1, 0));
    }

    @Test
    void coresOfLocalMasters() {
        assertEquals(1, TaskCpus.localCores("local"));
        assertEquals(3, TaskCpus.localCores("local[3]"));
        assertEquals(2, TaskCpus.localCores("local[2,4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), TaskCpus.localCores("local[*]"));
    }
}
