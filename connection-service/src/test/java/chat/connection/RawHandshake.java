package chat.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket opening handshake written by hand over a plain TCP socket, so a test
 * controls every request header ({@code Origin}, {@code Sec-WebSocket-Extensions}) and
 * sees the response exactly as the server wrote it. After a 101 the socket stays open (an
 * established WebSocket connection that has sent nothing) until closed.
 */
public final class RawHandshake implements AutoCloseable {

	private final Socket socket;

	private final int status;

	private final Map<String, String> headers;

	private RawHandshake(Socket socket, int status, Map<String, String> headers) {
		this.socket = socket;
		this.status = status;
		this.headers = headers;
	}

	/** Sends the upgrade request for {@code /ws} with {@code extraHeaders}. */
	public static RawHandshake open(int port, Map<String, String> extraHeaders) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout(10_000);
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\n").append("Host: 127.0.0.1:" + port + "\r\n")
				.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
				.append("Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n")
				.append("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\n");
			extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			OutputStream out = socket.getOutputStream();
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String[] lines = readHead(socket.getInputStream()).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim());
				}
			}
			return new RawHandshake(socket, status, headers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : (next == '\r' ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	public int status() {
		return this.status;
	}

	/** A response header, by lower-case name, or null. */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Whether the server closes the connection within the socket timeout (10 s): a
	 * WebSocket close frame (opcode 8) or the end of the stream.
	 * @return the close frame's status code, 0 for a plain end of stream, -1 if still
	 * open
	 */
	public int closedByServer() {
		try {
			InputStream in = this.socket.getInputStream();
			int first = in.read();
			if (first < 0) {
				return 0;
			}
			if ((first & 0x0F) != 0x8) {
				return -1;
			}
			int length = in.read() & 0x7F;
			return (length >= 2) ? (in.read() << 8) | in.read() : 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return -1;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
