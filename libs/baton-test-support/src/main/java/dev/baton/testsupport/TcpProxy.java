package dev.baton.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on a loopback port in front of the broker, for faults no broker command can make: a
 * link that stops carrying bytes in one direction (a network partition between a process and the
 * broker), and a process that vanishes at that moment ({@link #cut()}: every socket closed, new
 * connections refused — what the broker sees of a {@code kill -9}). Connections are numbered in the
 * order they were accepted; a paused direction holds its bytes, it does not drop them.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cut = new AtomicBoolean();

  private TcpProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    try {
      var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      var proxy = new TcpProxy(server, new InetSocketAddress(host, port));
      var acceptor = new Thread(proxy::accept, "tcp-proxy-accept-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a proxy", e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** The connections accepted so far, in order. */
  public List<Link> links() {
    return List.copyOf(links);
  }

  /** Closes every connection and refuses new ones: the peer looks dead to the broker. */
  public void cut() {
    cut.set(true);
    links.forEach(Link::close);
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    cut();
  }

  private void accept() {
    while (!cut.get()) {
      try {
        var client = server.accept();
        if (cut.get()) {
          client.close();
          return;
        }
        var upstream = new Socket(target.getAddress(), target.getPort());
        var link = new Link(client, upstream);
        links.add(link);
        link.start(links.size());
      } catch (IOException e) {
        if (!cut.get()) {
          System.err.println("[tcp-proxy] accept failed: " + e);
        }
        return;
      }
    }
  }

  /** One proxied connection: client → broker ("upstream") and broker → client ("downstream"). */
  public static final class Link {
    private final Socket client;
    private final Socket broker;
    private final Valve upstream = new Valve();
    private final Valve downstream = new Valve();

    Link(Socket client, Socket broker) {
      this.client = client;
      this.broker = broker;
    }

    void start(int number) throws IOException {
      pump(client.getInputStream(), broker.getOutputStream(), upstream, "up-" + number);
      pump(broker.getInputStream(), client.getOutputStream(), downstream, "down-" + number);
    }

    /** Holds what the client sends (its publishes, acks) until {@link #resumeUpstream}. */
    public void pauseUpstream() {
      upstream.close();
    }

    public void resumeUpstream() {
      upstream.open();
    }

    /** Holds what the broker sends (deliveries, confirms) until {@link #resumeDownstream}. */
    public void pauseDownstream() {
      downstream.close();
    }

    public void resumeDownstream() {
      downstream.open();
    }

    void close() {
      // Held bytes die with the link: a cut peer never gets to send what it had queued.
      upstream.shut();
      downstream.shut();
      closeQuietly(client);
      closeQuietly(broker);
    }

    private void pump(InputStream in, OutputStream out, Valve valve, String name) {
      var thread =
          new Thread(
              () -> {
                var buffer = new byte[16 * 1024];
                try {
                  int read;
                  while ((read = in.read(buffer)) >= 0) {
                    if (!valve.await()) {
                      return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // the link was closed
                } finally {
                  close();
                }
              },
              "tcp-proxy-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  /** A gate the pumping thread waits at while it is closed; a shut one lets nothing through. */
  private static final class Valve {
    private boolean open = true;
    private boolean shut;

    synchronized void close() {
      open = false;
    }

    synchronized void open() {
      open = true;
      notifyAll();
    }

    synchronized void shut() {
      shut = true;
      notifyAll();
    }

    /** Waits while closed; false once shut (drop the bytes). */
    synchronized boolean await() throws InterruptedException {
      while (!open && !shut) {
        wait();
      }
      return !shut;
    }
  }
}
