package chat.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services' own view of a stage, from their Prometheus endpoints: how many sends the
 * edge published and fanned out, how many batches the message service decided and how
 * long they took, the Kafka consumers' lag, GC pauses. Counters ({@code _total},
 * {@code _count}, {@code _sum}) as the change over the stage, everything else as its
 * value at the end. A service that does not answer is left out.
 */
final class ServiceMetrics {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, URI> endpoints;

	ServiceMetrics(Map<String, URI> endpoints) {
		this.endpoints = endpoints;
	}

	Map<String, Map<String, Double>> scrape() {
		Map<String, Map<String, Double>> out = new LinkedHashMap<>();
		this.endpoints.forEach((name, uri) -> {
			try {
				HttpResponse<String> response = HTTP.send(
						HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					out.put(name, parse(response.body()));
				}
			}
			catch (java.io.IOException ex) {
				// Left out: the table says which services answered.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return out;
	}

	/** The series the benchmark reads, by name with labels. */
	static Map<String, Double> parse(String text) {
		Map<String, Double> out = new TreeMap<>();
		for (String line : text.split("\n")) {
			if (line.startsWith("chat_") || line.startsWith("kafka_consumer_fetch_manager_records_lag_max")
					|| line.startsWith("jvm_gc_pause_seconds")) {
				int space = line.lastIndexOf(' ');
				try {
					out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
				}
				catch (NumberFormatException ex) {
					// Not a sample line.
				}
			}
		}
		return out;
	}

	/**
	 * Counters as the change from {@code before}, other series as in {@code after}; zeros
	 * dropped.
	 */
	static Map<String, Map<String, Double>> change(Map<String, Map<String, Double>> before,
			Map<String, Map<String, Double>> after) {
		Map<String, Map<String, Double>> out = new LinkedHashMap<>();
		after.forEach((service, series) -> {
			Map<String, Double> was = before.getOrDefault(service, Map.of());
			Map<String, Double> delta = new TreeMap<>();
			series.forEach((key, value) -> {
				String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
				boolean counter = name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum");
				double v = counter ? value - was.getOrDefault(key, 0.0) : value;
				if (v != 0 && !Double.isNaN(v)) {
					delta.put(key, v);
				}
			});
			out.put(service, delta);
		});
		return out;
	}

}
