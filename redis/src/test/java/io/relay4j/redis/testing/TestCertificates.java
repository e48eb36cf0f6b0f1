package io.relay4j.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, for {@code 127.0.0.1} and
 * {@code localhost} (as IP and DNS subject alternative names, so a client that verifies the host accepts it), made
 * by the {@code openssl} command line in a temporary directory when a test asks: no key or certificate is kept in
 * the repository. PEM files, as redis-server and Lettuce's {@code SslOptions.trustManager(File)} read them.
 */
public final class TestCertificates {

    private final Path caCertificate;
    private final Path serverCertificate;
    private final Path serverKey;

    private TestCertificates(Path dir) {
        this.caCertificate = dir.resolve("ca.crt");
        this.serverCertificate = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
    }

    /** Generates a fresh CA and server certificate (EC P-256, valid two days); fails clearly without openssl. */
    public static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("relay4j-tls");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=relay4j test CA");
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new IllegalStateException("could not generate test certificates: " + e.getMessage(), e);
        }
    }

    /** The CA's certificate: what a client trusts to accept the server. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** The CA's certificate, PEM, as bytes read once (a client's trust material, kept in memory). */
    public byte[] caPem() {
        try {
            return Files.readAllBytes(caCertificate);
        } catch (IOException e) {
            throw new IllegalStateException("could not read the test CA's certificate: " + e.getMessage(), e);
        }
    }

    public Path serverCertificate() {
        return serverCertificate;
    }

    public Path serverKey() {
        return serverKey;
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating test certificates", e);
        }
    }
}
