package io.jingzhi.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor of one extra hop: a TCP relay that copies bytes between a client and an upstream, with no HTTP parsing
 * and no work of its own. Put in front of the simulator as a {@link TtftProbe} target it tells what any proxy on this
 * machine adds at concurrency 1 just by being a second process the bytes pass through (a thread woken on each side,
 * two more socket writes), so the gateway's added latency can be read against what is physically possible here.
 *
 * <p>Each connection gets two threads (client to upstream, upstream to client), blocking reads, a write per read.
 * {@code --threads platform} uses platform threads (the kernel wakes the reading thread directly); {@code virtual}
 * uses virtual threads like the platform's request handling (the JDK's poller wakes a carrier that runs the thread).
 *
 * <pre>
 * java -cp jingzhi-benchmarks.jar io.jingzhi.bench.load.TcpRelay --listen 19100 --to 127.0.0.1:9000 --threads virtual
 * </pre>
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final boolean virtual;
  private final Thread acceptor;

  /** Starts relaying connections to {@code port} (0: any free port) on the loopback address to {@code upstream}. */
  public TcpRelay(int port, InetSocketAddress upstream, boolean virtual) throws IOException {
    this.server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    this.upstream = upstream;
    this.virtual = virtual;
    this.acceptor = Thread.ofPlatform().daemon().name("tcp-relay-accept").start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket up = new Socket();
      try {
        client.setTcpNoDelay(true);
        up.setTcpNoDelay(true);
        up.connect(upstream, 5000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(up);
        continue;
      }
      start(() -> pipe(client, up));
      start(() -> pipe(up, client));
    }
  }

  private void start(Runnable task) {
    (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).name("tcp-relay").start(task);
  }

  /** Copies until {@code from} ends, then passes the end on ({@code to} is shut for output) or drops both on error. */
  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
      return;
    }
    if (from.isOutputShutdown()) { // the other direction has ended too
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] argv) throws Exception {
    int listen = 0;
    String to = null;
    boolean virtual = true;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--listen" -> listen = Integer.parseInt(argv[i + 1]);
        case "--to" -> to = argv[i + 1];
        case "--threads" -> virtual = switch (argv[i + 1]) {
          case "virtual" -> true;
          case "platform" -> false;
          default -> throw new IllegalArgumentException("--threads virtual|platform, not " + argv[i + 1]);
        };
        default -> throw new IllegalArgumentException("unknown option " + argv[i]);
      }
    }
    if (to == null || to.lastIndexOf(':') < 0) {
      throw new IllegalArgumentException("give --to host:port (and --listen port, --threads virtual|platform)");
    }
    int colon = to.lastIndexOf(':');
    TcpRelay relay = new TcpRelay(listen, new InetSocketAddress(to.substring(0, colon),
        Integer.parseInt(to.substring(colon + 1))), virtual);
    System.out.println("relaying 127.0.0.1:" + relay.port() + " -> " + to + " on " + (virtual ? "virtual" : "platform")
        + " threads");
    Thread.currentThread().join(); // until killed
  }
}
