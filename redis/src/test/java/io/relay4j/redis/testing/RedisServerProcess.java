package io.relay4j.redis.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package, which {@code .ci/run} installs when missing) run by a test on a
 * free loopback port, without persistence: each test gets a server of its own, which it may kill (SIGKILL, as a
 * crash) and start again on the same port. Fails with a clear message when the binary is missing: a fleet test
 * must not pass without the server it tests against.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/sbin/redis-server",
            "/usr/local/bin/redis-server");

    private final int port;
    private final Path dir;
    private final List<String> leadingArgs;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(int port, Path dir, List<String> leadingArgs, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.leadingArgs = List.copyOf(leadingArgs);
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on a free port and waits until it accepts connections. */
    public static RedisServerProcess start() {
        return start(List.of());
    }

    /** Starts a server with more options (e.g. {@code --requirepass secret}) and waits until it accepts connections. */
    public static RedisServerProcess start(List<String> extraArgs) {
        return launch(freePort(), tempDir(), List.of(), extraArgs);
    }

    /**
     * Starts a server that speaks TLS only, on {@link #port()} (the plain port is off), with {@code certificates}'
     * server certificate; clients need not present one. More options (e.g. {@code --requirepass}) in
     * {@code extraArgs}.
     */
    public static RedisServerProcess startTls(TestCertificates certificates, List<String> extraArgs) {
        int port = freePort();
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--tls-port", String.valueOf(port),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                "--tls-auth-clients", "no"));
        args.addAll(extraArgs);
        return launch(port, tempDir(), List.of(), args);
    }

    /**
     * Starts a Sentinel (the same binary, {@code --sentinel}) on a free port that monitors the master on
     * {@code masterPort} as {@code masterName} with a quorum of 1, so it alone decides a failover; the master is
     * deemed down after 500 ms without an answer.
     */
    public static RedisServerProcess startSentinel(String masterName, int masterPort) {
        return startSentinel(masterName, masterPort, List.of());
    }

    /** {@link #startSentinel(String, int)} with more lines for its configuration file. */
    public static RedisServerProcess startSentinel(String masterName, int masterPort, List<String> moreConfig) {
        Path dir = tempDir();
        Path conf = dir.resolve("sentinel.conf");
        try {
            // Sentinel rewrites its configuration file with what it learns, so it must be a writable file of its own
            List<String> lines = new java.util.ArrayList<>(List.of(
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 500",
                    "sentinel failover-timeout " + masterName + " 5000",
                    "sentinel parallel-syncs " + masterName + " 1"));
            lines.addAll(moreConfig);
            Files.writeString(conf, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("could not write the Sentinel's configuration: " + e.getMessage(), e);
        }
        return launch(freePort(), dir, List.of(conf.toString(), "--sentinel"), List.of());
    }

    private static RedisServerProcess launch(int port, Path dir, List<String> leadingArgs, List<String> extraArgs) {
        RedisServerProcess server = new RedisServerProcess(port, dir, leadingArgs, extraArgs);
        try {
            server.restart();
        } catch (RuntimeException e) {
            server.kill();
            throw e;
        }
        return server;
    }

    /**
     * Starts a one-node Redis Cluster (the node owns every slot): a cluster to Lettuce's cluster client, with
     * topology discovery, slot routing and cluster pub/sub. Returns once the cluster's state is ok.
     */
    public static RedisServerProcess startCluster() {
        RedisServerProcess server = start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(server.uri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clusterAddSlots(java.util.stream.IntStream.range(0, 16384).toArray());
            RecordedUpdates.Await.until(() -> c.sync().clusterInfo().contains("cluster_state:ok"),
                    Duration.ofSeconds(8), "the cluster did not form");
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        } finally {
            client.shutdown();
        }
        return server;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server as a crash would (SIGKILL): connections drop at once and its data is gone. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server (again) on the same port, empty, and waits until it accepts connections. */
    public void restart() {
        kill();
        try {
            List<String> command = new java.util.ArrayList<>(List.of(binary()));
            command.addAll(leadingArgs);
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--protected-mode", "no"));
            command.addAll(extraArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
        awaitAccepting(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitAccepting(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with " + process.exitValue()
                        + "; see " + dir.resolve("redis.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not accept connections on port " + port + " within " + limit);
    }

    private static String binary() {
        for (String candidate : BINARIES) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed: the fleet tests run against a real Redis. "
                + "Install Debian's package (apt-get install redis-server) or run `bash .ci/run`, which does.");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for redis-server: " + e.getMessage(), e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("relay4j-redis");
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
    }
}
