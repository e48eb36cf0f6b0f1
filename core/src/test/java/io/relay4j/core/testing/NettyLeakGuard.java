package io.relay4j.core.testing;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer (or any other leak-tracked resource) while it ran.
 *
 * <p>Register it with {@code @ExtendWith(NettyLeakGuard.class)} or as a static {@code @RegisterExtension}.
 * Before the class it raises leak detection to {@code PARANOID} (every buffer tracked); after the class it
 * forces a few garbage collections and allocates buffers so that reports of buffers collected without being
 * released surface, and fails the class with every leak record in the message.
 *
 * <p>Leaks are recorded from every leak detector Netty creates once this class is loaded, and from the
 * {@code ByteBuf} detector even when Netty created it earlier. A report that surfaces while a class runs is
 * charged to that class, so a leak from an unguarded class that ran just before can show up here: the
 * records name the allocation site either way.
 *
 * <p>Netty tracks pooled buffers and unpooled <em>direct</em> buffers; unpooled heap buffers
 * ({@code Unpooled.buffer}, {@code Unpooled.wrappedBuffer(byte[])}) are left to the garbage collector and never
 * reported, so tests that want leaks caught should feed pooled or direct buffers.
 */
public final class NettyLeakGuard implements BeforeAllCallback, AfterAllCallback {

    private static final int COLLECTION_ROUNDS = 4;
    private static final long REFERENCE_PROCESSING_WAIT_MS = 200;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakGuard.class);

    private static final List<String> REPORTS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        hookByteBufDetector();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        context.getStore(NAMESPACE).put("mark", mark());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaksSince(context.getStore(NAMESPACE).getOrDefault("mark", Integer.class, 0),
                context.getDisplayName());
    }

    /**
     * What the guard does after a class: surfaces pending reports and throws an {@link AssertionError} listing
     * every leak recorded after {@code mark}, charged to {@code scope} (a test class's name).
     */
    public static void assertNoLeaksSince(int mark, String scope) {
        List<String> leaks = surfaceLeaksSince(mark);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak report(s) while " + scope
                    + " ran (release every buffer exactly once):\n" + String.join("\n----\n", leaks));
        }
    }

    /** The position in the leak log now; pass it to {@link #surfaceLeaksSince(int)} later. */
    public static int mark() {
        synchronized (REPORTS) {
            return REPORTS.size();
        }
    }

    /**
     * Forces pending leak reports out (garbage collection, then buffer allocations, which is when Netty
     * reports) and returns every report recorded after {@code mark}. Blocks the calling thread briefly:
     * call it from a test thread, never from an event loop.
     */
    public static List<String> surfaceLeaksSince(int mark) {
        for (int round = 0; round < COLLECTION_ROUNDS; round++) {
            collectGarbageAndAwaitReferenceProcessing();
            allocateAndRelease();
        }
        synchronized (REPORTS) {
            return List.copyOf(REPORTS.subList(Math.min(mark, REPORTS.size()), REPORTS.size()));
        }
    }

    private static void record(String resourceType, String records) {
        synchronized (REPORTS) {
            REPORTS.add("LEAK of " + resourceType + (records.isEmpty() ? " (no access records)" : ":" + records));
        }
    }

    private static void collectGarbageAndAwaitReferenceProcessing() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            // once the sentinel is enqueued, the collector has handed this cycle's references over
            queue.remove(REFERENCE_PROCESSING_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    private static void allocateAndRelease() {
        // Netty drains its queue of collected-but-unreleased buffers when it tracks a new allocation
        for (int i = 0; i < 8; i++) {
            Unpooled.directBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.buffer(1).release();
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
    }

    private static void hookByteBufDetector() {
        try {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            ((ResourceLeakDetector<?>) field.get(null)).setLeakListener(NettyLeakGuard::record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException(
                    "NettyLeakGuard cannot listen to Netty's ByteBuf leak detector (Netty changed its internals?)", e);
        }
    }

    /** Builds Netty's own detectors, with the guard listening to their reports. */
    @SuppressWarnings("deprecation") // Netty still calls the maxActive variant
    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
            detector.setLeakListener(NettyLeakGuard::record);
            return detector;
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
            detector.setLeakListener(NettyLeakGuard::record);
            return detector;
        }
    }
}
