package io.relay4j.core.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads price tables in relay4j's small CSV format; every mistake names its source and line. */
final class PricingCsv {

    static final String HEADER = "vendor,model,input,output,cached_input";

    private PricingCsv() {
    }

    static List<ModelPrice> parse(Reader csv, String source) {
        List<ModelPrice> prices = new ArrayList<>();
        BufferedReader reader = new BufferedReader(csv);
        boolean headerSeen = false;
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (!headerSeen) {
                    if (!trimmed.replace(" ", "").equalsIgnoreCase(HEADER)) {
                        throw problem(source, lineNumber, "the first line must be the header '" + HEADER + "'");
                    }
                    headerSeen = true;
                    continue;
                }
                prices.add(parseLine(trimmed, source, lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price table " + source, e);
        }
        if (!headerSeen) {
            throw problem(source, lineNumber, "no header '" + HEADER + "' found");
        }
        return prices;
    }

    private static ModelPrice parseLine(String line, String source, int lineNumber) {
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw problem(source, lineNumber, "expected 5 comma-separated fields (" + HEADER + "), found "
                    + fields.length);
        }
        BigDecimal input = number(fields[2], "input", source, lineNumber);
        BigDecimal output = number(fields[3], "output", source, lineNumber);
        Optional<BigDecimal> cached = fields[4].isBlank()
                ? Optional.empty()
                : Optional.of(number(fields[4], "cached_input", source, lineNumber));
        try {
            return new ModelPrice(fields[0].strip(), fields[1].strip(), input, output, cached);
        } catch (IllegalArgumentException e) {
            throw problem(source, lineNumber, e.getMessage());
        }
    }

    private static BigDecimal number(String field, String column, String source, int lineNumber) {
        try {
            return new BigDecimal(field.strip());
        } catch (NumberFormatException e) {
            throw problem(source, lineNumber, "column " + column + " must be a decimal price, was '"
                    + field.strip() + "'");
        }
    }

    private static IllegalArgumentException problem(String source, int lineNumber, String what) {
        return new IllegalArgumentException("price table " + source + ", line " + lineNumber + ": " + what);
    }
}
