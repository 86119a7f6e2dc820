package chat.connection;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
			socket.setSoTimeout(20_000);
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

	/** Sends {@code text} as one masked WebSocket text frame, as a client must. */
	public void sendText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		try {
			this.socket.getOutputStream().write(frame.toByteArray());
			this.socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int status() {
		return this.status;
	}

	/** A response header, by lower-case name, or null. */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/** What the server sent until it closed the connection. */
	public record Received(List<String> texts, int closeCode) {
	}

	/**
	 * Reads the server's frames (unmasked, as a server sends them) until its close frame,
	 * the end of the stream or the socket timeout (20 s).
	 * @return the text frames and the close code: 0 for an end of stream without a close
	 * frame, -1 if the connection is still open at the timeout
	 */
	public Received readUntilClose() {
		return readUntil(text -> false);
	}

	/**
	 * Reads the server's frames until a text frame that {@code stop} accepts (closeCode
	 * -1, the connection stays open), the close frame, the end of the stream or the
	 * socket timeout.
	 */
	public Received readUntil(java.util.function.Predicate<String> stop) {
		List<String> texts = new ArrayList<>();
		try {
			DataInputStream in = new DataInputStream(this.socket.getInputStream());
			while (true) {
				int first = in.read();
				if (first < 0) {
					return new Received(texts, 0);
				}
				int length = in.readUnsignedByte() & 0x7F;
				long size = (length == 126) ? in.readUnsignedShort() : (length == 127) ? in.readLong() : length;
				byte[] payload = in.readNBytes(Math.toIntExact(size));
				int opcode = first & 0x0F;
				if (opcode == 0x8) {
					int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 0;
					return new Received(texts, code);
				}
				if (opcode == 0x1) {
					String text = new String(payload, StandardCharsets.UTF_8);
					texts.add(text);
					if (stop.test(text)) {
						return new Received(texts, -1);
					}
				}
			}
		}
		catch (java.net.SocketTimeoutException ex) {
			return new Received(texts, -1);
		}
		catch (IOException ex) {
			return new Received(texts, 0);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
