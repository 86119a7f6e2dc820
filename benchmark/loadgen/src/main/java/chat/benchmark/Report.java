package chat.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns results into what a person reads: Markdown tables (latency and counts; CPU per
 * process and per message; idle sessions) and an HTML page with one SVG latency plot per
 * offered rate.
 */
final class Report {

	private static final String[] COLOURS = { "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b" };

	private Report() {
	}

	static String stageLine(String target, Results.StageResult s) {
		return String.format(Locale.ROOT,
				"%-8s %-10s offered %5d/s achieved %7.1f/s | ack p50 %s p99 %s max %s | delivery p50 %s p99 %s "
						+ "p99.9 %s max %s | lost %d dup %d ooo %d rejected %s notAcked %d | system CPU %.2f ms/msg, "
						+ "machine %.0f%%",
				target, s.name(), s.offeredRate(), s.achievedRate(), ms(s.ack().p50()), ms(s.ack().p99()),
				ms(s.ack().max()), ms(s.delivery().p50()), ms(s.delivery().p99()), ms(s.delivery().p999()),
				ms(s.delivery().max()), s.lostDeliveries(), s.duplicates(), s.outOfOrder(), s.rejected(), s.notAcked(),
				s.cpu().systemCpuMsPerMessage(), s.cpu().machineBusyPercent());
	}

	/** The latency and counts table, one row per target and stage. */
	static String latencyTable(List<Results.LoadResult> runs) {
		StringBuilder out = new StringBuilder();
		out.append("| target | stage | offered/s | achieved/s | send→ack p50 / p90 / p99 / p99.9 / max (ms) "
				+ "| send→delivery p50 / p90 / p99 / p99.9 / max (ms) | late (after deadline) | lost at deadline / at end "
				+ "| dup | out of order | rejected | not acked at deadline / at end |\n");
		out.append("| --- | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |\n");
		for (Results.LoadResult run : runs) {
			for (Results.StageResult s : run.stages()) {
				out.append(String.format(Locale.ROOT,
						"| %s | %s | %d | %.0f | %s | %s | %d | %d / %s | %d | %d | %s | %d / %s |%n", run.target(),
						s.name(), s.offeredRate(), s.achievedRate(), five(s.ack()), five(s.delivery()), s.late(),
						s.lostDeliveries(), end(s.lostDeliveriesAtEnd()), s.duplicates(), s.outOfOrder(),
						rejected(s.rejected()), s.notAcked(), end(s.notAckedAtEnd())));
			}
		}
		return out.toString();
	}

	/**
	 * CPU per process (% of one core) and system CPU per message, per target and stage.
	 */
	static String cpuTable(List<Results.LoadResult> runs) {
		StringBuilder out = new StringBuilder();
		for (Results.LoadResult run : runs) {
			Set<String> groups = new LinkedHashSet<>();
			run.stages().forEach((s) -> groups.addAll(s.cpu().corePercent().keySet()));
			out.append("| ").append(run.target()).append(" stage | system CPU ms/msg | system % | ");
			groups.forEach((g) -> out.append(g).append(" % | "));
			out.append("machine busy % (of 2 cores) | other events/s |\n|");
			out.append(" --- |".repeat(1)).append(" ---: |".repeat(groups.size() + 4)).append('\n');
			for (Results.StageResult s : run.stages()) {
				// Per message sent: not meaningful when the stage left a backlog (work
				// was deferred).
				String backlog = (s.notAcked() > 0 || s.lostDeliveries() > 0) ? " (backlog)" : "";
				out.append(String.format(Locale.ROOT, "| %s @ %d/s | %.2f%s | %.0f | ", s.name(), s.offeredRate(),
						s.cpu().systemCpuMsPerMessage(), backlog, s.cpu().systemCorePercent()));
				groups.forEach((g) -> out
					.append(String.format(Locale.ROOT, "%.0f | ", s.cpu().corePercent().getOrDefault(g, 0.0))));
				long others = s.otherEvents().values().stream().mapToLong(Long::longValue).sum();
				out.append(String.format(Locale.ROOT, "%.0f | %.0f |%n", s.cpu().machineBusyPercent(),
						others / Math.max(1e-9, s.cpu().seconds())));
			}
			out.append('\n');
		}
		return out.toString();
	}

	/** The services' counters per stage (only for targets that expose them). */
	static String serviceMetrics(List<Results.LoadResult> runs) {
		StringBuilder out = new StringBuilder();
		for (Results.LoadResult run : runs) {
			for (Results.StageResult s : run.stages()) {
				if (s.serviceMetrics() == null || s.serviceMetrics().isEmpty()) {
					continue;
				}
				out.append(String.format(Locale.ROOT, "- %s %s @ %d/s:", run.target(), s.name(), s.offeredRate()));
				s.serviceMetrics().forEach((service, series) -> {
					out.append(" **").append(service).append("**");
					series.forEach((k, v) -> {
						if (!k.contains("_bucket")) {
							out.append(' ').append(k).append('=').append(trim(v)).append(';');
						}
					});
				});
				out.append('\n');
			}
		}
		return out.toString();
	}

	static String idleTable(List<Results.IdleResult> runs) {
		StringBuilder out = new StringBuilder();
		out.append("| target | sessions open | failed | live heap after GC (MB) | heap per session (KiB) "
				+ "| RSS (MB) | RSS per session (KiB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Results.IdleResult run : runs) {
			for (Results.IdleStep step : run.steps()) {
				out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %.0f | %.1f |%n", run.target(),
						step.sessionsOpen(), step.failures(),
						(step.liveHeapBytes() >= 0) ? String.format(Locale.ROOT, "%.1f", step.liveHeapBytes() / 1e6)
								: "n/a",
						(step.liveHeapBytes() >= 0)
								? String.format(Locale.ROOT, "%.1f", step.heapBytesPerSession() / 1024) : "n/a",
						step.rssBytes() / 1e6, step.rssBytesPerSession() / 1024));
			}
			if (!run.heapBytesPerSessionByClass().isEmpty()) {
				out.append("\nLargest heap growth per session on ").append(run.target()).append(" (bytes):");
				run.heapBytesPerSessionByClass()
					.forEach((c, b) -> out.append(String.format(Locale.ROOT, " %s %d;", c, b)));
				out.append("\n\n");
			}
		}
		return out.toString();
	}

	/**
	 * An HTML page: per offered rate, send→delivery and send→ack by percentile, per
	 * target.
	 */
	static String html(List<Results.LoadResult> runs, String title) {
		Set<Integer> rates = new TreeSet<>();
		runs.forEach((r) -> r.stages().stream().filter((s) -> !s.warmup()).forEach((s) -> rates.add(s.offeredRate())));
		StringBuilder out = new StringBuilder();
		out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
			.append(escape(title))
			.append("</title><style>body{font-family:sans-serif;margin:2em}svg{margin:0 1em 1em 0}"
					+ "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>\n")
			.append("<h1>")
			.append(escape(title))
			.append("</h1>\n<p>Latency from the intended send time (open loop), by percentile; log scales. ")
			.append("Each line is one target.</p>\n");
		for (int rate : rates) {
			out.append("<h2>").append(rate).append(" msg/s offered</h2>\n");
			for (String metric : List.of("delivery", "ack")) {
				Map<String, Results.Latency> lines = new LinkedHashMap<>();
				for (Results.LoadResult run : runs) {
					run.stages()
						.stream()
						.filter((s) -> !s.warmup() && s.offeredRate() == rate)
						.findFirst()
						.ifPresent((s) -> lines.put(run.target(), metric.equals("ack") ? s.ack() : s.delivery()));
				}
				out.append(svg("send → " + metric + " at " + rate + " msg/s", lines));
			}
		}
		out.append("<h2>Table</h2>\n<pre>").append(escape(latencyTable(runs))).append("</pre>\n");
		out.append("<pre>").append(escape(cpuTable(runs))).append("</pre>\n</body></html>\n");
		return out.toString();
	}

	/** x: percentile on a "nines" scale (0, 90, 99, 99.9, 99.99); y: ms, log. */
	static String svg(String title, Map<String, Results.Latency> lines) {
		int width = 560;
		int height = 320;
		int left = 60;
		int right = 130;
		int top = 30;
		int bottom = 40;
		double maxNines = 4;
		double maxMs = 1;
		double minMs = 1000;
		for (Results.Latency l : lines.values()) {
			for (double[] p : l.curve()) {
				maxMs = Math.max(maxMs, p[1]);
				minMs = Math.min(minMs, Math.max(0.1, p[1]));
			}
		}
		double yLow = Math.floor(Math.log10(Math.min(minMs, 1)));
		double yHigh = Math.ceil(Math.log10(maxMs));
		if (yHigh <= yLow) {
			yHigh = yLow + 1;
		}
		double plotW = width - left - right;
		double plotH = height - top - bottom;
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">%n", width,
				height));
		out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", left,
				escape(title)));
		for (int n = 0; n <= maxNines; n++) {
			double x = left + plotW * n / maxNines;
			String label = (n == 0) ? "0%" : (100 - 100 / Math.pow(10, n)) + "%";
			out.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
							+ "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
					x, top, x, top + plotH, x, top + plotH + 15, label.replace(".0%", "%")));
		}
		for (double e = yLow; e <= yHigh; e++) {
			double y = top + plotH - plotH * (e - yLow) / (yHigh - yLow);
			out.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
					left, y, left + plotW, y, left - 4, y + 4, trim(Math.pow(10, e))));
		}
		out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
				left + plotW / 2, height - 5));
		int i = 0;
		for (Map.Entry<String, Results.Latency> line : lines.entrySet()) {
			String colour = COLOURS[i % COLOURS.length];
			List<String> points = new ArrayList<>();
			for (double[] p : line.getValue().curve()) {
				double nines = (p[0] >= 100) ? maxNines : Math.min(maxNines, -Math.log10(1 - p[0] / 100));
				double ms = Math.max(Math.pow(10, yLow), p[1]);
				double x = left + plotW * nines / maxNines;
				double y = top + plotH - plotH * (Math.log10(ms) - yLow) / (yHigh - yLow);
				points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
			}
			out.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour,
					String.join(" ", points)));
			out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s (p99 %s ms)</text>%n",
					left + plotW + 8, top + 14 + 16 * i, colour, escape(line.getKey()), trim(line.getValue().p99())));
			i++;
		}
		out.append("</svg>\n");
		return out.toString();
	}

	private static String end(long count) {
		return (count < 0) ? "—" : Long.toString(count);
	}

	private static String five(Results.Latency l) {
		if (l.count() == 0) {
			return "—";
		}
		return ms(l.p50()) + " / " + ms(l.p90()) + " / " + ms(l.p99()) + " / " + ms(l.p999()) + " / " + ms(l.max());
	}

	private static String rejected(Map<String, Long> rejected) {
		if (rejected.isEmpty()) {
			return "0";
		}
		StringBuilder out = new StringBuilder();
		rejected.forEach((code, n) -> out.append(out.length() > 0 ? ", " : "").append(code).append(' ').append(n));
		return out.toString();
	}

	static String ms(double ms) {
		if (ms >= 100) {
			return String.format(Locale.ROOT, "%.0f", ms);
		}
		return String.format(Locale.ROOT, "%.1f", ms);
	}

	private static String trim(double v) {
		if (Math.abs(v) >= 1) {
			return String.format(Locale.ROOT, "%.0f", v);
		}
		return String.format(Locale.ROOT, (Math.abs(v) >= 0.01) ? "%.2f" : "%.4f", v);
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
