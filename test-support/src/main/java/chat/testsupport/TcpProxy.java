package chat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 for fault tests: clients connect to {@link #port()} and are
 * forwarded to the target, until the test {@link #cut() cuts} the link (every connection
 * is closed and new ones are closed at once: a dependency that is down) or
 * {@link #freeze() freezes} it (connections stay open but no byte moves: a silent network
 * partition, which only timeouts detect). {@link #restore()} heals either.
 *
 * <p>
 * Threads: one acceptor and two pumps per connection, all daemons. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {

	private enum State {

		OPEN, CUT, FROZEN

	}

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private volatile State state = State.OPEN;

	private TcpProxy(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** A proxy to {@code host:port} on a free local port. */
	public static TcpProxy to(String host, int port) {
		return on(0, host, port);
	}

	/**
	 * A proxy to {@code host:port} on local port {@code listenPort} (0: a free one), for
	 * a system whose configuration names the proxy's port.
	 */
	public static TcpProxy on(int listenPort, String host, int port) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 50);
			return new TcpProxy(server, new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The local port clients connect to. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		setState(State.CUT);
		closeAll();
	}

	/** Stops moving bytes; connections stay open until {@link #restore()}. */
	public void freeze() {
		setState(State.FROZEN);
	}

	/** Forwards again; a cut link accepts new connections. */
	public void restore() {
		setState(State.OPEN);
	}

	@Override
	public void close() {
		setState(State.CUT);
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		closeAll();
	}

	private void setState(State state) {
		synchronized (this.lock) {
			this.state = state;
			this.lock.notifyAll();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.state == State.CUT) {
					client.close();
					continue;
				}
				Socket upstream = new Socket();
				try {
					upstream.connect(this.target, 5000);
				}
				catch (IOException ex) {
					client.close();
					continue;
				}
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// server closed, or one connection failed: the loop condition decides
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					awaitNotFrozen();
					if (this.state == State.CUT) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the connection ends
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump-" + this.server.getLocalPort());
		pump.setDaemon(true);
		pump.start();
	}

	private void awaitNotFrozen() throws InterruptedException {
		synchronized (this.lock) {
			while (this.state == State.FROZEN) {
				this.lock.wait();
			}
		}
	}

	private void closeAll() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	private void closeQuietly(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
