package io.relay4j.benchmarks.load;

import java.lang.management.ManagementFactory;

/** This process's CPU time (all threads), so a run can report CPU per call beside wall-clock latency. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
