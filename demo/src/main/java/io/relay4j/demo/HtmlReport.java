package io.relay4j.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the run's report: a self-contained HTML page (inline SVG, no scripts, no network) with the
 * traffic share per provider over time, latency percentiles over time, the scenario's events and a
 * summary table.
 */
final class HtmlReport {

    /** A scenario event drawn as a vertical marker on both charts. */
    record Marker(int second, String label) {
    }

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 260;
    private static final int PAD = 45;

    private HtmlReport() {
    }

    static void write(Path file, String title, List<String> providers, List<SecondStats> seconds,
                      List<Marker> markers, List<String[]> summaryRows) throws IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:24px;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                        + "th{background:#f3f3f3}td:first-child{text-align:left}.legend span{margin-right:18px}"
                        + "</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        html.append("<h2>Traffic share per provider</h2>").append(legend(providers));
        html.append(shareChart(providers, seconds, markers));
        html.append("<h2>Latency percentiles (ms)</h2>").append(legend(List.of("p50", "p99")));
        html.append(latencyChart(seconds, markers));
        html.append("<h2>Scenario</h2><ul>");
        for (Marker m : markers) {
            html.append("<li>t=").append(m.second()).append(" s: ").append(escape(m.label())).append("</li>");
        }
        html.append("</ul><h2>Summary</h2><table>");
        for (int i = 0; i < summaryRows.size(); i++) {
            html.append("<tr>");
            for (String cell : summaryRows.get(i)) {
                String tag = i == 0 ? "th" : "td";
                html.append('<').append(tag).append('>').append(escape(cell)).append("</").append(tag).append('>');
            }
            html.append("</tr>");
        }
        html.append("</table></body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static String legend(List<String> names) {
        StringBuilder sb = new StringBuilder("<div class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            sb.append("<span><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"")
                    .append(COLORS[i % COLORS.length]).append("\"/></svg> ").append(escape(names.get(i))).append("</span>");
        }
        return sb.append("</div>").toString();
    }

    /** Stacked areas: at each second the providers' shares of answered requests, plus failures on top. */
    private static String shareChart(List<String> providers, List<SecondStats> seconds, List<Marker> markers) {
        StringBuilder svg = open(seconds.size(), markers, "100%", "0%");
        double[] base = new double[seconds.size()];
        for (int p = 0; p < providers.size(); p++) {
            StringBuilder top = new StringBuilder();
            StringBuilder bottom = new StringBuilder();
            for (int i = 0; i < seconds.size(); i++) {
                double share = seconds.get(i).share(providers.get(p));
                top.append(x(i, seconds.size())).append(',').append(y(base[i] + share, 1.0)).append(' ');
                bottom.insert(0, x(i, seconds.size()) + "," + y(base[i], 1.0) + " ");
                base[i] += share;
            }
            svg.append("<polygon fill=\"").append(COLORS[p % COLORS.length]).append("\" fill-opacity=\"0.8\" points=\"")
                    .append(top).append(bottom).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static String latencyChart(List<SecondStats> seconds, List<Marker> markers) {
        double max = 1;
        for (SecondStats s : seconds) {
            if (!Double.isNaN(s.p99Millis())) {
                max = Math.max(max, s.p99Millis());
            }
        }
        StringBuilder svg = open(seconds.size(), markers, format(max), "0");
        svg.append(polyline(seconds, max, false, COLORS[0])).append(polyline(seconds, max, true, COLORS[1]));
        return svg.append("</svg>").toString();
    }

    private static String polyline(List<SecondStats> seconds, double max, boolean p99, String color) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < seconds.size(); i++) {
            double v = p99 ? seconds.get(i).p99Millis() : seconds.get(i).p50Millis();
            if (!Double.isNaN(v)) {
                points.append(x(i, seconds.size())).append(',').append(y(v, max)).append(' ');
            }
        }
        return "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + color + "\" points=\"" + points + "\"/>";
    }

    private static StringBuilder open(int n, List<Marker> markers, String topLabel, String bottomLabel) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 30).append("\" style=\"background:#fafafa;border:1px solid #ddd\">");
        svg.append("<line x1=\"").append(PAD).append("\" y1=\"").append(HEIGHT - PAD / 2).append("\" x2=\"")
                .append(WIDTH - 10).append("\" y2=\"").append(HEIGHT - PAD / 2).append("\" stroke=\"#999\"/>");
        svg.append(text(2, PAD / 2 + 4, topLabel)).append(text(2, HEIGHT - PAD / 2, bottomLabel));
        svg.append(text(WIDTH / 2 - 40, HEIGHT + 20, "time (s), " + n + " s"));
        for (int tick = 0; tick < n; tick += 10) {
            svg.append(text(x(tick, n) - 4, HEIGHT - PAD / 2 + 14, Integer.toString(tick + 1)));
        }
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            double mx = x(Math.max(0, m.second() - 1), n);
            svg.append("<line x1=\"").append(mx).append("\" y1=\"").append(PAD / 2).append("\" x2=\"").append(mx)
                    .append("\" y2=\"").append(HEIGHT - PAD / 2).append("\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>");
            // labels on alternating rows so neighbouring markers stay readable
            svg.append(text(mx + 3, PAD / 2 + 12 + 13 * (i % 3), m.label()));
        }
        return svg;
    }

    private static String text(double x, double y, String s) {
        return "<text x=\"" + format(x) + "\" y=\"" + format(y) + "\" font-size=\"11\">" + escape(s) + "</text>";
    }

    private static double x(int i, int n) {
        return PAD + (n <= 1 ? 0 : i * (WIDTH - PAD - 10) / (double) (n - 1));
    }

    private static double y(double value, double max) {
        double top = PAD / 2.0;
        double bottom = HEIGHT - PAD / 2.0;
        return bottom - (bottom - top) * Math.min(1.0, value / max);
    }

    private static String format(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
