package org.osprey.media.http.internal;

import static org.mockito.Mockito.mock;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/** A response that keeps status, headers and body, and commits at the first flush as a server's does. */
final class TestResponse extends HttpServletResponseWrapper {

    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final Map<String, String> headers = new LinkedHashMap<>();
    int status = 200;
    boolean committed;
    int flushes;

    private final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void flush() {
            committed = true;
            flushes++;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    TestResponse() {
        super(mock(HttpServletResponse.class));
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.merge(name, value, (a, b) -> a + ", " + b);
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public void setContentType(String type) {
        headers.put("Content-Type", type);
    }

    @Override
    public String getContentType() {
        return headers.get("Content-Type");
    }

    @Override
    public void setContentLength(int len) {
        headers.put("Content-Length", Integer.toString(len));
    }

    @Override
    public void setCharacterEncoding(String charset) {
        // part of the content type here
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
        headers.clear();
        status = 200;
        body.reset();
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }
}
