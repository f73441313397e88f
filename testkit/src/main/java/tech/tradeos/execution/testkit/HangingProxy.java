package tech.tradeos.execution.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port that a test can turn into a server that accepts and never answers:
 * while {@link #hang} is on, new connections are accepted and left silent, and bytes on existing ones are
 * swallowed in both directions. Models a database or broker that hangs rather than refuses.
 */
public final class HangingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean hanging;
    private volatile boolean open = true;

    /** A proxy to {@code targetHost:targetPort}; {@code targetPort} 0 makes a listener that never answers at all. */
    public HangingProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.hanging = targetPort == 0;
        Thread acceptor = new Thread(this::accept, "hanging-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void hang(boolean on) {
        hanging = on;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (hanging || targetPort == 0) {
                    pipe(client.getInputStream(), null); // read and never answer
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                pipe(client.getInputStream(), upstream.getOutputStream());
                pipe(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void pipe(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (out != null && !hanging) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side went away
            }
        }, "hanging-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
