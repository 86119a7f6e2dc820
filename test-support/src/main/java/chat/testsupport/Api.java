package chat.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for a service under test on {@code 127.0.0.1:<port>}; a
 * {@code null} token sends no Authorization header. Bodies are JSON; an I/O failure is an
 * {@link IllegalStateException}.
 */
public final class Api {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public Api(int port) {
		this.port = port;
	}

	/** What came back; absent headers are {@code null}. */
	public record Response(int status, String contentType, String wwwAuthenticate, String location, String body) {

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

	public Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	/** POSTs {@code body} as JSON. */
	public Response post(String path, String token, Object body) {
		return postRaw(path, token, JsonMapper.shared().writeValueAsString(body));
	}

	/** POSTs {@code body} as it is, with the JSON content type. */
	public Response postRaw(String path, String token, String body) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), header(response, "Content-Type"),
					header(response, "WWW-Authenticate"), header(response, "Location"), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
