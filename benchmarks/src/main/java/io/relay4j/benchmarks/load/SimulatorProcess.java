package io.relay4j.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SimulatorMain} in a child JVM on this JVM's class path, so the measured process holds only the client.
 * {@link #close()} closes the child's standard input (it then stops) and waits for it.
 */
public final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final List<String> baseUrls;

    private SimulatorProcess(Process process, List<String> baseUrls) {
        this.process = process;
        this.baseUrls = baseUrls;
    }

    /** Starts one simulator per {@code PORT:BEHAVIOUR} spec and returns once all listen. */
    public static SimulatorProcess start(String heap, String... specs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName()));
        command.addAll(List.of(specs));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> baseUrls = new ArrayList<>();
        while (baseUrls.size() < specs.length) {
            String line = out.readLine();
            if (line == null) {
                process.destroy();
                throw new IOException("the simulator process ended before it listened on every port " + List.of(specs));
            }
            if (line.startsWith("ready ")) {
                baseUrls.add(line.split(" ")[2]);
            }
        }
        Thread drain = new Thread(() -> drain(out), "simulator-stdout");
        drain.setDaemon(true);
        drain.start();
        return new SimulatorProcess(process, baseUrls);
    }

    /** Keeps the child's standard output flowing, so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // nothing after the ready lines is needed
            }
        } catch (IOException closed) {
            // the child ended
        }
    }

    /** Base URLs in the order of the specs. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
