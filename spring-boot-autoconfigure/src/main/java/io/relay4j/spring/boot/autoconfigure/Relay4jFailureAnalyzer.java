package io.relay4j.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad {@code relay4j.*} property as Boot reports any bad property: what is wrong, then what to change. */
final class Relay4jFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRelay4jPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRelay4jPropertyException cause) {
        return new FailureAnalysis("Invalid relay4j configuration property '" + cause.property() + "': "
                + cause.reason(), "Update '" + cause.property() + "' in your application's configuration.", cause);
    }
}
