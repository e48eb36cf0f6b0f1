package io.relay4j.benchmarks.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A harness's {@code --name value} options, checked against the names it accepts, with defaults. */
public final class HarnessArgs {

    private final Map<String, String> values = new HashMap<>();

    private HarnessArgs() {
    }

    /** Parses {@code args}; an unknown name or a name without a value is an error that lists the known ones. */
    public static HarnessArgs parse(String[] args, Set<String> known) {
        HarnessArgs parsed = new HarnessArgs();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (use " + String.join(", ", known) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            parsed.values.put(name, args[i + 1]);
        }
        return parsed;
    }

    public int integer(String name, int defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** A comma-separated list of integers, such as concurrency levels. */
    public int[] integers(String name, int... defaultValues) {
        String value = values.get(name);
        return value == null ? defaultValues : Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
