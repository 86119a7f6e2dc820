package chat.system.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that can partition: while partitioned it stops moving bytes in
 * both directions and holds new connections unanswered, without closing anything — like a
 * network that silently drops packets; when healed, the held bytes flow again (as TCP
 * retransmission would deliver them). A service pointed at it (e.g. the message service's
 * {@code CHAT_DB_URL}) sees its peer hang, not fail.
 *
 * <p>
 * Threads: one acceptor, two pumps per connection (blocking I/O, daemon threads).
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress upstream;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private volatile boolean partitioned;

	private volatile boolean closed;

	public TcpProxy(int port, int upstreamPort) throws IOException {
		this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
		this.server = new ServerSocket();
		this.server.setReuseAddress(true);
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		Thread acceptor = new Thread(this::accept, "proxy-accept-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Starts ({@code true}) or heals ({@code false}) the partition. */
	public void partition(boolean on) {
		synchronized (this.gate) {
			this.partitioned = on;
			this.gate.notifyAll();
		}
	}

	private void awaitConnected() throws InterruptedException {
		synchronized (this.gate) {
			while (this.partitioned && !this.closed) {
				this.gate.wait(1000);
			}
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				Thread connection = new Thread(() -> open(client), "proxy-conn");
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void open(Socket client) {
		try {
			awaitConnected();
			Socket server = new Socket();
			this.sockets.add(server);
			server.connect(this.upstream, 5000);
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
			pump(client, server);
			pump(server, client);
		}
		catch (IOException | InterruptedException ex) {
			closeQuietly(client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				while (true) {
					awaitConnected();
					int n = in.read(buffer);
					if (n < 0) {
						break;
					}
					awaitConnected();
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		partition(false);
		this.server.close();
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

}
