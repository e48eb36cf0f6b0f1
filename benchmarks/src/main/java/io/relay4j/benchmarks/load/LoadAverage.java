package io.relay4j.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, printed beside each measurement so a reader can judge the noise. */
public final class LoadAverage {

    private LoadAverage() {
    }

    public static String now() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException unavailable) {
            return "n/a";
        }
    }
}
