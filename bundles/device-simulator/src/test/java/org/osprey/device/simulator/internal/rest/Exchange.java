package org.osprey.device.simulator.internal.rest;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.osprey.api.security.Subject;

/** One request to the servlet and the answer it got: status, headers, content type and body. */
final class Exchange {

    private static final ObjectMapper JSON = new ObjectMapper();

    int status = 200;
    String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    static Exchange run(SimulatorServlet servlet, Subject caller, String method, String path, String contentType,
            byte[] body) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(path);
        when(request.getRequestURI()).thenReturn(SimulatorServlet.ROOT + path);
        when(request.getAttribute(Subject.REQUEST_ATTRIBUTE)).thenReturn(caller);
        when(request.getContentType()).thenReturn(contentType);
        when(request.getContentLengthLong()).thenReturn((long) body.length);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        try {
            when(request.getInputStream()).thenReturn(new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            });
            Exchange exchange = new Exchange();
            servlet.service(request, exchange.response());
            return exchange;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Exchange run(SimulatorServlet servlet, Subject caller, String method, String path, String json) {
        return run(servlet, caller, method, path, json == null ? null : "application/json",
                json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode json() {
        try {
            return JSON.readTree(body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    @Override
    public String toString() {
        return status + " " + body.toString(StandardCharsets.UTF_8);
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
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
        return new HttpServletResponseWrapper(mock(HttpServletResponse.class)) {
            @Override
            public void setStatus(int sc) {
                status = sc;
            }

            @Override
            public void setHeader(String name, String value) {
                headers.put(name, value);
            }

            @Override
            public void setContentType(String type) {
                contentType = type;
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return out;
            }
        };
    }
}
