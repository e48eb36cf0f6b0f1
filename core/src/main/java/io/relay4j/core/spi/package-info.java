/**
 * For provider and store authors, not for applications: what they implement and what the router hands them.
 * {@link io.relay4j.core.spi.ProviderCallObserver} is what a provider reports to the router while a call runs
 * (an {@link io.relay4j.core.LlmProvider} implementation finds it in the subscriber context);
 * {@link io.relay4j.core.spi.BudgetStore} is where {@link io.relay4j.core.budget.BudgetTracker} keeps spending,
 * in this JVM by default or in a shared store of your own; {@link io.relay4j.core.spi.HealthStore} is how the
 * instances of a fleet share what each learns about its providers' health ({@link io.relay4j.core.spi.HealthRecord}s
 * and the half-open probe's lease), nothing by default ({@code relay4j-redis} implements both on Redis).
 *
 * <p>Stability: these types change only in a release that says so. A method added to an interface here comes with
 * a default that keeps existing implementations compiling and behaving as before (as the reservation methods of
 * {@code BudgetStore} did), and a removal or a change of contract is announced one minor release ahead. The
 * contracts in each type's Javadoc (thread safety, no blocking, what the router relies on) are part of the API.
 * Packages named {@code internal} (the HTTP transport and wire protocols of the providers module among them) are
 * no SPI and may change in any release.
 */
package io.relay4j.core.spi;
