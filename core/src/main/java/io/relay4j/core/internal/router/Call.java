package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.Usage;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.internal.strategy.ConcurrencyLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One call to one provider within a request. Its outcome is recorded exactly once: whichever of answer,
 * failure and cancellation {@linkplain #close() closes} it first wins, since a cancel may race the answer
 * on another thread.
 */
public final class Call {

    private static final AtomicIntegerFieldUpdater<Call> CLOSED = AtomicIntegerFieldUpdater.newUpdater(Call.class, "closed");
    private static final AtomicIntegerFieldUpdater<Call> SKIPPED =
            AtomicIntegerFieldUpdater.newUpdater(Call.class, "skippedEvents");

    private final ProviderSlot slot;
    private final Attempt.Kind kind;
    private final long probeToken;
    private final boolean panic;
    private final long startNanos;
    private final ConcurrencyLimiter limiter;
    private final BudgetTracker.Reservation reservation;
    private volatile long promptTokens;
    private volatile long receivedChars;
    private volatile int closed;
    private volatile int skippedEvents;
    private volatile long firstChunkNanos = -1;
    private LlmException error;
    private long failedAtNanos;

    /**
     * @param permit       the provider's concurrency limiter, one of whose slots this call holds until it is closed
     * @param reservation  what the call holds on the provider's budgets, settled when its outcome is recorded
     * @param promptTokens the estimated prompt tokens of the request as sent, for estimated usage
     */
    Call(ProviderSlot slot, Attempt.Kind kind, long probeToken, boolean panic, long startNanos,
         ConcurrencyLimiter permit, BudgetTracker.Reservation reservation, long promptTokens) {
        this.slot = slot;
        this.kind = kind;
        this.probeToken = probeToken;
        this.panic = panic;
        this.startNanos = startNanos;
        this.limiter = permit;
        this.reservation = reservation;
        this.promptTokens = promptTokens;
        slot.callStarted();
    }

    /** The provider's concurrency limiter, which this call's outcome informs when the limit is adaptive. */
    ConcurrencyLimiter limiter() {
        return limiter;
    }

    BudgetTracker.Reservation reservation() {
        return reservation;
    }

    /** The request sent differs from the one admitted (a continuation): its prompt estimate replaces the old. */
    public void sent(long estimatedPromptTokens) {
        this.promptTokens = estimatedPromptTokens;
    }

    /** For a stream: {@code chars} characters of text arrived (one thread at a time: the call's signals are serial). */
    public void received(int chars) {
        if (chars > 0) {
            receivedChars += chars;
        }
    }

    /** The characters of text that arrived so far. */
    public long receivedChars() {
        return receivedChars;
    }

    /** The router's estimate of what the vendor may bill for this call when it reported nothing. */
    Usage estimatedUsage() {
        return Usage.of(promptTokens, TokenEstimate.outputTokens(receivedChars));
    }

    public ProviderSlot slot() {
        return slot;
    }

    public Attempt.Kind kind() {
        return kind;
    }

    /** Positive when this call is its provider's half-open probe. */
    public long probeToken() {
        return probeToken;
    }

    /** True when this call goes to a cooling-down provider because every provider was cooling down. */
    public boolean panic() {
        return panic;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The call's failure, as the router classified it; null until it failed. */
    public LlmException error() {
        return error;
    }

    /** When the call failed, on the router's clock; meaningful once {@link #error()} is set. */
    long failedAtNanos() {
        return failedAtNanos;
    }

    void failedWith(LlmException failure, long nanos) {
        this.error = failure;
        this.failedAtNanos = nanos;
    }

    /** For a stream: notes when its first text chunk arrived; true for that first note, false for later ones. */
    public boolean firstChunkAt(long nanos) {
        if (firstChunkNanos < 0) {
            firstChunkNanos = nanos;
            return true;
        }
        return false;
    }

    /** For a stream that produced text: the time from the call's start to its first text chunk. */
    public Optional<Duration> timeToFirstChunk() {
        long at = firstChunkNanos;
        return at < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(at - startNanos));
    }

    /** The provider skipped one malformed event of this call's answer; may be called from any thread. */
    void malformedEventSkipped() {
        SKIPPED.incrementAndGet(this);
    }

    /** How many malformed events the provider skipped in this call so far. */
    public int skippedEvents() {
        return skippedEvents;
    }

    public boolean isOpen() {
        return closed == 0;
    }

    /**
     * Claims the right to record this call's outcome, giving back its concurrency permit and ending it on its
     * provider's slot (which closes a removed provider after its last call); false when another outcome was
     * recorded first.
     */
    boolean close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            limiter.giveBack();
            slot.callEnded();
            return true;
        }
        return false;
    }
}
