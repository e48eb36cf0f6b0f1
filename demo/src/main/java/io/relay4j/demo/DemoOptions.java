package io.relay4j.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's command-line options, each {@code --name=value}.
 *
 * @param duration    how long traffic runs ({@code --duration=60s}, or plain seconds)
 * @param rate        requests started per second ({@code --rate=25})
 * @param streamShare the fraction of requests that stream ({@code --stream-share=0.5})
 * @param agentShare  the fraction of requests that are tool-using agent conversations ({@code --agent-share=0.2})
 * @param scenario    {@code story} (ban, throttle, recovery), {@code steady} (no faults) or {@code chaos} (random faults)
 * @param report      where the HTML report goes ({@code --report=relay4j-demo-report.html})
 * @param real        {@code --real}: send a few requests to the real vendors whose keys are set, instead
 */
record DemoOptions(Duration duration, int rate, double streamShare, double agentShare, String scenario, Path report,
                   boolean real) {

    static final String USAGE = """
            usage: java -jar demo/target/relay4j-demo.jar [--duration=60s] [--rate=25] [--stream-share=0.5]
                   [--agent-share=0.2] [--scenario=story|steady|chaos] [--report=relay4j-demo-report.html] [--real]
              --agent-share  the fraction of requests that are tool-using agent conversations
              --real  sends a few requests through the router to the real vendors whose keys are set
                      (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY) instead of the simulators""";

    DemoOptions {
        if (duration.isNegative() || duration.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("--duration must be at least 5s, got " + duration.toSeconds() + "s");
        }
        if (rate < 1 || rate > 5_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 5000 requests per second, got " + rate);
        }
        if (!(streamShare >= 0 && streamShare <= 1)) {
            throw new IllegalArgumentException("--stream-share must be between 0 and 1, got " + streamShare);
        }
        if (!(agentShare >= 0 && agentShare <= 1)) {
            throw new IllegalArgumentException("--agent-share must be between 0 and 1, got " + agentShare);
        }
        if (!scenario.equals("story") && !scenario.equals("steady") && !scenario.equals("chaos")) {
            throw new IllegalArgumentException("--scenario must be story, steady or chaos, got '" + scenario + "'");
        }
    }

    static DemoOptions parse(String... args) {
        Duration duration = Duration.ofSeconds(60);
        int rate = 25;
        double streamShare = 0.5;
        double agentShare = 0.2;
        String scenario = "story";
        Path report = Path.of("relay4j-demo-report.html");
        boolean real = false;
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
                case "--rate" -> rate = Integer.parseInt(value);
                case "--stream-share" -> streamShare = Double.parseDouble(value);
                case "--agent-share" -> agentShare = Double.parseDouble(value);
                case "--scenario" -> scenario = value;
                case "--report" -> report = Path.of(value);
                case "--real" -> real = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new DemoOptions(duration, rate, streamShare, agentShare, scenario, report, real);
    }
}
