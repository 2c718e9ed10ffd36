package cloud.ims.standalone.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between IMS and vCenter (vcsim), so that a test can make vCenter unreachable without
 * losing its in-memory inventory: {@link #cut()} closes every connection and refuses new ones (the port is closed),
 * {@link #restore()} accepts again on the same port.
 */
final class VcenterProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService threads;

	private volatile ServerSocket listener;

	private VcenterProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "vcenter-proxy-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	/** A proxy on a free loopback port that forwards to the host and port of {@code vcenter}. */
	static VcenterProxy to(URI vcenter) throws IOException {
		return new VcenterProxy(new InetSocketAddress(vcenter.getHost(), vcenter.getPort()));
	}

	/** {@code url} with its host and port replaced by the proxy's. */
	URI in(URI url) {
		return URI.create(url.getScheme() + "://127.0.0.1:" + this.port + url.getRawPath());
	}

	/** Closes every connection and the listening port: vCenter is unreachable, connections are refused. */
	synchronized void cut() throws IOException {
		ServerSocket current = this.listener;
		this.listener = null;
		if (current != null) {
			current.close();
		}
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** Accepts connections on the same port again. */
	synchronized void restore() throws IOException {
		if (this.listener == null) {
			this.listener = listen(this.port);
			accept(this.listener);
		}
	}

	@Override
	public void close() throws IOException {
		cut();
		this.threads.shutdownNow();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
		return socket;
	}

	private void accept(ServerSocket server) {
		this.threads.execute(() -> {
			while (!server.isClosed()) {
				Socket client;
				try {
					client = server.accept();
				}
				catch (IOException ex) {
					return;
				}
				connect(client);
			}
		});
	}

	private void connect(Socket client) {
		this.open.add(client);
		this.threads.execute(() -> {
			Socket upstream = new Socket();
			try {
				upstream.connect(this.target, 10_000);
			}
			catch (IOException ex) {
				closeQuietly(upstream);
				closeQuietly(client);
				this.open.remove(client);
				return;
			}
			this.open.add(upstream);
			if (this.listener == null) {
				// cut while connecting
				closeQuietly(upstream);
				closeQuietly(client);
				return;
			}
			this.threads.execute(() -> pump(upstream, client));
			pump(client, upstream);
		});
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side closed or was cut: close both below
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
