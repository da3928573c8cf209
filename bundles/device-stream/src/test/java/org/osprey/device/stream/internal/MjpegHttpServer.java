package org.osprey.device.stream.internal;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * A camera that sends multipart M-JPEG over HTTP, the way network cameras serve /mjpg/video.mjpg, on
 * 127.0.0.1 with HTTP Basic authentication.
 */
final class MjpegHttpServer implements AutoCloseable {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 10;
    private static final String BOUNDARY = "ospreyframe";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mjpeg-test-camera");
        t.setDaemon(true);
        return t;
    });
    private final List<byte[]> frames = new ArrayList<>();
    private volatile boolean running = true;

    MjpegHttpServer(String user, String password) throws IOException {
        for (int i = 0; i < FPS; i++) {
            frames.add(jpeg(i));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mjpg/video.mjpg", this::stream).setAuthenticator(new BasicAuthenticator("camera") {
            @Override
            public boolean checkCredentials(String u, String p) {
                return user.equals(u) && password.equals(p);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    private static byte[] jpeg(int n) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.ORANGE);
        g.fillOval(20 + n * 25, 100, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace;boundary=" + BOUNDARY);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int n = 0; running && n < 60 * FPS; n++) {
                byte[] frame = frames.get(n % frames.size());
                out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + frame.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1000 / FPS);
            }
        } catch (IOException | InterruptedException e) {
            // The client left or the test ended.
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mjpg/video.mjpg";
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
