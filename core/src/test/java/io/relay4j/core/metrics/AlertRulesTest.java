package io.relay4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.testing.RouterTraffic;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The shipped alert rules only use metric names that relay4j's meters really produce in Prometheus. */
class AlertRulesTest {

    private static final Path RULES = Path.of("..", "observability", "prometheus", "relay4j-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("\\b((?:relay4j|gen_ai)_[a-z0-9_]+)\\b");
    private static final Pattern LABEL_MATCHER = Pattern.compile("\\b([a-z_]+)\\s*(?:=~|!~|!=|=)\\s*\"");

    @Test
    void everyMetricTheRulesUseIsInTheScrapeAfterTypicalTraffic() throws IOException {
        List<String> expressions = expressionsOf(Files.readAllLines(RULES));
        Set<String> ruleMetrics = matches(METRIC, expressions);
        assertThat(ruleMetrics).as("rules parsed from " + RULES)
                .containsExactlyInAnyOrder("relay4j_attempts_total", "relay4j_provider_available",
                        "relay4j_budget_spent_ratio");

        String scrape = scrapeAfterTypicalTraffic();
        Set<String> scrapedNames = scrape.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        assertThat(scrapedNames).containsAll(ruleMetrics);
    }

    @Test
    void everyLabelTheRulesMatchOnIsOnTheMetrics() throws IOException {
        Set<String> labels = matches(LABEL_MATCHER, expressionsOf(Files.readAllLines(RULES)));
        assertThat(labels).containsExactlyInAnyOrder("outcome", "error_type");

        String scrape = scrapeAfterTypicalTraffic();
        assertThat(scrape).contains("relay4j_attempts_total{error_type=\"server_error\"")
                .containsPattern("relay4j_attempts_total\\{[^}]*outcome=\"failed\"")
                .containsPattern("relay4j_attempts_total\\{[^}]*outcome=\"success\"")
                .containsPattern("relay4j_provider_available\\{provider=\"anthropic\"}")
                .containsPattern("relay4j_budget_spent_ratio\\{period=\"day\",provider=\"openai\"} 0\\.85");
    }

    private static String scrapeAfterTypicalTraffic() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        time.advanceTimeTo(Instant.parse("2026-11-25T12:00:00Z"));
        BudgetTracker budgets = BudgetTracker.builder(BudgetConfig.custom()
                .limit("openai", new BigDecimal("10"), BudgetPeriod.DAY).build()).clock(time).build();
        new RouterTraffic(MicrometerRouterListener.builder(prometheus).budgets(budgets).build()).typicalDay();
        budgets.record("openai", new BigDecimal("8.5"));
        return prometheus.scrape();
    }

    /** The text of every {@code expr:}, inline or as a {@code |} block of more-indented lines. */
    static List<String> expressionsOf(List<String> yaml) {
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < yaml.size(); i++) {
            String line = yaml.get(i);
            int at = line.indexOf("expr:");
            if (at < 0 || line.strip().startsWith("#")) {
                continue;
            }
            String inline = line.substring(at + "expr:".length()).strip();
            if (!inline.startsWith("|") && !inline.startsWith(">")) {
                expressions.add(inline);
                continue;
            }
            StringBuilder block = new StringBuilder();
            for (int j = i + 1; j < yaml.size() && (yaml.get(j).isBlank() || indent(yaml.get(j)) > at); j++) {
                block.append(yaml.get(j).strip()).append('\n');
            }
            expressions.add(block.toString());
        }
        return expressions;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static Set<String> matches(Pattern pattern, List<String> texts) {
        Set<String> found = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }
}
