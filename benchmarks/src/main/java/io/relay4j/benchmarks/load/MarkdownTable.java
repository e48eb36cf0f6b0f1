package io.relay4j.benchmarks.load;

import java.util.List;

/** Prints a result table in Markdown, numbers right-aligned, ready to paste into RESULTS.md. */
public final class MarkdownTable {

    private MarkdownTable() {
    }

    /** Prints a blank line, the header, the alignment row and {@code rows} (each already "| a | b |"). */
    public static void print(List<String> columns, List<String> rows) {
        System.out.println();
        System.out.println("| " + String.join(" | ", columns) + " |");
        System.out.println("|" + " ---: |".repeat(columns.size()));
        rows.forEach(System.out::println);
    }
}
